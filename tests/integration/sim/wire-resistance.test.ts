// Wire resistance through the production single-MVM path (docs/analog-model.md §7, §9 findings 4 and 5): R̂p = 0 is
// exact; the error grows with R̂p, with the array's rows and with the fraction of rows driven; differential
// one-sided cells, which draw little current for the many small weights, lose less than offset cells.
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../src-shared/config/hardware';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { testRandom } from '../../reference/test-random';

/** Weights like a trained layer's: most near zero (Gaussian), a few large. */
function gaussianWeights(outputs: number, inputs: number, seed: number): number[][] {
  const random = testRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: outputs }, () => Array.from({ length: inputs }, normal));
}

/** Post-ReLU activations: a fraction `active` of the rows carry a value in (0, 1], the rest 0. */
function activations(count: number, inputs: number, active: number, seed: number): number[][] {
  const random = testRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: inputs }, () => (random() < active ? random() : 0)),
  );
}

/** RMS(analog − W·x) / RMS(W·x): the whole layer's error with ideal converters, so only the wires remain. */
async function wireError(
  config: HardwareConfigInput,
  weights: number[][],
  inputs: number[][],
): Promise<number> {
  const ideal = { weights: { bits: 0 }, dac: { bits: 0 }, adc: { bits: 0 }, device: { onOff: 0 } };
  const { outputs } = await simulateMvm(hardwareSchema.parse({ ...ideal, ...config }), weights, inputs, {
    trials: 1,
    seed: 1,
  });
  let error = 0;
  let signal = 0;
  inputs.forEach((x, n) =>
    weights.forEach((row, o) => {
      const exact = row.reduce((sum, w, i) => sum + w * x[i], 0);
      error += (outputs[0][n][o] - exact) ** 2;
      signal += exact ** 2;
    }),
  );
  return Math.sqrt(error / signal);
}

const withWires = (rp: number, extra: HardwareConfigInput = {}): HardwareConfigInput => ({
  ...extra,
  array: { rowsMax: 256, colsMax: 64, ...extra.array, parasitics: { rp } },
});

describe('wire resistance (§7)', () => {
  const weights = gaussianWeights(32, 256, 1);
  const inputs = activations(8, 256, 0.5, 2);

  it('is exact at R̂p = 0 (float32 products) and vanishes as R̂p → 0', async () => {
    expect(await wireError(withWires(0), weights, inputs)).toBeLessThan(1e-6);
    expect(await wireError(withWires(1e-10), weights, inputs)).toBeLessThan(1e-5);
  });

  it('grows with R̂p', async () => {
    const errors = [];
    for (const rp of [1e-6, 1e-5, 1e-4, 1e-3]) errors.push(await wireError(withWires(rp), weights, inputs));
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeGreaterThan(2 * errors[i - 1]);
  });

  it('grows with the rows of an array (finding 5): 256-row arrays lose more than 32-row ones', async () => {
    const tall = await wireError(withWires(1e-4, { array: { rowsMax: 256 } }), weights, inputs);
    const short = await wireError(withWires(1e-4, { array: { rowsMax: 32 } }), weights, inputs);
    expect(tall).toBeGreaterThan(4 * short);
  });

  // A column wire's IR drop grows with the current of every row driven into it. Offset cells all carry current
  // of one sign, and so do G⁺ and G⁻ in arrays of their own: there the error grows with the rows driven. An
  // interleaved pair's column carries only the small difference current, and its row wires' drop does not depend
  // on how many other rows are driven, so there the relative error barely moves.
  const designs: [string, HardwareConfigInput, number][] = [
    ['offset cells', { mapping: { scheme: 'offset' }, array: { parasitics: { rp: 1e-5 } } }, 2],
    ['separate ± arrays', { array: { parasitics: { rp: 1e-5, interleaved: false } } }, 1.2],
  ];
  it.each(designs)('grows with the fraction of rows driven: %s', async (_label, design, factor) => {
    const config = { ...design, array: { rowsMax: 256, colsMax: 64, ...design.array } };
    const sparse = await wireError(config, weights, activations(8, 256, 0.1, 3));
    const dense = await wireError(config, weights, activations(8, 256, 0.9, 3));
    expect(dense).toBeGreaterThan(factor * sparse);
  });

  it('hurts offset cells far more than differential one-sided ones at equal R̂p (finding 4)', async () => {
    for (const rp of [1e-5, 1e-4]) {
      const differential = await wireError(
        withWires(rp, { mapping: { scheme: 'differential' } }),
        weights,
        inputs,
      );
      const offset = await wireError(withWires(rp, { mapping: { scheme: 'offset' } }), weights, inputs);
      expect(offset).toBeGreaterThan(5 * differential);
    }
  });

  it('reports each array’s worst IR drop and solver residual, growing with R̂p; none with ideal wires', async () => {
    const run = async (rp: number) =>
      (await simulateMvm(hardwareSchema.parse(withWires(rp)), weights, inputs, { trials: 1, seed: 1 }))
        .arrays;
    expect((await run(0)).every((a) => a.irDrop === null && a.solverResidual === null)).toBe(true);
    const [low, high] = [await run(1e-5), await run(1e-4)];
    low.forEach((array, i) => {
      expect(array.irDrop).toBeGreaterThan(0);
      expect(high[i].irDrop).toBeGreaterThan(array.irDrop!);
      expect(array.solverResidual).toBeLessThan(1e-9);
    });
  });
});
