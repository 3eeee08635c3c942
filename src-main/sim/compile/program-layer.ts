// Pass 2 — program a layer's cells for one trial: targets plus sampled programming error (analog-model.md §4).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { sigmaModel } from '../devices/error-models';
import { programCells } from '../devices/programming';
import type { SeededRandom } from '../devices/seeded-random';
import type { MappedLayer } from './layer-plan';

export interface ProgrammedLayer {
  /** Programmed conductances per plane, in the layer's weight layout. */
  planes: Float64Array[];
  /** Unit-column cells per row partition: [group][column partition][row], flattened; empty without one. */
  unitCells: Float64Array[];
}

export function programLayer(
  plan: MappedLayer,
  config: HardwareConfig,
  random: SeededRandom,
): ProgrammedLayer {
  const sigma = sigmaModel(config.device.programmingError, plan.range);
  const program = (targets: Float64Array) =>
    programCells(targets, sigma, random, config.device.clip, plan.range);
  const planes = plan.targets.map(program);
  const unitCells =
    plan.offsetRemoval === 'unit-column'
      ? plan.rows.rowsPerPartition.map((rows) =>
          program(new Float64Array(rows * unitColumnCount(plan)).fill(plan.mapping.zeroLevel)),
        )
      : [];
  return { planes, unitCells };
}

/** The ideal cells of a layer (no programming error), as calibration uses them. */
export function idealCells(plan: MappedLayer): ProgrammedLayer {
  const unitCells =
    plan.offsetRemoval === 'unit-column'
      ? plan.rows.rowsPerPartition.map((rows) =>
          new Float64Array(rows * unitColumnCount(plan)).fill(plan.mapping.zeroLevel),
        )
      : [];
  return { planes: plan.targets, unitCells };
}

/** One unit column per column partition of every group's matrix (each group is mapped to its own arrays). */
export function unitColumnCount(plan: MappedLayer): number {
  return plan.columns.length * plan.layer.group;
}
