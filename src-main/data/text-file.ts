// Reads the small text files a dataset comes with (ground truth, class lists), failing with the file's name.
import { readFile } from 'node:fs/promises';
import { DatasetError, reasonOf } from './dataset-error';

/** The file's lines without line endings or a UTF-8 byte-order mark; trailing blank lines are dropped. */
export async function readTextLines(file: string, description: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DatasetError(file, `cannot read ${description} ${file}: ${reasonOf(error)}`, { cause: error });
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  return lines;
}
