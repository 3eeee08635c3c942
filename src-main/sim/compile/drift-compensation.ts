// Global drift compensation (analog-model.md §4): each array's output is rescaled by the ratio of its cells'
// summed conductance before and after drift, which is what an all-ones input measures.
import { groupInputChannels, kernelSize, outputChannels } from './matrix-layer';
import type { MappedLayer } from './layer-plan';

interface Cells {
  planes: Float64Array[];
  unitCells: Float64Array[];
}

/** One physical array: a row partition's channels, a run of output columns, and its unit column (if any). */
interface ArrayCells {
  partition: number;
  firstChannel: number;
  channelCount: number;
  firstColumn: number;
  columnCount: number;
  unitColumn: number;
}

/** Per row partition, per output channel: Σ G before drift / Σ G after drift over that channel's array. */
export function compensationFactors(plan: MappedLayer, before: Cells, after: Cells): Float64Array[] {
  const { layer } = plan;
  const perGroup = outputChannels(layer) / layer.group;
  let firstChannel = 0;
  return plan.rows.channelsPerPartition.map((channelCount, partition) => {
    const factors = new Float64Array(outputChannels(layer));
    for (let group = 0; group < layer.group; group++) {
      let firstColumn = group * perGroup;
      plan.columns.forEach((columnCount, c) => {
        const cells = {
          partition,
          firstChannel,
          channelCount,
          firstColumn,
          columnCount,
          unitColumn: group * plan.columns.length + c,
        };
        const ratio = sumOf(plan, before, cells) / sumOf(plan, after, cells);
        factors.fill(Number.isFinite(ratio) ? ratio : 1, firstColumn, firstColumn + columnCount);
        firstColumn += columnCount;
      });
    }
    firstChannel += channelCount;
    return factors;
  });
}

function sumOf(plan: MappedLayer, cells: Cells, array: ArrayCells): number {
  const channels = groupInputChannels(plan.layer);
  const kernel = kernelSize(plan.layer);
  let sum = 0;
  for (const plane of cells.planes) {
    for (let o = array.firstColumn; o < array.firstColumn + array.columnCount; o++) {
      const start = (o * channels + array.firstChannel) * kernel;
      for (let i = start; i < start + array.channelCount * kernel; i++) sum += plane[i];
    }
  }
  const unitCells = cells.unitCells[array.partition];
  if (unitCells) {
    const rows = array.channelCount * kernel;
    for (let r = array.unitColumn * rows; r < (array.unitColumn + 1) * rows; r++) sum += unitCells[r];
  }
  return sum;
}
