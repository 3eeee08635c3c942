// A batch of images split into the runs a model is fed: exactly its batch size when it was exported with a fixed
// one, else at most a few images per run that returns inner tensors (calibration's probes, the per-array
// statistics hold them for every image it sees).
import type { CalibrationBatch } from './calibrate';

/** Images per run that returns inner tensors: few enough for a full-width ImageNet model. */
export const PROBED_RUN_IMAGES = 4;

export interface ImageChunk extends CalibrationBatch {
  /** The batch's images in this run, at its start; any after them repeat them to fill a fixed batch size. */
  images: number;
}

/**
 * `fixedBatch`: the batch size the model declares (null: symbolic). A run's inner tensors cannot be cut back to
 * its real images (not every one has the batch first), so a short last run is filled with its own images again
 * rather than blank ones: their values are real, counted twice.
 */
export function* imageChunks(
  batch: CalibrationBatch,
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

/** `values` repeated in order up to `length`. */
function repeated(values: Float32Array, length: number): Float32Array {
  const filled = new Float32Array(length);
  for (let at = 0; at < length; at += values.length) filled.set(values.subarray(0, length - at), at);
  return filled;
}
