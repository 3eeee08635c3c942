// Pass 3 — emit one analog layer as ONNX nodes: DAC → product per row partition → ADC → sum → scale and bias.
import type { GraphBuilder } from '../onnx/graph-builder';
import type { LayerPlan } from './layer-plan';
import type { ConductanceSlot, SlotFactory } from './emit-types';
import { gatesCells, layerReadout, type LayerReadout, type SliceReadout } from './layer-readout';
import { kernelSize, outputChannels } from './matrix-layer';
import {
  emitClippedReadProduct,
  partitionCellRows,
  unitCellRows,
  type ClippedReadCells,
} from './emit-clipped-reads';
import { emitDiagnostics, idealWeights, type PartitionProbe } from './emit-diagnostics';
import { emitGatedColumns } from './emit-separate-source';
import { combineInputSlices, emitAccumulatedSquares, emitInputSlices } from './emit-input-bits';
import { emitProduct, emitRowSums, splitChannels } from './emit-products';
import { channelScaleDims, DacOutputs, emitChannelAffine, quantizeAdc } from './emit-quantizers';
import { partitionWeights, productDims, sumOfPlanes, unitColumnWeights } from './partition-weights';
import { addReadNoise } from './emit-read-noise';
import { unitColumnCount, type ProgrammedLayer } from './program-layer';
import type { Constant } from './compile-types';

export type { PartitionProbe } from './emit-diagnostics';

export interface EmitOptions {
  /** Calibration: receives each row partition's array output (before the ADC); keeps partitions apart. */
  probeArrayOutput?: (tensor: string, slice: number) => void;
  /** Per-array statistics (§8): receives each row partition's diagnostic tensors; keeps partitions apart. */
  diagnose?: (probe: PartitionProbe) => void;
}

/**
 * Emits the layer so that its last node writes `layer.output`. The products see DAC codes and return ADC codes:
 * their weights carry 1/(dacDivisor · adcStep), so quantizing is a clip and a round, and one multiply at the end
 * restores W·x.
 */
export function emitLayer(
  graph: GraphBuilder,
  plan: LayerPlan,
  options: EmitOptions = {},
  dacs = new DacOutputs(),
): ConductanceSlot[] {
  const { layer } = plan;
  const prefix = layer.name.replace(/[^A-Za-z0-9_]/g, '_');
  const constant = (name: string, dims: number[], values: number[] | Float32Array) =>
    graph.constant(`${prefix}/${name}`, dims, values);
  const x = dacs.emit(graph, plan, constant);
  const readout = layerReadout(plan);
  const separate = Boolean(options.probeArrayOutput || options.diagnose);
  // Separate-source wires make each partition's columns a ladder of their own: no one product over all rows.
  const exactSum =
    plan.adcs.every((adc) => adc.ideal) &&
    plan.offsetRemoval !== 'unit-column' &&
    !plan.compensateDrift &&
    !gatesCells(plan) &&
    !separate;
  const partitions = exactSum ? [groupChannels(plan)] : plan.rows.channelsPerPartition;
  const perPartition = (tensor: string) =>
    partitions.length > 1 ? splitChannels(graph, layer, tensor, partitions) : [tensor];
  const { inputBits, dac } = plan;
  const { perInputBit: perBit, stackedInputBits: stacked } = readout;
  const dacCodes = perPartition(x);
  const applied = stacked ? perPartition(emitInputSlices(graph, x, stacked, dac.signed, constant)) : dacCodes;
  const accumulatedSquares =
    inputBits && !stacked && plan.readNoise.sigma
      ? perPartition(emitAccumulatedSquares(graph, x, inputBits, dac.signed, readout.dacDivisor, constant))
      : null;
  const slots: ConductanceSlot[] = [];
  const ideal: Float64Array[] = [];
  let first = 0;
  const codes = partitions.map((count, t) => {
    const partition: Partition = {
      input: applied[t],
      dacCodes: dacCodes[t],
      squares: accumulatedSquares?.[t] ?? null,
      first,
      count,
      index: t,
    };
    first += count;
    const sliceCodes = readout.slices.map((slice) => {
      const adcInputs: string[] = [];
      const perCode = 1 / (readout.inputDivisor * slice.adcStep);
      const converted = emitPartition(
        graph,
        plan,
        { slice, perCode },
        partition,
        constant,
        slots,
        (tensor, unit) => {
          // Statistics are per column; calibration also sees the unit column, which the same ADC converts.
          if (!unit) adcInputs.push(tensor);
          options.probeArrayOutput?.(tensor, slice.index);
        },
      );
      if (options.diagnose) {
        const code = perBit ? combineInputSlices(graph, converted, perBit, constant) : converted;
        ideal[slice.index] ??= idealWeights(plan, slice.index);
        const probe = { partition, idealWeights: ideal[slice.index], slice, readout, codes: code, adcInputs };
        options.diagnose(emitDiagnostics(graph, plan, probe, constant));
      }
      return converted;
    });
    return weighSlices(graph, plan, readout, sliceCodes, constant);
  });
  // Partitions and weight slices summed by a chain of Adds: onnxruntime folds each into the depthwise Conv that
  // produced one operand (a many-input Sum runs on one thread). The input bits' shift-and-add, linear too, once
  // per layer after it.
  const stackedSum = codes.flat().reduce((total, next) => graph.op('Add', [total, next]));
  const summed = perBit ? combineInputSlices(graph, stackedSum, perBit, constant) : stackedSum;
  emitOutput(graph, plan, readout, { x, summed, partitionCount: partitions.length }, constant);
  return slots;
}

/** codeWeight·codes of a partition's weight slices (§3: y = Σ_i 2^(b·i)·y_i, in slice 0's code units). */
function weighSlices(
  graph: GraphBuilder,
  plan: LayerPlan,
  readout: LayerReadout,
  sliceCodes: string[],
  constant: Constant,
): string[] {
  const { layer } = plan;
  const outputs = outputChannels(layer);
  return sliceCodes.map((codes, s) => {
    const { codeWeight } = readout.slices[s];
    if (codeWeight === 1) return codes;
    if (layer.kind === 'conv') {
      // Not a Mul: onnxruntime would fold it into the Conv that took the rounding's magic number off.
      return emitChannelAffine(graph, layer, codes, {
        channels: outputs,
        scale: new Float32Array(outputs).fill(codeWeight),
        bias: new Float32Array(outputs),
        constant,
      });
    }
    return graph.op('Mul', [codes, constant(graph.uniqueName('slice_weight'), [], [codeWeight])]);
  });
}

function groupChannels(plan: LayerPlan): number {
  return plan.rows.channelsPerPartition.reduce((a, b) => a + b, 0);
}

interface Partition {
  /** What the rows are driven with: the DAC codes, or their input slices stacked on the batch axis. */
  input: string;
  dacCodes: string;
  /** x² for read noise when bit-serial slices accumulate in analog (see emitAccumulatedSquares); else null. */
  squares: string | null;
  first: number;
  count: number;
  index: number;
}

/** ADC codes of one row partition's arrays of one weight slice (unit column already subtracted). */
function emitPartition(
  graph: GraphBuilder,
  plan: LayerPlan,
  { slice, perCode }: { slice: SliceReadout; perCode: number },
  partition: Partition,
  constant: Constant,
  slots: ConductanceSlot[],
  probeArrayOutput: (tensor: string, unitColumn: boolean) => void,
): string {
  const { layer } = plan;
  const { first, count, index } = partition;
  const cellsOf = (programmed: ProgrammedLayer) => programmed.slices[slice.index];
  const name = (base: string) => (plan.slices.length > 1 ? `${base}s${slice.index}` : base);
  const conductanceSlot: SlotFactory = (name, dims, fill) => {
    const full = constant(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)));
    slots.push({ name: full, fill });
    return full;
  };
  const noisyProduct = productsWithReadNoise(
    graph,
    plan,
    slice,
    partition,
    perCode,
    constant,
    conductanceSlot,
  );
  const outputs = outputChannels(layer);
  // Digitized codes of the array holding `planesOf`'s cells: a pair subtracted in analog (G⁺ − G⁻), or one plane;
  // with resistive wires, what those cells compute through them (`wiredOf`).
  const digitizePlanes = (
    slotName: string,
    planeCount: number,
    planesOf: (p: ProgrammedLayer) => Float64Array[],
    wiredOf: (p: ProgrammedLayer) => Float64Array | undefined,
  ) => {
    const weights = conductanceSlot(slotName, productDims(layer, count, outputs), (programmed) => {
      const [positive, negative] = planesOf(programmed);
      const effective = wiredOf(programmed) ?? (negative ? ([positive, negative] as const) : positive);
      return partitionWeights(layer, effective, first, count, perCode).data;
    });
    const product = noisyProduct(
      weights,
      outputs,
      planeCount,
      (programmed, sigmaSquared) =>
        partitionWeights(
          layer,
          sumOfPlanes(planesOf(programmed).map(sigmaSquared)),
          first,
          count,
          perCode ** 2,
        ).data,
      {
        rows: count * kernelSize(layer),
        planes: (programmed) =>
          planesOf(programmed).map((plane) => partitionCellRows(layer, plane, first, count)),
        signs: planeCount === 2 ? [1, -1] : [1],
      },
    );
    probeArrayOutput(product, false);
    return quantizeAdc(graph, layer, slice.codeLimits, product, outputs, constant);
  };
  const drifted = (codes: string) =>
    compensateDrift(graph, plan, slice, codes, partition, constant, conductanceSlot);
  if (plan.separatePlanes) {
    // subtractInAnalog: false — G⁺ and G⁻ columns are separate arrays, each digitized, subtracted digitally.
    const planeCodes = [0, 1].map((p) =>
      digitizePlanes(
        name(`g${index}_${p}`),
        1,
        (programmed) => [cellsOf(programmed).planes[p]],
        (programmed) => cellsOf(programmed).wires?.transfer[p],
      ),
    );
    return drifted(graph.op('Sub', planeCodes));
  }
  const codes = digitizePlanes(
    name(`g${index}`),
    plan.mapping.planeCount,
    (programmed) => cellsOf(programmed).planes,
    (programmed) => cellsOf(programmed).wires?.transfer[0],
  );
  if (plan.offsetRemoval !== 'unit-column') return drifted(codes);
  const units = unitColumnCount(plan);
  const unitCells = (programmed: ProgrammedLayer) => cellsOf(programmed).unitCells[index];
  const unit = conductanceSlot(
    name(`u${index}`),
    productDims(layer, count, units),
    (programmed) => unitColumnWeights(layer, unitCells(programmed), units, count, perCode).data,
  );
  const unitProduct = noisyProduct(
    unit,
    units,
    1,
    (programmed, sigmaSquared) =>
      unitColumnWeights(layer, sigmaSquared(unitCells(programmed)), units, count, perCode ** 2).data,
    {
      rows: count * kernelSize(layer),
      planes: (programmed) => [unitCellRows(unitCells(programmed), units, count * kernelSize(layer))],
      signs: [1],
    },
  );
  const indices = graph.int64Constant(graph.uniqueName(`${layer.name}/unit_of_column`), unitOfColumn(plan));
  probeArrayOutput(unitProduct, true);
  const unitCodes = quantizeAdc(graph, layer, slice.codeLimits, unitProduct, units, constant);
  const perColumn = graph.op('Gather', [unitCodes, indices], { axis: layer.kind === 'conv' ? 1 : -1 });
  return drifted(graph.op('Sub', [codes, perColumn]));
}

type VarianceFill = (
  programmed: ProgrammedLayer,
  sigmaSquared: (cells: Float64Array) => Float64Array,
) => Float32Array;

/**
 * A factory of one partition's products (main or unit column), each with its read noise added (§4, §11); with
 * separate-source wires (§7), each column's ladder per input vector and bit instead of the product.
 */
function productsWithReadNoise(
  graph: GraphBuilder,
  plan: LayerPlan,
  { codeShift: shift }: SliceReadout,
  partition: Partition,
  perCode: number,
  constant: Constant,
  conductanceSlot: SlotFactory,
) {
  const { layer } = plan;
  const { sigma, clipBounds } = plan.readNoise;
  // x² feeds only the output-referred noise; clipped reads draw per cell instead.
  const squaredCodes =
    sigma && !clipBounds ? (partition.squares ?? graph.op('Mul', [partition.input, partition.input])) : '';
  const sigmaSquared = (cells: Float64Array) => cells.map((g) => sigma!(g) ** 2);
  // Input slices accumulated in analog: their reads add up on the column before the one conversion.
  const accumulated = plan.inputBits && !plan.inputBits.perInputBit ? plan.inputBits : null;
  const accumulate = (product: string) =>
    accumulated ? combineInputSlices(graph, product, accumulated, constant) : product;
  return (
    weights: string,
    outputs: number,
    cellsPerWeight: number,
    variances: VarianceFill,
    cells: Pick<ClippedReadCells, 'planes' | 'signs' | 'rows'>,
  ) => {
    if (plan.parasitics && gatesCells(plan)) {
      const gated = {
        ...cells,
        outputs,
        interleaved: plan.parasitics.interleaved,
        rp: plan.parasitics.rp,
        perCode,
        shift,
      };
      return accumulate(emitGatedColumns(graph, layer, partition.input, gated, constant, conductanceSlot));
    }
    if (sigma && clipBounds) {
      const clipped = { ...cells, outputs, sigma, bounds: clipBounds, perCode, shift };
      return accumulate(
        emitClippedReadProduct(graph, layer, partition.input, clipped, constant, conductanceSlot),
      );
    }
    const product = emitProduct(graph, layer, partition.input, weights, shift, outputs, constant);
    const noisy = {
      squaredCodes,
      channelCount: partition.count,
      product,
      outputs,
      variances: {
        dims: productDims(layer, partition.count, outputs),
        fill: (programmed: ProgrammedLayer) => variances(programmed, sigmaSquared),
      },
      varianceScale: perCode ** 2,
      cellsPerWeight,
    };
    return addReadNoise(graph, layer, plan.readNoise, noisy, constant, conductanceSlot);
  };
}

interface OutputInputs {
  x: string;
  summed: string;
  partitionCount: number;
}

/**
 * y = Σcodes · adcStep · outputScale − (digital offset) + bias, in slice 0's units (the shift-and-add weighed the
 * other slices). An asymmetric ADC's shifted codes add back partitionCount · min per output and slice, unless a
 * unit column (digitized with the same shift) cancelled it.
 */
function emitOutput(
  graph: GraphBuilder,
  plan: LayerPlan,
  readout: LayerReadout,
  values: OutputInputs,
  constant: Constant,
) {
  const { layer } = plan;
  const outputs = outputChannels(layer);
  // Drift compensation took each array's shift off before its factor.
  const constantTerm = readout.slices.reduce(
    (total, { adc, outputScale, carriesShift }) =>
      total +
      (!adc.ideal && carriesShift && !plan.compensateDrift
        ? values.partitionCount * readout.conversionWeight * adc.min * outputScale
        : 0),
    0,
  );
  const bias = Float32Array.from({ length: outputs }, (_, o) => (layer.bias?.[o] ?? 0) + constantTerm);
  const scale = readout.slices[0].adcStep * readout.slices[0].outputScale;
  const digitalOffset = () => {
    const rowSums = emitRowSums(graph, layer, values.x, constant);
    const perSum =
      readout.slices.reduce(
        (total, { index, outputScale }) => total + plan.slices[index].zeroLevel * outputScale,
        0,
      ) / readout.dacDivisor;
    return graph.op('Mul', [rowSums, constant('offset_scale', [], [perSum])]);
  };
  const subtractsOffset = plan.offsetRemoval === 'digital';
  if (layer.kind === 'conv') {
    // A constant Mul or Add straight after the rounding Conv would be folded into it by onnxruntime, undoing the
    // rounding; the affine is itself a Conv, which nothing folds into.
    const y = emitChannelAffine(graph, layer, values.summed, {
      channels: outputs,
      scale: new Float32Array(outputs).fill(scale),
      bias,
      constant,
      output: subtractsOffset ? undefined : layer.output,
    });
    if (subtractsOffset) graph.op('Sub', [y, digitalOffset()], {}, layer.output);
    return;
  }
  let y = graph.op('Mul', [values.summed, constant('out_scale', [], [scale])]);
  if (subtractsOffset) y = graph.op('Sub', [y, digitalOffset()]);
  graph.op('Add', [y, constant('bias', [outputs], bias)], {}, layer.output);
}

/** For every output channel, the unit column of its group and column partition. */
function unitOfColumn(plan: LayerPlan): number[] {
  const perGroup = plan.columns.flatMap((size, u) => Array<number>(size).fill(u));
  return Array.from({ length: plan.layer.group }, (_, g) =>
    perGroup.map((u) => g * plan.columns.length + u),
  ).flat();
}

/** Global drift compensation: each array's codes times its trial's factor (§4), with the ADC shift removed first. */
function compensateDrift(
  graph: GraphBuilder,
  plan: LayerPlan,
  { carriesShift, codeShift, index: slice }: SliceReadout,
  codes: string,
  partition: Partition,
  constant: Constant,
  conductanceSlot: SlotFactory,
): string {
  if (!plan.compensateDrift) return codes;
  const { layer } = plan;
  const outputs = outputChannels(layer);
  const shift = carriesShift ? codeShift : 0;
  const factorsOf = (programmed: ProgrammedLayer) =>
    programmed.slices[slice].driftCompensation![partition.index];
  const name = `drift${partition.index}${plan.slices.length > 1 ? `s${slice}` : ''}`;
  if (layer.kind === 'conv') {
    // (codes − shift)·factor as one depthwise Conv (see emitOutput for why not a Mul).
    const scale = conductanceSlot(name, channelScaleDims(layer, outputs), (programmed) =>
      Float32Array.from(factorsOf(programmed)),
    );
    const bias = conductanceSlot(`${name}_shift`, [outputs], (programmed) =>
      Float32Array.from(factorsOf(programmed), (factor) => -factor * shift),
    );
    return emitChannelAffine(graph, layer, codes, { channels: outputs, scale, bias, constant });
  }
  const unshifted =
    shift !== 0
      ? graph.op('Sub', [codes, graph.constant(graph.uniqueName('adc_shift'), [], [shift])])
      : codes;
  const factors = conductanceSlot(name, [outputs], (programmed) => Float32Array.from(factorsOf(programmed)));
  return graph.op('Mul', [unshifted, factors]);
}
