// Results across runs: accuracy against a config parameter, and tables exported as CSV or JSON.
import type { ComparisonRow, ExportedFile } from '../../../src-shared/api/api';
import { valueAt } from '../../../src-shared/config/config-paths';
import type { Run, Store } from '../../store';
import { AppError } from '../app-error';
import { toCsv } from '../../../src-shared/csv';
import { runsTable, sweepTable, tableObjects, type Table } from '../runs/stored-runs';
import { imageSetOf } from '../runs/image-set';
import { summarizeRun } from '../runs/run-summary';
import { defineMethods } from './methods';
import { storedRunConfig } from '../runs/stored-runs';

export const resultMethods = defineMethods({
  'compare.accuracy': ({ runIds, parameter }, { store }) =>
    storedRuns(store, runIds).map((run): ComparisonRow => {
      const summary = summarizeRun(store, run.id, '', '');
      const { digital, analog } = summary;
      return {
        runId: run.id,
        sweepId: run.sweepId,
        value: valueAt(storedRunConfig(run), parameter) ?? null,
        digitalTop1: digital.top1,
        digitalTop5: digital.top5,
        analogTop1Mean: analog?.top1Mean ?? null,
        analogTop1Std: analog?.top1Std ?? null,
        analogTop1Ci95: analog?.top1Ci95 ?? null,
        analogTop5Mean: analog?.top5Mean ?? null,
        trials: analog?.trials.length ?? 0,
        imageSet: imageSetOf(store, run, summary),
      };
    }),
  'export.sweep': ({ sweepId, format }, { store }) => {
    if (!store.sweeps.get(sweepId)) throw new AppError('not-found', `there is no sweep ${sweepId}`);
    return exported(`sweep-${sweepId}`, sweepTable(store, sweepId), format);
  },
  'export.runs': ({ runIds, format }, { store }) =>
    exported('runs', runsTable(store, storedRuns(store, runIds)), format),
});

function storedRuns(store: Store, runIds: readonly string[]): Run[] {
  return runIds.map((runId) => {
    const run = store.runs.get(runId);
    if (!run) throw new AppError('not-found', `there is no run ${runId}`);
    return run;
  });
}

function exported(name: string, table: Table, format: 'csv' | 'json'): ExportedFile {
  return format === 'csv'
    ? {
        fileName: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
        text: toCsv(table.columns, table.rows),
      }
    : {
        fileName: `${name}.json`,
        contentType: 'application/json',
        text: `${JSON.stringify({ rows: tableObjects(table) }, null, 2)}\n`,
      };
}
