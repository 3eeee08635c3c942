// BatchNormalization folds into the layer before it, with the formula of §1, and the layer then ends at its output.
import { describe, expect, it } from 'vitest';
import { findAnalogLayers } from '../../../../src-main/sim/onnx/analog-layers';
import { GraphBuilder } from '../../../../src-main/sim/onnx/graph-builder';
import { decodeModel } from '../../../../src-main/sim/onnx/read-model';
import { analyze, convBnModel } from './models';

describe('foldFollowingBatchNorm', () => {
  it("folds BatchNormalization: W' = γW/√(σ²+ε), b' = γ(b−μ)/√(σ²+ε)+β (§1)", () => {
    const graph = new GraphBuilder();
    const conv = graph.namedOp('conv', 'Conv', [
      graph.input('x', [1, 2, 1, 1]),
      graph.constant('w', [2, 2, 1, 1], [1, 2, 3, 4]),
      graph.constant('b', [2], [0.5, -1]),
    ]);
    const parameters = [
      [2, 0.5],
      [1, -1],
      [0.5, 1],
      [3, 0.25],
    ].map((values, i) => graph.constant(`bn${i}`, [2], values));
    graph.output(
      graph.namedOp('bn', 'BatchNormalization', [conv, ...parameters], { epsilon: { float: 1 } }),
      [1, 2, 1, 1],
    );
    const [layer] = analyze({ bytes: graph.encode(), inputShape: [1, 2, 1, 1] }).layers;
    const factor = 0.5 / Math.sqrt(1.25);
    expect([...layer.weights]).toEqual([1, 2, 3 * factor, 4 * factor].map(Math.fround));
    expect([...(layer.bias ?? [])]).toEqual([1, factor * -2 - 1].map(Math.fround));
    expect(layer.weightDims).toEqual([2, 2, 1, 1]);
  });

  it('produces the BatchNormalization output when it folds the BN', () => {
    const model = decodeModel(convBnModel().bytes, 'test.onnx');
    const { layers } = findAnalogLayers(model, { digitalLayers: [], file: 'test.onnx' });
    const nodes = model.graph?.node ?? [];
    for (const layer of layers) {
      expect(layer.nodeIndices.map((index) => nodes[index].opType)).toEqual(['Conv', 'BatchNormalization']);
      expect(layer.output).toBe(nodes[layer.nodeIndices[1]].output?.[0]);
    }
  });
});
