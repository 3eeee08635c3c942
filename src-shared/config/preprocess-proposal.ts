// The preprocessing a model's declared input suggests, proposed on import when no model card says otherwise.
import { IMAGENET_PREPROCESS, preprocessSchema, type PreprocessSpec } from './preprocess';

/** A declared input shape: numbers where fixed, a name (or null) where symbolic. */
export type DeclaredShape = readonly (number | string | null)[];

/** Torchvision's ratio of resize to crop (256 / 224): the resize keeps the same margin at any crop size. */
const RESIZE_PER_CROP = 256 / 224;

/** Below this crop (CIFAR, MNIST-sized inputs) the whole image is the input: resized to the crop, no margin. */
const MARGIN_MIN_CROP_PX = 96;

/**
 * From [N, C, H, W] (or [N, H, W, C] when the last axis is 1 or 3 and the second is not): the crop is H×W, the
 * shorter side resized by torchvision's 256/224 margin (small inputs: to the crop itself), RGB with ImageNet's
 * mean and std, or one channel with mean 0.5 and std 0.5, the normalisation most grayscale models are trained
 * with. A shape that fixes no size gets the ImageNet standard with its channel count.
 */
export function proposePreprocess(shape: DeclaredShape): PreprocessSpec {
  if (shape.length !== 4) return IMAGENET_PREPROCESS;
  const [, second, third, fourth] = shape;
  const channelsLast = isChannelCount(fourth) && !isChannelCount(second);
  const [channels, height, width] = channelsLast ? [fourth, second, third] : [second, third, fourth];
  const count = isChannelCount(channels) ? channels : 3;
  if (typeof height !== 'number' || typeof width !== 'number') {
    return { ...IMAGENET_PREPROCESS, channels: count, ...normalisation(count) };
  }
  const shorter = Math.min(height, width);
  return preprocessSchema.parse({
    resize: shorter < MARGIN_MIN_CROP_PX ? shorter : Math.round(shorter * RESIZE_PER_CROP),
    crop: height === width ? height : [height, width],
    channels: count,
    layout: channelsLast ? 'nhwc' : 'nchw',
    ...normalisation(count),
  });
}

function isChannelCount(value: unknown): value is 1 | 3 {
  return value === 1 || value === 3;
}

function normalisation(channels: 1 | 3): Pick<PreprocessSpec, 'mean' | 'std'> {
  return channels === 1
    ? { mean: [0.5], std: [0.5] }
    : { mean: IMAGENET_PREPROCESS.mean, std: IMAGENET_PREPROCESS.std };
}
