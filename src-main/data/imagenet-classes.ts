// The 1000 ILSVRC2012 classes: the sorted WordNet-ID order models are trained with, and the devkit's own order.
import { fileURLToPath } from 'node:url';
import { DatasetError } from './dataset-error';
import { readTextLines } from './text-file';

export const IMAGENET_CLASS_COUNT = 1000;

const WNID_PATTERN = /^n\d{8}$/;

export function isWnid(name: string): boolean {
  return WNID_PATTERN.test(name);
}

export interface ImagenetClasses {
  /** The 1000 WordNet IDs sorted: index = model output, as in torchvision and Keras. */
  sortedWnids: readonly string[];
  /** devkitWnids[id - 1] is the class of ILSVRC2012_ID `id` (the devkit's meta.mat order). */
  devkitWnids: readonly string[];
  /** devkitLabels[id - 1] is the model output index of ILSVRC2012_ID `id`. */
  devkitLabels: readonly number[];
  /** WordNet ID to model output index. */
  indexOfWnid: ReadonlyMap<string, number>;
}

/**
 * Line k of this resource is the WordNet ID of ILSVRC2012_ID k, taken from the devkit's data/meta.mat
 * (the same list as the ILSVRC2014+ devkits' map_clsloc.txt). From src-main/data/ the repository root is two
 * folders up.
 */
export function devkitSynsetsFile(): string {
  return fileURLToPath(new URL('../../resources/imagenet/devkit-synsets.txt', import.meta.url));
}

/** The model output index of each WordNet ID, or undefined when any of them is not an ImageNet-1k class. */
export function labelsOfWnids(classes: ImagenetClasses, wnids: readonly string[]): number[] | undefined {
  const labels: number[] = [];
  for (const wnid of wnids) {
    const label = classes.indexOfWnid.get(wnid);
    if (label === undefined) return undefined;
    labels.push(label);
  }
  return labels;
}

let loaded: Promise<ImagenetClasses> | undefined;

/** The ImageNet class lists, read once per process. */
export function loadImagenetClasses(): Promise<ImagenetClasses> {
  loaded ??= readImagenetClasses(devkitSynsetsFile());
  return loaded;
}

async function readImagenetClasses(file: string): Promise<ImagenetClasses> {
  const devkitWnids = await readTextLines(file, 'the ImageNet class list');
  const distinct = new Set(devkitWnids);
  const malformed = devkitWnids.find((wnid) => !isWnid(wnid));
  if (
    malformed !== undefined ||
    devkitWnids.length !== IMAGENET_CLASS_COUNT ||
    distinct.size !== IMAGENET_CLASS_COUNT
  ) {
    const found =
      malformed !== undefined ? `"${malformed}"` : `${devkitWnids.length} lines, ${distinct.size} distinct`;
    throw new DatasetError(
      file,
      `the ImageNet class list ${file} is damaged: it must hold 1000 distinct WordNet IDs, one per line (found ${found})`,
    );
  }
  const bySortedWnid = devkitWnids
    .map((wnid, devkitIndex) => ({ wnid, devkitIndex }))
    .sort((a, b) => (a.wnid < b.wnid ? -1 : 1));
  const devkitLabels = new Array<number>(IMAGENET_CLASS_COUNT);
  bySortedWnid.forEach(({ devkitIndex }, label) => (devkitLabels[devkitIndex] = label));
  const sortedWnids = bySortedWnid.map(({ wnid }) => wnid);
  return {
    sortedWnids,
    devkitWnids,
    devkitLabels,
    indexOfWnid: new Map(sortedWnids.map((wnid, label) => [wnid, label])),
  };
}
