// Conductance drift (docs/analog-model.md §4): G(t) = G₀·(t/t₀)^−ν with a per-cell ν ~ N(μ_ν, σ_ν), t₀ = 20 s.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { ConductanceRange } from '../mapping/conductance-range';
import { clipConductance, type ClipPolicy } from './programming';
import type { SeededRandom } from './seeded-random';

export type DriftSpec = HardwareConfig['device']['drift'];

export const DRIFT_REFERENCE_TIME_S = 20;

export function isDrifting(drift: DriftSpec): boolean {
  return drift.timeS > 0;
}

/** The programmed cells after `timeS` of drift, clipped by the same policy as programming. */
export function driftCells(
  programmed: Float64Array,
  drift: DriftSpec,
  random: SeededRandom,
  policy: ClipPolicy,
  range: ConductanceRange,
): Float64Array {
  const logTime = Math.log(drift.timeS / DRIFT_REFERENCE_TIME_S);
  const drifted = new Float64Array(programmed.length);
  for (let i = 0; i < programmed.length; i++) {
    const nu = drift.nuMean + drift.nuStd * random.normal();
    drifted[i] = clipConductance(programmed[i] * Math.exp(-nu * logTime), policy, range);
  }
  return drifted;
}
