// What an evaluation tells whoever keeps its results: typed events, and the two questions it asks before it
// evaluates (which run record to write into, which ranges a calibration stored). The store keeps them on the main
// thread (`storeJournal`); a worker posts them there, so the only SQLite connection stays with the main thread.
import type { ArrayStatistics } from '../../sim/evaluate/array-statistics';
import { layerSummary } from '../../sim/evaluate/model-diagnostics';
import type { BatchResult, Json, Store, TrialKind } from '../../store';
import { createRunRecord, type NewRunRecord } from './run-record';

export type RunEvent =
  | { type: 'batch'; runId: string; batch: BatchResult }
  | { type: 'trial-finished'; runId: string; kind: TrialKind; trialIndex: number }
  | { type: 'array-statistics'; runId: string; trialIndex: number; arrays: ArrayStatistics[] }
  /** `ranges` measured now (stored under `key`), or null when those stored under `key` were reused. */
  | { type: 'calibration'; runId: string; key: string; ranges: Json | null }
  | { type: 'ended'; runId: string; state: 'finished' | 'cancelled' }
  | { type: 'failed'; runId: string; message: string };

/** A new run's record, or a run a killed process left interrupted, continued. */
export type RunStart = { record: NewRunRecord } | { resumeRunId: string };

export interface RunJournal {
  /** The run's id, and the analog trials a resumed run already finished (not evaluated again). */
  begin(start: RunStart): Promise<{ runId: string; finishedAnalogTrials: number[] }>;
  /** The ranges a calibration stored under `key`, as stored (the caller parses them), or undefined. */
  storedRanges(key: string): Promise<Json | undefined>;
  record(event: RunEvent): void;
}

/** The journal kept in the store itself: what in-process runs use and what the job queue applies workers' events to. */
export function storeJournal(store: Store): RunJournal {
  return {
    begin: async (start) => {
      const run =
        'record' in start ? createRunRecord(store, start.record) : store.runs.start(start.resumeRunId);
      const finishedAnalogTrials = store.runs
        .progress(run.id)
        .trials.filter((trial) => trial.kind === 'analog')
        .map((trial) => trial.trialIndex);
      return { runId: run.id, finishedAnalogTrials };
    },
    storedRanges: async (key) => store.calibrations.get(key)?.ranges,
    record: (event) => applyRunEvent(store, event),
  };
}

function applyRunEvent(store: Store, event: RunEvent): void {
  const { runId } = event;
  switch (event.type) {
    case 'batch':
      store.runs.recordBatch(runId, event.batch);
      return;
    case 'trial-finished':
      store.runs.finishTrial(runId, { kind: event.kind, trialIndex: event.trialIndex });
      return;
    case 'array-statistics':
      recordStatistics(store, runId, event.trialIndex, event.arrays);
      return;
    case 'calibration':
      if (event.ranges !== null) store.calibrations.put(event.key, event.ranges);
      store.runs.setCalibration(runId, event.key);
      return;
    case 'ended':
      if (event.state === 'finished') store.runs.finish(runId);
      else store.runs.cancel(runId);
      return;
    case 'failed':
      store.runs.fail(runId, event.message);
      return;
  }
}

function recordStatistics(store: Store, runId: string, trialIndex: number, arrays: ArrayStatistics[]): void {
  store.stats.recordArrays(
    runId,
    arrays.map(({ layer, rowPartition, colPartition, slice, ...metrics }) => ({
      trialIndex,
      layer,
      rowPartition,
      colPartition,
      slice,
      nrmsError: metrics.nrmsError,
      clippedFraction: metrics.clippedFraction,
      progErrorRms: metrics.progErrorRms,
      meanConductance: metrics.meanConductance,
      meanColumnCurrent: metrics.meanColumnCurrent,
      columnClipping: metrics.columnClipping,
      irDrop: metrics.irDrop,
      solverResidual: metrics.solverResidual,
    })),
  );
  const layers = [...new Set(arrays.map((a) => a.layer))];
  store.stats.recordLayers(
    runId,
    layers.map((layer) => ({
      trialIndex,
      layer,
      metrics: layerSummary(arrays.filter((a) => a.layer === layer)),
    })),
  );
}
