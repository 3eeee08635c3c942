// Which past runs History lists: a run with the names it is shown under (its preset, mapping and swept values),
// and the search and filters over them.
import type { HardwareConfig, LifecycleState, RunInfo } from '../../src-shared/api/api';
import { displayValue, fieldLabel, flattenConfig, type FlatConfig } from '../lib/config-fields';

export interface HistoryRow {
  run: RunInfo;
  model: string;
  dataset: string;
  /** A preset's name when the config is that preset (apart from what its sweep point set), else "custom". */
  preset: string;
  /** The weight mapping: "differential, one-sided", "offset, unit-column, 8 slices"; "digital" without a config. */
  mapping: string;
  /** A sweep point's swept values ("ADC bits = 4, Mapping = offset"); '' for a run of its own. */
  point: string;
}

/** A preset as History compares configs with it. */
export interface FlatPreset {
  name: string;
  flat: FlatConfig;
}

export function flatPresets(presets: readonly { name: string; config: HardwareConfig }[]): FlatPreset[] {
  return presets.map(({ name, config }) => ({ name, flat: flattenConfig(config) }));
}

/**
 * The preset a run's config is: derived by comparing the config with every preset, so that runs from the CLI's
 * --preset, a sweep's "preset" axis or the builder's preset menu are named alike, and a config changed anywhere is
 * "custom". A sweep point counts as its base preset when only the fields it sweeps differ.
 */
export function presetOf(run: Pick<RunInfo, 'config' | 'point'>, presets: readonly FlatPreset[]): string {
  if (run.config === null) return 'digital';
  const swept = run.point ?? {};
  if (typeof swept.preset === 'string') return swept.preset;
  const unswept = (flat: FlatConfig) => Object.entries(flat).filter(([path]) => !(path in swept));
  const mine = JSON.stringify(unswept(flattenConfig(run.config)));
  return presets.find((preset) => JSON.stringify(unswept(preset.flat)) === mine)?.name ?? 'custom';
}

export function mappingOf(config: HardwareConfig | null): string {
  if (config === null) return 'digital';
  const { scheme, differential, offset, slices } = config.mapping;
  const parts: string[] = [scheme, scheme === 'differential' ? differential : offset];
  if (slices > 1) parts.push(`${slices} slices`);
  return parts.join(', ');
}

export function pointOf(point: Record<string, unknown> | null): string {
  return Object.entries(point ?? {})
    .map(([path, value]) => `${path === 'preset' ? 'Preset' : fieldLabel(path)} = ${displayValue(value)}`)
    .join(', ');
}

export interface HistoryFilter {
  search: string;
  state: LifecycleState | '';
  model: string;
  preset: string;
  /** Dates as a date input gives them (yyyy-mm-dd, local time); '' for no bound. */
  from: string;
  to: string;
}

export const NO_FILTER: HistoryFilter = { search: '', state: '', model: '', preset: '', from: '', to: '' };

export function matchesFilter(row: HistoryRow, filter: HistoryFilter): boolean {
  const created = new Date(row.run.createdAt).getTime();
  return (
    matchesSearch(row, filter.search) &&
    (!filter.state || row.run.state === filter.state) &&
    (!filter.model || row.model === filter.model) &&
    (!filter.preset || row.preset === filter.preset) &&
    (!filter.from || created >= startOfDay(filter.from)) &&
    // "to" includes the whole of that day.
    (!filter.to || created < startOfDay(filter.to, 1))
  );
}

function matchesSearch({ run, model, dataset, preset, mapping, point }: HistoryRow, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const sweep = run.sweepId === null ? [] : [`sweep ${run.sweepId}`];
  return [run.id, model, dataset, preset, mapping, point, ...sweep].some((text) =>
    text.toLowerCase().includes(needle),
  );
}

/** Local midnight of a yyyy-mm-dd date, `laterDays` on (by the calendar, so a DST change shifts nothing). */
function startOfDay(date: string, laterDays = 0): number {
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + laterDays);
  return day.getTime();
}
