// The physical arrays of a layer (docs/analog-model.md §3, "Tiling"): every (group, row partition, column partition)
// block of its weight matrix, and the cells of one array gathered from, or scattered into, the weight layout.
import { groupInputChannels, kernelSize, outputChannels } from './matrix-layer';
import type { MappedLayer } from './layer-plan';

export interface PhysicalArray {
  group: number;
  rowPartition: number;
  colPartition: number;
  /** The partition's input channels within the group: [firstChannel, firstChannel + channelCount). */
  firstChannel: number;
  channelCount: number;
  /** Its output channels of the layer: [firstOutput, firstOutput + cols). */
  firstOutput: number;
  /** Rows: channels × kernel positions, in (channel, kernel position) order. */
  rows: number;
  cols: number;
  /** The unit column of this array (offset mapping with a unit column), in `unitCells` order. */
  unitColumn: number;
}

/** Every array of a layer, row partition by row partition, then group, then column partition. */
export function physicalArrays(plan: MappedLayer): PhysicalArray[] {
  const { layer } = plan;
  const perGroup = outputChannels(layer) / layer.group;
  const kernel = kernelSize(layer);
  const arrays: PhysicalArray[] = [];
  let firstChannel = 0;
  plan.rows.channelsPerPartition.forEach((channelCount, rowPartition) => {
    for (let group = 0; group < layer.group; group++) {
      let firstOutput = group * perGroup;
      plan.columns.forEach((cols, colPartition) => {
        arrays.push({
          group,
          rowPartition,
          colPartition,
          firstChannel,
          channelCount,
          firstOutput,
          rows: channelCount * kernel,
          cols,
          unitColumn: group * plan.columns.length + colPartition,
        });
        firstOutput += cols;
      });
    }
    firstChannel += channelCount;
  });
  return arrays;
}

/** Calls visit(weightIndex, row, column) for every cell of the array, in the layer's weight layout. */
export function forEachCell(
  plan: MappedLayer,
  array: PhysicalArray,
  visit: (index: number, row: number, column: number) => void,
): void {
  const channels = groupInputChannels(plan.layer);
  const kernel = kernelSize(plan.layer);
  for (let o = 0; o < array.cols; o++) {
    const start = ((array.firstOutput + o) * channels + array.firstChannel) * kernel;
    for (let r = 0; r < array.rows; r++) visit(start + r, r, o);
  }
}

/** The array's cells of one plane, [row][column]. */
export function gatherArray(plan: MappedLayer, plane: Float64Array, array: PhysicalArray): Float64Array {
  const cells = new Float64Array(array.rows * array.cols);
  forEachCell(plan, array, (index, row, column) => (cells[row * array.cols + column] = plane[index]));
  return cells;
}

/** Writes [row][column] values of the array into a plane in the weight layout. */
export function scatterArray(
  plan: MappedLayer,
  values: Float64Array,
  array: PhysicalArray,
  into: Float64Array,
): void {
  forEachCell(plan, array, (index, row, column) => (into[index] = values[row * array.cols + column]));
}
