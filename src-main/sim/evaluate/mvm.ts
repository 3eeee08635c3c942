// One analog layer on given inputs (docs/analog-model.md §13): the path `crossbar mvm` and outside references check.
import * as ort from 'onnxruntime-node';
import { calibratesRanges, type HardwareConfig } from '../../../src-shared/config/hardware';
import { resolveDac } from '../circuit/dac';
import { inputBits } from '../circuit/input-bits';
import { profileOf } from '../circuit/value-profile';
import { assertAvailable } from '../compile/availability';
import { profilingPlan } from '../compile/calibration-plan';
import { CompiledModel } from '../compile/compiled-model';
import { emitLayer, type EmitOptions, type PartitionProbe } from '../compile/emit-layer';
import { layerStatistics, probeTensors, type ArrayStatistics } from './array-statistics';
import {
  mapLayer,
  calibratesPerInputBit,
  planLayer,
  type LayerPlan,
  type LayerProfile,
  type MappedLayer,
} from '../compile/layer-plan';
import type { MatrixLayer } from '../compile/matrix-layer';
import { idealCells, programLayer } from '../compile/program-layer';
import { SeededRandom } from '../devices/seeded-random';
import { GraphBuilder } from '../onnx/graph-builder';
import { onnx } from '../onnx/proto';

export interface MvmOptions {
  trials: number;
  seed: number;
}

export interface MvmResult {
  /** [trial][n][outputs], in algorithmic units. */
  outputs: number[][][];
  /** Per-array statistics of §8, from the first trial. */
  arrays: ArrayStatistics[];
}

export async function simulateMvm(
  config: HardwareConfig,
  weights: number[][],
  inputs: number[][],
  options: MvmOptions,
): Promise<MvmResult> {
  assertAvailable(config);
  const layer = mvmLayer(weights);
  const mapped = mapLayer(layer, config);
  const profile = calibratesRanges(config) ? await profileMvm(mapped, config, inputs) : null;
  const plan = planLayer(mapped, config, profile);
  const probes: PartitionProbe[] = [];
  const compiled = mvmModel(plan, inputs[0]?.length ?? 0, { diagnose: (probe) => probes.push(probe) });
  compiled.declareOutputs(probes.flatMap(probeTensors));
  const x = new ort.Tensor('float32', Float32Array.from(inputs.flat()), [inputs.length, layer.weightDims[1]]);
  const outputs: number[][][] = [];
  let arrays: ArrayStatistics[] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    const programmed = programLayer(mapped, config, new SeededRandom(options.seed, trial, 0));
    const noiseSeed = new SeededRandom(options.seed, trial, -1).nextUint32();
    const session = await ort.InferenceSession.create(compiled.encodeTrial([programmed], noiseSeed));
    const result = await session.run({ x });
    await session.release();
    const y = result.y.data as Float32Array;
    outputs.push(inputs.map((_, n) => Array.from(y.subarray(n * weights.length, (n + 1) * weights.length))));
    if (trial === 0) {
      const statistics = layerStatistics(plan, probes);
      statistics.add(result);
      arrays = statistics.arrays(programmed);
    }
  }
  return { outputs, arrays };
}

/** The single-MVM layer of `crossbar mvm`: y = W·x over the last axis of `x`. */
export function mvmLayer(weights: number[][]): MatrixLayer {
  return {
    name: 'mvm',
    kind: 'matmul',
    weights: Float32Array.from(weights.flat()),
    weightDims: [weights.length, weights[0].length],
    bias: null,
    group: 1,
    convAttributes: {},
    transposeInput: false,
    input: 'x',
    output: 'y',
  };
}

function mvmModel(plan: LayerPlan, inputCount: number, options: EmitOptions = {}): CompiledModel {
  const graph = new GraphBuilder('mvm');
  graph.input('x', ['N', inputCount]);
  const slots = emitLayer(graph, plan, options);
  graph.output('y', ['N', plan.layer.weightDims[0]]);
  return new CompiledModel(onnx.ModelProto.decode(graph.encode()), [{ plan, slots }]);
}

/**
 * Calibration on X itself (§13): DAC inputs are X; ADC inputs are every partition's ideal Σ G·x, and with an
 * ADC per input bit those of every input slice under the resolved DAC.
 */
async function profileMvm(
  mapped: MappedLayer,
  config: HardwareConfig,
  inputs: number[][],
): Promise<LayerProfile> {
  const flat = Float32Array.from(inputs.flat());
  const dacInputs = profileOf(flat);
  // Once for both passes: with resistive wires the ideal cells' networks are solved here.
  const cells = idealCells(mapped);
  const arrayOutputs = async (plan: LayerPlan) => {
    const probes: { name: string; slice: number }[] = [];
    const graph = mvmModel(plan, inputs[0].length, {
      probeArrayOutput: (name, slice) => probes.push({ name, slice }),
    });
    graph.declareOutputs(probes.map(({ name }) => name));
    const session = await ort.InferenceSession.create(graph.encodeTrial([cells]));
    const x = new ort.Tensor('float32', flat, [inputs.length, inputs[0].length]);
    const result = await session.run({ x });
    await session.release();
    return mapped.slices.map((_, slice) =>
      profileOf(
        probes
          .filter((probe) => probe.slice === slice)
          .flatMap(({ name }) => Array.from(result[name].data as Float32Array)),
      ),
    );
  };
  const perUnitInput = await arrayOutputs(profilingPlan(mapped));
  const dac = resolveDac(config.dac, dacInputs, mapped.layer.name);
  return {
    dacInputs,
    arrayOutputsPerUnitInput: perUnitInput,
    perInputBitArrayOutputs: calibratesPerInputBit(config)
      ? await arrayOutputs({ ...profilingPlan(mapped), dac, inputBits: inputBits(config, dac) })
      : null,
  };
}
