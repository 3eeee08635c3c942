// The nodal equations of one input-driven array with wire resistance (docs/analog-model.md §7, the CrossSim README's
// "Parasitic resistance"), scaled by R̂p so that a wire segment is a conductance of 1 and a cell one of R̂p·G.
// Unknowns: one row-wire node per plane and cell, u_p(j, i), and one column node per cell, v(j, i).

/** One physical array's cells and wires. */
export interface WireArray {
  rows: number;
  cols: number;
  /** R̂p = Rp·Gmax, > 0. */
  rp: number;
  /**
   * Per plane, [row][column] conductances (Gmax = 1): one plane, or an interleaved pair whose second plane sits
   * on row wires driven at −V and shares the columns.
   */
  planes: Float64Array[];
}

/** The drive sign of each plane's row wires: +V, and −V for an interleaved pair's G⁻ cells. */
export const PLANE_SIGNS = [1, -1] as const;

/**
 * The scaled nodal matrix K' = R̂p·K of an array (symmetric positive definite), applied to `nb` vectors at once,
 * and its line preconditioner: every row wire and every column wire as an exact tridiagonal solve.
 * Vectors hold node-major values, `nb` per node: u nodes first ([plane][row][column]), then v nodes.
 */
export class WireNetwork {
  readonly rows: number;
  readonly cols: number;
  readonly planeCount: number;
  /** Unknown nodes: (planes + 1)·rows·cols. */
  readonly nodes: number;
  /** R̂p·G per plane, [row][column]. */
  private readonly cells: Float64Array[];
  /** Σ_p R̂p·G_p per cell: what the column node sees. */
  private readonly cellSum: Float64Array;
  /** Inverse Thomas pivots of each row wire ([plane][row][column]) and each column wire ([row][column]). */
  private readonly rowPivots: Float64Array;
  private readonly columnPivots: Float64Array;

  constructor(array: WireArray) {
    const { rows, cols, rp, planes } = array;
    this.rows = rows;
    this.cols = cols;
    this.planeCount = planes.length;
    this.nodes = (planes.length + 1) * rows * cols;
    this.cells = planes.map((plane) => plane.map((g) => rp * g));
    this.cellSum = new Float64Array(rows * cols);
    for (const cells of this.cells) for (let c = 0; c < cells.length; c++) this.cellSum[c] += cells[c];
    this.rowPivots = new Float64Array(planes.length * rows * cols);
    this.cells.forEach((cells, p) => {
      for (let j = 0; j < rows; j++) {
        const base = (p * rows + j) * cols;
        // Diagonal: the segment towards the driver (or the previous cell), the next segment unless the wire ends.
        inversePivots(cols, (i) => 1 + (i < cols - 1 ? 1 : 0) + cells[j * cols + i], this.rowPivots, base, 1);
      }
    });
    this.columnPivots = new Float64Array(rows * cols);
    for (let i = 0; i < cols; i++) {
      // Diagonal: the segment above (none at row 0), the segment below (to the next row or the virtual ground).
      inversePivots(
        rows,
        (j) => (j > 0 ? 1 : 0) + 1 + this.cellSum[j * cols + i],
        this.columnPivots,
        i,
        cols,
      );
    }
  }

  /** The node index of u_p(j, i). */
  rowNode(p: number, j: number, i: number): number {
    return (p * this.rows + j) * this.cols + i;
  }

  /** The node index of v(j, i). */
  columnNode(j: number, i: number): number {
    return (this.planeCount * this.rows + j) * this.cols + i;
  }

  /** out = K'·x for `nb` vectors. */
  apply(x: Float64Array, out: Float64Array, nb: number): void {
    const { rows, cols, planeCount } = this;
    // A missing neighbour (the driver side, a wire's open end, the top row) is read at weight 0 from the node itself,
    // so every node is one branch-free loop.
    for (let p = 0; p < planeCount; p++) {
      const cells = this.cells[p];
      for (let j = 0; j < rows; j++) {
        const uRow = this.rowNode(p, j, 0) * nb;
        const vRow = this.columnNode(j, 0) * nb;
        for (let i = 0; i < cols; i++) {
          const u = uRow + i * nb;
          const v = vRow + i * nb;
          const g = cells[j * cols + i];
          const last = i === cols - 1;
          const left = i > 0 ? u - nb : u;
          const right = last ? u : u + nb;
          const [wLeft, wRight] = [i > 0 ? 1 : 0, last ? 0 : 1];
          const diagonal = (last ? 1 : 2) + g;
          for (let k = 0; k < nb; k++) {
            out[u + k] = diagonal * x[u + k] - g * x[v + k] - wLeft * x[left + k] - wRight * x[right + k];
          }
        }
      }
    }
    const stride = cols * nb;
    const second = planeCount > 1 ? 1 : 0;
    for (let j = 0; j < rows; j++) {
      const up = j > 0 ? -stride : 0;
      const down = j < rows - 1 ? stride : 0;
      const [wUp, wDown] = [j > 0 ? 1 : 0, j < rows - 1 ? 1 : 0];
      for (let i = 0; i < cols; i++) {
        const v = this.columnNode(j, i) * nb;
        const diagonal = (j > 0 ? 2 : 1) + this.cellSum[j * cols + i];
        const g0 = this.cells[0][j * cols + i];
        const g1 = second ? this.cells[1][j * cols + i] : 0;
        const u0 = this.rowNode(0, j, i) * nb;
        const u1 = this.rowNode(second, j, i) * nb;
        for (let k = 0; k < nb; k++) {
          out[v + k] =
            diagonal * x[v + k] -
            wUp * x[v + up + k] -
            wDown * x[v + down + k] -
            g0 * x[u0 + k] -
            g1 * x[u1 + k];
        }
      }
    }
  }

  /** out = M⁻¹·r, M the wires alone (K' without the cells' coupling of row and column nodes). */
  precondition(r: Float64Array, out: Float64Array, nb: number): void {
    const { rows, cols } = this;
    for (let p = 0; p < this.planeCount; p++) {
      for (let j = 0; j < rows; j++) {
        const first = this.rowNode(p, j, 0);
        solveChain(r, out, { pivots: this.rowPivots, pivotFirst: first, first, stride: 1, length: cols }, nb);
      }
    }
    for (let i = 0; i < cols; i++) {
      const chain = { pivots: this.columnPivots, pivotFirst: i, first: this.columnNode(0, i), stride: cols };
      solveChain(r, out, { ...chain, length: rows }, nb);
    }
  }
}

/**
 * Thomas pivots of a tridiagonal chain with off-diagonals −1: m₀ = d₀, m_k = d_k − 1/m_{k−1}; stores 1/m_k at
 * pivots[base + k·stride]. The chains are M-matrices, so every pivot is positive.
 */
function inversePivots(
  length: number,
  diagonal: (k: number) => number,
  pivots: Float64Array,
  base: number,
  stride: number,
): void {
  let previous = 0;
  for (let k = 0; k < length; k++) {
    const pivot = diagonal(k) - previous;
    pivots[base + k * stride] = 1 / pivot;
    previous = 1 / pivot;
  }
}

/** One wire: its nodes first, first + stride, …, and its pivots from pivots[pivotFirst] with the same stride. */
interface Chain {
  pivots: Float64Array;
  pivotFirst: number;
  first: number;
  stride: number;
  length: number;
}

/** Solves one chain for `nb` right-hand sides with its stored pivots. */
function solveChain(r: Float64Array, out: Float64Array, chain: Chain, nb: number): void {
  const { pivots, pivotFirst, first, stride, length } = chain;
  // Forward: y_k = r_k + y_{k−1}/m_{k−1}; back: x_k = (y_k + x_{k+1})/m_k.
  for (let k = 0; k < nb; k++) out[first * nb + k] = r[first * nb + k];
  for (let n = 1; n < length; n++) {
    const at = (first + n * stride) * nb;
    const before = at - stride * nb;
    const inverse = pivots[pivotFirst + (n - 1) * stride];
    for (let k = 0; k < nb; k++) out[at + k] = r[at + k] + out[before + k] * inverse;
  }
  const lastAt = (first + (length - 1) * stride) * nb;
  const lastInverse = pivots[pivotFirst + (length - 1) * stride];
  for (let k = 0; k < nb; k++) out[lastAt + k] *= lastInverse;
  for (let n = length - 2; n >= 0; n--) {
    const at = (first + n * stride) * nb;
    const after = at + stride * nb;
    const inverse = pivots[pivotFirst + n * stride];
    for (let k = 0; k < nb; k++) out[at + k] = (out[at + k] + out[after + k]) * inverse;
  }
}

/**
 * One column of a separate-source array (topology B) with every cell connected: (L + R̂p·diag(c))·v = R̂p·s,
 * c the cells' conductances at each row and s their Norton currents (Σ sign·G at a full-scale supply).
 */
export function gatedColumnVoltages(rp: number, cells: Float64Array, sources: Float64Array): Float64Array {
  const rows = cells.length;
  const pivots = new Float64Array(rows);
  inversePivots(rows, (j) => (j > 0 ? 1 : 0) + 1 + rp * cells[j], pivots, 0, 1);
  const voltages = new Float64Array(rows);
  solveChain(
    sources.map((s) => rp * s),
    voltages,
    { pivots, pivotFirst: 0, first: 0, stride: 1, length: rows },
    1,
  );
  return voltages;
}
