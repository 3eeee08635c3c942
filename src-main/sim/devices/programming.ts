// Programming a layer's cells: target conductances plus one sample of programming error, clipped (§4).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { ConductanceRange } from '../mapping/conductance-range';
import type { SigmaOfG } from './error-models';
import type { SeededRandom } from './seeded-random';

export type ClipPolicy = HardwareConfig['device']['clip'];

export function clipConductance(gNorm: number, policy: ClipPolicy, range: ConductanceRange): number {
  if (policy === 'zero') return Math.max(0, gNorm);
  return Math.min(range.gMax, Math.max(range.gMin, gNorm));
}

/** G' = clip(G + N(0, σ(G))) per cell; without an error model the targets are returned unchanged. */
export function programCells(
  targets: Float64Array,
  sigma: SigmaOfG | null,
  random: SeededRandom,
  policy: ClipPolicy,
  range: ConductanceRange,
): Float64Array {
  if (!sigma) return targets;
  const programmed = new Float64Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    const g = targets[i];
    programmed[i] = clipConductance(g + sigma(g) * random.normal(), policy, range);
  }
  return programmed;
}
