// A batch of images split into runs of a few images: a run that returns a model's inner tensors (calibration's
// probes, the per-array statistics) holds them for every image it sees, so each sees only a few.
import type { CalibrationBatch } from './calibrate';

/** Images per run that returns inner tensors: few enough for a full-width ImageNet model. */
export const PROBED_RUN_IMAGES = 4;

export function* imageChunks(
  batch: CalibrationBatch,
  images = PROBED_RUN_IMAGES,
): Generator<CalibrationBatch> {
  const [count, ...image] = batch.dims;
  const imageSize = image.reduce((a, b) => a * b, 1);
  for (let first = 0; first < count; first += images) {
    const size = Math.min(images, count - first);
    yield {
      tensor: batch.tensor.subarray(first * imageSize, (first + size) * imageSize),
      dims: [size, ...image],
    };
  }
}
