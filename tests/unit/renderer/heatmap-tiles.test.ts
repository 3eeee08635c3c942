import { describe, expect, it } from 'vitest';
import type { ArrayStatistics } from '../../../src-shared/api/api';
import {
  gridAxes,
  layerMean,
  neighbour,
  positions,
  tileLayers,
} from '../../../src-renderer/components/HeatmapTiles';
import {
  formatMetric,
  metricRange,
  metricTitle,
  ARRAY_METRICS,
} from '../../../src-renderer/components/HeatmapMetrics';

const array = (
  layer: string,
  rowPartition: number,
  colPartition: number,
  slice: number,
  nrmsError: number | null,
) =>
  ({
    trial: 0,
    layer,
    rowPartition,
    colPartition,
    slice,
    nrmsError,
    clippedFraction: 0,
    progErrorRms: 0,
    meanConductance: 0,
    meanColumnCurrent: 0,
    irDrop: null,
    solverResidual: null,
  }) satisfies ArrayStatistics;

// Layer "b" first, as the API might list it; "b" has 2 row × 2 column partitions and 2 slices, one array missing.
const ARRAYS = [
  array('b', 0, 0, 0, 0.1),
  array('b', 0, 0, 1, 0.2),
  array('b', 0, 1, 0, 0.3),
  array('b', 0, 1, 1, null),
  array('b', 1, 0, 0, 0.5),
  array('b', 1, 0, 1, 0.6),
  array('b', 1, 1, 1, 0.8),
  array('a', 0, 0, 0, 0.4),
];

describe('tileLayers', () => {
  it('keeps the layers in the order listed and places each array on its slice grid', () => {
    const [b, a] = tileLayers(ARRAYS);
    expect([b.layer, a.layer]).toEqual(['b', 'a']);
    expect([b.grids.length, b.rowPartitions, b.colPartitions]).toEqual([2, 2, 2]);
    expect(b.grids[1][0][0]?.nrmsError).toBe(0.2);
    expect(b.grids[0][1][1]).toBeNull();
    expect(a.grids).toEqual([[[ARRAYS[7]]]]);
  });

  it('averages a metric over the arrays that have it', () => {
    const [b, a] = tileLayers(ARRAYS);
    expect(layerMean(b, 'nrmsError')).toBeCloseTo((0.1 + 0.2 + 0.3 + 0.5 + 0.6 + 0.8) / 6);
    expect(layerMean(tileLayers([array('c', 0, 0, 0, null)])[0], 'nrmsError')).toBeNull();
    expect(layerMean(a, 'nrmsError')).toBe(0.4);
  });

  it('names the grids’ axes, and the slice grids only where a layer has several', () => {
    expect(gridAxes(tileLayers(ARRAYS))).toBe(
      'Arrays: row partition ↓ × column partition →, one grid per weight slice',
    );
    expect(gridAxes(tileLayers([ARRAYS[7]]))).toBe('Arrays: row partition ↓ × column partition →');
  });
});

describe('moving between squares', () => {
  const [b] = tileLayers(ARRAYS);

  it('lists the present arrays in reading order, slice by slice', () => {
    expect(positions(b)).toEqual([
      { slice: 0, row: 0, col: 0 },
      { slice: 0, row: 0, col: 1 },
      { slice: 0, row: 1, col: 0 },
      { slice: 1, row: 0, col: 0 },
      { slice: 1, row: 0, col: 1 },
      { slice: 1, row: 1, col: 0 },
      { slice: 1, row: 1, col: 1 },
    ]);
  });

  it('moves across a row into the next slice and back, and up and down a column', () => {
    expect(neighbour(b, { slice: 0, row: 0, col: 0 }, 'ArrowRight')).toEqual({ slice: 0, row: 0, col: 1 });
    expect(neighbour(b, { slice: 0, row: 0, col: 1 }, 'ArrowRight')).toEqual({ slice: 1, row: 0, col: 0 });
    expect(neighbour(b, { slice: 1, row: 0, col: 0 }, 'ArrowLeft')).toEqual({ slice: 0, row: 0, col: 1 });
    expect(neighbour(b, { slice: 0, row: 0, col: 0 }, 'ArrowDown')).toEqual({ slice: 0, row: 1, col: 0 });
    expect(neighbour(b, { slice: 1, row: 1, col: 1 }, 'ArrowUp')).toEqual({ slice: 1, row: 0, col: 1 });
  });

  it('stays put at an edge, on a missing array and for other keys', () => {
    expect(neighbour(b, { slice: 0, row: 0, col: 0 }, 'ArrowLeft')).toBeNull();
    expect(neighbour(b, { slice: 1, row: 1, col: 1 }, 'ArrowRight')).toBeNull();
    expect(neighbour(b, { slice: 0, row: 1, col: 0 }, 'ArrowDown')).toBeNull();
    expect(neighbour(b, { slice: 0, row: 1, col: 0 }, 'ArrowRight')).toBeNull();
    expect(neighbour(b, { slice: 0, row: 0, col: 0 }, 'a')).toBeNull();
  });

  it('goes to the first and the last array with Home and End', () => {
    expect(neighbour(b, { slice: 0, row: 1, col: 0 }, 'Home')).toEqual({ slice: 0, row: 0, col: 0 });
    expect(neighbour(b, { slice: 0, row: 0, col: 0 }, 'End')).toEqual({ slice: 1, row: 1, col: 1 });
  });
});

describe('metric values', () => {
  const [nrms, clipped] = ARRAY_METRICS;

  it('reads with their unit and significant digits, and "—" when missing', () => {
    expect(formatMetric(nrms, 0.0123456)).toBe('1.235 %');
    expect(formatMetric(clipped, 0.0012345, 3)).toBe('0.123 %');
    expect(formatMetric(nrms, null)).toBe('—');
  });

  it('each say what their numbers measure, conductances and currents in normalised units', () => {
    expect(ARRAY_METRICS.every((metric) => metric.unitName.length > 0)).toBe(true);
    const byKey = Object.fromEntries(ARRAY_METRICS.map((metric) => [metric.key, metric]));
    expect(metricTitle(byKey.meanConductance)).toBe('Mean conductance (normalised, Gmax = 1)');
    expect(formatMetric(byKey.meanColumnCurrent, 2.5)).toBe('2.5 Gmax·Vread');
    expect(formatMetric(byKey.irDrop, 0.0123)).toBe('1.23 %');
  });

  it('range over the values present', () => {
    expect(metricRange([0.3, null, -1, 2])).toEqual({ min: -1, max: 2 });
    expect(metricRange([null])).toBeNull();
  });
});
