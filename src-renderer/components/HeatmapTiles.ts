// A run's arrays grouped as the heatmap draws them: one entry per layer, in the order the API lists them, each a
// grid per weight slice of row partitions (down) × column partitions (across); and moving between the squares.
import type { ArrayStatistics } from '../../src-shared/api/api';
import type { ArrayMetricKey } from './HeatmapMetrics';

export interface LayerTiles {
  layer: string;
  rowPartitions: number;
  colPartitions: number;
  /** grids[slice][rowPartition][colPartition]: the array there, or null where no statistics were stored. */
  grids: (ArrayStatistics | null)[][][];
  arrays: ArrayStatistics[];
}

/** Which array of a run: its layer, partitions and weight slice. */
export type ArrayPlace = Pick<ArrayStatistics, 'layer' | 'rowPartition' | 'colPartition' | 'slice'>;

export interface TilePosition {
  slice: number;
  row: number;
  col: number;
}

export function tileLayers(arrays: readonly ArrayStatistics[]): LayerTiles[] {
  const byLayer = new Map<string, ArrayStatistics[]>();
  for (const array of arrays) byLayer.set(array.layer, [...(byLayer.get(array.layer) ?? []), array]);
  return [...byLayer].map(([layer, list]) => {
    const count = (key: 'slice' | 'rowPartition' | 'colPartition') =>
      1 + Math.max(...list.map((a) => a[key]));
    const [slices, rowPartitions, colPartitions] = [
      count('slice'),
      count('rowPartition'),
      count('colPartition'),
    ];
    const grids = Array.from({ length: slices }, () =>
      Array.from({ length: rowPartitions }, () =>
        new Array<ArrayStatistics | null>(colPartitions).fill(null),
      ),
    );
    for (const array of list) grids[array.slice][array.rowPartition][array.colPartition] = array;
    return { layer, rowPartitions, colPartitions, grids, arrays: list };
  });
}

/** The grids' directions (and the side-by-side grids of weight slices), said once above every layer. */
export function gridAxes(tiles: readonly LayerTiles[]): string {
  const sliced = tiles.some((layer) => layer.grids.length > 1);
  return `Arrays: row partition ↓ × column partition →${sliced ? ', one grid per weight slice' : ''}`;
}

/** The mean of a metric over the layer's arrays that have it; null when none has. */
export function layerMean(tiles: LayerTiles, key: ArrayMetricKey): number | null {
  const values = tiles.arrays.map((array) => array[key]).filter((value): value is number => value !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The positions of the layer's arrays in reading order: slice by slice, row by row, left to right. */
export function positions(tiles: LayerTiles): TilePosition[] {
  return tiles.grids.flatMap((grid, slice) =>
    grid.flatMap((cells, row) => cells.flatMap((array, col) => (array ? [{ slice, row, col }] : []))),
  );
}

/**
 * Where an arrow key (or Home/End) moves from `at` within a layer: across a row, on into the next slice's grid
 * at its edge; up and down a column. Null where there is no array (an edge, or missing statistics).
 */
export function neighbour(tiles: LayerTiles, at: TilePosition, key: string): TilePosition | null {
  const acrossTo = (delta: number): TilePosition => {
    const col = at.col + delta;
    if (col >= 0 && col < tiles.colPartitions) return { ...at, col };
    return { ...at, slice: at.slice + delta, col: delta > 0 ? 0 : tiles.colPartitions - 1 };
  };
  const moves: Record<string, () => TilePosition | undefined> = {
    ArrowRight: () => acrossTo(1),
    ArrowLeft: () => acrossTo(-1),
    ArrowDown: () => ({ ...at, row: at.row + 1 }),
    ArrowUp: () => ({ ...at, row: at.row - 1 }),
    Home: () => positions(tiles)[0],
    End: () => positions(tiles).at(-1),
  };
  const target = moves[key]?.();
  return target && tiles.grids[target.slice]?.[target.row]?.[target.col] ? target : null;
}
