// σ(G) of programming error and read noise (docs/analog-model.md §4), in normalized units (Gmax = 1).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { ConductanceRange } from '../mapping/conductance-range';

export type ErrorSpec = HardwareConfig['device']['programmingError'];
export type ErrorModelName = ErrorSpec['model'];

/** Standard deviation of a cell's conductance as a function of its target conductance. */
export type SigmaOfG = (gNorm: number) => number;

// PCM fit: σ = max(−0.00178767G² + 0.0758572G + 0.286386, 0) µS with G in µS and Gmax = 25 µS.
const PCM_GMAX_US = 25;
// RRAM fit: σ = max(−0.009107G + 4.782321, 0) µS for G in 50–225 µS; normalized by its Gmax of 225 µS.
const RRAM_GMAX_US = 225;

const SIGMA_MODELS: Record<ErrorModelName, (spec: ErrorSpec, range: ConductanceRange) => SigmaOfG | null> = {
  none: () => null,
  'state-independent': (spec, range) => {
    const sigma = spec.alpha * (spec.sigmaReference === 'grange' ? range.gRange : range.gMax);
    return () => sigma;
  },
  'state-proportional': (spec) => (g) => spec.alpha * Math.abs(g),
  pcm: () => (g) => {
    const gUs = g * PCM_GMAX_US;
    return Math.max(-0.00178767 * gUs * gUs + 0.0758572 * gUs + 0.286386, 0) / PCM_GMAX_US;
  },
  rram: () => (g) => Math.max(-0.009107 * g * RRAM_GMAX_US + 4.782321, 0) / RRAM_GMAX_US,
  table: (spec) => (g) => interpolateTable(spec.table, g),
};

/** The σ(G) function of an error spec, or null when the model is "none" (no error at all). */
export function sigmaModel(spec: ErrorSpec, range: ConductanceRange): SigmaOfG | null {
  return SIGMA_MODELS[spec.model](spec, range);
}

/** Linear interpolation in a [G, σ] table, held constant beyond its first and last rows. */
export function interpolateTable(table: readonly (readonly [number, number])[], g: number): number {
  if (table.length === 0) return 0;
  if (g <= table[0][0]) return table[0][1];
  for (let i = 1; i < table.length; i++) {
    const [g1, s1] = table[i];
    if (g <= g1) {
      const [g0, s0] = table[i - 1];
      return s0 + ((s1 - s0) * (g - g0)) / (g1 - g0);
    }
  }
  return table[table.length - 1][1];
}

/** Whether an error spec draws anything: a model with a zero σ everywhere draws exactly the target. */
export function drawsError(spec: ErrorSpec): boolean {
  switch (spec.model) {
    case 'none':
      return false;
    case 'state-independent':
    case 'state-proportional':
      return spec.alpha > 0;
    case 'table':
      return spec.table.some(([, sigma]) => sigma > 0);
    case 'pcm':
    case 'rram':
      return true;
  }
}
