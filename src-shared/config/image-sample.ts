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
