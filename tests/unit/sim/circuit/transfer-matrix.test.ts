// The production wire-resistance solve (transfer matrices by preconditioned CG) against the tests' direct nodal
// solve, and against Kirchhoff's laws on arrays too large for the direct solve.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SOLVE,
  solveDrives,
  solveTransfer,
  WireSolveError,
} from '../../../../src-main/sim/circuit/transfer-matrix';
import { helperThreads, onThreads } from '../../../../src-main/sim/circuit/wire-solve-pool';
import type { WireArray } from '../../../../src-main/sim/circuit/wire-network';
import { parasiticColumnCurrents } from '../../../reference/parasitic-network';
import { testRandom } from '../../../reference/test-random';

function randomArray(rows: number, cols: number, planes: number, rp: number, seed: number): WireArray {
  const random = testRandom(seed);
  return {
    rows,
    cols,
    rp,
    planes: Array.from({ length: planes }, () => Float64Array.from({ length: rows * cols }, () => random())),
  };
}

/** The reference circuit of the same array ([column][row] cells). */
function referenceCurrents(array: WireArray, applied: number[]): number[] {
  const byColumn = (plane: Float64Array) =>
    Array.from({ length: array.cols }, (_, i) =>
      Array.from({ length: array.rows }, (_, j) => plane[j * array.cols + i]),
    );
  return parasiticColumnCurrents(
    {
      topology: 'input-driven',
      rp: array.rp,
      gPlus: byColumn(array.planes[0]),
      gMinus: array.planes[1] ? byColumn(array.planes[1]) : null,
    },
    applied,
  );
}

function applyTransfer(transfer: Float64Array, _rows: number, cols: number, applied: number[]): number[] {
  return Array.from({ length: cols }, (_, i) =>
    applied.reduce((sum, v, j) => sum + v * transfer[j * cols + i], 0),
  );
}

/**
 * The largest current imbalance at any node, from the README's equations written out here: row nodes
 * g(u − left) + g(u − right) + G(u − v) = 0 (the driver left of column 0, the wire open after the last column),
 * column nodes g(v − up) + g(v − down) + Σ G(v − u) = 0 (open above row 0, the virtual ground below the last).
 */
function worstKirchhoffCurrent(
  array: WireArray,
  drive: Float64Array,
  rowWires: Float64Array[],
  columns: Float64Array,
): number {
  const { rows, cols, rp, planes } = array;
  const g = 1 / rp;
  const signs = [1, -1];
  let worst = 0;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const at = j * cols + i;
      const v = columns[at];
      planes.forEach((plane, p) => {
        const u = rowWires[p][at];
        const left = i === 0 ? signs[p] * drive[j] : rowWires[p][at - 1];
        let current = g * (u - left) + plane[at] * (u - v);
        if (i < cols - 1) current += g * (u - rowWires[p][at + 1]);
        worst = Math.max(worst, Math.abs(current));
      });
      const down = j === rows - 1 ? 0 : columns[at + cols];
      let current = g * (v - down);
      if (j > 0) current += g * (v - columns[at - cols]);
      planes.forEach((plane, p) => (current += plane[at] * (v - rowWires[p][at])));
      worst = Math.max(worst, Math.abs(current));
    }
  }
  return worst;
}

describe('solveTransfer', () => {
  it.each([
    ['one plane, forward (rows < cols)', 6, 9, 1, 1e-2],
    ['one plane, adjoint (rows > cols)', 12, 5, 1, 1e-2],
    ['interleaved pair', 8, 8, 2, 1e-2],
    ['interleaved pair, tall', 40, 7, 2, 1e-3],
    ['one plane, large R̂p', 10, 10, 1, 0.1],
  ])('%s: I = Σ V·T equals the direct nodal solve', (_label, rows, cols, planes, rp) => {
    const array = randomArray(rows, cols, planes, rp, rows * 100 + cols);
    const { transfer, residual } = solveTransfer(array);
    const random = testRandom(7);
    const fullScale = rows; // one Gmax cell per row at full-scale input
    for (let trial = 0; trial < 3; trial++) {
      const applied = Array.from({ length: rows }, () => 2 * random() - 1);
      const expected = referenceCurrents(array, applied);
      const actual = applyTransfer(transfer, rows, cols, applied);
      actual.forEach((current, i) => expect(Math.abs(current - expected[i])).toBeLessThan(1e-5 * fullScale));
      // Far tighter in practice: the solve is converged to 1e-11.
      actual.forEach((current, i) => expect(Math.abs(current - expected[i])).toBeLessThan(1e-9 * fullScale));
    }
    expect(residual).toBeLessThan(1e-9);
  });

  it('reduces to the cells with wires of vanishing resistance, and loses current as R̂p grows', () => {
    const ideal = randomArray(16, 8, 1, 1e-9, 3);
    const { transfer } = solveTransfer(ideal);
    transfer.forEach((t, c) => expect(t).toBeCloseTo(ideal.planes[0][c], 6));
    const total = (rp: number) => solveTransfer({ ...ideal, rp }).transfer.reduce((a, b) => a + b, 0);
    expect(total(1e-3)).toBeLessThan(total(1e-4));
    expect(total(1e-2)).toBeLessThan(total(1e-3));
  });

  it('reports the IR drop with every row at full scale: the 1×1 worked example', () => {
    // I = V/(1/G + 2R̂p); the cell sees V − 2R̂p·I.
    const [g, rp] = [0.8, 0.1];
    const { transfer, irDrop } = solveTransfer({ rows: 1, cols: 1, rp, planes: [Float64Array.of(g)] });
    const current = 1 / (1 / g + 2 * rp);
    expect(transfer[0]).toBeCloseTo(current, 12);
    expect(irDrop).toBeCloseTo(2 * rp * current, 12);
  });

  it('satisfies Kirchhoff at every node of a 256×256 interleaved array, and its currents are Σ V·T', () => {
    // Too large for the direct solve: the README's node equations are checked on the solved voltages instead.
    const array = randomArray(256, 256, 2, 1e-4, 11);
    const { transfer, residual } = solveTransfer(array);
    expect(residual).toBeLessThan(1e-9);
    const random = testRandom(5);
    const drive = Float64Array.from({ length: 256 }, () => 2 * random() - 1);
    const [voltages] = solveDrives(array, [drive]);
    const worst = worstKirchhoffCurrent(array, drive, voltages.rowWires, voltages.columns);
    // A full-scale Gmax cell carries a current of 1: every node balances to 1e-7 of that (the wires' g = 1e4
    // turns the solve's 1e-11 relative residual into currents of a few 1e-9).
    expect(worst).toBeLessThan(1e-7);
    const g = 1 / array.rp;
    const viaTransfer = applyTransfer(transfer, 256, 256, Array.from(drive));
    viaTransfer.forEach((current, i) => {
      const intoGround = g * voltages.columns[255 * 256 + i];
      expect(Math.abs(current - intoGround)).toBeLessThan(1e-5 * 256);
    });
    // One 256×256 transfer solve: 19–38 s on this 2-core machine, idle or busy.
  }, 120_000);

  it('gives the same transfer split over helper threads as on one thread', () => {
    for (const array of [randomArray(20, 48, 2, 1e-3, 8), randomArray(48, 20, 1, 1e-3, 9)]) {
      const alone = solveTransfer(array);
      const split = solveTransfer(array, DEFAULT_SOLVE, onThreads(3), 3);
      expect(split.transfer).toEqual(alone.transfer);
      expect(split.residual).toBe(alone.residual);
    }
    expect(helperThreads()).toBe(2);
  });

  it('refuses to return an unconverged answer', () => {
    const array = randomArray(32, 32, 1, 1e-2, 2);
    const hopeless = { tolerance: 1e-12, maxIterations: 2 };
    expect(() => solveTransfer(array, hopeless)).toThrow(WireSolveError);
    // A helper thread's failure reaches the caller as the same error, not as a missing answer.
    expect(() => solveTransfer(array, hopeless, onThreads(2), 2)).toThrow(/did not converge in 2 iterations/);
  });
});
