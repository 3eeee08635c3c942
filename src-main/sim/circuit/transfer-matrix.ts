// What an input-driven array with wire resistance computes (docs/analog-model.md §7): the network is linear in its
// inputs, so every MVM's column currents are I = Σ_j V_j·T_j, with T solved once per programmed array.
import { PLANE_SIGNS, WireNetwork, type WireArray } from './wire-network';

export interface ArrayTransfer {
  /** [row][column]: column current per unit input on each row, in array units (T = G with ideal wires). */
  transfer: Float64Array;
  /** The largest relative residual ‖b − K·x‖∞ / ‖b‖∞ of the nodal solves behind `transfer` and `irDrop`. */
  residual: number;
  /** The largest fraction of the read voltage lost to the wires across any cell, with every row at full scale. */
  irDrop: number;
  /** Conjugate-gradient iterations of the slowest solve. */
  iterations: number;
}

export interface SolveOptions {
  /** Stop when ‖r‖₂ ≤ tolerance·‖b‖₂ for every right-hand side. */
  tolerance: number;
  maxIterations: number;
}

/** Far below the 2e-5 of the read voltage that §7 asks for: T feeds every MVM of the array. */
export const DEFAULT_SOLVE: SolveOptions = { tolerance: 1e-11, maxIterations: 20_000 };

/** Values per vector of a block of right-hand sides: bounds the memory of the five CG vectors. */
const BLOCK_VALUES = 1 << 22;

export class WireSolveError extends Error {
  override readonly name = 'WireSolveError';
}

/** Which unit solves give T: forward (one per row, giving T's rows) when rows ≤ cols, else adjoint (columns). */
export function unitSolveCount(array: WireArray): number {
  return Math.min(array.rows, array.cols);
}

/** Unit solves [from, to) of an array's transfer, each giving one row (forward) or column (adjoint) of T. */
export interface TransferPart {
  from: number;
  to: number;
  /** (to − from) rows or columns of T, one after another. */
  values: Float64Array;
  residual: number;
  iterations: number;
}

/** Runs the parts of one array's transfer, possibly at once on several threads; returns them in order. */
export type PartRunner = (
  array: WireArray,
  ranges: [number, number][],
  options: SolveOptions,
) => TransferPart[];

/** One part after another on this thread. */
export const onThisThread: PartRunner = (array, ranges, options) =>
  ranges.map(([from, to]) => transferPart(array, from, to, options));

/**
 * T by as many solves as the array has rows or columns, whichever is fewer: forward, one unit driver at a time
 * (I = g·v at each column's end), or adjoint, by reciprocity one unit current into each column's end (T_ji is
 * then g·Σ_p s_p·u_p(j, 0)), split into `parts` ranges for `runParts`. One more forward solve, every driver at
 * full scale, gives the IR drop.
 */
export function solveTransfer(
  array: WireArray,
  options: SolveOptions = DEFAULT_SOLVE,
  runParts: PartRunner = onThisThread,
  parts = 1,
): ArrayTransfer {
  const { rows, cols } = array;
  const count = unitSolveCount(array);
  const share = Math.ceil(count / Math.max(1, Math.min(parts, count)));
  const ranges: [number, number][] = [];
  for (let from = 0; from < count; from += share) ranges.push([from, Math.min(count, from + share)]);
  const solved = runParts(array, ranges, options);
  const transfer = new Float64Array(rows * cols);
  const forward = rows <= cols;
  for (const part of solved) {
    const length = forward ? cols : rows;
    for (let n = part.from; n < part.to; n++) {
      for (let m = 0; m < length; m++) {
        const value = part.values[(n - part.from) * length + m];
        if (forward) transfer[n * cols + m] = value;
        else transfer[m * cols + n] = value;
      }
    }
  }
  const [fullScale] = solveDrives(array, [new Float64Array(rows).fill(1)], options);
  return {
    transfer,
    residual: Math.max(fullScale.residual, ...solved.map((part) => part.residual)),
    irDrop: worstDrop(fullScale),
    iterations: Math.max(fullScale.iterations, ...solved.map((part) => part.iterations)),
  };
}

/** Unit solves [from, to) (see solveTransfer). */
export function transferPart(
  array: WireArray,
  from: number,
  to: number,
  options: SolveOptions,
): TransferPart {
  const network = new WireNetwork(array);
  const { rows, cols, rp } = array;
  const signs = PLANE_SIGNS.slice(0, network.planeCount);
  const forward = rows <= cols;
  const length = forward ? cols : rows;
  const values = new Float64Array((to - from) * length);
  const solved = solveBlocks(network, to - from, options, {
    fill: (b, nb, k, n) => {
      if (forward) signs.forEach((s, p) => (b[network.rowNode(p, from + n, 0) * nb + k] = s));
      else b[network.columnNode(rows - 1, from + n) * nb + k] = 1;
    },
    read: (x, nb, k, n) => {
      for (let m = 0; m < length; m++) {
        let sum = 0;
        if (forward) sum = x[network.columnNode(rows - 1, m) * nb + k];
        else signs.forEach((s, p) => (sum += s * x[network.rowNode(p, m, 0) * nb + k]));
        values[n * length + m] = sum / rp;
      }
    },
  });
  return { from, to, values, ...solved };
}

/** An array's node voltages under one drive (in units of the read voltage). */
export interface NodeVoltages {
  /** Per plane, [row][column]: u_p(j, i). */
  rowWires: Float64Array[];
  /** [row][column]: v(j, i). */
  columns: Float64Array;
  residual: number;
  iterations: number;
}

/** Forward solves: row j's driver at drive[j] (an interleaved pair's G⁻ wire at −drive[j]). */
export function solveDrives(
  array: WireArray,
  drives: Float64Array[],
  options: SolveOptions = DEFAULT_SOLVE,
): NodeVoltages[] {
  const network = new WireNetwork(array);
  const { rows, cols } = array;
  const voltages = drives.map(() => ({
    rowWires: array.planes.map(() => new Float64Array(rows * cols)),
    columns: new Float64Array(rows * cols),
  }));
  const solved = solveBlocks(network, drives.length, options, {
    fill: (b, nb, k, n) => {
      for (let j = 0; j < rows; j++) {
        for (let p = 0; p < network.planeCount; p++)
          b[network.rowNode(p, j, 0) * nb + k] = PLANE_SIGNS[p] * drives[n][j];
      }
    },
    read: (x, nb, k, n) => {
      for (let j = 0; j < rows; j++) {
        for (let i = 0; i < cols; i++) {
          voltages[n].columns[j * cols + i] = x[network.columnNode(j, i) * nb + k];
          voltages[n].rowWires.forEach((u, p) => (u[j * cols + i] = x[network.rowNode(p, j, i) * nb + k]));
        }
      }
    },
  });
  return voltages.map((v) => ({ ...v, ...solved }));
}

/** 1 − s_p·(u − v), the voltage the wires took from a cell driven at full scale, at its worst. */
function worstDrop({ rowWires, columns }: NodeVoltages): number {
  let worst = 0;
  rowWires.forEach((u, p) => {
    for (let c = 0; c < columns.length; c++)
      worst = Math.max(worst, 1 - PLANE_SIGNS[p] * (u[c] - columns[c]));
  });
  return worst;
}

interface RightHandSides {
  /** Writes right-hand side n into column k of a block of `nb`. */
  fill(b: Float64Array, nb: number, k: number, n: number): void;
  /** Reads solution n from column k. */
  read(x: Float64Array, nb: number, k: number, n: number): void;
}

/** Solves `count` right-hand sides in blocks that bound the memory of the CG vectors. */
function solveBlocks(
  network: WireNetwork,
  count: number,
  options: SolveOptions,
  sides: RightHandSides,
): { residual: number; iterations: number } {
  const nbMax = Math.max(1, Math.min(64, Math.floor(BLOCK_VALUES / network.nodes)));
  let residual = 0;
  let iterations = 0;
  for (let start = 0; start < count; start += nbMax) {
    const nb = Math.min(nbMax, count - start);
    const b = new Float64Array(network.nodes * nb);
    for (let k = 0; k < nb; k++) sides.fill(b, nb, k, start + k);
    const solved = conjugateGradient(network, b, nb, options);
    for (let k = 0; k < nb; k++) sides.read(solved.x, nb, k, start + k);
    residual = Math.max(residual, solved.residual);
    iterations = Math.max(iterations, solved.iterations);
  }
  return { residual, iterations };
}

/**
 * Preconditioned conjugate gradients for `nb` right-hand sides at once (each with its own step sizes), the
 * wires' tridiagonal solves as the preconditioner. K' is symmetric positive definite, so CG cannot diverge; a
 * step with pᵀKp ≤ 0 or no convergence within the limit is an error, never a silent answer.
 */
function conjugateGradient(
  network: WireNetwork,
  b: Float64Array,
  nb: number,
  { tolerance, maxIterations }: SolveOptions,
): { x: Float64Array; residual: number; iterations: number } {
  const size = b.length;
  const x = new Float64Array(size);
  const r = Float64Array.from(b);
  const z = new Float64Array(size);
  const q = new Float64Array(size);
  network.precondition(r, z, nb);
  const p = Float64Array.from(z);
  let rz = dots(r, z, nb);
  const limit = dots(b, b, nb).map((bb) => tolerance ** 2 * bb);
  const active = dots(r, r, nb).map((rr, k) => (rr > limit[k] ? 1 : 0));
  let iterations = 0;
  while (active.some((a) => a === 1)) {
    if (iterations === maxIterations) {
      throw new WireSolveError(
        `the wire-resistance solve did not converge in ${maxIterations} iterations ` +
          `(relative residual ${Math.sqrt(Math.max(...dots(r, r, nb).map((rr, k) => rr / (limit[k] / tolerance ** 2)))).toExponential(2)}); ` +
          'array.parasitics.rp is too large for arrays of this size',
      );
    }
    iterations++;
    network.apply(p, q, nb);
    const pq = dots(p, q, nb);
    const alpha = new Float64Array(nb);
    for (let k = 0; k < nb; k++) {
      if (!active[k]) continue;
      if (!(pq[k] > 0)) throw new WireSolveError('the wire-resistance network is not positive definite');
      alpha[k] = rz[k] / pq[k];
    }
    const rr = step(x, r, p, q, alpha, nb);
    for (let k = 0; k < nb; k++) if (rr[k] <= limit[k]) active[k] = 0;
    network.precondition(r, z, nb);
    const rzNext = dots(r, z, nb);
    const beta = rzNext.map((value, k) => (active[k] ? value / rz[k] : 0));
    scaleAndAdd(p, z, beta, active, nb);
    rz = rzNext;
  }
  return { x, residual: trueResidual(network, x, b, nb), iterations };
}

/** x += α·p, r −= α·q for each right-hand side, in one pass that also returns the new rᵀr. */
function step(
  x: Float64Array,
  r: Float64Array,
  p: Float64Array,
  q: Float64Array,
  alpha: Float64Array,
  nb: number,
): Float64Array {
  const rr = new Float64Array(nb);
  for (let i = 0; i < x.length; i += nb) {
    for (let k = 0; k < nb; k++) {
      x[i + k] += alpha[k] * p[i + k];
      const next = r[i + k] - alpha[k] * q[i + k];
      r[i + k] = next;
      rr[k] += next * next;
    }
  }
  return rr;
}

/** p = z + β_k·p for the right-hand sides still iterating. */
function scaleAndAdd(
  p: Float64Array,
  z: Float64Array,
  beta: Float64Array,
  active: Float64Array,
  nb: number,
): void {
  for (let i = 0; i < p.length; i += nb) {
    for (let k = 0; k < nb; k++) if (active[k] === 1) p[i + k] = z[i + k] + beta[k] * p[i + k];
  }
}

function dots(a: Float64Array, b: Float64Array, nb: number): Float64Array {
  const sums = new Float64Array(nb);
  for (let i = 0; i < a.length; i += nb) for (let k = 0; k < nb; k++) sums[k] += a[i + k] * b[i + k];
  return sums;
}

/** max_k ‖b_k − K'·x_k‖∞ / ‖b_k‖∞, recomputed rather than trusted from the recursion. */
function trueResidual(network: WireNetwork, x: Float64Array, b: Float64Array, nb: number): number {
  const q = new Float64Array(x.length);
  network.apply(x, q, nb);
  const worst = new Float64Array(nb);
  const scale = new Float64Array(nb);
  for (let i = 0; i < x.length; i += nb) {
    for (let k = 0; k < nb; k++) {
      worst[k] = Math.max(worst[k], Math.abs(b[i + k] - q[i + k]));
      scale[k] = Math.max(scale[k], Math.abs(b[i + k]));
    }
  }
  return Math.max(...worst.map((w, k) => w / scale[k]));
}
