// Pass 3 — emit one analog layer as ONNX nodes: DAC → product per row partition → ADC → sum → scale and bias.
import type { GraphBuilder } from '../onnx/graph-builder';
import type { LayerPlan } from './layer-plan';
import { outputChannels, type MatrixLayer } from './matrix-layer';
import { effectiveConductances, partitionWeights, productDims, unitColumnWeights } from './partition-weights';
import { unitColumnCount, type ProgrammedLayer } from './program-layer';

/** A conductance initializer whose values are re-filled for every trial (§11: nothing else is recompiled). */
export interface ConductanceSlot {
  name: string;
  fill(programmed: ProgrammedLayer): Float32Array;
}

/** Integer-domain bookkeeping (see `emitLayer`). */
interface Scaling {
  /** Normalized input x̂ = (DAC output) / dacDivisor. */
  dacDivisor: number;
  /** ADC code = array output / adcStep (1 for an ideal ADC). */
  adcStep: number;
  /** W·x per unit of offset-free array output: Wmax · DAC limit / mapping gain. */
  outputScale: number;
}

export interface EmitOptions {
  /** Calibration: receives each row partition's array output (before the ADC); keeps partitions apart. */
  probeArrayOutput?: (tensor: string) => void;
  /** Per-array statistics (§8): receives each row partition's diagnostic tensors; keeps partitions apart. */
  diagnose?: (probe: PartitionProbe) => void;
}

/** Diagnostic tensors of one row partition, all [.., outputs] in ADC code units (array units / adcStep). */
export interface PartitionProbe {
  partition: number;
  /** ADC input, shifted by −min/step for an asymmetric ADC. */
  adcInput: string;
  /** ADC output after unit-column subtraction (still shifted unless a unit column cancelled the shift). */
  adcOutput: string;
  /** The ideal, error-free partial sum: exact weights and inputs (Grange·w/Wmax · x/limit). */
  ideal: string;
  /** Σ of the partition's DAC codes per output position; only with a digital offset. */
  rowSums?: string;
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
): ConductanceSlot[] {
  const { layer, dac, adc } = plan;
  const prefix = layer.name.replace(/[^A-Za-z0-9_]/g, '_');
  const constant = (name: string, dims: number[], values: number[] | Float32Array) =>
    graph.constant(`${prefix}/${name}`, dims, values);
  const x = emitDac(graph, plan, constant);
  const scaling: Scaling = {
    dacDivisor: dac.levels > 0 ? dac.levels : dac.limit,
    adcStep: adc.ideal ? 1 : adc.step,
    outputScale: (plan.wMax * dac.limit) / plan.mapping.gain,
  };
  const separate = Boolean(options.probeArrayOutput || options.diagnose);
  const exactSum = adc.ideal && plan.offsetRemoval !== 'unit-column' && !separate;
  const partitions = exactSum ? [groupChannels(plan)] : plan.rows.channelsPerPartition;
  const inputs = partitions.length > 1 ? splitChannels(graph, layer, x, partitions) : [x];
  const slots: ConductanceSlot[] = [];
  let first = 0;
  const adcInputs: string[] = [];
  const codes = partitions.map((count, t) => {
    const partition = { input: inputs[t], first, count, index: t };
    const code = emitPartition(graph, plan, scaling, partition, constant, slots, {
      probeArrayOutput: (tensor) => {
        adcInputs.push(tensor);
        options.probeArrayOutput?.(tensor);
      },
    });
    first += count;
    return code;
  });
  if (options.diagnose) {
    emitDiagnostics(
      graph,
      plan,
      scaling,
      { inputs, partitions, codes, adcInputs },
      constant,
      options.diagnose,
    );
  }
  const summed = codes.length > 1 ? graph.op('Sum', codes) : codes[0];
  emitOutput(graph, plan, scaling, { x, summed, partitionCount: partitions.length }, constant);
  return slots;
}

type Constant = (name: string, dims: number[], values: number[] | Float32Array) => string;

function groupChannels(plan: LayerPlan): number {
  return plan.rows.channelsPerPartition.reduce((a, b) => a + b, 0);
}

/** DAC codes: round(clip(x · levels / limit)) in [−levels, levels] (signed) or [0, levels]; ideal passes x. */
function emitDac(graph: GraphBuilder, plan: LayerPlan, constant: Constant): string {
  const { dac, layer } = plan;
  const input = layer.transposeInput ? graph.op('Transpose', [layer.input], { perm: [1, 0] }) : layer.input;
  if (dac.levels === 0) return input;
  const scaled = graph.op('Mul', [input, constant('dac_gain', [], [dac.levels / dac.limit])]);
  const low = constant('dac_min', [], [dac.signed ? -dac.levels : 0]);
  const clipped = graph.op('Clip', [scaled, low, constant('dac_max', [], [dac.levels])]);
  return roundToInteger(graph, clipped);
}

function splitChannels(graph: GraphBuilder, layer: MatrixLayer, x: string, sizes: number[]): string[] {
  const split = graph.int64Constant(graph.uniqueName(`${layer.name}/split`), sizes);
  return graph.node('Split', [x, split], { axis: layer.kind === 'conv' ? 1 : -1 }, sizes.length);
}

interface Partition {
  input: string;
  first: number;
  count: number;
  index: number;
}

/** ADC codes of one row partition's arrays (unit column already subtracted). */
function emitPartition(
  graph: GraphBuilder,
  plan: LayerPlan,
  scaling: Scaling,
  partition: Partition,
  constant: Constant,
  slots: ConductanceSlot[],
  options: EmitOptions,
): string {
  const { layer, adc } = plan;
  const perCode = 1 / (scaling.dacDivisor * scaling.adcStep);
  const shift = adc.ideal || adc.min === -adc.max ? 0 : -adc.min / adc.step;
  const { first, count, index } = partition;
  const conductanceSlot = (name: string, dims: number[], fill: ConductanceSlot['fill']) => {
    const full = constant(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)));
    slots.push({ name: full, fill });
    return full;
  };
  const outputs = outputChannels(layer);
  const main = conductanceSlot(
    `g${index}`,
    productDims(layer, count, outputs),
    (programmed) =>
      partitionWeights(layer, effectiveConductances(programmed.planes), first, count, perCode).data,
  );
  const product = emitProduct(graph, layer, partition.input, main, shift, outputs, constant);
  options.probeArrayOutput?.(product);
  const codes = quantizeAdc(graph, plan, product);
  if (plan.offsetRemoval !== 'unit-column') return codes;
  const units = unitColumnCount(plan);
  const unit = conductanceSlot(
    `u${index}`,
    productDims(layer, count, units),
    (programmed) => unitColumnWeights(layer, programmed.unitCells[index], units, count, perCode).data,
  );
  const unitCodes = quantizeAdc(
    graph,
    plan,
    emitProduct(graph, layer, partition.input, unit, shift, units, constant),
  );
  const indices = graph.int64Constant(graph.uniqueName(`${layer.name}/unit_of_column`), unitOfColumn(plan));
  const perColumn = graph.op('Gather', [unitCodes, indices], { axis: layer.kind === 'conv' ? 1 : -1 });
  return graph.op('Sub', [codes, perColumn]);
}

/** Conv (with the layer's attributes) or MatMul; a non-zero `shift` is added per output (the asymmetric ADC). */
function emitProduct(
  graph: GraphBuilder,
  layer: MatrixLayer,
  input: string,
  weights: string,
  shift: number,
  outputs: number,
  constant: Constant,
): string {
  if (layer.kind === 'conv') {
    const bias =
      shift !== 0 ? [constant(`${weights}_shift`, [outputs], new Array<number>(outputs).fill(shift))] : [];
    return graph.op('Conv', [input, weights, ...bias], { ...layer.convAttributes, group: layer.group });
  }
  const product = graph.op('MatMul', [input, weights]);
  return shift !== 0 ? graph.op('Add', [product, constant(`${weights}_shift`, [], [shift])]) : product;
}

/** Clip to the ADC's codes and round: [−(L−1)/2, (L−1)/2] symmetric, [0, L−1] after the shift otherwise. */
function quantizeAdc(graph: GraphBuilder, plan: LayerPlan, codes: string): string {
  const { adc, layer } = plan;
  if (adc.ideal) return codes;
  const symmetric = adc.min === -adc.max;
  const half = (adc.levels - 1) / 2;
  const low = graph.constant(graph.uniqueName(`${layer.name}/adc_min`), [], [symmetric ? -half : 0]);
  const high = graph.constant(
    graph.uniqueName(`${layer.name}/adc_max`),
    [],
    [symmetric ? half : adc.levels - 1],
  );
  return roundToInteger(graph, graph.op('Clip', [codes, low, high]));
}

interface OutputInputs {
  x: string;
  summed: string;
  partitionCount: number;
}

/**
 * y = Σcodes · adcStep · outputScale − (digital offset) + bias. The asymmetric ADC's shifted codes add back
 * partitionCount · min per output, unless a unit column (digitized with the same shift) cancelled it.
 */
function emitOutput(
  graph: GraphBuilder,
  plan: LayerPlan,
  scaling: Scaling,
  values: OutputInputs,
  constant: Constant,
) {
  const { layer, adc, mapping } = plan;
  const outputs = outputChannels(layer);
  const channelDims = layer.kind === 'conv' ? [outputs, 1, 1] : [outputs];
  const shifted = !adc.ideal && adc.min !== -adc.max && plan.offsetRemoval !== 'unit-column';
  const constantTerm = shifted ? values.partitionCount * adc.min * scaling.outputScale : 0;
  const bias = Float32Array.from({ length: outputs }, (_, o) => (layer.bias?.[o] ?? 0) + constantTerm);
  const scale = scaling.adcStep * scaling.outputScale;
  let y = graph.op('Mul', [values.summed, constant('out_scale', [], [scale])]);
  if (plan.offsetRemoval === 'digital') {
    const rowSums = emitRowSums(graph, layer, values.x, constant);
    const perSum = (mapping.zeroLevel * scaling.outputScale) / scaling.dacDivisor;
    y = graph.op('Sub', [y, graph.op('Mul', [rowSums, constant('offset_scale', [], [perSum])])]);
  }
  graph.op('Add', [y, constant('bias', channelDims, bias)], {}, layer.output);
}

/** Σ of the DAC codes over each output's rows, exactly (the digital offset of §3); `channels` of a partition. */
function emitRowSums(
  graph: GraphBuilder,
  layer: MatrixLayer,
  x: string,
  constant: Constant,
  channels = layer.weightDims[1],
): string {
  if (layer.kind === 'matmul')
    return graph.op('ReduceSum', [x, graph.int64Constant(graph.uniqueName('axes'), [-1])], { keepdims: 1 });
  const groups = layer.group;
  const dims = [groups, channels, ...layer.weightDims.slice(2)];
  const ones = constant(
    graph.uniqueName('ones'),
    dims,
    new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(1),
  );
  const sums = graph.op('Conv', [x, ones], { ...layer.convAttributes, group: groups });
  if (groups === 1) return sums;
  const perOutput = outputChannels(layer) / groups;
  const groupOf = Array.from({ length: outputChannels(layer) }, (_, o) => Math.floor(o / perOutput));
  return graph.op(
    'Gather',
    [sums, graph.int64Constant(graph.uniqueName(`${layer.name}/group_of`), groupOf)],
    { axis: 1 },
  );
}

interface DiagnosticInputs {
  inputs: string[];
  partitions: number[];
  codes: string[];
  adcInputs: string[];
}

/** The ideal partial sum of every row partition, beside the analog one, for per-array statistics (§8). */
function emitDiagnostics(
  graph: GraphBuilder,
  plan: LayerPlan,
  scaling: Scaling,
  values: DiagnosticInputs,
  constant: Constant,
  diagnose: (probe: PartitionProbe) => void,
) {
  const { layer } = plan;
  const raw = layer.transposeInput ? graph.op('Transpose', [layer.input], { perm: [1, 0] }) : layer.input;
  const rawParts = values.partitions.length > 1 ? splitChannels(graph, layer, raw, values.partitions) : [raw];
  const exact = Float64Array.from(layer.weights, (w) => (plan.mapping.gain * w) / plan.wMax);
  const perCode = 1 / (plan.dac.limit * scaling.adcStep);
  let first = 0;
  values.partitions.forEach((count, t) => {
    const { dims, data } = partitionWeights(layer, exact, first, count, perCode);
    const weights = constant(`ideal${t}`, dims, data);
    const ideal = emitProduct(graph, layer, rawParts[t], weights, 0, outputChannels(layer), constant);
    const rowSums =
      plan.offsetRemoval === 'digital'
        ? emitRowSums(graph, layer, values.inputs[t], constant, count)
        : undefined;
    diagnose({ partition: t, adcInput: values.adcInputs[t], adcOutput: values.codes[t], ideal, rowSums });
    first += count;
  });
}

/** For every output channel, the unit column of its group and column partition. */
function unitOfColumn(plan: LayerPlan): number[] {
  const perGroup = plan.columns.flatMap((size, u) => Array<number>(size).fill(u));
  return Array.from({ length: plan.layer.group }, (_, g) =>
    perGroup.map((u) => g * plan.columns.length + u),
  ).flat();
}

// 1.5·2^23: adding it moves any |x| < 2^22 into [2^23, 2^24), where float32's spacing is 1, so the addition
// itself rounds half to even; subtracting it back is exact.
const ROUNDING_MAGIC = 12582912;

/** Round half to even by two float32 additions, which onnxruntime keeps in its blocked conv layout (Round is not). */
function roundToInteger(graph: GraphBuilder, x: string): string {
  const magic = graph.constant(graph.uniqueName('round_magic'), [], [ROUNDING_MAGIC]);
  return graph.op('Sub', [graph.op('Add', [x, magic]), magic]);
}
