// Balanced tiling of a layer's rows (inputs) and columns (outputs) into physical arrays (§3 "Tiling").

/** A contiguous run of layer indices held by one partition. */
export interface IndexRange {
  start: number;
  size: number;
}

/**
 * ⌈count / maxPerPart⌉ partitions whose sizes differ by at most one, larger ones first
 * (README "Tiling": 101 rows, rowsMax 40 → 34, 34, 33). A single MVM's matrix is Gemm-shaped: single rows.
 */
export function balancedPartitions(count: number, maxPerPart: number): IndexRange[] {
  const partCount = Math.ceil(count / maxPerPart);
  const smallSize = Math.floor(count / partCount);
  const largeCount = count - smallSize * partCount;
  const partitions: IndexRange[] = [];
  let start = 0;
  for (let part = 0; part < partCount; part++) {
    const size = part < largeCount ? smallSize + 1 : smallSize;
    partitions.push({ start, size });
    start += size;
  }
  return partitions;
}

/** The layer indices start … start + size − 1 of a partition. */
export function rangeIndices(range: IndexRange): number[] {
  return Array.from({ length: range.size }, (_, offset) => range.start + offset);
}
