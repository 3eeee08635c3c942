// §6 golden test: 1-bit input slices, an ADC per input bit with granular spacing and B_ADC = c + ⌈log₂N⌉ (one bit
// more for a signed output) reproduce the exact integer MVM, here computed by hand.
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';

const ROWS = 10;
// Integer weights in [−7, 7] with max |w| = 7: exactly the levels of 4-bit weights.
const weights = [
  [7, -3, 0, 5, -7, 2, 1, -1, 6, -4],
  [-2, 4, 7, -6, 3, 0, -5, 2, -1, 1],
  [0, 0, 1, -1, 2, -2, 3, -3, 7, -7],
];
// 8-bit unsigned DAC codes k/255 on [0, 1].
const codes = [
  [255, 0, 17, 128, 64, 3, 200, 99, 1, 250],
  [12, 34, 56, 78, 90, 123, 145, 167, 189, 211],
];
const inputs = codes.map((row) => row.map((k) => k / 255));
const exact = codes.map((row) => weights.map((w) => w.reduce((sum, wi, i) => sum + wi * row[i], 0) / 255));

describe('full-precision guarantee (granular ADC per input bit)', () => {
  it.each([
    // Differential one-sided: 3-bit cells, signed output → 3 + ⌈log₂10⌉ + 1 = 8 bits.
    ['signed output (differential pairs)', { scheme: 'differential' }, 8],
    // Offset with a unit column: 4-bit cells, unsigned output → 4 + 4 = 8 bits.
    ['unsigned output (offset, unit column)', { scheme: 'offset', offset: 'unit-column' }, 8],
  ] as const)('%s', async (_name, mapping, adcBits) => {
    const config = hardwareSchema.parse({
      weights: { bits: 4 },
      mapping,
      array: { rowsMax: ROWS },
      device: { onOff: 0 },
      dac: { bits: 8, range: 'explicit', limits: [0, 1], bitSerial: true, sliceBits: 1 },
      adc: { bits: adcBits, range: 'granular', perInputBit: true },
    });
    const { outputs } = await simulateMvm(config, weights, inputs, { trials: 1, seed: 3 });
    outputs[0].forEach((row, n) =>
      row.forEach((value, o) => expect(Math.abs(value - exact[n][o])).toBeLessThan(1e-5)),
    );
  });

  // ±15 levels: the first output's positive weights alone sum to 21 under an all-ones bit, so it clips.
  it('loses it when the ADC has too few bits for these weights (the check can fail)', async () => {
    const config = hardwareSchema.parse({
      weights: { bits: 4 },
      array: { rowsMax: ROWS },
      device: { onOff: 0 },
      dac: { bits: 8, range: 'explicit', limits: [0, 1], bitSerial: true, sliceBits: 1 },
      adc: { bits: 5, range: 'granular', perInputBit: true },
    });
    const { outputs } = await simulateMvm(config, weights, inputs, { trials: 1, seed: 3 });
    const worst = Math.max(...outputs[0].flatMap((row, n) => row.map((v, o) => Math.abs(v - exact[n][o]))));
    expect(worst).toBeGreaterThan(1e-3);
  });
});
