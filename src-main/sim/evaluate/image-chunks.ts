// A batch of images split into the runs a model is fed: exactly its batch size when it was exported with a fixed
// one, else at most a few images per run that returns inner tensors (calibration's probes, the per-array
// statistics hold them for every image it sees).
/** Preprocessed images as one NCHW float32 tensor. */
export interface ImageBatch {
  tensor: Float32Array;
  dims: readonly number[];
}

/** Images per run that returns inner tensors: few enough for a full-width ImageNet model. */
export const PROBED_RUN_IMAGES = 4;

export interface ImageChunk extends ImageBatch {
  /** The batch's images in this run, at its start; any after them repeat them to fill a fixed batch size. */
  images: number;
}

/**
 * `fixedBatch`: the batch size the model declares (null: symbolic). A run's inner tensors cannot be cut back to
 * its real images (not every one has the batch first), so a short last run is filled with its own images again
 * rather than blank ones: their values are real, counted twice.
 */
export function* imageChunks(
  batch: ImageBatch,
  fixedBatch: number | null,
  maxImages = PROBED_RUN_IMAGES,
): Generator<ImageChunk> {
  const [count, ...image] = batch.dims;
  const imageSize = image.reduce((a, b) => a * b, 1);
  const runImages = fixedBatch ?? maxImages;
  for (let first = 0; first < count; first += runImages) {
    const images = Math.min(runImages, count - first);
    const tensor = batch.tensor.subarray(first * imageSize, (first + images) * imageSize);
    yield {
      tensor: images < runImages && fixedBatch !== null ? repeated(tensor, fixedBatch * imageSize) : tensor,
      dims: [fixedBatch ?? images, ...image],
      images,
    };
  }
}

/**
 * A pass's batch size rounded up to whole runs of the model's fixed batch (null: as asked), so that only a pass's
 * last run is filled with repeated images, not every batch's.
 */
export function wholeRunsBatchSize(batchSize: number, fixedBatch: number | null): number {
  return fixedBatch === null ? batchSize : Math.ceil(batchSize / fixedBatch) * fixedBatch;
}

/** `values` repeated in order up to `length`. */
function repeated(values: Float32Array, length: number): Float32Array {
  const filled = new Float32Array(length);
  for (let at = 0; at < length; at += values.length) filled.set(values.subarray(0, length - at), at);
  return filled;
}
