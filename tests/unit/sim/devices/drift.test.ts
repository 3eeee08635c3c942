// Drift (§4): G(t) = G₀·(t/t₀)^−ν with per-cell ν ~ N(μ, σ); the recovered ν has the stated mean and spread.
import { describe, expect, it } from 'vitest';
import { DRIFT_REFERENCE_TIME_S, driftCells } from '../../../../src-main/sim/devices/drift';
import { SeededRandom } from '../../../../src-main/sim/devices/seeded-random';
import { conductanceRange } from '../../../../src-main/sim/mapping/conductance-range';

describe('drift', () => {
  const range = conductanceRange(0);
  const cells = 40_000;

  it('recovers ν ~ N(0.05, 0.01) from the drifted cells (mean within ±4 standard errors, std within ±2 %)', () => {
    const timeS = 1e4;
    const programmed = new Float64Array(cells).fill(0.5);
    const drifted = driftCells(
      programmed,
      { timeS, nuMean: 0.05, nuStd: 0.01, compensate: false },
      new SeededRandom(9),
      'zero',
      range,
    );
    const nus = Array.from(
      drifted,
      (g, i) => -Math.log(g / programmed[i]) / Math.log(timeS / DRIFT_REFERENCE_TIME_S),
    );
    const mean = nus.reduce((a, b) => a + b, 0) / cells;
    const std = Math.sqrt(nus.reduce((a, b) => a + (b - mean) ** 2, 0) / (cells - 1));
    expect(Math.abs(mean - 0.05)).toBeLessThan(4 * (0.01 / Math.sqrt(cells)));
    expect(Math.abs(std / 0.01 - 1)).toBeLessThan(0.02);
  });

  it('is the identity at t = t₀ and a deterministic power law when σ_ν = 0', () => {
    const programmed = Float64Array.of(0.2, 0.9);
    const at = (timeS: number) =>
      driftCells(
        programmed,
        { timeS, nuMean: 0.1, nuStd: 0, compensate: false },
        new SeededRandom(1),
        'zero',
        range,
      );
    expect([...at(DRIFT_REFERENCE_TIME_S)]).toEqual([0.2, 0.9]);
    // t = 2000 s: (2000 / 20)^−0.1 = 100^−0.1 = 0.630957…
    expect(at(2000)[0]).toBeCloseTo(0.2 * 0.6309573444801932, 12);
  });
});
