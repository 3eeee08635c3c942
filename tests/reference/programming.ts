// One Monte-Carlo trial's programming of a physical array: programming error, drift and drift compensation (§4).
import type { HardwareConfig } from '../../src-shared/config/hardware';
import type { ConductanceScale } from './device-levels';
import { driftCell, programCell } from './device-errors';
import type { ArrayConductances, PhysicalArray } from './physical-arrays';
import type { SeededRandom } from './seeded-random';

export interface ProgrammedArray {
  array: PhysicalArray;
  /** The conductances every read of this trial starts from (programmed, then drifted). */
  conductances: ArrayConductances;
  /** Digital gain applied to each of the array's ADC outputs: 1, or the global drift compensation ratio. */
  driftGain: number;
}

function mapConductances(
  conductances: ArrayConductances,
  mapCell: (gNorm: number) => number,
): ArrayConductances {
  return {
    gMain: conductances.gMain.map((column) => column.map(mapCell)),
    gMinus: conductances.gMinus?.map((column) => column.map(mapCell)) ?? null,
    gUnit: conductances.gUnit?.map(mapCell) ?? null,
  };
}

/** Total current of every cell of the array under an all-ones input: Σ G over all its cells. */
function allOnesCurrent(conductances: ArrayConductances): number {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return (
    sum(conductances.gMain.flat()) + sum(conductances.gMinus?.flat() ?? []) + sum(conductances.gUnit ?? [])
  );
}

/**
 * Samples this trial's programmed (and drifted) conductances of one array. Drift applies when timeS > 0; global
 * drift compensation (§4) rescales the array's digitized outputs by the all-ones current measured right after
 * programming over the one measured at time t (a digital gain, as in Joshi et al.'s global drift compensation).
 */
export function programArray(
  array: PhysicalArray,
  device: HardwareConfig['device'],
  scale: ConductanceScale,
  random: SeededRandom,
): ProgrammedArray {
  const programmed = mapConductances(array.targets, (gNorm) => programCell(gNorm, device, scale, random));
  if (device.drift.timeS === 0) return { array, conductances: programmed, driftGain: 1 };
  const drifted = mapConductances(programmed, (gNorm) => driftCell(gNorm, device, scale, random));
  // An array with every cell at zero conductance (Gmin = 0, all digits 0) reads 0 either way: nothing to rescale.
  const after = allOnesCurrent(drifted);
  const driftGain = device.drift.compensate && after > 0 ? allOnesCurrent(programmed) / after : 1;
  return { array, conductances: drifted, driftGain };
}
