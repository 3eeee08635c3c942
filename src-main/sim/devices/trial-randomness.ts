// Whether Monte-Carlo trials of a config can differ (docs/analog-model.md §4, §11): only sampled device errors make them.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { isDrifting } from './drift';
import { drawsError } from './error-models';

/** False when every trial of the config would compute exactly the same outputs. */
export function trialsDiffer(config: HardwareConfig): boolean {
  const { programmingError, readNoise, drift } = config.device;
  return drawsError(programmingError) || drawsError(readNoise) || (isDrifting(drift) && drift.nuStd > 0);
}

/** The trials worth running: one when they would all be identical (none at all for a digital-only run). */
export function trialsToRun(config: HardwareConfig | null, requested: number): number {
  if (!config) return 0;
  return trialsDiffer(config) ? requested : 1;
}
