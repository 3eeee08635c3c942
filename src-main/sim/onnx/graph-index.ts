// Who produces and who consumes each tensor of a graph, and the names by which its nodes are known.
import type { GraphProto, NodeProto } from './proto';

export interface GraphIndex {
  nodes: NodeProto[];
  /** One unique name per node, see `nodeNames`. */
  names: string[];
  /** Indices of the nodes that read each tensor, subgraph references included. */
  consumers: Map<string, number[]>;
  graphOutputs: Set<string>;
}

export function indexGraph(graph: GraphProto): GraphIndex {
  const nodes = graph.node ?? [];
  const consumers = new Map<string, number[]>();
  nodes.forEach((node, index) => {
    for (const input of nodeInputs(node)) {
      const readers = consumers.get(input);
      if (readers) readers.push(index);
      else consumers.set(input, [index]);
    }
  });
  return {
    nodes,
    names: nodeNames(nodes),
    consumers,
    graphOutputs: new Set((graph.output ?? []).map((output) => output.name ?? '')),
  };
}

/**
 * ONNX does not require node names, nor unique ones: a node without a name of its own, or sharing it, is known
 * as `${opType}_${index}` (its position in graph.node), which digitalLayers and reports then use.
 */
export function nodeNames(nodes: NodeProto[]): string[] {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.name ?? '', (counts.get(node.name ?? '') ?? 0) + 1);
  return nodes.map((node, index) => {
    if (node.name && counts.get(node.name) === 1) return node.name;
    let name = `${node.opType}_${index}`;
    while (counts.has(name)) name += '_';
    return name;
  });
}

/** The tensors a node reads: its inputs and, for If/Loop/Scan, the outer tensors its subgraphs read. */
export function nodeInputs(node: NodeProto): Set<string> {
  const inputs = new Set((node.input ?? []).filter((name) => name !== ''));
  for (const attribute of node.attribute ?? []) {
    for (const subgraph of [attribute.g, ...(attribute.graphs ?? [])]) {
      for (const inner of subgraph?.node ?? []) for (const name of nodeInputs(inner)) inputs.add(name);
    }
  }
  return inputs;
}
