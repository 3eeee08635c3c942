// Reading models: corrupt bytes name the file; constants decode from every storage form ONNX allows.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../../src-main/sim/onnx/graph-builder';
import { OnnxModelError } from '../../../../src-main/sim/onnx/onnx-model-error';
import { onnx, type NodeProto, type TensorProto } from '../../../../src-main/sim/onnx/proto';
import { decodeModel, readConstants } from '../../../../src-main/sim/onnx/read-model';
import { convModel } from './models';

const { DataType } = onnx.TensorProto;

/** A model whose graph holds the given initializers and nodes (it need not be runnable). */
function modelWith(
  initializer: TensorProto[],
  node: NodeProto[] = [{ opType: 'Relu', input: ['x'], output: ['y'] }],
) {
  return onnx.ModelProto.create({ graph: { node, initializer } });
}

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

describe('decodeModel', () => {
  it('names the file when the protobuf is corrupt', () => {
    const truncated = convModel().bytes.subarray(0, 200);
    expect(() => decodeModel(truncated, '/models/cut.onnx')).toThrow(OnnxModelError);
    expect(() => decodeModel(truncated, '/models/cut.onnx')).toThrow(
      /^\/models\/cut\.onnx is not an ONNX model/,
    );
  });

  it('rejects bytes that parse as protobuf but hold no graph', () => {
    expect(() => decodeModel(new Uint8Array([8, 1]), 'tiny.onnx')).toThrow(
      'tiny.onnx is not an ONNX model (it has no graph nodes)',
    );
  });

  it('reads a model the graph builder wrote', () => {
    expect(decodeModel(convModel().bytes, 'conv.onnx').graph?.node?.map((node) => node.opType)).toEqual([
      'Conv',
      'Relu',
      'Conv',
    ]);
  });
});

describe('readConstants', () => {
  const expectFloats = (tensor: TensorProto, expected: number[]) => {
    const value = readConstants(modelWith([{ name: 't', dims: [expected.length], ...tensor }]), 'm.onnx').get(
      't',
    );
    expect(value?.kind).toBe('float');
    expect([...(value?.values ?? [])]).toEqual(expected);
  };

  it('decodes float32 from raw_data and from float_data', () => {
    expectFloats({ dataType: DataType.FLOAT, rawData: bytesOf(Float32Array.of(1.5, -2)) }, [1.5, -2]);
    expectFloats({ dataType: DataType.FLOAT, floatData: [0.25, 3] }, [0.25, 3]);
  });

  it('converts double, float16 and bfloat16 to float32', () => {
    expectFloats({ dataType: DataType.DOUBLE, rawData: bytesOf(Float64Array.of(0.5, -4)) }, [0.5, -4]);
    expectFloats({ dataType: DataType.DOUBLE, doubleData: [2, 1e-3] }, [2, Math.fround(1e-3)]);
    // binary16: 0x3c00 = 1, 0xc000 = −2, 0x0001 = 2^-24 (subnormal), 0x7c00 = ∞
    const halves = [0x3c00, 0xc000, 0x0001, 0x7c00];
    expectFloats({ dataType: DataType.FLOAT16, rawData: bytesOf(Uint16Array.from(halves)) }, [
      1,
      -2,
      2 ** -24,
      Infinity,
    ]);
    expectFloats({ dataType: DataType.FLOAT16, int32Data: halves }, [1, -2, 2 ** -24, Infinity]);
    // bfloat16 0x3fc0 = 1.5, 0xc080 = −4
    expectFloats({ dataType: DataType.BFLOAT16, int32Data: [0x3fc0, 0xc080] }, [1.5, -4]);
  });

  it('decodes int64 shapes from raw_data and int64_data', () => {
    const raw = {
      name: 'raw',
      dims: [2],
      dataType: DataType.INT64,
      rawData: bytesOf(BigInt64Array.of(-1n, 2048n)),
    };
    const typed = { name: 'typed', dims: [3], dataType: DataType.INT64, int64Data: [1, 3, 224] };
    const constants = readConstants(modelWith([raw, typed]), 'm.onnx');
    expect(constants.get('raw')).toEqual({
      kind: 'int',
      dims: [2],
      values: [-1, 2048],
      dataType: onnx.TensorProto.DataType.INT64,
    });
    expect(constants.get('typed')).toEqual({
      kind: 'int',
      dims: [3],
      values: [1, 3, 224],
      dataType: onnx.TensorProto.DataType.INT64,
    });
  });

  it('reads Constant nodes and Identity nodes of constants', () => {
    const { AttributeType } = onnx.AttributeProto;
    const tensor = { dims: [2, 1], dataType: DataType.FLOAT, floatData: [7, 8] };
    const nodes: NodeProto[] = [
      {
        opType: 'Constant',
        output: ['c'],
        attribute: [{ name: 'value', type: AttributeType.TENSOR, t: tensor }],
      },
      {
        opType: 'Constant',
        output: ['f'],
        attribute: [{ name: 'value_floats', type: AttributeType.FLOATS, floats: [1, 2] }],
      },
      {
        opType: 'Constant',
        output: ['i'],
        attribute: [{ name: 'value_int', type: AttributeType.INT, i: 5 }],
      },
      { opType: 'Identity', input: ['c'], output: ['c_alias'] },
    ];
    const constants = readConstants(modelWith([], nodes), 'm.onnx');
    expect(constants.get('c')).toEqual({ kind: 'float', dims: [2, 1], values: Float32Array.of(7, 8) });
    expect(constants.get('c_alias')).toBe(constants.get('c'));
    expect(constants.get('f')).toEqual({ kind: 'float', dims: [2], values: Float32Array.of(1, 2) });
    expect(constants.get('i')).toEqual({ kind: 'int', dims: [], values: [5] });
  });

  it('reads every initializer of a built model', () => {
    const graph = new GraphBuilder();
    graph.output(graph.op('Reshape', [graph.input('x', [6]), graph.int64Constant('shape', [2, 3])]), [2, 3]);
    graph.constant('w', [2, 2], [1, 2, 3, 4]);
    const constants = readConstants(decodeModel(graph.encode(), 'm.onnx'), 'm.onnx');
    expect(constants.get('shape')).toEqual({
      kind: 'int',
      dims: [2],
      values: [2, 3],
      dataType: onnx.TensorProto.DataType.INT64,
    });
    expect(constants.get('w')).toEqual({ kind: 'float', dims: [2, 2], values: Float32Array.of(1, 2, 3, 4) });
  });

  it('names the tensor and the file when the data lives in an external file', () => {
    const external: TensorProto = {
      name: 'conv.weight',
      dims: [4],
      dataType: DataType.FLOAT,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [{ key: 'location', value: 'weights.bin' }],
    };
    expect(() => readConstants(modelWith([external]), 'big.onnx')).toThrow(
      'big.onnx: tensor "conv.weight" keeps its data in the external file "weights.bin"',
    );
  });

  it('names the tensor whose data does not fill its dims', () => {
    const short = { name: 'short', dims: [3], dataType: DataType.FLOAT, floatData: [1, 2] };
    expect(() => readConstants(modelWith([short]), 'm.onnx')).toThrow(
      'm.onnx: tensor "short" holds 2 values, but its dims [3] need 3',
    );
  });
});
