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

/** The digital accuracy of the runs on one image set (same model, images and preprocessing), averaged. */
export interface DigitalBaseline {
  key: string;
  /** "A", "B", …: how the legend tells image sets apart when there are several. */
  name: string;
  /** What the images are, in words. */
  label: string;
  top1: number;
  /** null where a run's model has five classes or fewer. */
  top5: number | null;
  runs: number;
}

export interface ResultsPlot {
  series: ResultSeries[];
  /** Category names by index; null when the axis is numeric. */
  categories: string[] | null;
  /**
   * One per image set, in order of first appearance: runs on different images have different digital accuracies,
   * and one line averaged across them would belong to none.
   */
  baselines: DigitalBaseline[];
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
  const baselines = digitalBaselines(rows);
  const setName = new Map(baselines.map((baseline) => [baseline.key, baseline.name]));
  const bySeries = new Map<string, ResultSeries & { design: [string, unknown][]; set: string }>();
  for (const row of rows) {
    const design = designs.get(row.runId)!.filter(([path]) => named.has(path));
    // Points on different image sets are never joined into one line.
    const set = baselines.length > 1 ? setName.get(row.imageSet.key)! : '';
    const key = JSON.stringify([design, set]);
    if (!bySeries.has(key)) {
      const label = set ? `${designLabel(design)} · image set ${set}` : designLabel(design);
      bySeries.set(key, { label, design, set, points: [] });
    }
    const valueLabel = displayValue(row.value);
    const x = categories ? categories.indexOf(valueLabel) : (row.value as number);
    bySeries.get(key)!.points.push({ row, x, valueLabel });
  }
  const series = [...bySeries.values()].sort(
    (a, b) => compareDesigns(a.design, b.design) || a.set.localeCompare(b.set),
  );
  for (const { points } of series) points.sort((a, b) => a.x - b.x);
  return {
    series: series.map(({ label, points }) => ({ label, points })),
    categories,
    baselines,
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

function digitalBaselines(rows: readonly ComparisonRow[]): DigitalBaseline[] {
  const bySet = new Map<string, ComparisonRow[]>();
  for (const row of rows) bySet.set(row.imageSet.key, [...(bySet.get(row.imageSet.key) ?? []), row]);
  return [...bySet.values()].map((members, index) => {
    const mean = (pick: (row: ComparisonRow) => number) =>
      members.reduce((sum, row) => sum + pick(row), 0) / members.length;
    return {
      key: members[0].imageSet.key,
      name: String.fromCharCode(65 + (index % 26)) + (index >= 26 ? String(Math.floor(index / 26)) : ''),
      label: members[0].imageSet.label,
      top1: mean((row) => row.digitalTop1),
      top5: members.every((row) => row.digitalTop5 !== null) ? mean((row) => row.digitalTop5!) : null,
      runs: members.length,
    };
  });
}
