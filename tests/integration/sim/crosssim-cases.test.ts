// Every CrossSim reference case whose options are implemented, through the production single-MVM path (§13).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { assertAvailable, UnavailableOptionError } from '../../../src-main/sim/compile/availability';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { checkCase, loadCrossSimCases, type CrossSimCase } from '../../reference/crosssim-cases';

const cases = loadCrossSimCases();

function pendingReason(testCase: CrossSimCase): string | null {
  try {
    assertAvailable(hardwareSchema.parse(testCase.config));
    return null;
  } catch (error) {
    if (error instanceof UnavailableOptionError) return error.message;
    throw error;
  }
}

const available = cases.filter((c) => pendingReason(c) === null);
const pending = cases.filter((c) => pendingReason(c) !== null);

describe('CrossSim reference cases through simulateMvm', () => {
  it.each(available.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const trials = testCase.expect.kind === 'statistical' ? testCase.expect.trials : 1;
    const result = await simulateMvm(
      hardwareSchema.parse(testCase.config),
      testCase.weights,
      testCase.inputs,
      {
        trials,
        seed: 11,
      },
    );
    const verdict = checkCase(testCase, result.outputs);
    expect(verdict.pass, verdict.detail).toBe(true);
  });

  // Listed so that the count is visible: bit slicing, bit-serial inputs, clipped reads and parasitics are pending.
  for (const testCase of pending) it.todo(`${testCase.name}: ${pendingReason(testCase)}`);

  // The cases record how many ADC conversions hit a limit (CrossSim's count): the per-array clipped fractions
  // must add up to the same number of conversions.
  const withClipCounts = available.filter((c) => c.expect.kind === 'exact' && 'adcClipped' in c.expect);
  it.each(withClipCounts.map((c) => [c.name, c] as const))(
    '%s: per-array ADC clipping matches',
    async (_n, testCase) => {
      const result = await simulateMvm(
        hardwareSchema.parse(testCase.config),
        testCase.weights,
        testCase.inputs,
        {
          trials: 1,
          seed: 11,
        },
      );
      const [clipped, conversions] = String(testCase.expect.adcClipped).split('/').map(Number);
      const vectors = testCase.inputs.length;
      const config = hardwareSchema.parse(testCase.config);
      const { mapping } = config;
      // Per column and vector: two conversions for a pair digitized separately, one per input bit when each is.
      const perColumn = mapping.scheme === 'differential' && !mapping.subtractInAnalog ? 2 : 1;
      const counted = result.arrays.reduce((sum, a) => sum + a.clippedFraction * a.conversions, 0);
      expect(Math.round(counted)).toBe(clipped);
      const unitColumns = mapping.scheme === 'offset' && mapping.offset === 'unit-column';
      if (conversions > 0 && !unitColumns) {
        expect(result.arrays.reduce((sum, a) => sum + a.conversions, 0)).toBe(conversions);
      }
      if (!config.adc.perInputBit) {
        result.arrays.forEach((a) => expect(a.conversions).toBe(a.cols * vectors * perColumn));
      }
    },
  );

  it('covers every case that needs only the options of the simulator core', () => {
    expect(available.length).toBeGreaterThanOrEqual(27);
  });
});

describe('crossbar mvm (the command)', () => {
  const cli = join(import.meta.dirname, '../../../bin/crossbar.js');

  function writeCase(testCase: CrossSimCase): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'cb-mvm-'));
    const files = { config: testCase.config, weights: testCase.weights, inputs: testCase.inputs };
    return Object.fromEntries(
      Object.entries(files).map(([name, value]) => {
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(value));
        return [name, join(dir, `${name}.json`)];
      }),
    );
  }

  it('prints {"outputs", "arrays"} that pass a tiled exact case', () => {
    const testCase = cases.find((c) => c.name === 'tiling-101rows-23cols-unequal')!;
    const files = writeCase(testCase);
    const result = spawnSync(
      process.execPath,
      [
        cli,
        'mvm',
        '--config',
        files.config,
        '--weights',
        files.weights,
        '--inputs',
        files.inputs,
        '--trials',
        '1',
      ],
      { encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as {
      outputs: number[][][];
      arrays: { rows: number; cols: number }[];
    };
    expect(checkCase(testCase, output.outputs).pass).toBe(true);
    expect(output.arrays.map((a) => [a.rows, a.cols])).toEqual([
      [34, 8],
      [34, 8],
      [34, 7],
      [34, 8],
      [34, 8],
      [34, 7],
      [33, 8],
      [33, 8],
      [33, 7],
    ]);
  });

  it('names both files when the inputs do not match the weights (exit 2)', () => {
    const testCase = cases.find((c) => c.name === 'diff-onesided-w8-onoff100')!;
    const files = writeCase({ ...testCase, inputs: [[1, 2, 3]] });
    const result = spawnSync(
      process.execPath,
      [cli, 'mvm', '--config', files.config, '--weights', files.weights, '--inputs', files.inputs],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `${files.inputs}: input 0 has 3 values, but the weights in ${files.weights}`,
    );
  });

  it('names the field of a nonsense config value (exit 2)', () => {
    const testCase = cases.find((c) => c.name === 'diff-onesided-w8-onoff100')!;
    const files = writeCase({
      ...testCase,
      config: { adc: { bits: 20 }, flux: 1 } as CrossSimCase['config'],
    });
    const result = spawnSync(
      process.execPath,
      [cli, 'mvm', '--config', files.config, '--weights', files.weights, '--inputs', files.inputs],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('adc.bits must be an integer 0..16, got 20');
    expect(result.stderr).toContain('unknown field: flux');
  });
});
