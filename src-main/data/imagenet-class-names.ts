// Human-readable ImageNet class names from a LOC_synset_mapping.txt the user holds (Kaggle's copy of the devkit names).
import path from 'node:path';
import { DatasetError } from './dataset-error';
import { firstExistingFile } from './folder-listing';
import type { ImagenetClasses } from './imagenet-classes';
import { readTextLines } from './text-file';

export const SYNSET_MAPPING_NAME = 'LOC_synset_mapping.txt';

export interface ImagenetClassNames {
  /** names[i] describes model output i. */
  names: string[];
  /** The mapping file they came from, or undefined when none was found and the WordNet IDs serve as names. */
  file?: string;
}

/**
 * Class names for the 1000 outputs: from the first LOC_synset_mapping.txt found in the given folders, else the
 * WordNet IDs themselves.
 */
export async function findImagenetClassNames(
  folders: readonly string[],
  classes: ImagenetClasses,
): Promise<ImagenetClassNames> {
  const file = await firstExistingFile(folders.map((folder) => path.join(folder, SYNSET_MAPPING_NAME)));
  if (!file) return { names: [...classes.sortedWnids] };
  return { names: await readSynsetMapping(file, classes), file };
}

/** Lines read "n01440764 tench, Tinca tinca"; every one of the 1000 WordNet IDs must appear exactly once. */
async function readSynsetMapping(file: string, classes: ImagenetClasses): Promise<string[]> {
  const lines = await readTextLines(file, 'the class-name file');
  const byIndex = new Map<number, string>();
  for (const [lineIndex, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const [wnid, ...words] = line.trim().split(/\s+/);
    const lineError = (problem: string) =>
      new DatasetError(file, `${file} line ${lineIndex + 1}: ${problem}`);
    const index = classes.indexOfWnid.get(wnid);
    if (index === undefined) throw lineError(`"${wnid}" is not one of the 1000 ImageNet WordNet IDs`);
    if (byIndex.has(index)) throw lineError(`${wnid} appears a second time`);
    byIndex.set(index, words.join(' ') || wnid);
  }
  return classes.sortedWnids.map((wnid, index) => {
    const name = byIndex.get(index);
    if (name === undefined) throw new DatasetError(file, `${file} has no line for ${wnid}`);
    return name;
  });
}
