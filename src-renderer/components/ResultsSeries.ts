// Comparison rows grouped into what the Results chart draws: one series per design (the values of the other
// parameters that differ across the runs), points placed on a numeric axis, or on category positions.
import type { ComparisonRow } from '../../src-shared/api/api';
import { displayValue, fieldLabel } from '../lib/config-fields';

/** Which accuracy the chart plots. */
export type Metric = 'top1' | 'top5';

export interface ResultPoint {
  row: ComparisonRow;
  /** The parameter's value, or its category's index when the values are not all numbers. */
  x: number;
  valueLabel: string;
}

export interface ResultSeries {
  label: string;
  points: ResultPoint[];
}

export interface ResultsPlot {
  series: ResultSeries[];
  /** Category names by index; null when the axis is numeric. */
  categories: string[] | null;
  /** The digital accuracy averaged over the runs. */
  /** top5 is null where a run's model has five classes or fewer. */
  digital: { top1: number; top5: number | null } | null;
}

/**
 * @param designOf the run's values at the other differing paths ([path, value] pairs), by run id
 */
export function buildPlot(
  rows: readonly ComparisonRow[],
  designOf: (runId: string) => [string, unknown][],
): ResultsPlot {
  const numeric = rows.length > 0 && rows.every((row) => typeof row.value === 'number');
  const categories = numeric ? null : sortedCategories(rows);
  const designs = new Map(rows.map((row) => [row.runId, designOf(row.runId)]));
  const named = namingPaths([...designs.values()]);
  const bySeries = new Map<string, ResultSeries & { design: [string, unknown][] }>();
  for (const row of rows) {
    const design = designs.get(row.runId)!.filter(([path]) => named.has(path));
    const key = JSON.stringify(design);
    if (!bySeries.has(key)) bySeries.set(key, { label: designLabel(design), design, points: [] });
    const valueLabel = displayValue(row.value);
    const x = categories ? categories.indexOf(valueLabel) : (row.value as number);
    bySeries.get(key)!.points.push({ row, x, valueLabel });
  }
  const series = [...bySeries.values()].sort((a, b) => compareDesigns(a.design, b.design));
  for (const { points } of series) points.sort((a, b) => a.x - b.x);
  return {
    series: series.map(({ label, points }) => ({ label, points })),
    categories,
    digital: meanDigital(rows),
  };
}

/**
 * The fewest paths, taken in field order, that tell the designs apart: runs picked from different presets differ
 * in a dozen fields, and a legend naming them all is unreadable.
 */
function namingPaths(designs: readonly [string, unknown][][]): Set<string> {
  const distinct = (paths: Set<string>) =>
    new Set(designs.map((design) => JSON.stringify(design.filter(([path]) => paths.has(path))))).size;
  const wanted = distinct(new Set(designs.flatMap((design) => design.map(([path]) => path))));
  const named = new Set<string>();
  for (const [path] of designs[0] ?? []) {
    if (distinct(named) === wanted) break;
    const before = distinct(named);
    named.add(path);
    if (distinct(named) === before) named.delete(path);
  }
  return named;
}

const collator = new Intl.Collator(undefined, { numeric: true });

/** Designs in the order of their values, field by field: numbers by size, anything else by its text. */
function compareDesigns(a: [string, unknown][], b: [string, unknown][]): number {
  for (const [index, [, value]] of a.entries()) {
    const other = b[index]?.[1];
    const order =
      typeof value === 'number' && typeof other === 'number'
        ? value - other
        : collator.compare(displayValue(value), displayValue(other));
    if (order !== 0) return order;
  }
  return 0;
}

function sortedCategories(rows: readonly ComparisonRow[]): string[] {
  return [...new Set(rows.map((row) => displayValue(row.value)))].sort(collator.compare);
}

function designLabel(design: [string, unknown][]): string {
  if (design.length === 0) return 'Analog';
  return design.map(([path, value]) => `${fieldLabel(path)} = ${displayValue(value)}`).join(', ');
}

function meanDigital(rows: readonly ComparisonRow[]): ResultsPlot['digital'] {
  if (rows.length === 0) return null;
  const mean = (pick: (row: ComparisonRow) => number) =>
    rows.reduce((sum, row) => sum + pick(row), 0) / rows.length;
  const top5Reported = rows.every((row) => row.digitalTop5 !== null);
  return {
    top1: mean((row) => row.digitalTop1),
    top5: top5Reported ? mean((row) => row.digitalTop5!) : null,
  };
}
