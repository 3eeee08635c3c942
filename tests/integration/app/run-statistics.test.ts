// Every analog trial of a run stores per-array statistics (§8) for every physical array of every analog layer,
// computed on the first few test images, and one summary per layer.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { evaluateRun } from '../../../src-main/app/runs/evaluate-run';
import { openStore, type Store } from '../../../src-main/store';

let store: Store | undefined;
afterEach(() => store?.close());

describe('per-array statistics of a run', () => {
  it('stores one row per array (row partition × column partition × slice) per trial, and a layer summary', async () => {
    store = openStore(':memory:');
    // 2 weight slices and 64-row arrays: the demo's 3×3 convs over 16–64 channels need 3–9 row partitions.
    const config = hardwareSchema.parse({
      weights: { bits: 8 },
      mapping: { slices: 2 },
      array: { rowsMax: 64, colsMax: 16 },
      device: { programmingError: { model: 'state-independent', alpha: 0.02 } },
    });
    const run = (statisticsImages: number) =>
      evaluateRun(
        store!,
        { sample: 'first', seed: 1, limit: 20, calibrationCount: 10, trials: 2, config, statisticsImages },
        { cacheDir: mkdtempSync(join(tmpdir(), 'cb-cache-')) },
      );
    const summary = await run(4);
    for (const trial of [0, 1]) {
      const arrays = store.stats.arrays(summary.runId, trial);
      const layers = store.stats.layers(summary.runId, trial);
      expect(layers.length).toBe(10); // stem, 2 × 3 block convs, 2 shortcuts, head
      for (const { layer, metrics } of layers) {
        const own = arrays.filter((a) => a.layer === layer);
        expect(metrics.arrays).toBe(own.length);
        expect(new Set(own.map((a) => a.slice))).toEqual(new Set([0, 1]));
      }
      // blocks.2/conv2: whole 3×3 channels, ⌊64/9⌋ = 7 per 64-row array → ⌈64/7⌉ = 10 row partitions;
      // 64 columns → 4 column partitions; 2 slices.
      expect(arrays.filter((a) => a.layer === '/blocks/blocks.2/conv2/Conv')).toHaveLength(10 * 4 * 2);
      expect(arrays.every((a) => a.nrmsError !== null && a.nrmsError >= 0 && a.progErrorRms! > 0)).toBe(true);
    }
    // Different programming-error samples per trial.
    expect(store.stats.arrays(summary.runId, 0)[0].progErrorRms).not.toBe(
      store.stats.arrays(summary.runId, 1)[0].progErrorRms,
    );
    const none = await run(0);
    expect(store.stats.arrays(none.runId)).toHaveLength(0);
  });
});
