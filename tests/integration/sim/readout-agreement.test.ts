// The graph and the statistics read a layer's arrays through one readout (layer-readout.ts): on one array (one row
// and one column partition, unsliced, no random non-ideality) the statistics' NRMS error, taken from the ADC codes
// with the shift and the digital offset removed as the readout says, must equal the NRMS error of the layer's
// output against W·x, which the output affine took off by the same readout. A rule applied on one side only (the
// asymmetric ADC's shift, its cancellation by a unit or G⁻ column, the digital offset, the input bits' weights)
// shows up as a mismatch.
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../src-shared/config/hardware';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { SeededRandom } from '../../../src-main/sim/devices/seeded-random';

const random = new SeededRandom(11);
const weights = Array.from({ length: 8 }, () => Array.from({ length: 16 }, () => random.uniform() * 2 - 1));
// Unsigned inputs: offset cells see one-signed column currents, which calibrate an asymmetric ADC.
const inputs = Array.from({ length: 48 }, () => Array.from({ length: 16 }, () => random.uniform()));

const common: HardwareConfigInput = {
  weights: { bits: 6 },
  array: { rowsMax: 64, colsMax: 64 },
  dac: { bits: 6 },
};

// Asymmetric ADC ranges (array units) whose minimum is not 0: every conversion carries a shift of −min/step.
const signedAdc: HardwareConfigInput['adc'] = { bits: 5, range: 'explicit', limits: [-1.5, 3] };
const offsetAdc: HardwareConfigInput['adc'] = { bits: 5, range: 'explicit', limits: [0.5, 6] };
const designs: [string, HardwareConfigInput][] = [
  ['differential, subtracted in analog', { mapping: { scheme: 'differential' }, adc: signedAdc }],
  [
    'differential, G⁺ and G⁻ digitized apart',
    { mapping: { scheme: 'differential', subtractInAnalog: false }, adc: offsetAdc },
  ],
  ['offset, removed digitally', { mapping: { scheme: 'offset', offset: 'digital' }, adc: offsetAdc }],
  ['offset, unit column', { mapping: { scheme: 'offset', offset: 'unit-column' }, adc: offsetAdc }],
  [
    'offset, removed digitally, bit-serial with an ADC per input bit',
    {
      mapping: { scheme: 'offset', offset: 'digital' },
      dac: { bits: 6, bitSerial: true, sliceBits: 2 },
      adc: { bits: 5, range: 'explicit', limits: [-0.5, 8], perInputBit: true },
    },
  ],
];

function nrms(actual: number[], expected: number[]): number {
  const error = actual.reduce((sum, y, i) => sum + (y - expected[i]) ** 2, 0);
  const ideal = expected.reduce((sum, y) => sum + y ** 2, 0);
  return Math.sqrt(error / ideal);
}

describe('the output and the statistics read the arrays alike', () => {
  it.each(designs)('%s', async (_name, design) => {
    const config = hardwareSchema.parse({ ...common, ...design, dac: { ...common.dac, ...design.dac } });
    const { outputs, arrays } = await simulateMvm(config, weights, inputs, { trials: 1, seed: 2 });
    expect(arrays).toHaveLength(1);
    const y = outputs[0].flat();
    const exact = inputs.flatMap((x) => weights.map((row) => row.reduce((sum, w, i) => sum + w * x[i], 0)));
    const fromOutput = nrms(y, exact);
    // A real error to compare (quantized weights, inputs and codes), not a vanishing one.
    expect(fromOutput).toBeGreaterThan(1e-3);
    expect(arrays[0].nrmsError).toBeCloseTo(fromOutput, 4);
  });
});
