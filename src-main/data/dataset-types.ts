// The shape of an opened dataset: which files it holds, their labels, and what was left out.

/** How the folder was organised: one folder per class, a flat ILSVRC2012 validation folder, or WordNet-ID folders. */
export type DatasetLayout = 'class-folders' | 'ilsvrc-flat' | 'wnid-folders';

export interface DatasetItem {
  /** Absolute path of the image. */
  file: string;
  /** Class index: the model output this image should win. */
  label: number;
}

/** A file that was found but left out, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface Dataset {
  /** Absolute path of the folder that was opened. */
  root: string;
  layout: DatasetLayout;
  /** classNames[label] names the class; for ImageNet layouts always the full 1000. */
  classNames: string[];
  /** Sorted by path relative to root (with "/" separators), so the order is the same on every machine. */
  items: DatasetItem[];
  /** Files inside the folder that are not part of the dataset (not images, or outside any class folder). */
  skipped: SkippedFile[];
  /** The ground-truth file the labels came from, for the ILSVRC flat layout. */
  labelsFile?: string;
}
