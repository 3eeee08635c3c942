// Pass 2b — what a programmed layer computes through resistive wires (docs/analog-model.md §7, topology A): every
// physical array's transfer matrix, in the layer's weight layout, so that its products stay one matrix product.
import { DEFAULT_SOLVE, solveTransfer, WireSolveError, type ArrayTransfer } from '../circuit/transfer-matrix';
import { onThreads } from '../circuit/wire-solve-pool';
import { gatedColumnVoltages, PLANE_SIGNS } from '../circuit/wire-network';
import type { Parasitics } from './compile-types';
import type { MappedLayer } from './layer-plan';
import { gatherArray, physicalArrays, scatterArray } from './physical-arrays';

/** A layer's cells seen through its wires. */
export interface WireResponse {
  /**
   * What each product multiplies by, in the weight layout: one matrix for a pair subtracted in analog (the
   * interleaved pair's network, or T⁺ − T⁻ of separate ± arrays) or an offset cell; G⁺'s and G⁻'s when each is
   * digitized on its own. Empty for separate-source arrays, which are not linear in their inputs and are solved
   * per vector in the graph.
   */
  transfer: Float64Array[];
  /** Per physical array, in `physicalArrays` order: the worst IR drop and the solver's residual. */
  arrays: { irDrop: number; residual: number }[];
}

/**
 * Solves every array of the layer. An interleaved pair is one network (G⁻ on row wires driven at −V); separate
 * ± arrays are two networks, each driven at +V.
 */
export function throughWires(
  plan: MappedLayer,
  planes: Float64Array[],
  parasitics: Parasitics,
  threads = 1,
): WireResponse {
  if (parasitics.topology === 'separate-source') return gatedDrops(plan, planes, parasitics);
  const interleaved = planes.length === 2 && parasitics.interleaved;
  const networks = interleaved ? [planes] : planes.map((plane) => [plane]);
  const transfers = networks.map(() => new Float64Array(planes[0].length));
  const arrays = physicalArrays(plan).map((array) => {
    const solved = networks.map((network, n) => {
      let result: ArrayTransfer;
      try {
        const cells = {
          rows: array.rows,
          cols: array.cols,
          rp: parasitics.rp,
          planes: network.map((plane) => gatherArray(plan, plane, array)),
        };
        result = solveTransfer(cells, DEFAULT_SOLVE, onThreads(threads), threads);
      } catch (error) {
        if (!(error instanceof WireSolveError)) throw error;
        const where = `layer ${plan.layer.name}, array (row partition ${array.rowPartition}, column partition ${array.colPartition})`;
        throw new WireSolveError(`${where}: ${error.message}`);
      }
      scatterArray(plan, result.transfer, array, transfers[n]);
      return result;
    });
    return {
      irDrop: Math.max(...solved.map((s) => s.irDrop)),
      residual: Math.max(...solved.map((s) => s.residual)),
    };
  });
  const subtracted = planes.length === 2 && !interleaved && !plan.separatePlanes;
  return {
    transfer: subtracted ? [transfers[0].map((t, i) => t - transfers[1][i])] : transfers,
    arrays,
  };
}

/**
 * Separate-source arrays: the IR drop with every input bit on, column by column (each is its own ladder); the
 * residual is that of the direct float64 solve.
 */
function gatedDrops(plan: MappedLayer, planes: Float64Array[], parasitics: Parasitics): WireResponse {
  const networks = planes.length === 2 && parasitics.interleaved ? [[0, 1]] : planes.map((_, p) => [p]);
  const arrays = physicalArrays(plan).map((array) => {
    const cells = planes.map((plane) => gatherArray(plan, plane, array));
    let irDrop = 0;
    let residual = 0;
    for (const network of networks) {
      for (let i = 0; i < array.cols; i++) {
        const column = (weight: (p: number) => number) =>
          Float64Array.from({ length: array.rows }, (_, j) =>
            network.reduce((sum, p) => sum + weight(p) * cells[p][j * array.cols + i], 0),
          );
        const total = column(() => 1);
        const sources = column((p) => PLANE_SIGNS[p]);
        const v = gatedColumnVoltages(parasitics.rp, total, sources);
        // A cell on the +V supply loses v, one on −V loses −v.
        for (const p of network) for (const vj of v) irDrop = Math.max(irDrop, PLANE_SIGNS[p] * vj);
        residual = Math.max(residual, columnResidual(parasitics.rp, total, sources, v));
      }
    }
    return { irDrop, residual };
  });
  return { transfer: [], arrays };
}

/** ‖b − A·v‖∞ / ‖b‖∞ of one gated column's nodal equations (scaled by R̂p). */
function columnResidual(rp: number, cells: Float64Array, sources: Float64Array, v: Float64Array): number {
  let worst = 0;
  let scale = 0;
  for (let j = 0; j < v.length; j++) {
    let current = ((j > 0 ? 1 : 0) + 1 + rp * cells[j]) * v[j] - rp * sources[j];
    if (j > 0) current -= v[j - 1];
    if (j < v.length - 1) current -= v[j + 1];
    worst = Math.max(worst, Math.abs(current));
    scale = Math.max(scale, Math.abs(rp * sources[j]));
  }
  return scale > 0 ? worst / scale : 0;
}
