// The "run" use case: the digital baseline and, with a hardware config, T analog trials; every batch is stored.
import { availableParallelism } from 'node:os';
import { ConfigError } from '../../../src-shared/config/fields';
import type { RunStep } from '../../../src-shared/api/jobs';
import { calibratesRanges, type HardwareConfig } from '../../../src-shared/config/hardware';
import {
  openDataset,
  selectCalibrationAndTest,
  selectSubset,
  TensorCache,
  type Dataset,
  type DatasetItem,
} from '../../data';
import { wholeRunsBatchSize } from '../../sim/evaluate/image-chunks';
import { trialsToRun } from '../../sim/devices/trial-randomness';
import {
  checkInputFits,
  createModelSession,
  readModelFile,
  type ModelSession,
} from '../../sim/evaluate/model-session';
import type { Store } from '../../store';
import { runAnalogPhase } from './analog-phase';
import { classFit } from './class-fit';
import { resolveRunInputs } from './resolve-inputs';
import type { RunRequest } from './run-request';
import { newRunRecord } from './run-record';
import { storeJournal, type RunJournal } from './run-journal';
import { summarizeRun, type RunSummary } from './run-summary';
import type { PauseGate } from '../../jobs/pause-gate';
import { scorePass, type PassImages } from './score-pass';

export type { RunSummary } from './run-summary';

/** Enough positions for stable per-array statistics at little cost beside the run (§8). */
const DEFAULT_STATISTICS_IMAGES = 32;

export interface RunProgressEvent {
  runId: string;
  phase: 'digital' | 'analog';
  trial: number;
  imagesDone: number;
  imagesTotal: number;
  /** The step under way between image batches (mapping, calibration, …), or null while images are evaluated. */
  step: RunStep | null;
}

export interface RunOptions {
  cacheDir: string;
  /** The tensor cache's cap in bytes; its default when omitted. */
  cacheMaxBytes?: number;
  onProgress?: (event: RunProgressEvent) => void;
  /** Aborting stops after the current batch and records the run as cancelled. */
  signal?: AbortSignal;
  /** A paused run holds between batches. */
  pauseGate?: PauseGate;
  batchSize?: number;
  intraOpThreads?: number;
  /**
   * Continue this stored run (interrupted by a killed process) instead of creating one: the request must be
   * the one it was created with (`storedRunRequest`); finished trials are kept and not evaluated again.
   */
  resumeRunId?: string;
}

const DEFAULT_BATCH_SIZE = 32;
const DEFAULT_CALIBRATION_IMAGES = 100;

/** A run in this process, kept in `store`; its summary read back from it. */
export async function evaluateRun(
  store: Store,
  request: RunRequest,
  options: RunOptions,
): Promise<RunSummary> {
  const { runId, modelFile, dataRoot } = await evaluateRunInto(storeJournal(store), request, options);
  return summarizeRun(store, runId, modelFile, dataRoot);
}

/** Evaluates the run and tells `journal` everything it finds; returns the run's id once its end is told. */
export async function evaluateRunInto(
  journal: RunJournal,
  request: RunRequest,
  options: RunOptions,
): Promise<{ runId: string; state: 'finished' | 'cancelled'; modelFile: string; dataRoot: string }> {
  const inputs = resolveRunInputs(request);
  const config = request.config ?? null;
  const threads = options.intraOpThreads ?? availableParallelism();
  const modelBytes = await readModelFile(inputs.modelFile);
  const model = await createModelSession(inputs.modelFile, modelBytes, {
    intraOpThreads: threads,
    outputName: inputs.outputName,
  });
  // The digital session goes as soon as its pass is done: its weights and buffers are not the analog phase's.
  let released: Promise<void> | null = null;
  const releaseDigital = () => (released ??= model.session.release());
  try {
    checkInputFits(model, inputs.preprocess);
    const dataset = await openDataset(inputs.dataDir, {
      labelsFile: inputs.labelsFile,
      layout: inputs.layout,
    });
    const fit = classFit(model, dataset);
    const { test, calibration } = chooseImages(dataset, request, config);
    const requestedTrials = request.trials ?? 1;
    const trials = config ? trialsToRun(config, requestedTrials) : requestedTrials;
    const warnings = [...fit.warnings];
    if (trials < requestedTrials) {
      warnings.push(
        `no non-ideality of this config is random (programming error, read noise, drift spread): its ` +
          `${requestedTrials} trials would be identical, so one was run`,
      );
    }
    const started = await journal.begin(
      options.resumeRunId
        ? { resumeRunId: options.resumeRunId }
        : {
            record: newRunRecord(
              {
                request,
                inputs,
                dataset,
                model,
                modelBytes,
                config,
                trials,
                images: {
                  count: test.length,
                  sample: request.sample,
                  seed: request.subsetSeeds?.test ?? request.seed,
                  classesCovered: new Set(test.map((item) => item.label)).size,
                  classesInDataset: new Set(dataset.items.map((item) => item.label)).size,
                },
                calibrationCount: calibration.length,
                modelOutputs: fit.outputs,
                sweepPoint: request.sweepPoint,
              },
              warnings,
            ),
          },
    );
    const { runId } = started;
    const images = {
      items: test,
      preprocess: inputs.preprocess,
      cache: new TensorCache(options.cacheDir, { maxBytes: options.cacheMaxBytes }),
      // A fixed-batch model is fed in runs of its batch (runLogits, calibration, statistics): whole runs per batch.
      batchSize: wholeRunsBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE, model.inputShape[0] ?? null),
      signal: options.signal,
      pauseGate: options.pauseGate,
    };
    const total = test.length * (1 + (config ? trials : 0));
    const finishedTrials = new Set(started.finishedAnalogTrials);
    let done = test.length * finishedTrials.size;
    const progress = (
      phase: RunProgressEvent['phase'],
      trial: number,
      count: number,
      step: RunStep | null,
    ) => {
      done += count;
      options.onProgress?.({ runId, phase, trial, imagesDone: done, imagesTotal: total, step });
    };
    try {
      const digital = await runDigitalPhase(journal, runId, model, images, dataset, (count) =>
        progress('digital', 0, count, null),
      );
      await releaseDigital();
      let completed = digital.completed;
      if (completed && config) {
        completed = await runAnalogPhase(
          journal,
          runId,
          {
            config,
            modelFile: inputs.modelFile,
            modelBytes,
            outputName: model.outputName,
            calibrationItems: calibration,
            trials,
            finishedTrials,
            seed: request.seed,
            intraOpThreads: threads,
            digitalPredictions: digital.predictions,
            statisticsImages: Math.min(request.statisticsImages ?? DEFAULT_STATISTICS_IMAGES, test.length),
            onImages: (count, trial) => progress('analog', trial, count, null),
            onStep: (step, trial) => progress('analog', trial, 0, step),
          },
          images,
        );
      }
      const state = completed ? 'finished' : 'cancelled';
      journal.record({ type: 'ended', runId, state });
      return { runId, state, modelFile: inputs.modelFile, dataRoot: dataset.root };
    } catch (error) {
      journal.record({
        type: 'failed',
        runId,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  } finally {
    await releaseDigital();
  }
}

/** The digital baseline over the test images; returns its top-1 classes for the analog agreement metric. */
async function runDigitalPhase(
  journal: RunJournal,
  runId: string,
  model: ModelSession,
  images: PassImages,
  dataset: Dataset,
  onImages: (count: number) => void,
): Promise<{ completed: boolean; predictions: Int32Array }> {
  const predictions = new Int32Array(images.items.length);
  let first = 0;
  const completed = await scorePass(model, images, (score, batch, batchIndex) => {
    predictions.set(score.predictions, first);
    first += score.images;
    journal.record({
      type: 'batch',
      runId,
      batch: {
        kind: 'digital',
        trialIndex: 0,
        batchIndex,
        images: score.images,
        correctTop1: score.correctTop1,
        correctTop5: score.correctTop5,
        skipped: batchIndex === 0 ? [...dataset.skipped, ...batch.skipped] : batch.skipped,
      },
    });
    onImages(batch.labels.length + batch.skipped.length);
  });
  if (completed) journal.record({ type: 'trial-finished', runId, kind: 'digital', trialIndex: 0 });
  return { completed, predictions: predictions.subarray(0, first) };
}

/** The test images and, when the config's ranges need it, a disjoint calibration subset (§6). */
function chooseImages(
  dataset: Dataset,
  request: RunRequest,
  config: HardwareConfig | null,
): { test: DatasetItem[]; calibration: DatasetItem[] } {
  const available = dataset.items.length;
  const seeds = request.subsetSeeds ?? { test: request.seed, calibration: request.seed + 1 };
  if (!config || !calibratesRanges(config)) {
    const count = request.limit ?? available;
    return {
      test: selectSubset(dataset.items, { count, sample: request.sample, seed: seeds.test }),
      calibration: [],
    };
  }
  const wanted = request.calibrationCount ?? Math.min(DEFAULT_CALIBRATION_IMAGES, Math.floor(available / 10));
  const testCount = request.limit ?? available - wanted;
  const calibrationCount = request.calibrationCount ?? Math.min(wanted, available - testCount);
  if (calibrationCount < 1) {
    throw new ConfigError(
      `no images are left for calibration: the dataset has ${available} and the test subset takes ${testCount}; ` +
        'lower --limit so that calibration images remain',
    );
  }
  return selectCalibrationAndTest(dataset.items, {
    test: { count: testCount, sample: request.sample, seed: seeds.test },
    calibration: { count: calibrationCount, sample: 'random', seed: seeds.calibration },
  });
}
