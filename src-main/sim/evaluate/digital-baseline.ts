// The ideal digital baseline: the unmodified model on one batch, scored top-1/top-5 (docs/analog-model.md §8).
import { scoreBatch, type BatchScore } from './accuracy';
import { ModelError, runLogits, type ModelSession } from './model-session';

export interface LabelledBatch {
  tensor: Float32Array;
  dims: readonly [number, number, number, number];
  labels: Int32Array;
}

export async function scoreDigitalBatch(model: ModelSession, batch: LabelledBatch): Promise<BatchScore> {
  const { logits, classes } = await runLogits(model, batch.tensor, batch.dims);
  const tooLarge = batch.labels.find((label) => label >= classes);
  if (tooLarge !== undefined) {
    throw new ModelError(
      model.file,
      `${model.file} has ${classes} outputs, but the dataset has a class with index ${tooLarge}; ` +
        'the dataset does not match this model',
    );
  }
  return scoreBatch(logits, classes, batch.labels);
}
