// Pass 2 — program a layer's cells for one trial: targets plus sampled programming error (analog-model.md §4).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { sigmaModel } from '../devices/error-models';
import { driftCells, isDrifting } from '../devices/drift';
import { programCells } from '../devices/programming';
import { compensationFactors } from './drift-compensation';
import type { SeededRandom } from '../devices/seeded-random';
import type { MappedLayer } from './layer-plan';

export interface ProgrammedLayer {
  /** Programmed conductances per plane, in the layer's weight layout. */
  planes: Float64Array[];
  /** Unit-column cells per row partition: [group][column partition][row], flattened; empty without one. */
  unitCells: Float64Array[];
  /**
   * Global drift compensation (§4): per row partition, per output column, the factor that rescales its array's
   * digitized output, Σ programmed G / Σ drifted G over the array's cells; null without compensation.
   */
  driftCompensation: Float64Array[] | null;
}

export function programLayer(
  plan: MappedLayer,
  config: HardwareConfig,
  random: SeededRandom,
): ProgrammedLayer {
  const { device } = config;
  const sigma = sigmaModel(device.programmingError, plan.range);
  const program = (targets: Float64Array) => programCells(targets, sigma, random, device.clip, plan.range);
  const programmed = { planes: plan.targets.map(program), unitCells: unitTargets(plan).map(program) };
  if (!isDrifting(device.drift)) return { ...programmed, driftCompensation: null };
  const drift = (cells: Float64Array) => driftCells(cells, device.drift, random, device.clip, plan.range);
  const drifted = { planes: programmed.planes.map(drift), unitCells: programmed.unitCells.map(drift) };
  return {
    ...drifted,
    driftCompensation: device.drift.compensate ? compensationFactors(plan, programmed, drifted) : null,
  };
}

function unitTargets(plan: MappedLayer): Float64Array[] {
  if (plan.offsetRemoval !== 'unit-column') return [];
  return plan.rows.rowsPerPartition.map((rows) =>
    new Float64Array(rows * unitColumnCount(plan)).fill(plan.mapping.zeroLevel),
  );
}

/** The ideal cells of a layer (no programming error), as calibration uses them. */
export function idealCells(plan: MappedLayer): ProgrammedLayer {
  return { planes: plan.targets, unitCells: unitTargets(plan), driftCompensation: null };
}

/** One unit column per column partition of every group's matrix (each group is mapped to its own arrays). */
export function unitColumnCount(plan: MappedLayer): number {
  return plan.columns.length * plan.layer.group;
}
