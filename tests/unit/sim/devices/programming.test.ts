// Programming error statistics: the sampled spread matches σ(G) within a stated confidence interval (§4).
import { describe, expect, it } from 'vitest';
import { sigmaModel } from '../../../../src-main/sim/devices/error-models';
import { programCells } from '../../../../src-main/sim/devices/programming';
import { SeededRandom } from '../../../../src-main/sim/devices/seeded-random';
import { conductanceRange } from '../../../../src-main/sim/mapping/conductance-range';

const CELLS = 40_000;

/** Sample std of (programmed − target); with n = 40 000 normal draws its relative standard error is 1/√(2n) ≈ 0.35 %. */
function errorStd(targets: Float64Array, programmed: Float64Array): number {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < targets.length; i++) {
    const e = programmed[i] - targets[i];
    sum += e;
    sumSquares += e * e;
  }
  const mean = sum / targets.length;
  return Math.sqrt(sumSquares / targets.length - mean * mean);
}

describe('programming error', () => {
  const range = conductanceRange(0);

  it('state-independent: std of G′ − G is α·Gmax within a 99.99 % interval (±4σ of the estimator: ±1.4 %)', () => {
    const targets = new Float64Array(CELLS).fill(0.5);
    const sigma = sigmaModel(
      { model: 'state-independent', alpha: 0.02, sigmaReference: 'gmax', table: [] },
      range,
    );
    const programmed = programCells(targets, sigma, new SeededRandom(1), 'range', range);
    expect(Math.abs(errorStd(targets, programmed) / 0.02 - 1)).toBeLessThan(4 / Math.sqrt(2 * CELLS));
  });

  it('state-independent with the Grange reference scales σ by Grange', () => {
    const finite = conductanceRange(10);
    const targets = new Float64Array(CELLS).fill(0.55);
    const sigma = sigmaModel(
      { model: 'state-independent', alpha: 0.02, sigmaReference: 'grange', table: [] },
      finite,
    );
    const programmed = programCells(targets, sigma, new SeededRandom(2), 'range', finite);
    expect(Math.abs(errorStd(targets, programmed) / (0.02 * 0.9) - 1)).toBeLessThan(4 / Math.sqrt(2 * CELLS));
  });

  it('state-proportional: σ = α·G, and a cell at G = 0 (a zero weight, infinite on/off) has no error at all', () => {
    const targets = new Float64Array(CELLS);
    for (let i = 0; i < CELLS; i += 2) targets[i] = 0.8;
    const sigma = sigmaModel(
      { model: 'state-proportional', alpha: 0.05, sigmaReference: 'gmax', table: [] },
      range,
    );
    const programmed = programCells(targets, sigma, new SeededRandom(3), 'zero', range);
    const zeros = programmed.filter((_, i) => i % 2 === 1);
    expect(zeros.every((g) => g === 0)).toBe(true);
    const highTargets = targets.filter((_, i) => i % 2 === 0);
    const high = programmed.filter((_, i) => i % 2 === 0);
    expect(Math.abs(errorStd(highTargets, high) / (0.05 * 0.8) - 1)).toBeLessThan(4 / Math.sqrt(CELLS));
  });

  it('clips to [Gmin, Gmax] by default and only at 0 with "zero"', () => {
    const finite = conductanceRange(10);
    const targets = new Float64Array(CELLS).fill(1);
    const sigma = sigmaModel(
      { model: 'state-independent', alpha: 0.1, sigmaReference: 'gmax', table: [] },
      finite,
    );
    const clipped = programCells(targets, sigma, new SeededRandom(4), 'range', finite);
    expect(Math.max(...clipped)).toBe(1);
    const unclipped = programCells(targets, sigma, new SeededRandom(4), 'zero', finite);
    expect(Math.max(...unclipped)).toBeGreaterThan(1.3);
  });

  it('is reproducible: the same seed gives the same cells, another seed different ones', () => {
    const targets = new Float64Array(100).fill(0.3);
    const sigma = sigmaModel(
      { model: 'state-independent', alpha: 0.02, sigmaReference: 'gmax', table: [] },
      range,
    );
    const a = programCells(targets, sigma, new SeededRandom(7, 0, 3), 'range', range);
    const b = programCells(targets, sigma, new SeededRandom(7, 0, 3), 'range', range);
    const c = programCells(targets, sigma, new SeededRandom(7, 1, 3), 'range', range);
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('evaluates the PCM and RRAM fits in normalized units (σ in µS divided by Gmax in µS)', () => {
    const pcm = sigmaModel({ model: 'pcm', alpha: 0, sigmaReference: 'gmax', table: [] }, range)!;
    // G = 0.4·25 µS = 10 µS: σ = −0.00178767·100 + 0.0758572·10 + 0.286386 = 0.866191 µS.
    expect(pcm(0.4)).toBeCloseTo(0.866191 / 25, 10);
    const rram = sigmaModel({ model: 'rram', alpha: 0, sigmaReference: 'gmax', table: [] }, range)!;
    // G = 0.5·225 µS = 112.5 µS: σ = −0.009107·112.5 + 4.782321 = 3.7577835 µS.
    expect(rram(0.5)).toBeCloseTo(3.7577835 / 225, 10);
    const table = sigmaModel(
      {
        model: 'table',
        alpha: 0,
        sigmaReference: 'gmax',
        table: [
          [0.2, 0.01],
          [0.6, 0.03],
        ],
      },
      range,
    )!;
    expect(table(0.4)).toBeCloseTo(0.02, 12);
    expect(table(0.9)).toBeCloseTo(0.03, 12);
  });
});
