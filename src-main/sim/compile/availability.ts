// Options the config schema accepts but the simulator does not implement yet: refused before anything runs.
import type { HardwareConfig } from '../../../src-shared/config/hardware';

const PENDING: { applies: (config: HardwareConfig) => boolean; field: string }[] = [
  {
    applies: (c) => c.array.parasitics.rp > 0 && c.device.readNoise.model !== 'none',
    field: 'device.readNoise with array.parasitics.rp > 0 (read noise enters the circuit solve per read)',
  },
  {
    applies: (c) => c.array.parasitics.rp > 0 && c.device.drift.timeS > 0 && c.device.drift.compensate,
    field: 'device.drift.compensate with array.parasitics.rp > 0',
  },
  { applies: (c) => c.bias === 'analog-row', field: 'bias "analog-row"' },
];

/** Throws naming every requested option that is not available yet. */
export function assertAvailable(config: HardwareConfig): void {
  const pending = PENDING.filter((option) => option.applies(config)).map((option) => option.field);
  if (pending.length > 0) {
    throw new UnavailableOptionError(`not available yet in this version: ${pending.join('; ')}`);
  }
}

export class UnavailableOptionError extends Error {
  override readonly name = 'UnavailableOptionError';
}

/** A config that cannot be applied to a particular layer (rowsMax below one kernel, an empty range); names both. */
export class LayerConfigError extends Error {
  override readonly name = 'LayerConfigError';
}
