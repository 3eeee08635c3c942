// ADC ranges per weight slice (§6), hand-computed.
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../../src-shared/config/hardware';
import { resolveAdc, type AdcContext } from '../../../../src-main/sim/circuit/adc';
import { resolveDac } from '../../../../src-main/sim/circuit/dac';
import { profileOf } from '../../../../src-main/sim/circuit/value-profile';

const context = (overrides: Partial<AdcContext>): AdcContext => ({
  layer: 'conv',
  slice: 0,
  sliceCount: 1,
  rowsMax: 64,
  signedOutput: true,
  profile: null,
  granularStep: null,
  ...overrides,
});

describe('resolveAdc', () => {
  it('gives each slice its own explicit [min, max]', () => {
    const adc = hardwareSchema.parse({
      mapping: { slices: 2 },
      adc: {
        bits: 4,
        range: 'explicit',
        limits: [
          [-2, 2],
          [0, 3],
        ],
      },
    }).adc;
    expect(resolveAdc(adc, context({ slice: 0, sliceCount: 2 }))).toEqual({
      ideal: false,
      min: -2,
      max: 2,
      levels: 15,
      step: 4 / 14,
    });
    expect(resolveAdc(adc, context({ slice: 1, sliceCount: 2 }))).toEqual({
      ideal: false,
      min: 0,
      max: 3,
      levels: 16,
      step: 3 / 15,
    });
  });

  it('calibrates a sliced layer to the max range over the largest power of two that holds the profile', () => {
    const adc = hardwareSchema.parse({ adc: { bits: 6, range: 'calibrated', percentile: 100 } }).adc;
    // ±64 rows; the profile spans [−6, 7]: 64/8 = 8 still holds 7, 64/16 = 4 does not.
    const profile = profileOf([-6, 0, 1, 7]);
    const spec = resolveAdc(adc, context({ sliceCount: 3, slice: 2, profile }));
    expect(spec).toMatchObject({ min: -8, max: 8, levels: 63 });
    // Unsliced, the same profile gives its own inner range (near-symmetric → ±7).
    expect(resolveAdc(adc, context({ profile }))).toMatchObject({ min: -7, max: 7 });
  });

  it('keeps an unsigned sliced output at [0, rows / 2^k]', () => {
    const adc = hardwareSchema.parse({ adc: { bits: 6, range: 'calibrated', percentile: 100 } }).adc;
    const spec = resolveAdc(
      adc,
      context({ sliceCount: 2, signedOutput: false, profile: profileOf([0, 3, 15]) }),
    );
    expect(spec).toMatchObject({ min: 0, max: 16, levels: 64 });
  });
});

describe('calibration that saw nothing', () => {
  it('gives an ADC whose inputs were all 0 the full ("max") range, not an empty one', () => {
    const adc = hardwareSchema.parse({ adc: { bits: 6, range: 'calibrated' } }).adc;
    const zeros = profileOf(new Float64Array(100));
    expect(resolveAdc(adc, context({ profile: zeros, signedOutput: false }))).toMatchObject({
      min: 0,
      max: 64,
    });
  });

  it('gives a DAC whose inputs were all 0 a range that passes them as zeros, one almost all 0 the largest', () => {
    const dac = hardwareSchema.parse({ dac: { bits: 8, range: 'calibrated' } }).dac;
    expect(resolveDac(dac, profileOf(new Float64Array(50)), 'conv')).toEqual({
      signed: false,
      limit: 1,
      levels: 255,
    });
    // The 99.99th percentile of these is 0; the largest input is 3.
    const sparse = new Float64Array(100_000);
    sparse[7] = 3;
    expect(resolveDac(dac, profileOf(sparse), 'conv')).toEqual({ signed: false, limit: 3, levels: 255 });
  });
});
