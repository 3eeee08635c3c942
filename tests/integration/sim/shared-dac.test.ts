// Two layers reading one tensor through identical DACs (a residual block's first conv and its shortcut) convert
// it once; the result is still each layer's own analog MVM.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { programLayer } from '../../../src-main/sim/compile/program-layer';
import { SeededRandom } from '../../../src-main/sim/devices/seeded-random';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { GraphBuilder } from '../../../src-main/sim/onnx/graph-builder';

const OUTPUTS = 16;
const INPUTS = 32;
const VECTORS = 3;

const matrix = (phase: number) =>
  Array.from({ length: OUTPUTS }, (_, o) =>
    Array.from({ length: INPUTS }, (_, i) => Math.sin(o * 13 + i * 0.7 + phase)),
  );
const inputs = Array.from({ length: VECTORS }, (_, n) =>
  Array.from({ length: INPUTS }, (_, i) => Math.cos(n * 5 + i * 0.3)),
);

function twoBranches(a: number[][], b: number[][]): Uint8Array {
  const graph = new GraphBuilder('branches');
  const x = graph.input('x', ['N', INPUTS, 1, 1]);
  const ya = graph.namedOp('a', 'Conv', [x, graph.constant('wa', [OUTPUTS, INPUTS, 1, 1], a.flat())]);
  const yb = graph.namedOp('b', 'Conv', [x, graph.constant('wb', [OUTPUTS, INPUTS, 1, 1], b.flat())]);
  graph.output(graph.op('Add', [ya, yb]), ['N', OUTPUTS, 1, 1]);
  return graph.encode();
}

describe('layers reading one tensor', () => {
  it('share one DAC and still give the sum of their own analog MVMs', async () => {
    const config = hardwareSchema.parse({
      dac: { bits: 5, range: 'explicit', limits: [-1, 1] },
      adc: { bits: 6, range: 'explicit', limits: [-4, 4] },
      array: { rowsMax: 8, colsMax: 8 },
    });
    const [a, b] = [matrix(0), matrix(2)];
    const mapped = mapModel(twoBranches(a, b), 'branches.onnx', config);
    const compiled = compileModel(mapped, config, [null, null]);
    const programmed = mapped.layers.map((l, i) => programLayer(l.mapped, config, new SeededRandom(1, 0, i)));
    const bytes = compiled.encodeTrial(programmed);

    const readersOfX = compiled.model.graph!.node!.filter((node) => node.input!.includes('x'));
    expect(readersOfX).toHaveLength(1);

    const session = await ort.InferenceSession.create(bytes);
    const x = new ort.Tensor('float32', Float32Array.from(inputs.flat()), [VECTORS, INPUTS, 1, 1]);
    const y = (await session.run({ x }))[session.outputNames[0]].data as Float32Array;
    const [ea, eb] = await Promise.all(
      [a, b].map(async (w) => (await simulateMvm(config, w, inputs, { trials: 1, seed: 1 })).outputs[0]),
    );
    const expected = ea.flat().map((value, i) => value + eb.flat()[i]);
    const scale = Math.max(...expected.map(Math.abs));
    expected.forEach((value, i) => expect(Math.abs(y[i] - value)).toBeLessThan(2e-5 * scale));
  });
});
