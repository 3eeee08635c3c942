// Pass 2b — what a programmed layer computes through resistive wires (analog-model.md §7, topology A): every
// physical array's transfer matrix, in the layer's weight layout, so that its products stay one matrix product.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { solveTransfer, WireSolveError, type ArrayTransfer } from '../circuit/transfer-matrix';
import type { MappedLayer } from './layer-plan';
import { gatherArray, physicalArrays, scatterArray } from './physical-arrays';

export type Parasitics = HardwareConfig['array']['parasitics'];

/** A layer's cells seen through its wires. */
export interface WireResponse {
  /**
   * What each product multiplies by, in the weight layout: one matrix for a pair subtracted in analog (the
   * interleaved pair's network, or T⁺ − T⁻ of separate ± arrays) or an offset cell; G⁺'s and G⁻'s when each
   * is digitized on its own.
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
): WireResponse {
  const interleaved = planes.length === 2 && parasitics.interleaved;
  const networks = interleaved ? [planes] : planes.map((plane) => [plane]);
  const transfers = networks.map(() => new Float64Array(planes[0].length));
  const arrays = physicalArrays(plan).map((array) => {
    const solved = networks.map((network, n) => {
      let result: ArrayTransfer;
      try {
        result = solveTransfer({
          rows: array.rows,
          cols: array.cols,
          rp: parasitics.rp,
          planes: network.map((plane) => gatherArray(plan, plane, array)),
        });
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
