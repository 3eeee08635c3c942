// The analog part of a run: calibrate, compile once, then T Monte-Carlo trials that re-program the cells (§8, §11).
import type { RunStep } from '../../../src-shared/api/jobs';
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { loadBatches, type DatasetItem } from '../../data';
import { AnalogModel } from '../../sim/evaluate/analog-model';
import type { ModelSession } from '../../sim/evaluate/model-session';
import type { ImageBatch } from '../../sim/evaluate/image-chunks';
import { calibratedPlans } from './calibration';
import type { RunJournal } from './run-journal';
import { scorePass, type PassImages } from './score-pass';

export interface AnalogPhase {
  config: HardwareConfig;
  modelFile: string;
  modelBytes: Uint8Array;
  /** The digital run's classification output, read from the analog model too. */
  outputName: string;
  calibrationItems: readonly DatasetItem[];
  trials: number;
  /** Trials a resumed run already finished: not evaluated again. */
  finishedTrials: ReadonlySet<number>;
  seed: number;
  intraOpThreads: number;
  /** The digital model's top-1 class per test image, in item order, for the agreement metric. */
  digitalPredictions: Int32Array;
  /** The first test images, on which every trial's per-array statistics are computed (0: none). */
  statisticsImages: number;
  onImages: (count: number, trial: number) => void;
  /** A step that evaluates no images (mapping, calibration, …) has advanced; `trial` is the one it serves. */
  onStep: (step: RunStep, trial: number) => void;
}

/** Returns false when cancelled. */
export async function runAnalogPhase(
  journal: RunJournal,
  runId: string,
  phase: AnalogPhase,
  images: PassImages,
): Promise<boolean> {
  const firstTrial = [...Array(phase.trials).keys()].find((t) => !phase.finishedTrials.has(t)) ?? 0;
  const step = (name: RunStep['name'], trial: number) => (done: number, total: number) =>
    phase.onStep({ name, done, total }, trial);
  const model = AnalogModel.map(
    phase.modelBytes,
    phase.modelFile,
    phase.config,
    { seed: phase.seed, intraOpThreads: phase.intraOpThreads, outputName: phase.outputName },
    step('mapping', firstTrial),
  );
  const plans = await calibratedPlans(journal, runId, model, {
    modelBytes: phase.modelBytes,
    items: phase.calibrationItems,
    preprocess: images.preprocess,
    batches: () =>
      loadBatches(phase.calibrationItems, images.preprocess, {
        batchSize: images.batchSize,
        cache: images.cache,
      }),
    onImages: step('calibration', firstTrial),
  });
  const trials = model.compile(plans);
  const statisticsBatch = await firstImages(images, phase.statisticsImages);
  /** The trial's cells programmed, their statistics stored, and its analog session: the cells end with this call. */
  const trialSession = async (trial: number): Promise<ModelSession> => {
    const cells = model.program(trial, step('programming', trial));
    if (statisticsBatch) {
      const arrays = await trials.diagnose(cells, statisticsBatch, step('statistics', trial));
      journal.record({ type: 'array-statistics', runId, trialIndex: trial, arrays });
    }
    const compiling = step('compiling', trial);
    compiling(0, 1);
    const session = await trials.session(cells);
    compiling(1, 1);
    return session;
  };
  for (let trial = 0; trial < phase.trials; trial++) {
    if (phase.finishedTrials.has(trial)) continue;
    const model = await trialSession(trial);
    let first = 0;
    try {
      const completed = await scorePass(model, images, (score, batch, batchIndex) => {
        let agree = 0;
        score.predictions.forEach((p, i) => (agree += p === phase.digitalPredictions[first + i] ? 1 : 0));
        first += batch.labels.length;
        journal.record({
          type: 'batch',
          runId,
          batch: { kind: 'analog', trialIndex: trial, batchIndex, ...counts(score), agreeTop1: agree },
        });
        phase.onImages(batch.labels.length + batch.skipped.length, trial);
      });
      if (!completed) return false;
    } finally {
      await model.session.release();
    }
    journal.record({ type: 'trial-finished', runId, kind: 'analog', trialIndex: trial });
  }
  return true;
}

/** One batch of the first `count` test images (readable ones), or null for none. */
async function firstImages(images: PassImages, count: number): Promise<ImageBatch | null> {
  if (count === 0) return null;
  const batches = loadBatches(images.items.slice(0, count), images.preprocess, {
    batchSize: count,
    cache: images.cache,
  });
  const first = await batches.next();
  return first.done || first.value.dims[0] === 0 ? null : first.value;
}

function counts(score: { images: number; correctTop1: number; correctTop5: number }) {
  return { images: score.images, correctTop1: score.correctTop1, correctTop5: score.correctTop5 };
}
