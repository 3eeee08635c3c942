// Cuts a mapped layer into physical arrays: one per (weight slice, row partition, column partition) (§3 "Tiling").
import type { HardwareConfig } from '../../src-shared/config/hardware';
import type { LayerTargets } from './layer-targets';
import { balancedPartitions, rangeIndices } from './tiling';

/** The conductances of one physical array, in units of Gmax, indexed by the array's own rows and columns. */
export interface ArrayConductances {
  /** [column][row]: G⁺ (differential) or G (offset). */
  gMain: number[][];
  /** [column][row]: G⁻ for differential mappings, else null. */
  gMinus: number[][] | null;
  /** [row]: the array's own unit column (README "Tiling": one per column partition, beyond colsMax), else null. */
  gUnit: number[] | null;
}

export interface PhysicalArray {
  slice: number;
  /** The layer inputs driving rows 0, 1, …; the layer outputs read from columns 0, 1, …. */
  rowInputs: number[];
  columnOutputs: number[];
  targets: ArrayConductances;
}

function subMatrix(matrix: number[][], outputs: number[], inputs: number[]): number[][] {
  return outputs.map((o) => inputs.map((i) => matrix[o][i]));
}

export function tileLayer(
  layer: LayerTargets,
  arrayConfig: HardwareConfig['array'],
  inputCount: number,
  outputCount: number,
): PhysicalArray[] {
  const rowPartitions = balancedPartitions(inputCount, arrayConfig.rowsMax).map(rangeIndices);
  const columnPartitions = balancedPartitions(outputCount, arrayConfig.colsMax).map(rangeIndices);
  const arrays: PhysicalArray[] = [];
  layer.slices.forEach((slice, sliceIndex) => {
    for (const rowInputs of rowPartitions) {
      for (const columnOutputs of columnPartitions) {
        const { gMinus, gUnit } = slice;
        arrays.push({
          slice: sliceIndex,
          rowInputs,
          columnOutputs,
          targets: {
            gMain: subMatrix(slice.gMain, columnOutputs, rowInputs),
            gMinus: gMinus === null ? null : subMatrix(gMinus, columnOutputs, rowInputs),
            gUnit: gUnit === null ? null : rowInputs.map(() => gUnit),
          },
        });
      }
    }
  });
  return arrays;
}

/** Rows of the layer's largest row partition: N of the "max" ADC range (§6). */
export function largestPartitionRows(arrays: PhysicalArray[]): number {
  return Math.max(...arrays.map((array) => array.rowInputs.length));
}
