// Opens a dataset folder: detects its layout and lists every image with its class index.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { openClassFolders } from './class-folder-layout';
import { DatasetError, reasonOf } from './dataset-error';
import type { Dataset, DatasetLayout } from './dataset-types';
import { collectFilesBelow, compareCodeUnits, isImageFile, listFolder } from './folder-listing';
import { openIlsvrcFlat } from './ilsvrc-flat-layout';

export interface OpenDatasetOptions {
  /** The ILSVRC2012 ground-truth file; by default looked for in the folder and its parents. */
  labelsFile?: string;
  /**
   * The layout the caller expects; detection must agree. 'class-folders' may be asked of WordNet-ID folders to
   * number them as their own classes (a model trained on that subset) rather than as ImageNet's 1000.
   */
  layout?: DatasetLayout;
}

export async function openDataset(dir: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  const root = path.resolve(dir);
  await requireFolder(root);
  const top = await listFolder(root);
  const classFolders = await Promise.all(
    top.folders.map(async (folder) => ({ folder, ...(await collectFilesBelow(folder)) })),
  );
  let dataset: Dataset;
  if (classFolders.some(({ images }) => images.length > 0)) {
    if (options.labelsFile) {
      throw new DatasetError(root, `${root} holds class folders, so a labels file does not apply to it`);
    }
    dataset = await openClassFolders(root, classFolders, top.files, options.layout === 'class-folders');
  } else if (top.files.some(isImageFile)) {
    dataset = await openIlsvrcFlat(root, top.files, options.labelsFile);
  } else {
    throw new DatasetError(
      root,
      `no images in ${root}: expected one subfolder of images per class, or a flat ILSVRC2012 validation folder`,
    );
  }
  if (options.layout && options.layout !== dataset.layout) {
    throw new DatasetError(root, `${root} has the ${dataset.layout} layout, not ${options.layout}`);
  }
  return {
    ...dataset,
    items: byRelativePath(root, dataset.items),
    skipped: byRelativePath(root, dataset.skipped),
  };
}

async function requireFolder(root: string): Promise<void> {
  const info = await stat(root).catch((error: unknown) => {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const message = missing ? `dataset folder not found: ${root}` : `cannot open ${root}: ${reasonOf(error)}`;
    throw new DatasetError(root, message, { cause: error });
  });
  if (!info.isDirectory()) throw new DatasetError(root, `${root} is a file, not a dataset folder`);
}

/**
 * Sorts by the path below root written with "/", so the order (and every seeded subset drawn from it) is the
 * same wherever the dataset lives and whatever the platform's separator.
 */
function byRelativePath<T extends { file: string }>(root: string, entries: readonly T[]): T[] {
  const keyed = entries.map((entry) => ({
    entry,
    key: path.relative(root, entry.file).split(path.sep).join('/'),
  }));
  return keyed.sort((a, b) => compareCodeUnits(a.key, b.key)).map(({ entry }) => entry);
}
