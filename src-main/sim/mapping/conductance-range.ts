// Normalized conductance units (analog-model.md §2): Gmax = 1, Gmin = 1/OnOff (0 for infinite), Grange = 1 − Gmin.
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
  if (cellBits === 0) return gNorm;
  const steps = 2 ** cellBits - 1;
  const level = roundHalfEven(((gNorm - range.gMin) / range.gRange) * steps);
  return range.gMin + (Math.min(steps, Math.max(0, level)) * range.gRange) / steps;
}
