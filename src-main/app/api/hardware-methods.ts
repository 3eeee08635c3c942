// Hardware configs: the presets, validation against the one schema, and configs saved under a project.
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { parseWith, ConfigError } from '../../../src-shared/config/fields';
import { PRESET_NAMES, presetConfig } from '../../../src-shared/config/presets';
import type { JsonObject } from '../../store';
import { assertAvailable, UnavailableOptionError } from '../../sim/compile/availability';
import { defineMethods } from './methods';
import { existing } from './project-methods';
import { savedHardwareConfig } from './records';
import { AppError } from '../app-error';

export const hardwareMethods = defineMethods({
  'hardware.presets': () => PRESET_NAMES.map((name) => ({ name, config: presetConfig(name) })),
  'hardware.validate': ({ config }) => {
    try {
      assertAvailable(parseWith(hardwareSchema, config, 'hardware config'));
      return { ok: true };
    } catch (error) {
      if (error instanceof ConfigError || error instanceof UnavailableOptionError) {
        return { ok: false, message: error.message };
      }
      throw error;
    }
  },
  'hardware.list': ({ projectId }, { store }) => {
    existing(store, projectId);
    return store.hardwareConfigs.list(projectId).map(savedHardwareConfig);
  },
  'hardware.save': ({ projectId, name, config }, { store, publish }) => {
    existing(store, projectId);
    const parsed = parseWith(hardwareSchema, config, `hardware config "${name}"`);
    const saved = store.hardwareConfigs.save({ projectId, name, config: parsed as unknown as JsonObject });
    publish({ type: 'changed', what: 'hardware' });
    return savedHardwareConfig(saved);
  },
  'hardware.delete': ({ configId }, { store, publish }) => {
    if (!store.hardwareConfigs.get(configId))
      throw new AppError('not-found', `there is no hardware config ${configId}`);
    store.hardwareConfigs.delete(configId);
    publish({ type: 'changed', what: 'hardware' });
    return { deleted: true as const };
  },
});
