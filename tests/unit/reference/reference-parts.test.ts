// The reference simulator's building blocks: percentile, quantizers, digits, input bits, error models, seeds.
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../src-shared/config/hardware';
import { referenceMvm } from '../../reference/analog-mvm';
import { bitSerialPhases, dacQuantize } from '../../reference/dac-inputs';
import { sigmaNorm, tableSigmaNorm } from '../../reference/device-errors';
import { conductanceScale } from '../../reference/device-levels';
import {
  innerPercentileRange,
  numpyPercentile,
  symmetricPercentileMagnitude,
} from '../../reference/percentile';
import { symmetricQuantize, uniformQuantize } from '../../reference/quantizers';
import { SeededRandom } from '../../reference/seeded-random';
import { bitsPerSlice, sliceDigits } from '../../reference/sliced-mapping';

const errorModel = hardwareSchema.shape.device.parse({}).programmingError;

describe('reference building blocks', () => {
  it('percentiles interpolate linearly between order statistics, like numpy.percentile', () => {
    expect(numpyPercentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(numpyPercentile([0, 10], 99)).toBeCloseTo(9.9, 14);
    expect(numpyPercentile([0, 10, 20], 25)).toBe(5);
    // Wmax for percentile 90 of [−10, 0, 1, 2]: 90-th = 1.7 (rank 2.7), 10-th = −7 (rank 0.3) → 7.
    expect(symmetricPercentileMagnitude([-10, 0, 1, 2], 90)).toBeCloseTo(7, 12);
    expect(innerPercentileRange([0, 1, 2, 3, 4], 50)).toEqual([1, 3]);
  });

  it('quantizes symmetric about an exact zero and with L levels from min to max', () => {
    expect(symmetricQuantize(0.3, 7)).toBe(2 / 7);
    expect(symmetricQuantize(-1.4, 7)).toBe(-1);
    expect(uniformQuantize(0.33, 0, 1, 4)).toBeCloseTo(1 / 3, 15);
    expect(uniformQuantize(-0.1, -0.4, 0.9, 14)).toBeCloseTo(-0.1, 15);
    // unsigned 3-bit DAC: 8 levels on [0, 1]; signed 3-bit DAC: 7 levels on [−1, 1].
    expect(dacQuantize(0.5, 3, false)).toBeCloseTo(4 / 7, 15);
    expect(dacQuantize(0.5, 3, true)).toBeCloseTo(2 / 3, 15);
    expect(dacQuantize(1.7, 0, true)).toBe(1.7);
  });

  it('slices integer weights from the LSB and picks b per slice by the doc rule', () => {
    expect(sliceDigits(100, 2, 4)).toEqual([0, 1, 2, 1]); // 100 = 0b01_10_01_00
    expect(sliceDigits(255, 4, 2)).toEqual([15, 15]);
    expect(sliceDigits(128, 2, 4)).toEqual([0, 0, 0, 2]); // the offset 2^(B−1) of 8-bit weights
    expect(bitsPerSlice(8, 2, 'differential')).toBe(4);
    expect(bitsPerSlice(9, 4, 'differential')).toBe(2);
    expect(bitsPerSlice(9, 4, 'offset')).toBe(3);
    expect(bitsPerSlice(8, 3, 'differential')).toBe(3);
  });

  it('applies bit-serial inputs as full-scale digits whose weights add back to x̂', () => {
    // 5 = 0b101 and 3 = 0b011 (negative: every digit carries the sign; sign · 0 = −0).
    const phases = bitSerialPhases([5 / 7, -3 / 7], 3, 1);
    expect(phases.map((phase) => phase.appliedNorm)).toEqual([
      [1, -1],
      [0, -1],
      [1, -0],
    ]);
    expect(phases.map((phase) => phase.analogWeight)).toEqual([1 / 7, 2 / 7, 4 / 7]);
    const twoBitSlices = bitSerialPhases([13 / 15], 4, 2); // 13 = 0b11_01
    expect(twoBitSlices.map((phase) => phase.appliedNorm[0])).toEqual([1 / 3, 1]);
    expect(
      twoBitSlices.reduce((total, phase) => total + phase.analogWeight * phase.appliedNorm[0], 0),
    ).toBeCloseTo(13 / 15, 15);
  });

  it('converts the PCM (Gmax 25 µS) and RRAM (Gmax 225 µS) fits to units of Gmax', () => {
    const scale = conductanceScale(100);
    // PCM at Gmax: −0.00178767·25² + 0.0758572·25 + 0.286386 = 1.06552 µS → /25.
    expect(sigmaNorm({ ...errorModel, model: 'pcm' }, 1, scale)).toBeCloseTo(1.06552225 / 25, 12);
    // RRAM at Gmax: −0.009107·225 + 4.782321 = 2.733246 µS → /225.
    expect(sigmaNorm({ ...errorModel, model: 'rram' }, 1, scale)).toBeCloseTo(2.733246 / 225, 12);
    expect(sigmaNorm({ ...errorModel, model: 'state-independent', alpha: 0.1 }, 0.3, scale)).toBe(0.1);
    const grange = {
      ...errorModel,
      model: 'state-independent' as const,
      alpha: 0.1,
      sigmaReference: 'grange' as const,
    };
    expect(sigmaNorm(grange, 0.3, scale)).toBeCloseTo(0.099, 15);
    expect(sigmaNorm({ ...errorModel, model: 'state-proportional', alpha: 0.1 }, 0.3, scale)).toBeCloseTo(
      0.03,
      15,
    );
  });

  it('interpolates a σ(G) table linearly and holds its end values', () => {
    const table: [number, number][] = [
      [0.2, 0.01],
      [0.6, 0.03],
    ];
    expect(tableSigmaNorm(table, 0.4)).toBeCloseTo(0.02, 15);
    expect(tableSigmaNorm(table, 0)).toBe(0.01);
    expect(tableSigmaNorm(table, 1)).toBe(0.03);
  });

  it('draws a reproducible stream of standard normals', () => {
    const first = new SeededRandom(42);
    const again = new SeededRandom(42);
    const samples = Array.from({ length: 100000 }, () => first.normal());
    expect(Array.from({ length: 5 }, () => again.normal())).toEqual(samples.slice(0, 5));
    expect(new SeededRandom(43).normal()).not.toBe(samples[0]);
    const mean = samples.reduce((total, v) => total + v, 0) / samples.length;
    const variance = samples.reduce((total, v) => total + (v - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });
});

describe('reference simulator, random errors and calibration', () => {
  const idealConverters: HardwareConfigInput = {
    weights: { bits: 0 },
    dac: { bits: 0, range: 'explicit', limits: [0, 1] },
    adc: { bits: 0 },
  };

  it('gives the same outputs for the same seed and different ones for another seed', () => {
    const config = hardwareSchema.parse({
      ...idealConverters,
      device: { programmingError: { model: 'state-independent', alpha: 0.05 } },
    });
    const run = (seed: number) => referenceMvm(config, [[0.5, -1]], [[1, 0.5]], { trials: 3, seed }).outputs;
    expect(run(5)).toEqual(run(5));
    expect(run(6)).not.toEqual(run(5));
  });

  it('samples read noise per cell of both pair members: variance α²·2·‖x‖² per output (§11)', () => {
    // One output, W = [1, 1, 1, 1], x = [1, 1, 0, 0], infinite on/off, unclipped state-independent σ = 0.1:
    // each of the 2·2 driven cells adds N(0, 0.01), so the output's std is 0.1·√4 = 0.2.
    const config = hardwareSchema.parse({
      ...idealConverters,
      device: { onOff: 0, readNoise: { model: 'state-independent', alpha: 0.1 } },
    });
    const { outputs } = referenceMvm(config, [[1, 1, 1, 1]], [[1, 1, 0, 0]], { trials: 4000, seed: 3 });
    const errors = outputs.map((trial) => trial[0][0] - 2);
    const mean = errors.reduce((total, e) => total + e, 0) / errors.length;
    const std = Math.sqrt(errors.reduce((total, e) => total + (e - mean) ** 2, 0) / errors.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeGreaterThan(0.19);
    expect(std).toBeLessThan(0.21);
  });

  it('calibrates the DAC on the inputs: percentile 100 equals the "max" range', () => {
    const weights = [[0.3, -0.7, 0.2]];
    const inputs = [
      [0.4, -0.9, 0.33],
      [0.1, 0.6, -0.2],
    ];
    const run = (dac: HardwareConfigInput['dac']) =>
      referenceMvm(hardwareSchema.parse({ device: { onOff: 0 }, adc: { bits: 0 }, dac }), weights, inputs, {
        trials: 1,
        seed: 1,
      }).outputs;
    expect(run({ bits: 5, range: 'calibrated', percentile: 100 })).toEqual(run({ bits: 5, range: 'max' }));
    expect(run({ bits: 5, range: 'max' })).toEqual(run({ bits: 5, range: 'explicit', limits: [-0.9, 0.9] }));
  });

  it('calibrates the ADC on the error-free ADC inputs: percentile 100 spans their min and max', () => {
    // One 1-row array, W = [1], x = [0.2, 0.5, 1]: ADC inputs 0.2, 0.5, 1 → range [0.2, 1] (2^2 = 4 levels,
    // spacing 0.8/3), so 0.5 → 0.2 + 0.8/3 = 0.4667 and the ends are exact.
    const config = hardwareSchema.parse({
      ...idealConverters,
      device: { onOff: 0 },
      adc: { bits: 2, range: 'calibrated', percentile: 100 },
    });
    const { outputs } = referenceMvm(config, [[1]], [[0.2], [0.5], [1]], { trials: 1, seed: 1 });
    expect(outputs[0].map((row) => row[0])).toEqual(
      [0.2, 0.2 + 0.8 / 3, 1].map((v) => expect.closeTo(v, 12)),
    );
  });
});
