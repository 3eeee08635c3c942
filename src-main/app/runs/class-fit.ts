// A model scored on labels it cannot output gives a meaningless accuracy: its class count is compared with the
// dataset's before any image runs, over the whole dataset rather than the images a subset happened to draw.
import type { Dataset } from '../../data';
import { ModelError, type ModelSession } from '../../sim/evaluate/model-session';

/** Top-5 says "the label is among the five best": over five classes or fewer it is always true. */
export const TOP5_MIN_CLASSES = 6;

export interface ClassFit {
  /** The classes the model's output declares; null when its shape is symbolic (checked on the first batch). */
  outputs: number | null;
  /** Mismatches that leave the accuracy meaningful, stored on the run as warnings. */
  warnings: string[];
}

/** Throws a ModelError when a label exceeds the model's outputs; returns the lesser mismatches as warnings. */
export function classFit(model: ModelSession, dataset: Dataset): ClassFit {
  const outputs = model.outputClasses;
  const highest = dataset.items.reduce((max, item) => Math.max(max, item.label), -1);
  const classes = dataset.classNames.length;
  if (outputs !== null && highest >= outputs) {
    throw new ModelError(
      model.file,
      `${model.file} has ${outputs} outputs but ${dataset.root} has labels up to ${highest} ` +
        `(${classes} classes): the model cannot predict them. Use a model with at least ${highest + 1} outputs, ` +
        'or a dataset of its own classes',
    );
  }
  const warnings: string[] = [];
  if (outputs !== null && outputs > classes) {
    warnings.push(
      `${model.file} has ${outputs} outputs but ${dataset.root} has ${classes} classes: a prediction of any ` +
        `of the other ${outputs - classes} counts as wrong` +
        (outputs === classes + 1
          ? ' (a model with a background class at output 0 scores every image one off)'
          : ''),
    );
  }
  if (outputs !== null && outputs < TOP5_MIN_CLASSES) {
    warnings.push(`${model.file} has ${outputs} outputs: top-5 is always 100 % and is not reported`);
  }
  return { outputs, warnings };
}
