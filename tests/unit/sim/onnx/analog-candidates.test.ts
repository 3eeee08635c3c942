// Weights in the analysis's orientation (§13: [outputs][inputs]), Gemm's C, Conv attributes, MatMuls left digital.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../../src-main/sim/onnx/graph-builder';
import { analyze, convModel, gemmModel, gemmTransAModel } from './models';

describe('analog candidates', () => {
  it('turns a Gemm into [outputs][inputs] weights with alpha, and beta·C into the bias', () => {
    const graph = new GraphBuilder();
    const b = graph.constant('b', [2, 3], [1, 2, 3, 4, 5, 6]);
    const gemm = graph.namedOp(
      'gemm',
      'Gemm',
      [graph.input('x', [1, 2]), b, graph.constant('c', [3], [1, 2, 3])],
      {
        alpha: { float: 2 },
        beta: 0.5,
      },
    );
    graph.output(gemm, [1, 3]);
    const [layer] = analyze({ bytes: graph.encode(), inputShape: [1, 2] }).layers;
    expect(layer.weightDims).toEqual([3, 2]);
    expect([...layer.weights]).toEqual([2, 8, 4, 10, 6, 12]);
    expect([...(layer.bias ?? [])]).toEqual([0.5, 1, 1.5]);
  });

  it('keeps a Gemm C of shape [M, N] as an Add after the layer, scaled by beta', () => {
    const [, matrixC] = analyze(gemmModel()).layers;
    expect(matrixC.extraAdd).toEqual({ input: expect.any(String), scale: 0.5 });
    expect(matrixC.gemm).toEqual({ transA: false });
    expect(analyze(gemmTransAModel()).layers[0].gemm).toEqual({ transA: true });
  });

  it('copies the Conv attributes except group', () => {
    const [first] = analyze(convModel()).layers;
    expect(first.conv?.attributes.map((attribute) => attribute.name).sort()).toEqual([
      'dilations',
      'pads',
      'strides',
    ]);
  });

  it('keeps a MatMul with a constant of rank 3 digital', () => {
    const graph = new GraphBuilder();
    const x = graph.input('x', [2, 3, 4]);
    const hidden = graph.namedOp('analog', 'MatMul', [x, graph.constant('w', [4, 4], new Float32Array(16))]);
    graph.output(
      graph.namedOp('batched', 'MatMul', [hidden, graph.constant('w3', [2, 4, 4], new Float32Array(32))]),
      [2, 3, 4],
    );
    const { layers, digitalKept } = analyze({ bytes: graph.encode(), inputShape: [2, 3, 4] });
    expect(layers.map((layer) => layer.name)).toEqual(['analog']);
    expect(digitalKept).toEqual([
      { name: 'batched', opType: 'MatMul', reason: 'its constant "w3" has rank 3, not 2' },
    ]);
  });

  it('keeps a quantized operator whose weight is an activation digital, and says why', () => {
    const graph = new GraphBuilder();
    const hidden = graph.namedOp('analog', 'MatMul', [
      graph.input('x', [2, 4]),
      graph.constant('w', [4, 4], new Float32Array(16)),
    ]);
    const scores = graph.namedOp('scores', 'MatMulInteger', [
      graph.input('a', [2, 4]),
      graph.input('b', [4, 2]),
    ]);
    graph.output(hidden, [2, 4]);
    graph.output(scores, [2, 2]);
    const { layers, digitalKept } = analyze({ bytes: graph.encode(), inputShape: [2, 4] });
    expect(layers.map((layer) => layer.name)).toEqual(['analog']);
    expect(digitalKept).toEqual([
      {
        name: 'scores',
        opType: 'MatMulInteger',
        reason: 'its weight "b" is not an integer constant, so it stays in the integer operator format',
      },
    ]);
  });
});
