// Labels for a flat ILSVRC2012 validation folder, from Kaggle's LOC_val_solution.csv or the devkit's ground truth.
import path from 'node:path';
import { DatasetError } from './dataset-error';
import { firstExistingFile, folderAndAncestors } from './folder-listing';
import type { ImagenetClasses } from './imagenet-classes';
import { readTextLines } from './text-file';

/** Where users keep the ground truth, relative to the image folder or one of its parents; nearest folder wins. */
export const GROUND_TRUTH_NAMES = [
  'LOC_val_solution.csv',
  'ILSVRC2012_validation_ground_truth.txt',
  'ILSVRC2012_devkit_t12/data/ILSVRC2012_validation_ground_truth.txt',
] as const;

const KAGGLE_HEADER = 'ImageId,PredictionString';
/** The image id, then the first word of the prediction string: the WordNet ID of the first box. */
const KAGGLE_ROW = /^\s*([^,\s]+)\s*,\s*(\S+)/;
const DEVKIT_IMAGE_NAME = /^ILSVRC2012_val_(\d{8})$/i;

export interface GroundTruth {
  file: string;
  /** The model output index of one image; a DatasetError naming the ground-truth file when it has no entry. */
  labelOf(image: string): number;
}

export async function findGroundTruthFile(folder: string): Promise<string | undefined> {
  const candidates = folderAndAncestors(folder).flatMap((dir) =>
    GROUND_TRUTH_NAMES.map((name) => path.join(dir, name)),
  );
  return firstExistingFile(candidates);
}

/** Reads either format, told apart by the first line, so a renamed file still works. */
export async function readGroundTruth(file: string, classes: ImagenetClasses): Promise<GroundTruth> {
  const lines = await readTextLines(file, 'the ground-truth file');
  const first = lines[0]?.trim() ?? '';
  if (first === KAGGLE_HEADER) return parseKaggleSolution(file, lines, classes);
  if (/^\d+$/.test(first)) return parseDevkitGroundTruth(file, lines, classes);
  throw new DatasetError(
    file,
    `${file} is not a ground-truth file: expected Kaggle's LOC_val_solution.csv (header "${KAGGLE_HEADER}") ` +
      `or the devkit's ILSVRC2012_validation_ground_truth.txt (one class id 1..1000 per line)`,
  );
}

function lineError(file: string, lineIndex: number, problem: string): DatasetError {
  return new DatasetError(file, `${file} line ${lineIndex + 1}: ${problem}`);
}

/** Rows read "ILSVRC2012_val_00008726,n02119789 255 142 454 329 ..."; the class is the first WordNet ID. */
function parseKaggleSolution(file: string, lines: string[], classes: ImagenetClasses): GroundTruth {
  const labels = new Map<string, number>();
  for (const [lineIndex, line] of lines.entries()) {
    if (lineIndex === 0 || line.trim() === '') continue;
    const row = KAGGLE_ROW.exec(line);
    if (!row) throw lineError(file, lineIndex, `expected "ImageId,PredictionString", got "${line}"`);
    const [, imageId, wnid] = row;
    const label = classes.indexOfWnid.get(wnid);
    if (label === undefined) {
      throw lineError(
        file,
        lineIndex,
        `"${wnid}" (for ${imageId}) is not one of the 1000 ImageNet WordNet IDs`,
      );
    }
    if (labels.has(imageId)) throw lineError(file, lineIndex, `${imageId} appears a second time`);
    labels.set(imageId, label);
  }
  return {
    file,
    labelOf(image) {
      const imageId = path.basename(image, path.extname(image));
      const label = labels.get(imageId);
      if (label === undefined) throw new DatasetError(file, `${file} has no entry for image ${image}`);
      return label;
    },
  };
}

/** Line i holds the ILSVRC2012_ID (devkit order, 1..1000) of ILSVRC2012_val_0000000i. */
function parseDevkitGroundTruth(file: string, lines: string[], classes: ImagenetClasses): GroundTruth {
  const labels = lines.map((line, lineIndex) => {
    const id = /^\d+$/.test(line.trim()) ? Number(line.trim()) : NaN;
    if (!(id >= 1 && id <= classes.devkitLabels.length)) {
      throw lineError(file, lineIndex, `"${line}" is not a class id 1..${classes.devkitLabels.length}`);
    }
    return classes.devkitLabels[id - 1];
  });
  return {
    file,
    labelOf(image) {
      const match = DEVKIT_IMAGE_NAME.exec(path.basename(image, path.extname(image)));
      if (!match) {
        throw new DatasetError(
          image,
          `${image} is not named ILSVRC2012_val_NNNNNNNN, so it has no line in the devkit ground truth ${file}`,
        );
      }
      const number = Number(match[1]);
      if (number < 1 || number > labels.length) {
        throw new DatasetError(
          file,
          `${file} has ${labels.length} lines, so it has no entry for image ${image}`,
        );
      }
      return labels[number - 1];
    },
  };
}
