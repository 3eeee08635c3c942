// Which digital baseline a run belongs to: its model, dataset, preprocessing and image sample. Two runs compare
// against one digital accuracy only when all of these agree.
import { createHash } from 'node:crypto';
import { describeSubset, type ImageSubsetInfo } from '../../../src-shared/config/image-sample';
import type { Run, Store } from '../../store';
import type { RunSummary } from './run-summary';

export interface ImageSet {
  /** Equal for runs that evaluate the same model on the same preprocessed images. */
  key: string;
  /** "demo on fashion-mnist: 100 images, random, the same share of every class (seed 0); 10 of 10 classes". */
  label: string;
}

export function imageSetOf(
  store: Store,
  run: Run,
  { sample, images }: Pick<RunSummary, 'sample' | 'images'>,
): ImageSet {
  const model = store.models.get(run.modelId)?.name ?? `model ${run.modelId}`;
  const dataset = store.datasets.get(run.datasetId)?.name ?? `dataset ${run.datasetId}`;
  const identity = {
    modelId: run.modelId,
    datasetId: run.datasetId,
    preprocess: run.params.preprocess ?? null,
    // Runs stored before samples were recorded are told apart by their count and seed alone.
    images: sample ? subsetIdentity(sample) : { count: images, seed: run.seed },
  };
  const subset = sample ? describeSubset(sample) : `${images} images (seed ${run.seed})`;
  return {
    key: createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16),
    label: `${model} on ${dataset}: ${subset}`,
  };
}

function subsetIdentity({ count, sample, seed }: ImageSubsetInfo) {
  return { count, sample, seed: sample === 'first' ? null : seed };
}
