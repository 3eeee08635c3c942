// Reads a JSON file a user named, with a message that names the file when it cannot be read or parsed.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../src-shared/config/fields';

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
