// How a run or a sweep picks its test images: one list of choices for the CLI, the API, the sweep spec and the UI.
import { z } from 'zod';

export const IMAGE_SAMPLES = ['stratified', 'random', 'first'] as const;
export type ImageSample = (typeof IMAGE_SAMPLES)[number];

/**
 * A dataset's files are sorted by path, which for class folders means by class: the first N images are a few
 * classes only. The default draws at random with a seed, the same share from every class.
 */
export const DEFAULT_IMAGE_SAMPLE: ImageSample = 'stratified';

export const IMAGE_SAMPLE_LABELS: Record<ImageSample, string> = {
  stratified: 'random, the same share of every class',
  random: 'random, uniform over all images',
  first: 'the first N in file order',
};

export const imageSampleSchema = z.enum(IMAGE_SAMPLES);

/** The test images a run drew: how many, how, and how many of the dataset's classes they cover. */
export interface ImageSubsetInfo {
  count: number;
  sample: ImageSample;
  seed: number;
  classesCovered: number;
  classesInDataset: number;
}

/** "100 images, random, the same share of every class (seed 0); 10 of 10 classes". */
export function describeSubset(subset: ImageSubsetInfo): string {
  const seed = subset.sample === 'first' ? '' : ` (seed ${subset.seed})`;
  return (
    `${subset.count} images, ${IMAGE_SAMPLE_LABELS[subset.sample]}${seed}; ` +
    `${subset.classesCovered} of ${subset.classesInDataset} classes`
  );
}

/** What a request's image counts ask of a dataset: the field at fault and why, or null when they fit. */
export interface ImageCountProblem {
  field: 'images' | 'calibrationImages';
  message: string;
}

/**
 * Whether `images` test images and, when the config calibrates, `calibrationImages` more fit a dataset of
 * `available` images (calibration images are drawn from those not tested, §6). One check for the builder's form
 * and for the API that refuses the request.
 */
export function imageCountProblem(
  available: number,
  images: number,
  calibrationImages: number | null,
): ImageCountProblem | null {
  if (images > available) {
    return { field: 'images', message: `${images} asked for, the dataset has ${available}` };
  }
  if (calibrationImages !== null && images + calibrationImages > available) {
    const left = available - images;
    return {
      field: 'calibrationImages',
      message:
        `${calibrationImages} asked for, but only ${left} of the dataset's ${available} ` +
        `${left === 1 ? 'is' : 'are'} left after the ${images} test images`,
    };
  }
  return null;
}
