// Splicing layers out of a graph keeps it topological, drops what only fed them, and refuses clashing names.
import { describe, expect, it } from 'vitest';
import { findAnalogLayers } from '../../../../src-main/sim/onnx/analog-layers';
import { applyDigitally } from '../../../../src-main/sim/onnx/digital-layer';
import { floatTensor } from '../../../../src-main/sim/onnx/graph-builder';
import { onnx, type ModelProto } from '../../../../src-main/sim/onnx/proto';
import { decodeModel, readConstants } from '../../../../src-main/sim/onnx/read-model';
import { replaceLayers } from '../../../../src-main/sim/onnx/replace-layers';
import { convBnModel, convModel } from './models';

function analysed(bytes: Uint8Array) {
  const model = decodeModel(bytes, 'test.onnx');
  return { model, layers: findAnalogLayers(model, { digitalLayers: [], file: 'test.onnx' }).layers };
}

const opTypes = (model: ModelProto) => model.graph?.node?.map((node) => node.opType);
const initializerNames = (model: ModelProto) => model.graph?.initializer?.map((tensor) => tensor.name).sort();

/** Moves an initializer into a Constant node at the front of the graph, as some exporters write weights. */
function intoConstantNode(model: ModelProto, name: string): void {
  const graph = model.graph ?? {};
  const tensor = graph.initializer?.find((initializer) => initializer.name === name);
  graph.initializer = graph.initializer?.filter((initializer) => initializer !== tensor);
  const value = { name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: tensor };
  graph.node = [
    { name: `${name}_node`, opType: 'Constant', output: [name], attribute: [value] },
    ...(graph.node ?? []),
  ];
}

describe('replaceLayers', () => {
  it('puts the replacement where the layer was and drops the folded BN and the old parameters', () => {
    const { model, layers } = analysed(convBnModel().bytes);
    const rebuilt = applyDigitally(model, layers);
    expect(opTypes(rebuilt)).toEqual(['Conv', 'Relu', 'Conv']);
    const [first, relu, second] = rebuilt.graph?.node ?? [];
    expect(relu.input).toEqual(first.output);
    expect(second.input?.[0]).toBe(relu.output?.[0]);
    expect(second.output).toEqual([layers[1].output]);
    expect(initializerNames(rebuilt)).toEqual([
      'conv/bias_value',
      'conv/weight',
      'conv2/bias_value',
      'conv2/weight',
    ]);
    expect(opTypes(model)).toEqual(['Conv', 'BatchNormalization', 'Relu', 'Conv', 'BatchNormalization']);
  });

  it('drops a Constant node whose weight only the replaced layer read', () => {
    const model = decodeModel(convModel().bytes, 'test.onnx');
    const weightName = model.graph?.node?.[0].input?.[1] ?? '';
    intoConstantNode(model, weightName);
    expect(readConstants(model, 'test.onnx').has(weightName)).toBe(true);
    const { layers } = findAnalogLayers(model, { digitalLayers: [], file: 'test.onnx' });
    expect(layers[0].nodeIndices).toEqual([1]);
    expect(opTypes(applyDigitally(model, layers))).toEqual(['Conv', 'Relu', 'Conv']);
  });

  it('keeps the graph inputs of IR < 4 models listing exactly the initializers', () => {
    const { model, layers } = analysed(convModel().bytes);
    const graph = model.graph ?? {};
    model.irVersion = 3;
    graph.input = [
      ...(graph.input ?? []),
      ...(graph.initializer ?? []).map((tensor) => ({ name: tensor.name })),
    ];
    const rebuilt = applyDigitally(model, layers);
    expect(rebuilt.graph?.input?.map((input) => input.name).sort()).toEqual(
      ['x', ...initializerNames(rebuilt)!].sort(),
    );
  });

  it('keeps the layers it is not asked to replace', () => {
    const { model, layers } = analysed(convModel().bytes);
    const rebuilt = applyDigitally(model, [layers[1]]);
    expect(rebuilt.graph?.node?.[0]).toBe(model.graph?.node?.[0]);
    expect(rebuilt.graph?.initializer).toContain(model.graph?.initializer?.[0]);
  });

  it('refuses a replacement that does not produce the layer output', () => {
    const { model, layers } = analysed(convModel().bytes);
    const nodes = [{ opType: 'Relu', input: [layers[0].input], output: ['elsewhere'] }];
    expect(() => replaceLayers(model, [{ layer: layers[0], nodes, initializers: [] }])).toThrow(
      `layer conv: no replacement node produces its output "${layers[0].output}"`,
    );
  });

  it('refuses a tensor name already in use, and a layer replaced twice', () => {
    const { model, layers } = analysed(convModel().bytes);
    const [layer] = layers;
    const taken = model.graph?.initializer?.[2].name ?? '';
    const nodes = [{ opType: 'Conv', input: [layer.input, taken], output: [layer.output] }];
    const clash = { layer, nodes, initializers: [floatTensor(taken, [1], Float32Array.of(1))] };
    expect(() => replaceLayers(model, [clash])).toThrow(
      `replacing layer conv: tensor name "${taken}" is already in use`,
    );
    const plain = { layer, nodes, initializers: [] };
    expect(() => replaceLayers(model, [plain, plain])).toThrow(
      'layer conv: its nodes [0] are missing or already replaced',
    );
  });
});
