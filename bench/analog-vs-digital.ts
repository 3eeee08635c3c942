// Analog / digital time per image for one model and config, measured in one run on the same inputs.
import * as ort from 'onnxruntime-node';
import { availableParallelism } from 'node:os';
import type { HardwareConfig } from '../src-shared/config/hardware';
import { AnalogModel } from '../src-main/sim/evaluate/analog-model';
import { createModelSession } from '../src-main/sim/evaluate/model-session';
import { pairedMsPerImage, peakRssMiB } from './timing';

export interface Comparison {
  digitalMsPerImage: number;
  analogMsPerImage: number;
  ratio: number;
  compileSeconds: number;
  peakMiB: number;
}

export async function compareAnalogToDigital(
  name: string,
  bytes: Uint8Array,
  config: HardwareConfig,
  input: ort.Tensor,
  calibration: ort.Tensor,
  repeats: number,
): Promise<Comparison> {
  const intraOpThreads = availableParallelism();
  const { result, peakMiB } = await peakRssMiB(async () => {
    const start = performance.now();
    const model = AnalogModel.map(bytes, name, config, { seed: 1, intraOpThreads });
    const trials = model.compile(await model.calibratedPlans(() => once(calibration)));
    const analog = await trials.session(model.program(0));
    return { compileSeconds: (performance.now() - start) / 1000, analog: analog.session };
  });
  const digital = (await createModelSession(name, bytes, { intraOpThreads })).session;
  const [digitalMs, analogMs] = await pairedMsPerImage([digital, result.analog], input, repeats);
  await Promise.all([digital.release(), result.analog.release()]);
  return {
    digitalMsPerImage: digitalMs,
    analogMsPerImage: analogMs,
    ratio: analogMs / digitalMs,
    compileSeconds: result.compileSeconds,
    peakMiB,
  };
}

async function* once(tensor: ort.Tensor) {
  yield { tensor: tensor.data as Float32Array, dims: tensor.dims };
}
