// Analog / digital time per image for one model and config, measured in one run on the same inputs.
import * as ort from 'onnxruntime-node';
import { availableParallelism } from 'node:os';
import { calibratesRanges, type HardwareConfig } from '../src-shared/config/hardware';
import { compileModel, mapModel } from '../src-main/sim/compile/compile-model';
import { programLayer } from '../src-main/sim/compile/program-layer';
import { SeededRandom } from '../src-main/sim/devices/seeded-random';
import { calibrateModel } from '../src-main/sim/evaluate/calibrate';
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
  const options = { intraOpNumThreads: availableParallelism() };
  const { result, peakMiB } = await peakRssMiB(async () => {
    const start = performance.now();
    const mapped = mapModel(bytes, name, config);
    const profiles = calibratesRanges(config)
      ? await calibrateModel(mapped, () => once(calibration), {
          intraOpThreads: options.intraOpNumThreads,
          config,
        })
      : mapped.layers.map(() => null);
    const compiled = compileModel(mapped, config, profiles);
    const programmed = mapped.layers.map((l, i) => programLayer(l.mapped, config, new SeededRandom(1, 0, i)));
    const analog = await ort.InferenceSession.create(compiled.encodeTrial(programmed, 1), options);
    return { compileSeconds: (performance.now() - start) / 1000, analog };
  });
  const digital = await ort.InferenceSession.create(bytes, options);
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
