// A stored calibration rebuilds exactly the plan it was taken from: DAC, input bits and every slice's ADC.
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../../src-shared/config/hardware';
import { profileOf } from '../../../../src-main/sim/circuit/value-profile';
import { mapLayer, planLayer } from '../../../../src-main/sim/compile/layer-plan';
import { planWithRanges, rangesOf } from '../../../../src-main/sim/compile/layer-ranges';
import { matmulLayer } from './matmul-layer';

const layer = matmulLayer(
  Array.from({ length: 6 }, (_, o) => Array.from({ length: 20 }, (_, i) => Math.sin((o * 20 + i) * 0.7))),
);
const samples = (scale: number, offset: number) =>
  profileOf(Array.from({ length: 400 }, (_, i) => offset + scale * Math.sin(i * 1.3)));

describe('stored ranges', () => {
  it.each<[string, HardwareConfigInput]>([
    ['unsliced, calibrated DAC and ADC', { adc: { range: 'calibrated' } }],
    ['sliced, calibrated per slice', { weights: { bits: 8 }, mapping: { slices: 4 } }],
    [
      'bit-serial, an ADC per input bit',
      { dac: { bitSerial: true, sliceBits: 2 }, adc: { perInputBit: true, range: 'calibrated' } },
    ],
    ['ideal ADC', { adc: { bits: 0 } }],
  ])('%s: planWithRanges(rangesOf(plan)) is the plan', (_name, input) => {
    const config = hardwareSchema.parse({ ...input, array: { rowsMax: 8 } });
    const mapped = mapLayer(layer, config);
    const profile = {
      dacInputs: samples(1.5, 0.2),
      arrayOutputsPerUnitInput: mapped.slices.map((_, s) => samples(3 / (s + 1), 0.5)),
      perInputBitArrayOutputs: mapped.slices.map((_, s) => samples(2 / (s + 1), 0.1)),
    };
    const plan = planLayer(mapped, config, profile);
    const rebuilt = planWithRanges(mapped, config, JSON.parse(JSON.stringify(rangesOf(plan))));
    expect(rebuilt.dac).toEqual(plan.dac);
    expect(rebuilt.inputBits).toEqual(plan.inputBits);
    expect(rebuilt.adcs).toEqual(plan.adcs);
  });

  it('refuses ranges of another layer', () => {
    const config = hardwareSchema.parse({ array: { rowsMax: 8 } });
    const mapped = mapLayer(layer, config);
    const ranges = { layer: 'conv1', dac: { signed: false, limit: 1 }, adcs: [[0, 4] as [number, number]] };
    expect(() => planWithRanges(mapped, config, ranges)).toThrow(/stored ranges are for conv1/);
  });
});
