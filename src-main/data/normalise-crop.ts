// Normalises an 8-bit crop into float32, (x / 255 - mean) / std per channel, after the tensor cache.
import { cropHeightWidth, type PreprocessSpec } from '../../src-shared/config/preprocess';

/** Writes one normalised crop into `target` from `offset`, e.g. its slot in a batch. */
export type CropNormaliser = (crop: Uint8Array, target: Float32Array, offset: number) => void;

/** The normaliser of `spec`'s crops, its per-channel tables computed once for every image it is given. */
export function cropNormaliser(spec: PreprocessSpec): CropNormaliser {
  const [height, width] = cropHeightWidth(spec);
  const { channels } = spec;
  const tables = Array.from({ length: channels }, (_, channel) => normalisationTable(spec, channel));
  // Element (c, p) of pixel p sits at c·planeStride + p·pixelStride: NCHW planes, or NHWC pixels.
  const [planeStride, pixelStride] = spec.layout === 'nhwc' ? [1, channels] : [height * width, 1];
  const pixelCount = height * width;
  return (crop, target, offset) => {
    for (let c = 0; c < channels; c++) {
      const table = tables[c];
      for (let p = 0, i = c * planeStride; p < pixelCount; p++, i += pixelStride) {
        target[offset + i] = table[crop[i]];
      }
    }
  };
}

export function normaliseCrop(crop: Uint8Array, spec: PreprocessSpec): Float32Array {
  const tensor = new Float32Array(crop.length);
  cropNormaliser(spec)(crop, tensor, 0);
  return tensor;
}

/**
 * The normalised value of each 8-bit sample for one channel. Every step is rounded to float32 as torch's
 * ToTensor (x / 255) and Normalize ((x - mean) / std) do, so the values equal torchvision's bit for bit.
 */
function normalisationTable(spec: PreprocessSpec, channel: number): Float32Array {
  const mean = Math.fround(spec.mean.length === 1 ? spec.mean[0] : spec.mean[channel]);
  const std = Math.fround(spec.std.length === 1 ? spec.std[0] : spec.std[channel]);
  const table = new Float32Array(256);
  for (let value = 0; value < 256; value++) table[value] = Math.fround(Math.fround(value / 255) - mean) / std;
  return table;
}
