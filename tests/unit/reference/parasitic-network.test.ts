// The reference nodal solve of one array with wire resistance, on cases small enough to work out by hand.
import { describe, expect, it } from 'vitest';
import { parasiticColumnCurrents } from '../../reference/parasitic-network';

describe('parasiticColumnCurrents', () => {
  it('gives the README worked example: one cell, I = V / (1/G + 2 R̂p)', () => {
    const current = parasiticColumnCurrents(
      { topology: 'input-driven', rp: 0.1, gPlus: [[0.8]], gMinus: null },
      [0.5],
    );
    expect(current[0]).toBeCloseTo(0.5 / (1 / 0.8 + 0.2), 14);
  });

  it('solves a 2-row column by hand: separate-source, both rows on', () => {
    // Supplies at 1 V through G₀ (row 0) and G₁ (row 1); v₀ —g— v₁ —g— ground. Nodal equations:
    // (G₀ + g) v₀ − g v₁ = G₀;  −g v₀ + (G₁ + 2g) v₁ = G₁;  I = g v₁.
    const [g0, g1, rp] = [0.5, 0.25, 0.2];
    const g = 1 / rp;
    const det = (g0 + g) * (g1 + 2 * g) - g * g;
    const v1 = ((g0 + g) * g1 + g * g0) / det;
    const current = parasiticColumnCurrents(
      { topology: 'separate-source', rp, gPlus: [[g0, g1]], gMinus: null },
      [1, 1],
    );
    expect(current[0]).toBeCloseTo(g * v1, 14);
    // Row 1 off: its cell is disconnected, so only row 0 drives, through two column segments.
    const rowZeroOnly = parasiticColumnCurrents(
      { topology: 'separate-source', rp, gPlus: [[g0, g1]], gMinus: null },
      [1, 0],
    );
    expect(rowZeroOnly[0]).toBeCloseTo(1 / (1 / g0 + 2 * rp), 14);
  });

  it('tends to Σ G·V as R̂p → 0, loses current as R̂p grows, and an interleaved pair gives the difference', () => {
    const gPlus = [
      [0.9, 0.1, 0.5],
      [0.2, 0.7, 0.3],
    ];
    const gMinus = [
      [0.1, 0.4, 0.2],
      [0.6, 0.1, 0.1],
    ];
    const applied = [1, -0.5, 0.25];
    const ideal = gPlus.map((column, i) =>
      column.reduce((sum, g, j) => sum + (g - gMinus[i][j]) * applied[j], 0),
    );
    const at = (rp: number) =>
      parasiticColumnCurrents({ topology: 'input-driven', rp, gPlus, gMinus }, applied);
    at(1e-9).forEach((current, i) => expect(current).toBeCloseTo(ideal[i], 7));
    const allOn = (rp: number) =>
      parasiticColumnCurrents({ topology: 'input-driven', rp, gPlus, gMinus: null }, [1, 1, 1]);
    const [small, large] = [allOn(1e-3), allOn(1e-1)];
    const idealAllOn = gPlus.map((column) => column.reduce((a, b) => a + b, 0));
    small.forEach((current, i) => {
      expect(current).toBeLessThan(idealAllOn[i]);
      expect(large[i]).toBeLessThan(current);
    });
  });
});
