// Reads a hardware config from --config FILE or --preset NAME, validated by the one schema (analog-model.md §12).
import { readFileSync } from 'node:fs';
import { ConfigError, parseWith } from '../../../src-shared/config/fields';
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { isPresetName, PRESET_NAMES, presetConfig } from '../../../src-shared/config/presets';

export function loadHardwareConfig(source: { file?: string; preset?: string }): HardwareConfig | null {
  if (source.file && source.preset) throw new ConfigError('give either --config or --preset, not both');
  if (source.preset !== undefined) {
    if (!isPresetName(source.preset)) {
      throw new ConfigError(`unknown preset "${source.preset}"; known presets: ${PRESET_NAMES.join(', ')}`);
    }
    return presetConfig(source.preset);
  }
  if (source.file === undefined) return null;
  return parseWith(hardwareSchema, readJsonFile(source.file), `hardware config ${source.file}`);
}

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
