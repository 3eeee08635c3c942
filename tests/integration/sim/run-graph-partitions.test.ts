// The run graph may add an ideal ADC's row partitions in one product only where that is exact: with separate-source
// wires every partition's columns are a ladder of their own, so the run graph must solve them apart, as the
// single-MVM path (which probes every array) does.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { CompiledModel } from '../../../src-main/sim/compile/compiled-model';
import { emitLayer } from '../../../src-main/sim/compile/emit-layer';
import { mapLayer, planLayer } from '../../../src-main/sim/compile/layer-plan';
import { programLayer } from '../../../src-main/sim/compile/program-layer';
import { SeededRandom } from '../../../src-main/sim/devices/seeded-random';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { matmulLayer } from '../../unit/sim/compile/matmul-layer';
import { GraphBuilder } from '../../../src-main/sim/onnx/graph-builder';
import { onnx } from '../../../src-main/sim/onnx/proto';

const weights = [
  [0.9, -0.4, 0.2, 0.7, -0.8, 0.1, 0.5, -0.3],
  [-0.6, 0.3, 0.8, -0.2, 0.4, -0.9, 0.1, 0.6],
];
const inputs = [
  [0.5, 0.25, 1, 0.75, 0.125, 0.875, 0.375, 0.625],
  [1, 0, 0.5, 0.5, 0.25, 0.75, 1, 0.25],
];

/** The layer as the run graph emits it: no probe, no diagnostics. */
async function runGraphOutputs(config: ReturnType<typeof hardwareSchema.parse>): Promise<number[]> {
  const mapped = mapLayer(matmulLayer(weights), config);
  const plan = planLayer(mapped, config, null);
  const graph = new GraphBuilder('run-graph');
  graph.input('x', ['N', weights[0].length]);
  const slots = emitLayer(graph, plan, {});
  graph.output('y', ['N', weights.length]);
  const compiled = new CompiledModel(onnx.ModelProto.decode(graph.encode()), [{ plan, slots }]);
  const programmed = programLayer(mapped, config, new SeededRandom(1, 0, 0));
  const session = await ort.InferenceSession.create(compiled.encodeTrial([programmed], 0));
  const x = new ort.Tensor('float32', Float32Array.from(inputs.flat()), [inputs.length, weights[0].length]);
  const y = (await session.run({ x })).y.data as Float32Array;
  await session.release();
  return Array.from(y);
}

describe('the run graph with separate-source wires and an ideal ADC', () => {
  it.each([8, 2])('equals the single-MVM path with %i rows per array', async (rowsMax) => {
    const config = hardwareSchema.parse({
      array: { rowsMax, parasitics: { rp: 1e-2, topology: 'separate-source', interleaved: false } },
      mapping: { scheme: 'differential', subtractInAnalog: false, offset: 'digital' },
      dac: { bits: 8, bitSerial: true, sliceBits: 1, range: 'explicit', limits: [0, 1] },
      adc: { bits: 0 },
    });
    const expected = (await simulateMvm(config, weights, inputs, { trials: 1, seed: 1 })).outputs[0].flat();
    const actual = await runGraphOutputs(config);
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
  });
});
