// The "run" use case: evaluate a model on a dataset, writing every batch to the store as it goes.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { loadBatches, openDataset, selectSubset, TensorCache, type Dataset } from '../../data';
import type { SkippedFile } from '../../data';
import {
  checkInputFits,
  createModelSession,
  readModelFile,
  type ModelSession,
} from '../../sim/evaluate/model-session';
import { scoreDigitalBatch } from '../../sim/evaluate/digital-baseline';
import type { Run, Store } from '../../store';
import { cropHeightWidth } from '../../../src-shared/config/preprocess';
import { resolveRunInputs, type RunInputs, type RunInputsRequest } from './resolve-inputs';

export interface RunRequest extends RunInputsRequest {
  /** Images to evaluate; all when omitted. */
  limit?: number;
  sample: 'first' | 'random';
  seed: number;
}

export interface RunProgressEvent {
  runId: string;
  phase: 'digital';
  imagesDone: number;
  imagesTotal: number;
}

export interface RunOptions {
  cacheDir: string;
  onProgress?: (event: RunProgressEvent) => void;
  /** Aborting stops after the current batch and records the run as cancelled. */
  signal?: AbortSignal;
  batchSize?: number;
  intraOpThreads?: number;
}

export interface Accuracy {
  top1: number;
  top5: number;
}

export interface RunSummary {
  runId: string;
  state: Run['state'];
  model: string;
  dataset: string;
  images: number;
  skipped: SkippedFile[];
  digital: Accuracy;
}

const DEFAULT_BATCH_SIZE = 32;

export async function evaluateRun(
  store: Store,
  request: RunRequest,
  options: RunOptions,
): Promise<RunSummary> {
  const inputs = resolveRunInputs(request);
  const modelBytes = await readModelFile(inputs.modelFile);
  const model = await createModelSession(inputs.modelFile, modelBytes, {
    intraOpThreads: options.intraOpThreads ?? availableParallelism(),
  });
  try {
    const [height, width] = cropHeightWidth(inputs.preprocess);
    checkInputFits(model, [inputs.preprocess.channels, height, width]);
    const dataset = await openDataset(inputs.dataDir, {
      labelsFile: inputs.labelsFile,
      layout: inputs.layout,
    });
    const items = selectSubset(dataset.items, {
      count: request.limit ?? dataset.items.length,
      sample: request.sample,
      seed: request.seed,
    });
    const run = createRunRecord(store, inputs, dataset, model, modelBytes, request, items.length);
    try {
      return await evaluateBatches(store, run, { inputs, dataset, model, items }, options);
    } catch (error) {
      store.runs.fail(run.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
  } finally {
    await model.session.release();
  }
}

function createRunRecord(
  store: Store,
  inputs: RunInputs,
  dataset: Dataset,
  model: ModelSession,
  modelBytes: Buffer,
  request: RunRequest,
  imageCount: number,
): Run {
  const project = store.projects.ensureDefault();
  const storedModel = store.models.upsert({
    projectId: project.id,
    name: inputs.modelName,
    path: inputs.modelFile,
    sha256: createHash('sha256').update(modelBytes).digest('hex'),
    inputInfo: {
      name: model.inputName,
      shape: model.inputShape.map((d) => d ?? 'N'),
      output: model.outputName,
    },
  });
  const storedDataset = store.datasets.upsert({
    projectId: project.id,
    name: basename(dataset.root),
    root: dataset.root,
    layout: dataset.layout,
    imageCount: dataset.items.length,
    classCount: dataset.classNames.length,
  });
  const run = store.runs.create({
    projectId: project.id,
    modelId: storedModel.id,
    datasetId: storedDataset.id,
    config: null,
    params: {
      preprocess: inputs.preprocess,
      preprocessSource: inputs.preprocessSource,
      images: { count: imageCount, sample: request.sample, seed: request.seed },
      labelsFile: dataset.labelsFile ?? null,
    },
    imagesTotal: imageCount,
    seed: request.seed,
  });
  return store.runs.start(run.id);
}

interface Evaluation {
  inputs: RunInputs;
  dataset: Dataset;
  model: ModelSession;
  items: Dataset['items'];
}

async function evaluateBatches(
  store: Store,
  run: Run,
  { inputs, dataset, model, items }: Evaluation,
  options: RunOptions,
): Promise<RunSummary> {
  const skipped: SkippedFile[] = [...dataset.skipped];
  const cache = new TensorCache(options.cacheDir);
  const batches = loadBatches(items, inputs.preprocess, {
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    cache,
  });
  let batchIndex = 0;
  let imagesDone = 0;
  for await (const batch of batches) {
    skipped.push(...batch.skipped);
    const score = batch.labels.length > 0 ? await scoreDigitalBatch(model, batch) : undefined;
    store.runs.recordBatch(run.id, {
      kind: 'digital',
      trialIndex: 0,
      batchIndex: batchIndex++,
      images: score?.images ?? 0,
      correctTop1: score?.correctTop1 ?? 0,
      correctTop5: score?.correctTop5 ?? 0,
      skipped: batch.skipped,
    });
    imagesDone += batch.labels.length + batch.skipped.length;
    options.onProgress?.({ runId: run.id, phase: 'digital', imagesDone, imagesTotal: items.length });
    if (options.signal?.aborted) {
      store.runs.cancel(run.id);
      return summarize(store, run.id, inputs, dataset, skipped);
    }
  }
  store.runs.finishTrial(run.id, { kind: 'digital', trialIndex: 0 });
  store.runs.finish(run.id);
  return summarize(store, run.id, inputs, dataset, skipped);
}

function summarize(
  store: Store,
  runId: string,
  inputs: RunInputs,
  dataset: Dataset,
  skipped: SkippedFile[],
): RunSummary {
  const progress = store.runs.progress(runId);
  const batches = progress.batches.filter((b) => b.kind === 'digital');
  const images = batches.reduce((sum, b) => sum + b.images, 0);
  const ratio = (count: number) => (images > 0 ? count / images : 0);
  return {
    runId,
    state: store.runs.get(runId)?.state ?? 'failed',
    model: inputs.modelFile,
    dataset: dataset.root,
    images,
    skipped,
    digital: {
      top1: ratio(batches.reduce((sum, b) => sum + b.correctTop1, 0)),
      top5: ratio(batches.reduce((sum, b) => sum + b.correctTop5, 0)),
    },
  };
}
