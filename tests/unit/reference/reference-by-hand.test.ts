// The reference simulator on small cases worked out by hand: differential pair, ADC levels, offset, tiling, drift.
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../src-shared/config/hardware';
import { referenceMvm } from '../../reference/analog-mvm';
import { balancedPartitions } from '../../reference/tiling';

const idealConverters: HardwareConfigInput = {
  weights: { bits: 0 },
  dac: { bits: 0, range: 'explicit', limits: [0, 1] },
  adc: { bits: 0 },
};

function runOnce(config: HardwareConfigInput, weights: number[][], inputs: number[][]): number[] {
  return referenceMvm(hardwareSchema.parse(config), weights, inputs, { trials: 1, seed: 7 }).outputs[0][0];
}

/*
 * W = [[0.5, −1], [0.25, 0]], x = [1, 0.5], on/off 10: Gmin = 0.1, Grange = 0.9, Wmax = 1, continuous cells.
 *   G⁺ = Gmin + Grange·max(w, 0):  [[0.55, 0.1], [0.325, 0.1]]
 *   G⁻ = Gmin + Grange·max(−w, 0): [[0.1, 1.0], [0.1, 0.1]]
 *   output 0: I⁺ = 0.55 + 0.05 = 0.6,   I⁻ = 0.1 + 0.5 = 0.6,  (I⁺ − I⁻)/Grange = 0     = W·x
 *   output 1: I⁺ = 0.325 + 0.05 = 0.375, I⁻ = 0.1 + 0.05 = 0.15, 0.225/0.9    = 0.25  = W·x
 */
const pairWeights = [
  [0.5, -1],
  [0.25, 0],
];
const pairInputs = [[1, 0.5]];

describe('reference simulator, worked by hand', () => {
  it('a 2×2 one-sided differential pair with finite on/off gives W·x (Gmin cancels)', () => {
    const outputs = runOnce({ ...idealConverters, device: { onOff: 10 } }, pairWeights, pairInputs);
    expect(outputs[0]).toBeCloseTo(0, 12);
    expect(outputs[1]).toBeCloseTo(0.25, 12);
  });

  it('two-sided pairs give the same W·x: G± = Gmin + Grange(1 ± w)/2, difference Grange·w', () => {
    const config: HardwareConfigInput = {
      ...idealConverters,
      device: { onOff: 10 },
      mapping: { differential: 'two-sided' },
    };
    const outputs = runOnce(config, pairWeights, pairInputs);
    expect(outputs[0]).toBeCloseTo(0, 12);
    expect(outputs[1]).toBeCloseTo(0.25, 12);
  });

  it('a 4-bit symmetric ADC on [−1, 1] has 15 levels 1/7 apart: 0.225 → 2/7', () => {
    // Output 1's ADC input is I⁺ − I⁻ = 0.225; 0.225·7 = 1.575 rounds to 2; (2/7)/Grange = 0.31746…
    const config: HardwareConfigInput = {
      ...idealConverters,
      device: { onOff: 10 },
      adc: { bits: 4, range: 'explicit', limits: [-1, 1] },
    };
    const outputs = runOnce(config, pairWeights, pairInputs);
    expect(outputs[1]).toBeCloseTo(2 / 7 / 0.9, 12);
    expect(outputs[0]).toBe(0); // zero is a level of a symmetric range
  });

  it('a 4-bit ADC on [0, 1.5] has 16 levels 0.1 apart: 0.225 → 0.2, and clips below 0', () => {
    const config: HardwareConfigInput = {
      ...idealConverters,
      device: { onOff: 10 },
      adc: { bits: 4, range: 'explicit', limits: [0, 1.5] },
    };
    const outputs = runOnce(config, pairWeights, [[0.2, 1]]);
    // x = [0.2, 1]: output 0: I⁺ − I⁻ = (0.55·0.2 + 0.1) − (0.1·0.2 + 1.0) = −0.81 → clipped to 0.
    // output 1: (0.325·0.2 + 0.1) − (0.1·0.2 + 0.1) = 0.045 → 0 (0.45 of a level); W·x would be 0.05.
    expect(outputs[0]).toBe(0);
    expect(outputs[1]).toBe(0);
    const larger = runOnce(config, pairWeights, [[1, 0.5]]);
    expect(larger[1]).toBeCloseTo(0.2 / 0.9, 12);
  });

  it('offset with 4-bit cells and a digital offset gives W_q·x exactly (R′ = 14/15, Gmin′ = 1/15)', () => {
    /*
     * 4-bit weights: 7 magnitude levels; w = [1, −0.6] → [1, −4/7] (−4.2 rounds to −4). Infinite on/off.
     * G = Gmin′ + R′(w/2 + ½): w = 1 → 1; w = −4/7 → 1/15 + (14/15)(3/14) = 4/15.
     * x = [0.5, 1]: I = 0.5 + 4/15; offset (Gmin′ + R′/2)·Σx = (8/15)·1.5 = 0.8; I − offset = −1/30;
     * × 2·Wmax/R′ = 15/7 → −1/14 = 0.5 − 4/7 = W_q·x.
     */
    const config: HardwareConfigInput = {
      ...idealConverters,
      weights: { bits: 4 },
      mapping: { scheme: 'offset' },
      device: { onOff: 0 },
    };
    expect(runOnce(config, [[1, -0.6]], [[0.5, 1]])[0]).toBeCloseTo(-1 / 14, 12);
    const withUnitColumn: HardwareConfigInput = {
      ...config,
      mapping: { scheme: 'offset', offset: 'unit-column' },
    };
    expect(runOnce(withUnitColumn, [[1, -0.6]], [[0.5, 1]])[0]).toBeCloseTo(-1 / 14, 12);
  });

  it('splits 101 rows with rowsMax 40 into 34, 34, 33 and 23 columns with colsMax 8 into 8, 8, 7', () => {
    expect(balancedPartitions(101, 40).map((part) => part.size)).toEqual([34, 34, 33]);
    expect(balancedPartitions(101, 40).map((part) => part.start)).toEqual([0, 34, 68]);
    expect(balancedPartitions(23, 8).map((part) => part.size)).toEqual([8, 8, 7]);
    // 10 rows in 4 partitions (rowsMax 3): balanced 3, 3, 2, 2, not CrossSim's EQUAL split 2, 2, 2, 4 (§3).
    expect(balancedPartitions(10, 3).map((part) => part.size)).toEqual([3, 3, 2, 2]);
    expect(balancedPartitions(10, 4).map((part) => part.size)).toEqual([4, 3, 3]);
    expect(balancedPartitions(64, 64).map((part) => part.size)).toEqual([64]);
  });

  it('a tiled layer digitizes each partial sum on its own, with the shared layer ADC range', () => {
    // W = [[1, 1]], x = [0.45, 0.45]; a 3-bit [−1, 1] ADC has 7 levels 1/3 apart. With rowsMax 1 each of the two
    // arrays sees 0.45 → 1/3, and the digital sum is 2/3; one array of 2 rows sees 0.9 → 1.
    const config: HardwareConfigInput = {
      ...idealConverters,
      device: { onOff: 0 },
      adc: { bits: 3, range: 'explicit', limits: [-1, 1] },
    };
    expect(runOnce({ ...config, array: { rowsMax: 1 } }, [[1, 1]], [[0.45, 0.45]])[0]).toBeCloseTo(2 / 3, 12);
    expect(runOnce({ ...config, array: { rowsMax: 2 } }, [[1, 1]], [[0.45, 0.45]])[0]).toBeCloseTo(1, 12);
  });

  it('drift scales conductances by (t/t₀)^−ν with t₀ = 20 s, and global compensation undoes it', () => {
    const drift = { timeS: 2000, nuMean: 0.1, nuStd: 0 }; // (2000/20)^−0.1 = 0.630957…
    const base = { ...idealConverters, device: { onOff: 0 } };
    const drifted = runOnce({ ...base, device: { onOff: 0, drift } }, pairWeights, pairInputs);
    expect(drifted[1]).toBeCloseTo(0.25 * 100 ** -0.1, 12);
    const compensated = runOnce(
      { ...base, device: { onOff: 0, drift: { ...drift, compensate: true } } },
      pairWeights,
      pairInputs,
    );
    expect(compensated[1]).toBeCloseTo(0.25, 12);
  });
});
