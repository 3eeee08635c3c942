// Calibrations are stored and reused when model, calibration images and the calibration-relevant config match;
// each run records the one it used; a reused calibration gives the same trials as a fresh one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../src-shared/config/hardware';
import { evaluateRun } from '../../../src-main/app/runs/evaluate-run';
import { openStore, type Store } from '../../../src-main/store';

let store: Store | undefined;
afterEach(() => store?.close());

const base: HardwareConfigInput = {
  weights: { bits: 6 },
  dac: { bits: 6 },
  adc: { bits: 6, range: 'calibrated' },
  device: { programmingError: { model: 'state-independent', alpha: 0.02 } },
};

describe('calibration reuse', () => {
  it('measures once, reuses for the same inputs, and measures again when a range-shaping field changes', async () => {
    store = openStore(join(mkdtempSync(join(tmpdir(), 'cb-cal-')), 'runs.db'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'cb-cache-'));
    const run = (config: HardwareConfigInput) =>
      evaluateRun(
        store!,
        {
          sample: 'first',
          seed: 3,
          limit: 40,
          calibrationCount: 20,
          trials: 2,
          config: hardwareSchema.parse(config),
        },
        { cacheDir },
      );
    const first = await run(base);
    const second = await run(base);
    // Programming error is not seen by calibration (ideal cells): same calibration.
    const noisier = await run({
      ...base,
      device: { programmingError: { model: 'state-independent', alpha: 0.05 } },
    });
    // The ADC percentile shapes the ranges: a new calibration.
    const otherPercentile = await run({ ...base, adc: { ...base.adc, percentile: 99.5 } });

    const keyOf = (runId: string) => store!.runs.get(runId)!.calibrationKey;
    expect(keyOf(first.runId)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyOf(second.runId)).toBe(keyOf(first.runId));
    expect(keyOf(noisier.runId)).toBe(keyOf(first.runId));
    expect(keyOf(otherPercentile.runId)).not.toBe(keyOf(first.runId));
    // The stored ranges name every analog layer of the demo, in order, with its DAC and one ADC per slice.
    const ranges = store.calibrations.get(keyOf(first.runId)!)!.ranges as {
      layer: string;
      adcs: unknown[];
    }[];
    expect(ranges.map((r) => r.layer)).toContain('/head/Gemm');
    expect(ranges.every((r) => r.adcs.length === 1)).toBe(true);
    // Reused ranges rebuild the same analog model: the same seed gives the same trials.
    expect(second.analog!.trials).toEqual(first.analog!.trials);
  });
});
