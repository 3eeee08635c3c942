// The per-array metrics a heatmap can colour by (docs/analog-model.md §8), with their names, units and meaning.
import type { ArrayStatistics } from '../../src-shared/api/api';

export type ArrayMetricKey = Exclude<
  keyof ArrayStatistics,
  'trial' | 'layer' | 'rowPartition' | 'colPartition' | 'slice'
>;

export interface ArrayMetric {
  key: ArrayMetricKey;
  label: string;
  /** Shown values are the stored ones times `scale`, followed by `unit`. */
  scale: number;
  unit: string;
  /** What the shown numbers measure, beside the label in legends and on axes (a plain ratio says so too). */
  unitName: string;
  help: string;
}

// Conductances and currents are in the normalised units of docs/analog-model.md §2: Gmax = 1, and an array output of
// 1 is one Gmax cell's current under a full-scale input (the full read voltage).
export const ARRAY_METRICS: readonly ArrayMetric[] = [
  {
    key: 'nrmsError',
    label: 'Normalized RMS error',
    scale: 100,
    unit: ' %',
    unitName: '% of the ideal RMS',
    help: 'RMS of (digitized − ideal partial sum) over RMS of the ideal partial sum.',
  },
  {
    key: 'clippedFraction',
    label: 'Clipped ADC fraction',
    scale: 100,
    unit: ' %',
    unitName: '% of ADC conversions',
    help: 'Share of the ADC conversions of the array’s columns that fell outside the ADC range.',
  },
  {
    key: 'progErrorRms',
    label: 'Programming error RMS',
    scale: 1,
    unit: ' Gmax',
    unitName: 'normalised, Gmax = 1',
    help: 'RMS of programmed − target conductance over the array’s cells.',
  },
  {
    key: 'meanConductance',
    label: 'Mean conductance',
    scale: 1,
    unit: ' Gmax',
    unitName: 'normalised, Gmax = 1',
    help: 'Mean programmed conductance of the array’s cells.',
  },
  {
    key: 'meanColumnCurrent',
    label: 'Mean column current',
    scale: 1,
    unit: ' Gmax·Vread',
    unitName: 'normalised, Gmax·Vread = 1',
    help: 'Mean |column output| before the ADC; 1 Gmax·Vread is one Gmax cell’s current at full-scale input.',
  },
  {
    key: 'irDrop',
    label: 'Worst IR drop',
    scale: 100,
    unit: ' %',
    unitName: '% of the read voltage',
    help: 'The largest share of the read voltage the wires take from a cell, with every row at full scale (needs R̂p > 0).',
  },
  {
    key: 'solverResidual',
    label: 'Wire solver residual',
    scale: 1,
    unit: '',
    unitName: 'relative, ‖b − K·x‖∞ / ‖b‖∞',
    help: 'Relative residual of the array’s nodal solves: how closely its currents satisfy Kirchhoff’s laws.',
  },
];

/** The metric's name with its unit, for legends, headings and axes. */
export function metricTitle(metric: ArrayMetric): string {
  return `${metric.label} (${metric.unitName})`;
}

/** A value in the metric's shown scale, to `digits` significant digits, without its unit (for axis ticks). */
export function metricNumber(metric: ArrayMetric, value: number, digits: number): number {
  return Number((value * metric.scale).toPrecision(digits));
}

/** A value as read, to `digits` significant digits; a metric that could not be computed reads "—". */
export function formatMetric(metric: ArrayMetric, value: number | null, digits = 4): string {
  if (value === null) return '—';
  return `${metricNumber(metric, value, digits)}${metric.unit}`;
}

/** The smallest and largest value present, or null when every value is missing. */
export function metricRange(values: readonly (number | null)[]): { min: number; max: number } | null {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return null;
  return { min: Math.min(...present), max: Math.max(...present) };
}
