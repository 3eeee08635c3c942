// ADC/DAC calibration (docs/analog-model.md §6): profile every layer's inputs and array outputs with DAC and ADC ideal.
import * as ort from 'onnxruntime-node';
import { profileOf, type ValueProfile } from '../circuit/value-profile';
import { profilingPlan } from '../compile/calibration-plan';
import { emitModel, type MappedModel } from '../compile/compile-model';
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { resolveDac } from '../circuit/dac';
import { inputBits } from '../circuit/input-bits';
import { calibratesPerInputBit, type LayerPlan, type LayerProfile } from '../compile/layer-plan';
import { idealCells, type ProgrammedLayer } from '../compile/program-layer';
import { imageChunks, type ImageBatch } from './image-chunks';
import { declaredInputShape, sessionOptions } from './model-session';

/** Values kept per probe and image: 100 images give enough for a 99.98th percentile, however large the layer. */
const SAMPLES_PER_IMAGE = 640;

/**
 * Per layer: its inputs, and every weight slice's array outputs, profiled with ideal DAC and ADC on ideal cells.
 * An ADC per input bit is calibrated on what it converts, the array outputs of each input slice: a second pass
 * with the DACs resolved from the first and the inputs sliced. `batches` is called once per pass.
 */
export async function calibrateModel(
  mappedModel: MappedModel,
  batches: () => AsyncIterable<ImageBatch>,
  options: {
    intraOpThreads: number;
    config: HardwareConfig;
    /** Images profiled so far, over all of the `passes` passes (one, or two with an ADC per input bit). */
    onImages?: (done: number, passes: number) => void;
    /** Values each probe keeps per image (default 640); Infinity keeps them all. */
    samplesPerImage?: number;
  },
): Promise<LayerProfile[]> {
  const { layers } = mappedModel;
  // Once for both passes: with resistive wires the ideal cells' networks are solved here.
  const cells = layers.map(({ mapped }) => idealCells(mapped, options.intraOpThreads));
  const { config } = options;
  const passes = calibratesPerInputBit(config) ? 2 : 1;
  let profiled = 0;
  const pass = {
    cells,
    intraOpThreads: options.intraOpThreads,
    samplesPerImage: options.samplesPerImage ?? SAMPLES_PER_IMAGE,
    onImages: (count: number) => options.onImages?.((profiled += count), passes),
  };
  const first = await profileArrays(
    mappedModel,
    layers.map(({ mapped }) => profilingPlan(mapped)),
    batches(),
    pass,
  );
  const profiles = layers.map((_, i) => ({
    dacInputs: first.layerInputs[i],
    arrayOutputsPerUnitInput: first.arrayOutputs[i],
    perInputBitArrayOutputs: null,
  }));
  if (passes === 1) return profiles;
  const plans = layers.map(({ mapped }, i) => {
    const dac = resolveDac(config.dac, profiles[i].dacInputs, mapped.layer.name);
    return { ...profilingPlan(mapped), dac, inputBits: inputBits(config, dac) };
  });
  const second = await profileArrays(mappedModel, plans, batches(), pass);
  return profiles.map((profile, i) => ({ ...profile, perInputBitArrayOutputs: second.arrayOutputs[i] }));
}

/** Runs the plans' graph over the batches and profiles each layer's input and its slices' array outputs. */
async function profileArrays(
  mappedModel: MappedModel,
  plans: LayerPlan[],
  batches: AsyncIterable<ImageBatch>,
  {
    cells,
    intraOpThreads,
    samplesPerImage,
    onImages,
  }: {
    cells: ProgrammedLayer[];
    intraOpThreads: number;
    samplesPerImage: number;
    onImages: (count: number) => void;
  },
): Promise<{ layerInputs: ValueProfile[]; arrayOutputs: ValueProfile[][] }> {
  // Per layer, per weight slice: the probed array outputs.
  const probes = plans.map((plan) => plan.slices.map(() => [] as string[]));
  const emissions = plans.map((plan, i) => ({
    plan,
    options: { probeArrayOutput: (tensor: string, slice: number) => probes[i][slice].push(tensor) },
  }));
  const compiled = emitModel(mappedModel, emissions);
  const layerInputs = mappedModel.layers.map(({ analog }) => analog.input);
  const wanted = [...new Set([...layerInputs, ...probes.flat(2)])];
  compiled.declareOutputs(wanted);
  const session = await ort.InferenceSession.create(
    compiled.encodeTrial(cells),
    sessionOptions(intraOpThreads),
  );
  const samples = new Map<string, Sample>(
    wanted.map((name) => [name, { values: [], min: Infinity, max: -Infinity }]),
  );
  const fixedBatch = declaredInputShape(session)[0] ?? null;
  try {
    for await (const batch of batches) {
      for (const chunk of imageChunks(batch, fixedBatch)) {
        const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', chunk.tensor, chunk.dims) };
        const result = await session.run(feeds, wanted);
        const kept = samplesPerImage * chunk.dims[0];
        for (const name of wanted) strideSample(result[name].data as Float32Array, samples.get(name)!, kept);
        onImages(chunk.images);
      }
    }
  } finally {
    await session.release();
  }
  return {
    layerInputs: layerInputs.map((name) => profileOfSamples([samples.get(name)!])),
    arrayOutputs: probes.map((slices) =>
      slices.map((names) => profileOfSamples(names.map((name) => samples.get(name)!))),
    ),
  };
}

interface Sample {
  values: number[];
  /** The true extremes, which a strided sample may miss ("max" ranges need them). */
  min: number;
  max: number;
}

function profileOfSamples(parts: Sample[]): ValueProfile {
  const profile = profileOf(parts.flatMap((part) => part.values));
  return {
    ...profile,
    min: Math.min(...parts.map((part) => part.min)),
    max: Math.max(...parts.map((part) => part.max)),
  };
}

/** Every k-th value, with k chosen so that at most `kept` are kept, and the true extremes. */
function strideSample(values: Float32Array, into: Sample, kept: number): void {
  const stride = Math.max(1, Math.floor(values.length / kept));
  for (let i = 0; i < values.length; i++) {
    if (values[i] < into.min) into.min = values[i];
    if (values[i] > into.max) into.max = values[i];
  }
  for (let i = 0; i < values.length; i += stride) into.values.push(values[i]);
}
