// Small ONNX models, one per analog-layer case of docs/analog-model.md §1, with seeded random weights.
import { SeededRandom } from '../../../../src-main/sim/devices/seeded-random';
import { findAnalogLayers } from '../../../../src-main/sim/onnx/analog-layers';
import { GraphBuilder } from '../../../../src-main/sim/onnx/graph-builder';
import { loadModel } from '../../../../src-main/sim/onnx/load-model';

export interface TestModel {
  bytes: Uint8Array;
  inputShape: number[];
}

/** The analysis of a test model, as if read from "test.onnx". */
export function analyze(model: TestModel, digitalLayers: string[] = []) {
  return findAnalogLayers(loadModel(model.bytes, 'test.onnx'), { digitalLayers, file: 'test.onnx' });
}

/** Random initializers for a model under construction; each call adds one and returns its name. */
interface Initializers {
  normal(dims: number[]): string;
  /** In [0.5, 1.5): BatchNormalization scales and variances. */
  positive(dims: number[]): string;
}

type Body = (graph: GraphBuilder, x: string, init: Initializers) => { output: string; rank: number };

/** A graph on one input "x"; the output's dims are left symbolic, onnxruntime infers them. */
function model(inputShape: number[], body: Body): TestModel {
  const graph = new GraphBuilder('test');
  const random = new SeededRandom(...inputShape);
  const initializer = (dims: number[], draw: () => number) =>
    graph.constant(graph.uniqueName('init'), dims, Float32Array.from({ length: size(dims) }, draw));
  const init: Initializers = {
    normal: (dims) => initializer(dims, () => 0.5 * random.normal()),
    positive: (dims) => initializer(dims, () => 0.5 + random.uniform()),
  };
  const { output, rank } = body(graph, graph.input('x', inputShape), init);
  graph.output(
    output,
    Array.from({ length: rank }, (_, i) => `d${i}`),
  );
  return { bytes: graph.encode(), inputShape };
}

function size(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function batchNorm(
  graph: GraphBuilder,
  init: Initializers,
  name: string,
  x: string,
  channels: number,
): string {
  const dims = [channels];
  const parameters = [init.positive(dims), init.normal(dims), init.normal(dims), init.positive(dims)];
  return graph.namedOp(name, 'BatchNormalization', [x, ...parameters], { epsilon: 1e-3 });
}

/** "conv": strides, asymmetric pads, dilation and a bias; "conv_same": auto_pad SAME_UPPER, a 3×2 kernel. */
export function convModel(): TestModel {
  return model([2, 3, 9, 9], (graph, x, init) => {
    const first = graph.namedOp('conv', 'Conv', [x, init.normal([4, 3, 3, 3]), init.normal([4])], {
      strides: [2, 2],
      pads: [1, 0, 2, 1],
      dilations: [2, 1],
    });
    const second = graph.namedOp(
      'conv_same',
      'Conv',
      [graph.op('Relu', [first]), init.normal([5, 4, 3, 2])],
      {
        auto_pad: 'SAME_UPPER',
        strides: [2, 2],
      },
    );
    return { output: second, rank: 4 };
  });
}

/** "depthwise": one 3×3 filter per channel (group = channels = 6). */
export function depthwiseModel(): TestModel {
  return model([1, 6, 7, 7], (graph, x, init) => ({
    output: graph.namedOp('depthwise', 'Conv', [x, init.normal([6, 1, 3, 3]), init.normal([6])], {
      group: 6,
      pads: [1, 1, 1, 1],
    }),
    rank: 4,
  }));
}

/** "grouped": 6 → 8 channels in 2 groups. */
export function groupedModel(): TestModel {
  return model([1, 6, 6, 6], (graph, x, init) => ({
    output: graph.namedOp('grouped', 'Conv', [x, init.normal([8, 3, 3, 3])], { group: 2 }),
    rank: 4,
  }));
}

/** "gemm": transB, alpha, beta, bias C [4]; "gemm_matrix_c": B not transposed, C [3, 6] that stays an Add. */
export function gemmModel(): TestModel {
  return model([3, 5], (graph, x, init) => {
    const first = graph.namedOp('gemm', 'Gemm', [x, init.normal([4, 5]), init.normal([4])], {
      transB: 1,
      alpha: 0.7,
      beta: 1.3,
    });
    const second = graph.namedOp('gemm_matrix_c', 'Gemm', [first, init.normal([4, 6]), init.normal([3, 6])], {
      beta: 0.5,
    });
    return { output: second, rank: 2 };
  });
}

/** "gemm_trans_a": the activation is [features, batch]; C is [1, 4]. */
export function gemmTransAModel(): TestModel {
  return model([5, 3], (graph, x, init) => ({
    output: graph.namedOp('gemm_trans_a', 'Gemm', [x, init.normal([5, 4]), init.normal([1, 4])], {
      transA: 1,
    }),
    rank: 2,
  }));
}

/** "matmul": [4, 6] · [6, 5]. */
export function matmulModel(): TestModel {
  return model([4, 6], (graph, x, init) => ({
    output: graph.namedOp('matmul', 'MatMul', [x, init.normal([6, 5])]),
    rank: 2,
  }));
}

/** "matmul_batched": [2, 3, 6] · [6, 5]. */
export function matmul3dModel(): TestModel {
  return model([2, 3, 6], (graph, x, init) => ({
    output: graph.namedOp('matmul_batched', 'MatMul', [x, init.normal([6, 5])]),
    rank: 3,
  }));
}

/** Self-attention: "query", "key", "value", "project" are analog; "scores" and "mix" multiply activations. */
export function attentionModel(): TestModel {
  return model([2, 4, 8], (graph, x, init) => {
    const [query, key, value] = ['query', 'key', 'value'].map((name) =>
      graph.namedOp(name, 'MatMul', [x, init.normal([8, 8])]),
    );
    const keyT = graph.op('Transpose', [key], { perm: [0, 2, 1] });
    const scores = graph.namedOp('scores', 'MatMul', [query, keyT]);
    const mixed = graph.namedOp('mix', 'MatMul', [graph.op('Softmax', [scores], { axis: -1 }), value]);
    return { output: graph.namedOp('project', 'MatMul', [mixed, init.normal([8, 8])]), rank: 3 };
  });
}

/** "conv" (with bias) + "bn" + Relu, then "conv2" (no bias) + "bn2". */
export function convBnModel(): TestModel {
  return model([2, 3, 8, 8], (graph, x, init) => {
    const first = graph.namedOp('conv', 'Conv', [x, init.normal([4, 3, 3, 3]), init.normal([4])], {
      pads: [1, 1, 1, 1],
    });
    const hidden = graph.op('Relu', [batchNorm(graph, init, 'bn', first, 4)]);
    const second = graph.namedOp('conv2', 'Conv', [hidden, init.normal([6, 4, 1, 1])], { strides: [2, 2] });
    return { output: batchNorm(graph, init, 'bn2', second, 6), rank: 4 };
  });
}

/** "fc": Gemm (transB, bias) + "bn" over its 5 outputs. */
export function gemmBnModel(): TestModel {
  return model([4, 6], (graph, x, init) => ({
    output: batchNorm(
      graph,
      init,
      'bn',
      graph.namedOp('fc', 'Gemm', [x, init.normal([5, 6]), init.normal([5])], { transB: 1 }),
      5,
    ),
    rank: 2,
  }));
}

/** "matmul" on a 2-D activation + "bn": folds. */
export function matmulBnModel(): TestModel {
  return model([4, 6], (graph, x, init) => ({
    output: batchNorm(graph, init, 'bn', graph.namedOp('matmul', 'MatMul', [x, init.normal([6, 5])]), 5),
    rank: 2,
  }));
}

/**
 * "matmul_batched" on [2, 5, 6] → [2, 5, 5] + "bn" over axis 1 (the 5 tokens, not the 5 outputs): must not fold,
 * although the parameter lengths match the output count.
 */
export function matmul3dBnModel(): TestModel {
  return model([2, 5, 6], (graph, x, init) => ({
    output: batchNorm(
      graph,
      init,
      'bn',
      graph.namedOp('matmul_batched', 'MatMul', [x, init.normal([6, 5])]),
      5,
    ),
    rank: 3,
  }));
}

/** "gemm_dynamic": its weight B is computed from the input, so it cannot be programmed into arrays. */
export function dynamicGemmModel(): TestModel {
  return model([3, 4], (graph, x) => ({
    output: graph.namedOp('gemm_dynamic', 'Gemm', [x, graph.op('Transpose', [x])]),
    rank: 2,
  }));
}

/** Relu then Softmax: nothing analog. */
export function digitalOnlyModel(): TestModel {
  return model([2, 5], (graph, x) => ({ output: graph.op('Softmax', [graph.op('Relu', [x])]), rank: 2 }));
}
