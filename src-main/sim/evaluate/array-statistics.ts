// Per-array statistics (analog-model.md §8) from a diagnostic run: error vs the ideal partial sum, ADC clipping,
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

/** One row partition's (and weight slice's) diagnostic tensors as onnxruntime returned them. */
export interface PartitionValues {
  partition: number;
  slice: number;
  dims: readonly number[];
  /** One ADC input per conversion kind (G⁺ and G⁻ when a pair is digitized separately). */
  adcInputs: Float32Array[];
  /** Their dims: `dims`, or the input bits stacked on the batch axis when each bit is digitized. */
  adcInputDims: readonly number[];
  adcOutput: Float32Array;
  ideal: Float32Array;
  rowSums?: Float32Array;
}

export function arrayStatistics(
  plan: LayerPlan,
  programmed: ProgrammedLayer,
  partitions: PartitionValues[][],
): ArrayStatistics[] {
  const { layer } = plan;
  const stats: ArrayStatistics[] = [];
  const firstChannels = plan.rows.channelsPerPartition.map((_, t) =>
    plan.rows.channelsPerPartition.slice(0, t).reduce((a, b) => a + b, 0),
  );
  // Each probe's values come in chunks of images (one diagnostic run per chunk); their sums add up.
  partitions.forEach((chunks) => {
    const { partition: t, slice } = chunks[0];
    const readout = readoutOf(plan, slice);
    const firstChannel = firstChannels[t];
    const channelCount = plan.rows.channelsPerPartition[t];
    let firstColumn = 0;
    plan.columns.forEach((cols, c) => {
      const ranges = groupColumns(plan, firstColumn, cols);
      const sums: ColumnSums = { squared: 0, idealSquared: 0, clipped: 0, conversions: 0, current: 0 };
      const columnClipped = new Array<number>(cols).fill(0);
      for (const columns of ranges) {
        for (const values of chunks) addColumnSums(values, columns, readout, sums, columnClipped);
      }
      const cells = cellStatistics(
        plan.slices[slice].targets,
        programmed.slices[slice].planes,
        plan,
        [firstChannel, firstChannel + channelCount],
        ranges,
      );
      stats.push({
        layer: layer.name,
        rowPartition: t,
        colPartition: c,
        slice,
        rows: plan.rows.rowsPerPartition[t],
        cols,
        nrmsError: Math.sqrt(sums.squared / Math.max(sums.idealSquared, Number.MIN_VALUE)),
        conversions: sums.conversions,
        clippedFraction: sums.clipped / sums.conversions,
        // Every column converts the same number of times.
        columnClipping: readout.codeLimits ? columnClipped.map((n) => (n * cols) / sums.conversions) : null,
        progErrorRms: cells.errorRms,
        meanConductance: cells.meanG,
        meanColumnCurrent: sums.current / sums.conversions,
        ...wireFigures(plan, programmed.slices[slice].wires, t, c),
      });
      firstColumn += cols;
    });
  });
  return stats;
}

/** How one weight slice's codes read back in array units, and what the ADC clips. */
interface Readout {
  step: number;
  /** The asymmetric ADC's shift, added back to every code (0 for a symmetric or ideal ADC). */
  codeShift: number;
  /** The shift the ADC output still carries: none where a unit column or a G⁻ column cancelled it. */
  outputShift: number;
  /** The ADC's code range; null when ideal. */
  codeLimits: [number, number] | null;
  /** The digital offset per row-sum unit (offset mapping, digital removal). */
  offsetPerRowSum: number;
  channelAxis: (dims: readonly number[]) => number;
}

function readoutOf(plan: LayerPlan, slice: number): Readout {
  const adc = plan.adcs[slice];
  const shifted = !adc.ideal && adc.min !== -adc.max;
  // A unit column, or the G⁻ column of a separately digitized pair, carries the same shift and cancels it.
  const cancelled = plan.offsetRemoval === 'unit-column' || plan.separatePlanes;
  // An asymmetric ADC's shift, once per conversion, weighted like the input bits it converted.
  const bits = plan.inputBits;
  const conversionWeight = bits?.perInputBit ? bits.weights.reduce((a, b) => a + b, 0) : 1;
  const dacDivisor = plan.dac.levels > 0 ? plan.dac.levels : plan.dac.limit;
  return {
    step: adc.ideal ? 1 : adc.step,
    codeShift: shifted ? adc.min : 0,
    outputShift: shifted && !cancelled ? conversionWeight * adc.min : 0,
    codeLimits: adc.ideal
      ? null
      : shifted
        ? [0, adc.levels - 1]
        : [-(adc.levels - 1) / 2, (adc.levels - 1) / 2],
    offsetPerRowSum: plan.slices[slice].zeroLevel / dacDivisor,
    channelAxis: (dims) => (plan.layer.kind === 'conv' ? 1 : dims.length - 1),
  };
}

interface ColumnSums {
  squared: number;
  idealSquared: number;
  clipped: number;
  conversions: number;
  current: number;
}

/** Adds one chunk's outputs of columns [from, to) to the sums, and each clipped conversion to its column. */
function addColumnSums(
  values: PartitionValues,
  columns: [number, number],
  readout: Readout,
  sums: ColumnSums,
  columnClipped: number[],
): void {
  const { step, codeLimits } = readout;
  forEachInColumns(values.dims, readout.channelAxis(values.dims), columns, (i, position) => {
    let analog = values.adcOutput[i] * step + readout.outputShift;
    if (values.rowSums) analog -= readout.offsetPerRowSum * values.rowSums[position];
    const ideal = values.ideal[i] * step;
    sums.squared += (analog - ideal) ** 2;
    sums.idealSquared += ideal ** 2;
  });
  // One conversion per ADC input element: per column, and per input bit when each is digitized.
  for (const adcInput of values.adcInputs) {
    const axis = readout.channelAxis(values.adcInputDims);
    forEachInColumns(values.adcInputDims, axis, columns, (i, _, column) => {
      sums.conversions++;
      sums.current += Math.abs(adcInput[i] * step + readout.codeShift);
      if (codeLimits && (adcInput[i] < codeLimits[0] || adcInput[i] > codeLimits[1])) {
        sums.clipped++;
        columnClipped[column - columns[0]]++;
      }
    });
  }
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
 * Calls `visit(index, position, channel)` for every element whose channel (on `axis`) lies in [from, to);
 * `position` indexes the same element of a tensor with one channel (the row sums).
 */
function forEachInColumns(
  dims: readonly number[],
  axis: number,
  [from, to]: [number, number],
  visit: (index: number, position: number, channel: number) => void,
): void {
  const channels = dims[axis];
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  for (let o = 0; o < outer; o++) {
    for (let c = from; c < to; c++) {
      for (let k = 0; k < inner; k++) visit((o * channels + c) * inner + k, o * inner + k, c);
    }
  }
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

/** The diagnostic tensors of a probe, to declare as graph outputs. */
export function probeTensors(probe: PartitionProbe): string[] {
  return [...probe.adcInputs, probe.adcOutput, probe.ideal, ...(probe.rowSums ? [probe.rowSums] : [])];
}

/** A probe's tensors as onnxruntime returned them. */
export function partitionValues(
  probe: PartitionProbe,
  result: ort.InferenceSession.OnnxValueMapType,
): PartitionValues {
  const data = (name: string) => result[name].data as Float32Array;
  return {
    partition: probe.partition,
    slice: probe.slice,
    dims: result[probe.adcOutput].dims,
    adcInputDims: result[probe.adcInputs[0]].dims,
    adcInputs: probe.adcInputs.map(data),
    adcOutput: data(probe.adcOutput),
    ideal: data(probe.ideal),
    rowSums: probe.rowSums ? data(probe.rowSums) : undefined,
  };
}
