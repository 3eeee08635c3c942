// ONNX's own conformance cases of the ops that map to arrays: the weight input folded into an initializer, the
// layer mapped with every non-ideality off, the case's expected output reproduced to its tolerance.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { idealCells } from '../../../src-main/sim/compile/program-layer';
import { onnx, type ModelProto, type TensorProto } from '../../../src-main/sim/onnx/proto';
import { OLDEST_OPSET } from '../../../src-main/sim/onnx/read-model';
import { decodeTensor } from '../../../src-main/sim/onnx/tensor-values';

const CASES_DIR = join(import.meta.dirname, '../../fixtures/onnx-node');

/** Cases that do not map to arrays, and why; every other case in the folder must pass. */
const SKIPPED: Record<string, string> = {
  test_matmul_3d: 'B is a batch of matrices [2, 4, 3], not one weight matrix: the MatMul stays digital',
  test_matmul_4d: 'B is a batch of matrices [1, 2, 4, 3], not one weight matrix: the MatMul stays digital',
  test_qlinearmatmul_3D:
    'b is a batch of matrices [2, 4, 3], not one weight matrix: the MatMul stays digital',
};

// ONNX's backend test runner compares with numpy's assert_allclose at these defaults.
const RTOL = 1e-3;
const ATOL = 1e-7;

// Continuous cells and converters: the analog layer is the exact product, up to float32 rounding.
const IDEAL = hardwareSchema.parse({
  weights: { bits: 0 },
  device: { onOff: 0 },
  dac: { bits: 0, range: 'explicit', limits: [-1, 1] },
  adc: { bits: 0 },
});

interface ConformanceCase {
  name: string;
  model: ModelProto;
  inputs: TensorProto[];
  expected: TensorProto;
}

function readCase(name: string): ConformanceCase {
  const dir = join(CASES_DIR, name);
  const model = onnx.ModelProto.decode(readFileSync(join(dir, 'model.onnx')));
  const data = join(dir, 'test_data_set_0');
  const tensor = (file: string) => onnx.TensorProto.decode(readFileSync(join(data, file)));
  const inputs = (model.graph?.input ?? []).map((_, i) => tensor(`input_${i}.pb`));
  return { name, model, inputs, expected: tensor('output_0.pb') };
}

/**
 * Every graph input after the first (the weight, bias or C; a quantized operator's scales and zero points) becomes
 * an initializer with the case's values. The quantized operators' cases import opset 10, older than the analog
 * nodes' forms (OLDEST_OPSET); QLinearConv, QLinearMatMul, ConvInteger and MatMulInteger have one version from
 * opset 10 to 20, so importing 11 leaves the case's meaning as it is.
 */
function foldConstantInputs({ model, inputs }: ConformanceCase): Uint8Array {
  const graph = model.graph!;
  const [activation, ...constants] = graph.input ?? [];
  const initializers = constants.map((input, i) => ({ ...inputs[i + 1], name: input.name }));
  const opsetImport = (model.opsetImport ?? []).map((entry) => ({
    ...entry,
    version: Math.max(Number(entry.version), OLDEST_OPSET),
  }));
  const folded = onnx.ModelProto.create({
    ...model,
    opsetImport,
    graph: { ...graph, input: [activation], initializer: [...(graph.initializer ?? []), ...initializers] },
  });
  return onnx.ModelProto.encode(folded).finish();
}

function numbers(tensor: TensorProto): { dims: number[]; values: ArrayLike<number> } {
  const decoded = decodeTensor(tensor);
  if (!decoded) throw new Error(`tensor ${tensor.name} is not numeric`);
  return decoded;
}

/** The case's input as onnxruntime takes it: float, or the integer type of a quantized operator's activation. */
function feedOf(tensor: TensorProto): ort.Tensor {
  const { dims, values } = numbers(tensor);
  const { DataType } = onnx.TensorProto;
  switch (tensor.dataType) {
    case DataType.FLOAT:
      return new ort.Tensor('float32', Float32Array.from(values), dims);
    case DataType.UINT8:
      return new ort.Tensor('uint8', Uint8Array.from(values), dims);
    case DataType.INT8:
      return new ort.Tensor('int8', Int8Array.from(values), dims);
    default:
      throw new Error(
        `input ${tensor.name} has element type ${tensor.dataType}, which the test does not feed`,
      );
  }
}

async function runAnalog(testCase: ConformanceCase): Promise<ArrayLike<number>> {
  const bytes = foldConstantInputs(testCase);
  const mapped = mapModel(bytes, `${testCase.name}/model.onnx`, IDEAL);
  const compiled = compileModel(
    mapped,
    IDEAL,
    mapped.layers.map(() => null),
  );
  const session = await ort.InferenceSession.create(
    compiled.encodeTrial(mapped.layers.map(({ mapped: layer }) => idealCells(layer))),
  );
  try {
    const outputs = await session.run({ [session.inputNames[0]]: feedOf(testCase.inputs[0]) });
    return outputs[session.outputNames[0]].data as ArrayLike<number>;
  } finally {
    await session.release();
  }
}

const names = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const mappedCases = names.filter((name) => !(name in SKIPPED));

describe("ONNX's conformance cases, mapped to ideal arrays", () => {
  it('covers the cases of every op that maps to arrays', () => {
    const prefixes = [
      'test_basic_conv_',
      'test_conv_',
      'test_gemm_',
      'test_matmul_',
      'test_basic_convinteger',
      'test_convinteger_',
      'test_matmulinteger',
      'test_qlinearconv',
      'test_qlinearmatmul_',
    ];
    for (const prefix of prefixes) expect(mappedCases.some((name) => name.startsWith(prefix))).toBe(true);
    expect(mappedCases.length).toBeGreaterThanOrEqual(24);
    console.info(
      `skipped ONNX conformance cases:\n${Object.entries(SKIPPED)
        .map(([name, why]) => `  ${name}: ${why}`)
        .join('\n')}`,
    );
  });

  it.each(mappedCases)('%s', async (name) => {
    const testCase = readCase(name);
    const expected = numbers(testCase.expected);
    const actual = Array.from(await runAnalog(testCase), Number);
    expect(actual.length).toBe(expected.values.length);
    actual.forEach((value, i) => {
      const want = expected.values[i];
      expect(Math.abs(value - want), `${name}[${i}]`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(want));
    });
  });

  it.each(Object.keys(SKIPPED))('%s stays digital, and the analysis says why', (name) => {
    const bytes = foldConstantInputs(readCase(name));
    expect(() => mapModel(bytes, `${name}/model.onnx`, IDEAL)).toThrow(/has no analog layer/);
  });
});
