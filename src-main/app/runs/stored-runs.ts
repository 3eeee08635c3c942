// Runs and sweeps read back from the store for `crossbar runs`, `show` and `export` (docs/cli.md "Others").
import { ConfigError, parseWith } from '../../../src-shared/config/fields';
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { parseSweepSpec } from '../../../src-shared/config/sweep-spec';
import type { JsonObject, Run, Store } from '../../store';
import { summarizeRun, type RunSummary } from './run-summary';

/** Parsed, not cast: a run stored before a config field existed reads with that field's default. */
export function storedRunConfig(run: Run): HardwareConfig | null {
  return run.config === null
    ? null
    : parseWith(hardwareSchema, run.config, `the config stored with run ${run.id}`);
}

/** A stored run with what it was run on and what it reported (accuracies once trials finished). */
export interface StoredRun {
  run: Run;
  summary: RunSummary;
}

export function storedRun(store: Store, runId: string): StoredRun {
  const run = store.runs.get(runId);
  if (!run) throw new ConfigError(`no run ${JSON.stringify(runId)} in this store`);
  const model = store.models.get(run.modelId)?.path ?? `model ${run.modelId}`;
  const dataset = store.datasets.get(run.datasetId)?.root ?? `dataset ${run.datasetId}`;
  return { run, summary: summarizeRun(store, runId, model, dataset) };
}

/** One row per point of a sweep that has a run, in the grid's order: its parameters, run and accuracies. */
export function sweepTable(store: Store, sweepId: number): Table {
  const sweep = store.sweeps.get(sweepId);
  if (!sweep) throw new ConfigError(`no sweep ${sweepId} in this store`);
  const { points } = parseSweepSpec(sweep.spec, `sweep ${sweepId}`);
  const runs = points.flatMap((point) => store.sweeps.pointRun(sweepId, point.params as JsonObject) ?? []);
  return runsTable(store, runs);
}

export interface Table {
  columns: string[];
  rows: (string | number | null)[][];
}

/** One row per run: its sweep parameters (if any), state and accuracies. */
export function runsTable(store: Store, runs: readonly Run[]): Table {
  const paramNames = [...new Set(runs.flatMap((run) => Object.keys(run.point ?? {})))];
  const columns = [
    ...paramNames,
    'runId',
    'state',
    'images',
    'digitalTop1',
    'digitalTop5',
    'analogTrials',
    'analogTop1Mean',
    'analogTop1Std',
    'analogTop1Ci95Low',
    'analogTop1Ci95High',
    'analogTop5Mean',
    'agreementTop1Mean',
    'sweepId',
  ];
  const rows = runs.map((run) => {
    const { summary } = storedRun(store, run.id);
    const analog = summary.analog;
    const value = (v: unknown) =>
      typeof v === 'number' || typeof v === 'string' ? v : v === undefined ? null : JSON.stringify(v);
    return [
      ...paramNames.map((name) => value(run.point?.[name])),
      run.id,
      run.state,
      summary.images,
      summary.digital.top1,
      summary.digital.top5,
      analog?.trials.length ?? 0,
      analog?.top1Mean ?? null,
      analog?.top1Std ?? null,
      analog?.top1Ci95[0] ?? null,
      analog?.top1Ci95[1] ?? null,
      analog?.top5Mean ?? null,
      analog?.agreementTop1Mean ?? null,
      run.sweepId,
    ];
  });
  return { columns, rows };
}

/** A table as JSON objects, one per row. */
export function tableObjects({ columns, rows }: Table): Record<string, string | number | null>[] {
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
}
