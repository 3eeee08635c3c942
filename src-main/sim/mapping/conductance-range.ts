// Normalized conductance units (docs/analog-model.md §2): Gmax = 1, Gmin = 1/OnOff (0 for infinite), Grange = 1 − Gmin.
import { roundHalfEven } from '../rounding';

export interface ConductanceRange {
  gMin: number;
  gMax: number;
  gRange: number;
}

export function conductanceRange(onOff: number): ConductanceRange {
  const gMin = onOff === 0 ? 0 : 1 / onOff;
  return { gMin, gMax: 1, gRange: 1 - gMin };
}

/** Rounds a conductance to the nearest of 2^c evenly spaced levels in [Gmin, Gmax]; c = 0 is continuous (§3). */
export function roundToCellLevels(gNorm: number, cellBits: number, range: ConductanceRange): number {
  return cellBits === 0 ? gNorm : roundToSteps(gNorm, 2 ** cellBits - 1, range);
}

/** `roundToCellLevels` over a whole plane, in place, with the level count computed once. */
export function roundPlaneToCellLevels(
  plane: Float64Array,
  cellBits: number,
  range: ConductanceRange,
): Float64Array {
  if (cellBits === 0) return plane;
  const steps = 2 ** cellBits - 1;
  for (let i = 0; i < plane.length; i++) plane[i] = roundToSteps(plane[i], steps, range);
  return plane;
}

function roundToSteps(gNorm: number, steps: number, { gMin, gRange }: ConductanceRange): number {
  const level = roundHalfEven(((gNorm - gMin) / gRange) * steps);
  return gMin + (Math.min(steps, Math.max(0, level)) * gRange) / steps;
}
