// Which past runs History lists: a run with the names it is shown under, and the search and filters over them.
import type { LifecycleState, RunInfo } from '../../src-shared/api/api';

export interface HistoryRow {
  run: RunInfo;
  model: string;
  dataset: string;
  /** A preset's name when the config equals it, "custom" otherwise, "digital" for a run without one. */
  preset: string;
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

function matchesSearch({ run, model, dataset, preset }: HistoryRow, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const sweep = run.sweepId === null ? [] : [`sweep ${run.sweepId}`];
  return [run.id, model, dataset, preset, ...sweep].some((text) => text.toLowerCase().includes(needle));
}

/** Local midnight of a yyyy-mm-dd date, `laterDays` on (by the calendar, so a DST change shifts nothing). */
function startOfDay(date: string, laterDays = 0): number {
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + laterDays);
  return day.getTime();
}
