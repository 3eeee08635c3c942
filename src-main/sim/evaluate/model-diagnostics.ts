// Per-array statistics of a whole model (docs/analog-model.md §8): one trial's programmed cells, a few images, and the
// diagnostic variant of the compiled graph, which returns every array's ADC inputs, codes and ideal partial sums.
import * as ort from 'onnxruntime-node';
import { emitModel, type MappedModel } from '../compile/compile-model';
import type { PartitionProbe } from '../compile/emit-diagnostics';
import type { LayerPlan } from '../compile/layer-plan';
import type { ProgrammedLayer } from '../compile/program-layer';
import { layerStatistics, probeTensors, type ArrayStatistics } from './array-statistics';
import type { ImageBatch } from './image-chunks';
import { imageChunks } from './image-chunks';
import { declaredInputShape, sessionOptions } from './model-session';

export interface DiagnosisOptions {
  intraOpThreads: number;
  /** The trial's read-noise seed. */
  noiseSeed: number;
  onImages?: (done: number, total: number) => void;
}

/** The diagnostic variant of a model, compiled once; each trial re-fills its conductances, as the run's model. */
export interface ModelDiagnostics {
  arrays(
    programmed: ProgrammedLayer[],
    batch: ImageBatch,
    options: DiagnosisOptions,
  ): Promise<ArrayStatistics[]>;
}

export function compileDiagnostics(mapped: MappedModel, plans: LayerPlan[]): ModelDiagnostics {
  const probes = plans.map(() => [] as PartitionProbe[]);
  const compiled = emitModel(
    mapped,
    plans.map((plan, i) => ({
      plan,
      options: { diagnose: (probe: PartitionProbe) => probes[i].push(probe) },
    })),
  );
  compiled.declareOutputs(probes.flat().flatMap(probeTensors));
  return {
    async arrays(programmed, batch, options) {
      const session = await ort.InferenceSession.create(
        compiled.encodeTrial(programmed, options.noiseSeed),
        sessionOptions(options.intraOpThreads),
      );
      try {
        const statistics = plans.map((plan, i) => layerStatistics(plan, probes[i]));
        let done = 0;
        for (const chunk of imageChunks(batch, declaredInputShape(session)[0] ?? null)) {
          const input = new ort.Tensor('float32', chunk.tensor, chunk.dims);
          const result = await session.run({ [session.inputNames[0]]: input });
          for (const layer of statistics) layer.add(result);
          options.onImages?.((done += chunk.images), batch.dims[0]);
        }
        return statistics.flatMap((layer, i) => layer.arrays(programmed[i]));
      } finally {
        await session.release();
      }
    },
  };
}

/** One layer's arrays summarized: counts, conversion-weighted clipping, and RMS or mean of the rest. */
export function layerSummary(arrays: readonly ArrayStatistics[]): Record<string, number> {
  const conversions = arrays.reduce((sum, a) => sum + a.conversions, 0);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    arrays: arrays.length,
    conversions,
    nrmsError: Math.sqrt(mean(arrays.map((a) => a.nrmsError ** 2))),
    clippedFraction: arrays.reduce((sum, a) => sum + a.clippedFraction * a.conversions, 0) / conversions,
    progErrorRms: Math.sqrt(mean(arrays.map((a) => a.progErrorRms ** 2))),
    meanConductance: mean(arrays.map((a) => a.meanConductance)),
    meanColumnCurrent: mean(arrays.map((a) => a.meanColumnCurrent)),
    ...worstWireFigures(arrays),
  };
}

/** The layer's worst IR drop and solver residual, when its wires are resistive. */
function worstWireFigures(arrays: readonly ArrayStatistics[]): Record<string, number> {
  const wired = arrays.filter((a) => a.irDrop !== null && a.solverResidual !== null);
  if (wired.length === 0) return {};
  return {
    irDrop: Math.max(...wired.map((a) => a.irDrop!)),
    solverResidual: Math.max(...wired.map((a) => a.solverResidual!)),
  };
}
