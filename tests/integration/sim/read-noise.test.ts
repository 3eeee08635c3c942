// Read noise (§4, §11): the output-referred shortcut has the per-cell reference's statistics, it averages away
// as 1/√K over K repeated reads, and programming error, sampled once per trial, does not.
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../src-shared/config/hardware';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { referenceMvm } from '../../reference/analog-mvm';

const weights = Array.from({ length: 6 }, (_, o) =>
  Array.from({ length: 24 }, (_, i) => Math.sin(o * 24 + i)),
);
const vector = Array.from({ length: 24 }, (_, i) => 0.5 + 0.5 * Math.cos(i * 1.3));

function std(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

function config(device: HardwareConfigInput['device'], converters: HardwareConfigInput = {}) {
  return hardwareSchema.parse({
    weights: { bits: 0 },
    array: { rowsMax: 10 },
    dac: { bits: 0, range: 'explicit', limits: [0, 1] },
    adc: { bits: 0 },
    device: { onOff: 50, ...device },
    ...converters,
  });
}

const bitSerial = (perInputBit: boolean): HardwareConfigInput => ({
  dac: { bits: 6, range: 'explicit', limits: [0, 1], bitSerial: true, sliceBits: 2 },
  adc: { bits: 0, perInputBit },
});

/** Per trial and output: the mean of K repeated reads of the same vector minus the noiseless output. */
async function meanOfRepeatsError(device: HardwareConfigInput['device'], repeats: number, trials: number) {
  const inputs = Array.from({ length: repeats }, () => vector);
  const noisy = await simulateMvm(config(device), weights, inputs, { trials, seed: 5 });
  const clean = await simulateMvm(config({}), weights, [vector], { trials: 1, seed: 5 });
  return noisy.outputs.flatMap((trial) =>
    clean.outputs[0][0].map((ideal, o) => trial.reduce((sum, row) => sum + row[o], 0) / repeats - ideal),
  );
}

describe('read noise', () => {
  it.each([
    ['state-independent', { model: 'state-independent', alpha: 0.04 }],
    ['state-proportional', { model: 'state-proportional', alpha: 0.1 }],
    ['PCM fit', { model: 'pcm', alpha: 0 }],
    // Every input slice draws its own noise: digitized one by one, or accumulated in analog.
    ['bit-serial, ADC per input bit', { model: 'state-independent', alpha: 0.04 }, bitSerial(true)],
    ['bit-serial, accumulated in analog', { model: 'state-proportional', alpha: 0.1 }, bitSerial(false)],
  ] as const)(
    '%s: the shortcut matches the per-cell reference (error std within 8 %, 300 trials × 6 outputs × 4 reads)',
    async (_n, readNoise, converters: HardwareConfigInput = {}) => {
      const hardware = config({ readNoise }, converters);
      const inputs = Array.from({ length: 4 }, (_, k) => vector.map((v) => v * (1 - 0.1 * k)));
      const ideal = inputs.map((x) => weights.map((row) => row.reduce((sum, w, i) => sum + w * x[i], 0)));
      const errors = (outputs: number[][][]) =>
        outputs.flatMap((t) => t.flatMap((row, n) => row.map((y, o) => y - ideal[n][o])));
      const shortcut = std(
        errors((await simulateMvm(hardware, weights, inputs, { trials: 300, seed: 1 })).outputs),
      );
      const perCell = std(errors(referenceMvm(hardware, weights, inputs, { trials: 300, seed: 2 }).outputs));
      // 7 200 errors each: the std's relative standard error is about 1/√14 400 ≈ 0.8 %, so 8 % is 10 of them.
      expect(Math.abs(shortcut / perCell - 1)).toBeLessThan(0.08);
    },
  );

  it('averages away as 1/√K over K repeated reads (K = 16: a 4× smaller error, within 15 %)', async () => {
    const readNoise = { model: 'state-independent', alpha: 0.05 } as const;
    const single = std(await meanOfRepeatsError({ readNoise }, 1, 200));
    const averaged = std(await meanOfRepeatsError({ readNoise }, 16, 200));
    expect(Math.abs(single / averaged / 4 - 1)).toBeLessThan(0.15);
  });

  it('programming error does not average away: K repeated reads within a trial are identical', async () => {
    const programmingError = { model: 'state-independent', alpha: 0.05 } as const;
    const single = await meanOfRepeatsError({ programmingError }, 1, 50);
    const averaged = await meanOfRepeatsError({ programmingError }, 16, 50);
    averaged.forEach((error, i) => expect(error).toBeCloseTo(single[i], 5));
    expect(std(single)).toBeGreaterThan(0.01);
  });
});
