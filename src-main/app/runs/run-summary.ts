// What a run reports (docs/analog-model.md §8, docs/cli.md `run --json`), read back from the store.
import type { AnalogAccuracy, ImageSubsetInfo } from '../../../src-shared/api/api';
import { summarizeTrials } from '../../sim/evaluate/trial-statistics';
import type { Run, SkippedImage, Store } from '../../store';
import { TOP5_MIN_CLASSES } from './class-fit';

export interface Accuracy {
  top1: number;
  /** null for a model of five classes or fewer, where it is always 100 %. */
  top5: number | null;
}

/** The shared contract's analog statistics: the CLI's --json and the API report the same object. */
export type AnalogSummary = AnalogAccuracy;

export interface RunSummary {
  runId: string;
  state: Run['state'];
  model: string;
  dataset: string;
  images: number;
  /** null for a run stored before subsets were recorded. */
  sample: ImageSubsetInfo | null;
  warnings: string[];
  skipped: readonly SkippedImage[];
  digital: Accuracy;
  analog?: AnalogSummary;
}

export function summarizeRun(store: Store, runId: string, model: string, dataset: string): RunSummary {
  const run = store.runs.get(runId)!;
  const { batches, trials } = store.runs.progress(runId);
  const digitalBatches = batches.filter((b) => b.kind === 'digital');
  const images = digitalBatches.reduce((sum, b) => sum + b.images, 0);
  const ratio = (count: number) => (images > 0 ? count / images : 0);
  const analogTrials = trials.filter((t) => t.kind === 'analog').sort((a, b) => a.trialIndex - b.trialIndex);
  const outputs = run.params.modelOutputs;
  const top5Reported = typeof outputs !== 'number' || outputs >= TOP5_MIN_CLASSES;
  return {
    runId,
    state: run.state,
    model,
    dataset,
    images,
    sample: storedSubset(run),
    warnings: store.events
      .list(runId)
      .filter((event) => event.level === 'warn')
      .map((event) => event.message),
    skipped: run.skipped,
    digital: {
      top1: ratio(digitalBatches.reduce((sum, b) => sum + b.correctTop1, 0)),
      top5: top5Reported ? ratio(digitalBatches.reduce((sum, b) => sum + b.correctTop5, 0)) : null,
    },
    ...(analogTrials.length > 0 ? { analog: analogSummary(analogTrials, top5Reported) } : {}),
  };
}

function storedSubset(run: Run): ImageSubsetInfo | null {
  const images = run.params.images as Partial<ImageSubsetInfo> | undefined;
  return images?.classesCovered === undefined ? null : (images as ImageSubsetInfo);
}

function analogSummary(
  trials: { top1: number; top5: number; agreementTop1: number | null }[],
  top5Reported: boolean,
): AnalogSummary {
  const top1 = summarizeTrials(
    trials.map((t) => t.top1),
    [0, 1],
  );
  const top5 = summarizeTrials(
    trials.map((t) => t.top5),
    [0, 1],
  );
  const agreements = trials.map((t) => t.agreementTop1).filter((a): a is number => a !== null);
  return {
    trials: trials.map(({ top1: t1, top5: t5, agreementTop1 }) => ({
      top1: t1,
      top5: top5Reported ? t5 : null,
      agreementTop1,
    })),
    top1Mean: top1.mean,
    top1Std: top1.std,
    top1Ci95: top1.ci95,
    top5Mean: top5Reported ? top5.mean : null,
    top5Std: top5Reported ? top5.std : null,
    agreementTop1Mean: agreements.length > 0 ? summarizeTrials(agreements).mean : null,
  };
}
