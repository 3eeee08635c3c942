// Global drift compensation (docs/analog-model.md §4): each array's output is rescaled by the ratio of its cells'
// summed conductance before and after drift, which is what an all-ones input measures.
import { outputChannels } from './matrix-layer';
import type { MappedLayer } from './layer-plan';
import { forEachCell, physicalArrays, type PhysicalArray } from './physical-arrays';

interface Cells {
  planes: Float64Array[];
  unitCells: Float64Array[];
}

/** Per row partition, per output channel: Σ G before drift / Σ G after drift over that channel's array. */
export function compensationFactors(plan: MappedLayer, before: Cells, after: Cells): Float64Array[] {
  const factors = plan.rows.channelsPerPartition.map(() => new Float64Array(outputChannels(plan.layer)));
  for (const array of physicalArrays(plan)) {
    const ratio = sumOf(plan, before, array) / sumOf(plan, after, array);
    factors[array.rowPartition].fill(
      Number.isFinite(ratio) ? ratio : 1,
      array.firstOutput,
      array.firstOutput + array.cols,
    );
  }
  return factors;
}

function sumOf(plan: MappedLayer, cells: Cells, array: PhysicalArray): number {
  let sum = 0;
  for (const plane of cells.planes) forEachCell(plan, array, (index) => (sum += plane[index]));
  const unitCells = cells.unitCells[array.rowPartition];
  if (unitCells) {
    for (let r = array.unitColumn * array.rows; r < (array.unitColumn + 1) * array.rows; r++)
      sum += unitCells[r];
  }
  return sum;
}
