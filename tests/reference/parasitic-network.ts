// The resistive network of one array with wire resistance (docs/analog-model.md §7, the CrossSim README's "Parasitic
// resistance"), assembled as nodal equations and solved directly: a banded Cholesky factorization in float64.
// Slow and obviously right, for the tests only.

export interface ArrayCircuit {
  topology: 'input-driven' | 'separate-source';
  /** R̂p: one wire segment's resistance × Gmax. */
  rp: number;
  /** [column][row]: cells on the row wires driven at +V (or gated from the +V supply). */
  gPlus: number[][];
  /** [column][row]: an interleaved pair's other cells, on wires driven at −V sharing the column; else null. */
  gMinus: number[][] | null;
}

/**
 * Each column's current into its virtual ground, for the given row inputs. Input-driven: row j's driver is at
 * applied[j]. Separate-source: row j's cells conduct from a supply at applied[j] when applied[j] ≠ 0.
 */
export function parasiticColumnCurrents(circuit: ArrayCircuit, applied: number[]): number[] {
  const cols = circuit.gPlus.length;
  const rows = circuit.gPlus[0].length;
  const g = 1 / circuit.rp;
  const planes = circuit.gMinus ? [circuit.gPlus, circuit.gMinus] : [circuit.gPlus];
  const signs = [1, -1];
  // Per (row, column): the column node v, then one row-wire node per plane (input-driven only).
  const perCell = circuit.topology === 'input-driven' ? 1 + planes.length : 1;
  const node = (j: number, i: number, k: number) => (j * cols + i) * perCell + k;
  const system = new BandedSystem(rows * cols * perCell, cols * perCell);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const v = node(j, i, 0);
      // Column wire: towards row j + 1, or from the last row into the virtual ground at 0 V.
      if (j < rows - 1) system.conductance(v, node(j + 1, i, 0), g);
      else system.toFixed(v, g, 0);
      planes.forEach((plane, p) => {
        const cell = plane[i][j];
        const supply = signs[p] * applied[j];
        if (circuit.topology === 'separate-source') {
          if (applied[j] !== 0) system.toFixed(v, cell, supply);
          return;
        }
        const u = node(j, i, 1 + p);
        system.conductance(u, v, cell);
        // Row wire: from the driver before column 0, then towards column i + 1; it ends open after the last.
        if (i === 0) system.toFixed(u, g, supply);
        if (i < cols - 1) system.conductance(u, node(j, i + 1, 1 + p), g);
      });
    }
  }
  const voltages = system.solve();
  return Array.from({ length: cols }, (_, i) => g * voltages[node(rows - 1, i, 0)]);
}

/** A symmetric positive definite system with entries only within `bandwidth` of the diagonal. */
class BandedSystem {
  /** lower[i][d] = A[i][i − d], d = 0 … bandwidth. */
  private readonly lower: Float64Array[];
  private readonly rhs: Float64Array;

  constructor(
    private readonly size: number,
    private readonly bandwidth: number,
  ) {
    this.lower = Array.from({ length: size }, () => new Float64Array(bandwidth + 1));
    this.rhs = new Float64Array(size);
  }

  /** A conductance between two unknown nodes. */
  conductance(a: number, b: number, value: number): void {
    const [low, high] = a < b ? [a, b] : [b, a];
    if (high - low > this.bandwidth) throw new Error('node numbering exceeds the band');
    this.lower[low][0] += value;
    this.lower[high][0] += value;
    this.lower[high][high - low] -= value;
  }

  /** A conductance from an unknown node to a node held at a fixed voltage. */
  toFixed(a: number, value: number, voltage: number): void {
    this.lower[a][0] += value;
    this.rhs[a] += value * voltage;
  }

  /** Cholesky A = L·Lᵀ within the band, then forward and back substitution. */
  solve(): Float64Array {
    const { size, bandwidth, lower } = this;
    const factor = Array.from({ length: size }, () => new Float64Array(bandwidth + 1));
    for (let i = 0; i < size; i++) {
      for (let d = Math.min(i, bandwidth); d >= 0; d--) {
        const k = i - d;
        let sum = lower[i][d];
        for (let m = Math.max(0, i - bandwidth); m < k; m++) sum -= factor[i][i - m] * factor[k][k - m];
        factor[i][d] = d === 0 ? Math.sqrt(sum) : sum / factor[k][0];
      }
    }
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      let sum = this.rhs[i];
      for (let d = 1; d <= Math.min(i, bandwidth); d++) sum -= factor[i][d] * y[i - d];
      y[i] = sum / factor[i][0];
    }
    const x = new Float64Array(size);
    for (let i = size - 1; i >= 0; i--) {
      let sum = y[i];
      for (let d = 1; d <= Math.min(size - 1 - i, bandwidth); d++) sum -= factor[i + d][d] * x[i + d];
      x[i] = sum / factor[i][0];
    }
    return x;
  }
}
