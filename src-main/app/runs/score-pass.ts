// One pass of a model over the run's images: batches from the tensor cache, scored, handed to the caller.
import { loadBatches, type Batch, type DatasetItem, type TensorCache } from '../../data';
import type { PreprocessSpec } from '../../../src-shared/config/preprocess';
import type { BatchScore } from '../../sim/evaluate/accuracy';
import { scoreDigitalBatch } from '../../sim/evaluate/digital-baseline';
import type { ModelSession } from '../../sim/evaluate/model-session';
import type { PauseGate } from '../../jobs/pause-gate';

export interface PassImages {
  items: readonly DatasetItem[];
  preprocess: PreprocessSpec;
  cache: TensorCache;
  batchSize: number;
  signal?: AbortSignal;
  /** Awaited between batches: a paused job holds here (with its sessions) until resumed or cancelled. */
  pauseGate?: PauseGate;
}

const EMPTY_SCORE: BatchScore = { images: 0, correctTop1: 0, correctTop5: 0, predictions: new Int32Array(0) };

/** Returns false when the signal aborted the pass (after the batch in flight was handed over). */
export async function scorePass(
  model: ModelSession,
  images: PassImages,
  onBatch: (score: BatchScore, batch: Batch, batchIndex: number) => void,
): Promise<boolean> {
  const batches = loadBatches(images.items, images.preprocess, {
    batchSize: images.batchSize,
    cache: images.cache,
  });
  let batchIndex = 0;
  for await (const batch of batches) {
    const score = batch.labels.length > 0 ? await scoreDigitalBatch(model, batch) : EMPTY_SCORE;
    onBatch(score, batch, batchIndex++);
    await images.pauseGate?.whilePaused();
    if (images.signal?.aborted) return false;
  }
  return true;
}
