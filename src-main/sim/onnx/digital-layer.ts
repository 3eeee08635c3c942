// Analog layers computed digitally from the analysis: the check that BN folding, weight orientation and bias are right.
import type { AnalogLayer } from './analog-layer';
import { float32View } from './float32-layer';
import { attribute, floatTensor } from './graph-builder';
import type { AttributeProto, ModelProto, NodeProto, TensorProto } from './proto';
import { replaceLayers } from './replace-layers';
import { transposed } from './weight-matrix';

export interface Subgraph {
  nodes: NodeProto[];
  initializers: TensorProto[];
}

/** The model with every layer replaced by a plain Conv/Gemm/MatMul carrying the folded weights and bias. */
export function applyDigitally(model: ModelProto, layers: AnalogLayer[]): ModelProto {
  return replaceLayers(
    model,
    layers.map((source) => {
      const { layer, boundary } = float32View(source);
      const { nodes, initializers } = digitalLayerNodes(layer);
      if (!boundary) return { layer, nodes, initializers };
      return { layer: source, nodes: [...boundary.before, ...nodes, ...boundary.after], initializers };
    }),
  );
}

/** Nodes computing the layer exactly, with its weights as the analysis describes them. */
export function digitalLayerNodes(layer: AnalogLayer): Subgraph {
  const product = layer.extraAdd ? `${layer.name}/product` : layer.output;
  const main = productNodes[layer.kind](layer, product);
  if (!layer.extraAdd) return main;
  const addend = extraAddNodes(layer.name, layer.extraAdd, product, layer.output);
  return {
    nodes: [...main.nodes, ...addend.nodes],
    initializers: [...main.initializers, ...addend.initializers],
  };
}

/** output = product + scale · input: a Gemm's C that is not a per-output bias (see AnalogLayer.extraAdd). */
export function extraAddNodes(
  layerName: string,
  extraAdd: NonNullable<AnalogLayer['extraAdd']>,
  product: string,
  output: string,
): Subgraph {
  if (extraAdd.scale === 1) {
    return {
      nodes: [
        { name: `${layerName}/add`, opType: 'Add', input: [product, extraAdd.input], output: [output] },
      ],
      initializers: [],
    };
  }
  const scale = `${layerName}/addend_scale`;
  const scaled = `${layerName}/addend`;
  return {
    nodes: [
      { name: `${layerName}/scale_addend`, opType: 'Mul', input: [extraAdd.input, scale], output: [scaled] },
      { name: `${layerName}/add`, opType: 'Add', input: [product, scaled], output: [output] },
    ],
    initializers: [floatTensor(scale, [], Float32Array.of(extraAdd.scale))],
  };
}

const productNodes: Record<AnalogLayer['kind'], (layer: AnalogLayer, output: string) => Subgraph> = {
  conv: (layer, output) =>
    weightedNode(layer, 'Conv', output, [
      ...(layer.conv?.attributes ?? []),
      attribute('group', layer.conv?.group ?? 1),
    ]),
  gemm: (layer, output) =>
    weightedNode(layer, 'Gemm', output, [
      attribute('transA', layer.gemm?.transA ? 1 : 0),
      attribute('transB', 1),
    ]),
  matmul: (layer, output) => {
    const [outputs, inputs] = layer.weightDims;
    const [weight, bias] = parameterNames(layer);
    const product = layer.bias ? `${layer.name}/matmul` : output;
    const nodes: NodeProto[] = [
      { name: layer.name, opType: 'MatMul', input: [layer.input, weight], output: [product] },
    ];
    if (bias)
      nodes.push({ name: `${layer.name}/bias`, opType: 'Add', input: [product, bias], output: [output] });
    // MatMul computes x·W with W as [inputs][outputs], the transpose of the analysis's orientation.
    const weights = transposed(layer.weights, outputs, inputs);
    return { nodes, initializers: parameterTensors(layer, weights, [inputs, outputs]) };
  },
};

/** Conv and Gemm take the weight and bias as inputs 2 and 3, in the analysis's orientation. */
function weightedNode(
  layer: AnalogLayer,
  opType: string,
  output: string,
  attributes: AttributeProto[],
): Subgraph {
  return {
    nodes: [
      {
        name: layer.name,
        opType,
        input: [layer.input, ...parameterNames(layer)],
        output: [output],
        attribute: attributes,
      },
    ],
    initializers: parameterTensors(layer, layer.weights, layer.weightDims),
  };
}

function parameterNames(layer: AnalogLayer): string[] {
  const weight = `${layer.name}/weight`;
  return layer.bias ? [weight, `${layer.name}/bias_value`] : [weight];
}

function parameterTensors(layer: AnalogLayer, weights: Float32Array, dims: number[]): TensorProto[] {
  const [weight, bias] = parameterNames(layer);
  const tensors = [floatTensor(weight, dims, weights)];
  if (bias && layer.bias) tensors.push(floatTensor(bias, [layer.bias.length], layer.bias));
  return tensors;
}
