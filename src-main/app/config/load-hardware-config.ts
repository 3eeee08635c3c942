// Reads a hardware config from --config FILE or --preset NAME, validated by the one schema (docs/analog-model.md §12).
import { ConfigError, parseWith } from '../../../src-shared/config/fields';
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { isPresetName, PRESET_NAMES, presetConfig } from '../../../src-shared/config/presets';
import { readJsonFile } from './read-json-file';

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
