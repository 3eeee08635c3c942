// §3 identity: with ideal converters and error-free cells, bit-sliced weights give exactly what unsliced ones
// give, which is the quantized weights' product W_q·x (computed here by hand).
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';

const OUTPUTS = 6;
const INPUTS = 20;
const weights = Array.from({ length: OUTPUTS }, (_, o) =>
  Array.from({ length: INPUTS }, (_, i) => Math.sin(o * 3.1 + i * 1.3) * (1 + (o % 3))),
);
const inputs = Array.from({ length: 4 }, (_, n) =>
  Array.from({ length: INPUTS }, (_, i) => Math.cos(n + i * 0.7)),
);

/** W_q·x with 8-bit weights: 127 levels per sign of Wmax = max|W|, ties to even (none occur here). */
function quantizedProduct(): number[][] {
  const wMax = Math.max(...weights.flat().map(Math.abs));
  const quantized = weights.map((row) => row.map((w) => (Math.round((w / wMax) * 127) / 127) * wMax));
  return inputs.map((x) => quantized.map((row) => row.reduce((sum, w, i) => sum + w * x[i], 0)));
}

describe('sliced == unsliced == quantized weights, ideal converters', () => {
  const expected = quantizedProduct();
  it.each([
    ['differential', 'digital'],
    ['offset', 'digital'],
    ['offset', 'unit-column'],
  ] as const)('%s (offset removal %s)', async (scheme, offset) => {
    for (const slices of [1, 2, 4, 8]) {
      for (const onOff of [0, 100]) {
        const config = hardwareSchema.parse({
          weights: { bits: 8 },
          mapping: { scheme, offset, slices },
          array: { rowsMax: 8, colsMax: 4 },
          device: { onOff },
          dac: { bits: 0 },
          adc: { bits: 0 },
        });
        const { outputs } = await simulateMvm(config, weights, inputs, { trials: 1, seed: 1 });
        const scale = Math.max(...expected.flat().map(Math.abs));
        outputs[0]
          .flat()
          .forEach((value, i) =>
            expect(Math.abs(value - expected.flat()[i]), `${slices} slices, onOff ${onOff}`).toBeLessThan(
              3e-6 * scale,
            ),
          );
      }
    }
  });
});

// §5 identity: with every non-ideality off, applying the DAC code bit-serially (each slice digitized by an ideal
// ADC, or accumulated in analog) gives exactly the multi-bit DAC's result.
describe('bit-serial == multi-bit DAC, ideal ADC and cells', () => {
  const signedInputs = inputs.map((row) => row.map((x, i) => (i % 3 === 0 ? -x : x)));
  it.each([
    [1, true],
    [2, true],
    [3, true],
    [1, false],
    [4, false],
  ])('%i-bit input slices, ADC per input bit: %s', async (sliceBits, perInputBit) => {
    for (const x of [inputs, signedInputs]) {
      const common = {
        weights: { bits: 8 },
        array: { rowsMax: 8, colsMax: 4 },
        adc: { bits: 0 },
        dac: { bits: 7, range: 'max' as const },
      };
      const multiBit = await simulateMvm(hardwareSchema.parse(common), weights, x, { trials: 1, seed: 2 });
      const serialConfig = hardwareSchema.parse({
        ...common,
        dac: { ...common.dac, bitSerial: true, sliceBits },
        adc: { bits: 0, perInputBit },
      });
      const serial = await simulateMvm(serialConfig, weights, x, { trials: 1, seed: 2 });
      const scale = Math.max(...multiBit.outputs[0].flat().map(Math.abs));
      serial.outputs[0]
        .flat()
        .forEach((value, i) =>
          expect(Math.abs(value - multiBit.outputs[0].flat()[i])).toBeLessThan(3e-6 * scale),
        );
    }
  });
});
