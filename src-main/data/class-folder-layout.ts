// Datasets of one subfolder per class: plain class folders (torchvision's ImageFolder) or ImageNet WordNet-ID folders.
import path from 'node:path';
import type { Dataset, SkippedFile } from './dataset-types';
import { findImagenetClassNames } from './imagenet-class-names';
import { labelsOfWnids, loadImagenetClasses } from './imagenet-classes';
import {
  compareCodeUnits,
  folderAndAncestors,
  isImageFile,
  skippedNonImage,
  type FolderFiles,
} from './folder-listing';

export interface ClassFolder extends FolderFiles {
  folder: string;
}

/**
 * Folders named by ImageNet WordNet IDs are labelled with their index among all 1000 classes, so a partial copy
 * still lines up with a 1000-way model, unless `asOwnClasses` asks for ImageFolder's numbering (a model trained
 * on that subset, such as Imagenette). Otherwise class i is the i-th folder name in code-unit order, as in
 * ImageFolder; folders with no images still take their place in that order so later classes keep their index.
 */
export async function openClassFolders(
  root: string,
  classFolders: readonly ClassFolder[],
  topLevelFiles: readonly string[],
  asOwnClasses: boolean,
): Promise<Dataset> {
  const folders = [...classFolders].sort((a, b) =>
    compareCodeUnits(path.basename(a.folder), path.basename(b.folder)),
  );
  const names = folders.map(({ folder }) => path.basename(folder));
  const imagenet = await loadImagenetClasses();
  const wnidLabels = asOwnClasses ? undefined : labelsOfWnids(imagenet, names);
  const labels = wnidLabels ?? names.map((_, index) => index);
  const items = folders.flatMap(({ images }, index) =>
    images.map((file) => ({ file, label: labels[index] })),
  );
  const skipped: SkippedFile[] = [
    ...folders.flatMap(({ others }) => others.map(skippedNonImage)),
    ...topLevelFiles.map((file) =>
      isImageFile(file) ? { file, reason: 'an image outside any class folder' } : skippedNonImage(file),
    ),
  ];
  if (!wnidLabels) return { root, layout: 'class-folders', classNames: names, items, skipped };
  const classNames = await findImagenetClassNames(folderAndAncestors(root), imagenet);
  return { root, layout: 'wnid-folders', classNames: classNames.names, items, skipped };
}
