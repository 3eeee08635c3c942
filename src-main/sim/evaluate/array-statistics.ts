// Per-array statistics (docs/analog-model.md §8) from a diagnostic run: error vs the ideal partial sum, ADC clipping,
// programming error, conductance and column current, for every (row partition, column partition, slice) over all groups.
import type * as ort from 'onnxruntime-node';
import type { PartitionProbe } from '../compile/emit-diagnostics';
import type { LayerPlan } from '../compile/layer-plan';
import { groupInputChannels, kernelSize, outputChannels } from '../compile/matrix-layer';
import { physicalArrays } from '../compile/physical-arrays';
import type { ProgrammedLayer } from '../compile/program-layer';
import type { WireResponse } from '../compile/wire-response';

export interface ArrayStatistics {
  layer: string;
  rowPartition: number;
  colPartition: number;
  slice: number;
  rows: number;
  cols: number;
  /** RMS(digitized − ideal partial sum) / RMS(ideal partial sum), in array units. */
  nrmsError: number;
  /**
   * ADC conversions of the array's columns in this run: per column and input vector, times the input bits each
   * digitized on their own, times two for a pair digitized separately (unit columns not counted).
   */
  conversions: number;
  /** Fraction of those conversions outside the ADC range (0 if ideal). */
  clippedFraction: number;
  /** The same per output column of the array (its columns in order); null with an ideal ADC. */
  columnClipping: number[] | null;
  /** RMS of programmed − target conductance over the array's cells (Gmax = 1). */
  progErrorRms: number;
  meanConductance: number;
  /** Mean |column output| before the ADC, in array units (1 = one Gmax cell at full-scale input). */
  meanColumnCurrent: number;
  /** With resistive wires (§7): the worst fraction of the read voltage lost across a cell, every row at full scale. */
  irDrop: number | null;
  /** With resistive wires: the relative residual of the array's nodal solves. */
  solverResidual: number | null;
}

/** One row partition's (and weight slice's) diagnostic sums, per output channel, over every diagnostic run. */
interface PartitionSums {
  partition: number;
  slice: number;
  errorSquared: Float64Array;
  idealSquared: Float64Array;
  /** Σ |ADC input| in code units, over the conversion kinds. */
  current: Float64Array;
  /** ADC inputs outside the code range, over the conversion kinds; null with an ideal ADC. */
  clipped: Float64Array | null;
  /** Conversions of each column. */
  conversionsPerColumn: number;
  codeStep: number;
}

/** A layer's probes summed over diagnostic runs (`add` each run's result), then read as per-array statistics. */
export function layerStatistics(plan: LayerPlan, probes: readonly PartitionProbe[]) {
  const sums = probes.map((probe) => emptySums(probe, outputChannels(plan.layer)));
  return {
    add(result: ort.InferenceSession.OnnxValueMapType): void {
      probes.forEach((probe, p) => addProbeSums(sums[p], probe, result));
    },
    arrays(programmed: ProgrammedLayer): ArrayStatistics[] {
      return arrayStatistics(plan, programmed, sums);
    },
  };
}

function emptySums(probe: PartitionProbe, outputs: number): PartitionSums {
  return {
    partition: probe.partition,
    slice: probe.slice,
    errorSquared: new Float64Array(outputs),
    idealSquared: new Float64Array(outputs),
    current: new Float64Array(outputs),
    clipped: probe.clipped ? new Float64Array(outputs) : null,
    conversionsPerColumn: 0,
    codeStep: probe.codeStep,
  };
}

/** Adds one diagnostic run's sums of a probe, as onnxruntime returned them. */
function addProbeSums(
  sums: PartitionSums,
  probe: PartitionProbe,
  result: ort.InferenceSession.OnnxValueMapType,
): void {
  const add = (into: Float64Array, names: string[]) => {
    for (const name of names) {
      const values = result[name].data as Float32Array;
      for (let i = 0; i < into.length; i++) into[i] += values[i];
    }
  };
  add(sums.errorSquared, [probe.errorSquared]);
  add(sums.idealSquared, [probe.idealSquared]);
  add(sums.current, probe.currents);
  if (sums.clipped) add(sums.clipped, probe.clipped!);
  sums.conversionsPerColumn += probe.currents.length * (result[probe.conversions].data as Float32Array)[0];
}

function arrayStatistics(
  plan: LayerPlan,
  programmed: ProgrammedLayer,
  partitions: PartitionSums[],
): ArrayStatistics[] {
  const { layer } = plan;
  const stats: ArrayStatistics[] = [];
  const firstChannels = plan.rows.channelsPerPartition.map((_, t) =>
    plan.rows.channelsPerPartition.slice(0, t).reduce((a, b) => a + b, 0),
  );
  for (const sums of partitions) {
    const { partition: t, slice } = sums;
    const firstChannel = firstChannels[t];
    const channelCount = plan.rows.channelsPerPartition[t];
    let firstColumn = 0;
    plan.columns.forEach((cols, c) => {
      const ranges = groupColumns(plan, firstColumn, cols);
      const total = (values: Float64Array) =>
        ranges.reduce((sum, [from, to]) => sum + values.subarray(from, to).reduce((a, b) => a + b, 0), 0);
      const conversions = sums.conversionsPerColumn * ranges.length * cols;
      const cells = cellStatistics(
        plan.slices[slice].targets,
        programmed.slices[slice].planes,
        plan,
        [firstChannel, firstChannel + channelCount],
        ranges,
      );
      const clipped = sums.clipped;
      stats.push({
        layer: layer.name,
        rowPartition: t,
        colPartition: c,
        slice,
        rows: plan.rows.rowsPerPartition[t],
        cols,
        nrmsError: Math.sqrt(total(sums.errorSquared) / Math.max(total(sums.idealSquared), Number.MIN_VALUE)),
        conversions,
        clippedFraction: clipped ? total(clipped) / conversions : 0,
        // A column's clipped conversions over its groups, as a fraction of one column's conversions.
        columnClipping: clipped
          ? Array.from(
              { length: cols },
              (_, k) =>
                ranges.reduce((n, [from]) => n + clipped[from + k], 0) /
                (sums.conversionsPerColumn * ranges.length),
            )
          : null,
        progErrorRms: cells.errorRms,
        meanConductance: cells.meanG,
        meanColumnCurrent: (total(sums.current) * sums.codeStep) / conversions,
        ...wireFigures(plan, programmed.slices[slice].wires, t, c),
      });
      firstColumn += cols;
    });
  }
  return stats;
}

/** An array's wire figures, the worst over its groups (a grouped conv maps each group to its own arrays). */
function wireFigures(
  plan: LayerPlan,
  wires: WireResponse | null,
  rowPartition: number,
  colPartition: number,
): Pick<ArrayStatistics, 'irDrop' | 'solverResidual'> {
  if (!wires) return { irDrop: null, solverResidual: null };
  const figures = physicalArrays(plan)
    .map((array, index) => ({ array, ...wires.arrays[index] }))
    .filter(({ array }) => array.rowPartition === rowPartition && array.colPartition === colPartition);
  return {
    irDrop: Math.max(...figures.map((f) => f.irDrop)),
    solverResidual: Math.max(...figures.map((f) => f.residual)),
  };
}

/**
 * The layer's output channels that column partition [firstColumn, firstColumn + cols) of every group holds: a
 * grouped conv maps each group to arrays of its own, and one statistics entry covers the partition in every group.
 */
function groupColumns(plan: LayerPlan, firstColumn: number, cols: number): [number, number][] {
  const perGroup = outputChannels(plan.layer) / plan.layer.group;
  return Array.from({ length: plan.layer.group }, (_, group) => {
    const first = group * perGroup + firstColumn;
    return [first, first + cols];
  });
}

function cellStatistics(
  targetPlanes: Float64Array[],
  programmedPlanes: Float64Array[],
  plan: LayerPlan,
  [firstChannel, endChannel]: [number, number],
  columnRanges: [number, number][],
): { errorRms: number; meanG: number } {
  const channels = groupInputChannels(plan.layer);
  const kernel = kernelSize(plan.layer);
  let squared = 0;
  let sum = 0;
  let count = 0;
  targetPlanes.forEach((targets, p) => {
    const cells = programmedPlanes[p];
    for (const [firstColumn, endColumn] of columnRanges) {
      for (let o = firstColumn; o < endColumn; o++) {
        for (let i = (o * channels + firstChannel) * kernel; i < (o * channels + endChannel) * kernel; i++) {
          squared += (cells[i] - targets[i]) ** 2;
          sum += cells[i];
          count++;
        }
      }
    }
  });
  return { errorRms: Math.sqrt(squared / count), meanG: sum / count };
}

/** The diagnostic sums of a probe, to declare as graph outputs. */
export function probeTensors(probe: PartitionProbe): string[] {
  return [
    probe.errorSquared,
    probe.idealSquared,
    ...probe.currents,
    ...(probe.clipped ?? []),
    probe.conversions,
  ];
}
