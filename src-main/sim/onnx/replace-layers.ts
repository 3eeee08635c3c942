// Splices layers out of a model: each one's nodes are removed and, in their place, nodes producing its output go in.
import type { AnalogLayer } from './analog-layer';
import { nodeInputs } from './graph-index';
import {
  onnx,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './proto';

export interface LayerReplacement {
  layer: AnalogLayer;
  /**
   * In execution order. They may read the layer's input, any tensor the replaced nodes read, and their own
   * initializers; one of them must produce `layer.output`.
   */
  nodes: NodeProto[];
  initializers: TensorProto[];
}

/**
 * A new model (the given one is not changed) in which each replacement's nodes stand where the layer's first node
 * stood: everything they read exists there and everything reading `layer.output` comes after the layer's last
 * node, so the order stays topological. Initializers and the constant-producing nodes that only fed replaced nodes
 * go.
 */
export function replaceLayers(model: ModelProto, replacements: LayerReplacement[]): ModelProto {
  const graph = model.graph ?? {};
  const replaced = new Set<number>();
  const insertions = new Map<number, NodeProto[]>();
  for (const { layer, nodes } of replacements) {
    checkReplacement(layer, nodes, replaced);
    for (const index of layer.nodeIndices) replaced.add(index);
    insertions.set(Math.min(...layer.nodeIndices), nodes);
  }
  const spliced = (graph.node ?? []).flatMap(
    (node, index) => insertions.get(index) ?? (replaced.has(index) ? [] : [node]),
  );
  const readBefore = tensorsRead(graph.node ?? [], graph);
  const node = withoutDeadConstants(spliced, graph, readBefore);
  const readAfter = tensorsRead(node, graph);
  const orphaned = (name: string | null | undefined) =>
    readBefore.has(name ?? '') && !readAfter.has(name ?? '');
  const initializer = [
    ...(graph.initializer ?? []).filter((tensor) => !orphaned(tensor.name)),
    ...replacements.flatMap((replacement) => replacement.initializers),
  ];
  // IR < 4 lists initializers among the graph inputs too; a removed one must not become a required input.
  const input = [
    ...(graph.input ?? []).filter((tensor) => !orphaned(tensor.name)),
    ...(Number(model.irVersion) < 4
      ? replacements.flatMap(({ initializers }) => initializers.map(inputInfo))
      : []),
  ];
  const spliceGraph: GraphProto = { ...graph, node, initializer, input };
  checkNamesUnique(spliceGraph, replacements);
  const tensors = new Set(allTensorNames(spliceGraph));
  spliceGraph.valueInfo = (graph.valueInfo ?? []).filter((info) => tensors.has(info.name ?? ''));
  return onnx.ModelProto.create({ ...model, graph: spliceGraph });
}

function inputInfo(tensor: TensorProto): ValueInfoProto {
  const shape = { dim: (tensor.dims ?? []).map((dim) => ({ dimValue: dim })) };
  return { name: tensor.name, type: { tensorType: { elemType: tensor.dataType, shape } } };
}

function checkReplacement(layer: AnalogLayer, nodes: NodeProto[], replaced: Set<number>): void {
  if (layer.nodeIndices.length === 0 || layer.nodeIndices.some((index) => replaced.has(index))) {
    throw new Error(`layer ${layer.name}: its nodes [${layer.nodeIndices}] are missing or already replaced`);
  }
  if (!nodes.some((node) => node.output?.includes(layer.output))) {
    throw new Error(`layer ${layer.name}: no replacement node produces its output "${layer.output}"`);
  }
}

/** Ops that produce a layer's constants (readConstants): once nothing reads them they go with the layer. */
const CONSTANT_PRODUCERS = new Set(['Constant', 'Identity', 'QuantizeLinear', 'DequantizeLinear']);

/** Drops, last to first so that chains go too, constant-producing nodes whose outputs were read and no longer are. */
function withoutDeadConstants(nodes: NodeProto[], graph: GraphProto, readBefore: Set<string>): NodeProto[] {
  const readCounts = new Map<string, number>();
  const addReads = (names: Iterable<string>, delta: number) => {
    for (const name of names) readCounts.set(name, (readCounts.get(name) ?? 0) + delta);
  };
  for (const node of nodes) addReads(nodeInputs(node), 1);
  addReads(graphOutputNames(graph), 1);
  const kept: NodeProto[] = [];
  for (const node of [...nodes].reverse()) {
    const outputs = node.output ?? [];
    const dead =
      CONSTANT_PRODUCERS.has(node.opType ?? '') &&
      outputs.some((name) => readBefore.has(name)) &&
      outputs.every((name) => !readCounts.get(name));
    if (dead) addReads(nodeInputs(node), -1);
    else kept.push(node);
  }
  return kept.reverse();
}

function tensorsRead(nodes: NodeProto[], graph: GraphProto): Set<string> {
  const read = new Set(graphOutputNames(graph));
  for (const node of nodes) for (const name of nodeInputs(node)) read.add(name);
  return read;
}

function graphOutputNames(graph: GraphProto): string[] {
  return (graph.output ?? []).map((output) => output.name ?? '');
}

/** Tensors produced by nodes, initializers and graph inputs, with repeats: each must appear once. */
function allTensorNames(graph: GraphProto): string[] {
  const initializers = (graph.initializer ?? []).map((tensor) => tensor.name ?? '');
  const initializerSet = new Set(initializers);
  const inputs = (graph.input ?? [])
    .map((input) => input.name ?? '')
    .filter((name) => !initializerSet.has(name));
  return [...initializers, ...inputs, ...(graph.node ?? []).flatMap((node) => node.output ?? [])].filter(
    Boolean,
  );
}

function checkNamesUnique(graph: GraphProto, replacements: LayerReplacement[]): void {
  const seen = new Set<string>();
  for (const name of allTensorNames(graph)) {
    if (seen.has(name)) {
      const owner = replacements.find(({ nodes, initializers }) =>
        [
          ...nodes.flatMap((node) => node.output ?? []),
          ...initializers.map((tensor) => tensor.name),
        ].includes(name),
      );
      throw new Error(`replacing layer ${owner?.layer.name ?? '?'}: tensor name "${name}" is already in use`);
    }
    seen.add(name);
  }
}
