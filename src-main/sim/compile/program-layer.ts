// Pass 2 — program a layer's cells for one trial: targets plus sampled programming error (docs/analog-model.md §4).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { sigmaModel } from '../devices/error-models';
import { driftCells, isDrifting } from '../devices/drift';
import { programCells } from '../devices/programming';
import { compensationFactors } from './drift-compensation';
import type { SeededRandom } from '../devices/seeded-random';
import type { MappedLayer } from './layer-plan';
import type { WeightSlice } from '../mapping/weight-slices';
import { throughWires, type WireResponse } from './wire-response';

export interface ProgrammedLayer {
  /** Per weight slice (one when unsliced). */
  slices: ProgrammedSlice[];
}

export interface ProgrammedSlice {
  /** Programmed conductances per plane, in the layer's weight layout. */
  planes: Float64Array[];
  /** Unit-column cells per row partition: [group][column partition][row], flattened; empty without one. */
  unitCells: Float64Array[];
  /**
   * Global drift compensation (§4): per row partition, per output column, the factor that rescales its array's
   * digitized output, Σ programmed G / Σ drifted G over the array's cells; null without compensation.
   */
  driftCompensation: Float64Array[] | null;
  /** The planes seen through resistive wires (§7); null for ideal wires. */
  wires: WireResponse | null;
}

/** `threads`: how many threads may solve the wires' networks (the run's onnxruntime thread budget). */
export function programLayer(
  plan: MappedLayer,
  config: HardwareConfig,
  random: SeededRandom,
  threads = 1,
): ProgrammedLayer {
  const { device } = config;
  const sigma = sigmaModel(device.programmingError, plan.range);
  const program = (targets: Float64Array) => programCells(targets, sigma, random, device.clip, plan.range);
  const drift = (cells: Float64Array) => driftCells(cells, device.drift, random, device.clip, plan.range);
  return {
    slices: plan.slices.map((slice) => {
      const programmed = {
        planes: slice.targets.map(program),
        unitCells: unitTargets(plan, slice).map(program),
      };
      if (!isDrifting(device.drift))
        return withWires(plan, { ...programmed, driftCompensation: null }, threads);
      const drifted = { planes: programmed.planes.map(drift), unitCells: programmed.unitCells.map(drift) };
      return withWires(
        plan,
        {
          ...drifted,
          driftCompensation: device.drift.compensate ? compensationFactors(plan, programmed, drifted) : null,
        },
        threads,
      );
    }),
  };
}

function unitTargets(plan: MappedLayer, slice: WeightSlice): Float64Array[] {
  if (plan.offsetRemoval !== 'unit-column') return [];
  return plan.rows.rowsPerPartition.map((rows) =>
    new Float64Array(rows * unitColumnCount(plan)).fill(slice.unitLevel),
  );
}

/** The ideal cells of a layer (no programming error), as calibration uses them. */
export function idealCells(plan: MappedLayer, threads = 1): ProgrammedLayer {
  return {
    slices: plan.slices.map((slice) =>
      withWires(
        plan,
        { planes: slice.targets, unitCells: unitTargets(plan, slice), driftCompensation: null },
        threads,
      ),
    ),
  };
}

function withWires(
  plan: MappedLayer,
  cells: Omit<ProgrammedSlice, 'wires'>,
  threads: number,
): ProgrammedSlice {
  return {
    ...cells,
    wires: plan.parasitics ? throughWires(plan, cells.planes, plan.parasitics, threads) : null,
  };
}

/** One unit column per column partition of every group's matrix (each group is mapped to its own arrays). */
export function unitColumnCount(plan: MappedLayer): number {
  return plan.columns.length * plan.layer.group;
}
