// Balanced tiling of a layer's matrix into physical arrays (docs/analog-model.md §3, "Tiling").

/** Splits n into k parts differing by at most one, larger first (101 in 3 → 34, 34, 33). */
export function balancedSplit(n: number, parts: number): number[] {
  const base = Math.floor(n / parts);
  const larger = n % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < larger ? 1 : 0));
}

export interface RowTiling {
  /** Input channels (conv) or rows (gemm) per row partition. */
  channelsPerPartition: number[];
  /** Matrix rows per partition: channels × kernel size. */
  rowsPerPartition: number[];
}

/**
 * T = ⌈C_in / ⌊rowsMax / (K_h·K_w)⌋⌉ partitions of whole input channels; kernelSize 1 gives whole rows.
 * `extraRows` (an analog bias row) count toward every partition's limit.
 */
export function rowTiling(
  inputChannels: number,
  kernelSize: number,
  rowsMax: number,
  extraRows = 0,
): RowTiling {
  const channelsPerArray = Math.floor((rowsMax - extraRows) / kernelSize);
  if (channelsPerArray < 1) {
    throw new RangeError(
      `array.rowsMax ${rowsMax} is smaller than one kernel's ${kernelSize} rows` +
        (extraRows > 0 ? ` plus ${extraRows} bias row` : '') +
        `; raise array.rowsMax to at least ${kernelSize + extraRows}`,
    );
  }
  const channelsPerPartition = balancedSplit(inputChannels, Math.ceil(inputChannels / channelsPerArray));
  return { channelsPerPartition, rowsPerPartition: channelsPerPartition.map((c) => c * kernelSize) };
}

/** Output columns per column partition: ⌈cols / colsMax⌉ balanced parts. */
export function columnTiling(columns: number, colsMax: number): number[] {
  return balancedSplit(columns, Math.ceil(columns / colsMax));
}
