// A flat ILSVRC2012 validation folder (ILSVRC2012_val_00000001.JPEG ...) labelled from a ground-truth file.
import path from 'node:path';
import { DatasetError } from './dataset-error';
import type { Dataset } from './dataset-types';
import { folderAndAncestors, isImageFile, skippedNonImage } from './folder-listing';
import { GROUND_TRUTH_NAMES, findGroundTruthFile, readGroundTruth } from './ilsvrc-ground-truth';
import { findImagenetClassNames } from './imagenet-class-names';
import { loadImagenetClasses } from './imagenet-classes';

/** `files` are the folder's own files, sorted, so the first image without a label is the one reported. */
export async function openIlsvrcFlat(
  root: string,
  files: readonly string[],
  labelsFile?: string,
): Promise<Dataset> {
  const groundTruthFile = labelsFile ? path.resolve(labelsFile) : await findGroundTruthFile(root);
  if (!groundTruthFile) {
    throw new DatasetError(
      root,
      `${root} holds images but no class folders, and no ground truth for them was found: looked for ` +
        `${GROUND_TRUTH_NAMES.join(', ')} in it and its parent folders (or name the file with labelsFile)`,
    );
  }
  const imagenet = await loadImagenetClasses();
  const groundTruth = await readGroundTruth(groundTruthFile, imagenet);
  const nameFolders = [path.dirname(groundTruthFile), ...folderAndAncestors(root)];
  const classNames = await findImagenetClassNames(nameFolders, imagenet);
  const items = files.filter(isImageFile).map((file) => ({ file, label: groundTruth.labelOf(file) }));
  // The ground truth and names often sit among the images; they are part of the dataset, not strays.
  const used = new Set([groundTruthFile, classNames.file]);
  const skipped = files.filter((file) => !isImageFile(file) && !used.has(file)).map(skippedNonImage);
  return {
    root,
    layout: 'ilsvrc-flat',
    classNames: classNames.names,
    items,
    skipped,
    labelsFile: groundTruthFile,
  };
}
