// The simulator's one entry: a model mapped once under a hardware config, its converter ranges calibrated (or
// given), its graph compiled once, and per Monte-Carlo trial the cells programmed, the trial's session and its
// per-array diagnosis (docs/analog-model.md §6, §8, §11). Runs, the cell map, `crossbar mvm` and the bench all go
// through it, so the cells a view shows are the cells a run evaluated.
import { calibratesRanges, type HardwareConfig } from '../../../src-shared/config/hardware';
import { emitModel, mapModel, type MappedModel } from '../compile/compile-model';
import type { CompiledModel } from '../compile/compiled-model';
import { planLayer, type LayerPlan } from '../compile/layer-plan';
import { planWithRanges, type LayerRanges } from '../compile/layer-ranges';
import { programLayer, type ProgrammedLayer } from '../compile/program-layer';
import { SeededRandom } from '../devices/seeded-random';
import type { ArrayStatistics } from './array-statistics';
import { calibrateModel } from './calibrate';
import type { ImageBatch } from './image-chunks';
import { compileDiagnostics, type ModelDiagnostics } from './model-diagnostics';
import { createModelSession, type ModelSession } from './model-session';

export interface AnalogModelOptions {
  /** Trial t's cells of layer i are drawn from (seed, t, i) alone, its read noise from (seed, t, −1). */
  seed: number;
  /** onnxruntime's intra-op threads, also the wire solves' thread budget. */
  intraOpThreads: number;
  /** The classification output the trial sessions read (absent: the first [N, classes] output). */
  outputName?: string;
}

/** `done` of `total` layers (mapping, programming) or images (calibration, diagnosis). */
export type Progress = (done: number, total: number) => void;

/** One trial's programmed cells, one entry per analog layer, and the seed of its read noise. */
export interface TrialCells {
  layers: ProgrammedLayer[];
  noiseSeed: number;
}

export class AnalogModel {
  private constructor(
    readonly file: string,
    readonly mapped: MappedModel,
    readonly config: HardwareConfig,
    readonly options: AnalogModelOptions,
  ) {}

  /** Reads and maps the model; refuses a config the simulator cannot evaluate yet. */
  static map(
    bytes: Uint8Array,
    file: string,
    config: HardwareConfig,
    options: AnalogModelOptions,
    onLayer?: Progress,
  ): AnalogModel {
    return new AnalogModel(file, mapModel(bytes, file, config, onLayer), config, options);
  }

  /** The plans of a config that calibrates no range (explicit or ideal converters). */
  uncalibratedPlans(): LayerPlan[] {
    return this.mapped.layers.map(({ mapped }) => planLayer(mapped, this.config, null));
  }

  /** The plans with ranges a calibration stored before. */
  plansWithRanges(ranges: readonly LayerRanges[]): LayerPlan[] {
    return this.mapped.layers.map(({ mapped }, i) => planWithRanges(mapped, this.config, ranges[i]));
  }

  /**
   * The plans with ranges calibrated on `batches` (called once per pass) with ideal cells, or without calibration
   * where the config calibrates none. `samplesPerImage` bounds the values each probe keeps per image.
   */
  async calibratedPlans(
    batches: () => AsyncIterable<ImageBatch>,
    {
      onImages,
      samplesPerImage,
    }: {
      /** Images profiled so far over all `passes` (two with an ADC per input bit). */
      onImages?: (done: number, passes: number) => void;
      samplesPerImage?: number;
    } = {},
  ): Promise<LayerPlan[]> {
    if (!calibratesRanges(this.config)) return this.uncalibratedPlans();
    const profiles = await calibrateModel(this.mapped, batches, {
      intraOpThreads: this.options.intraOpThreads,
      config: this.config,
      onImages,
      samplesPerImage,
    });
    return this.mapped.layers.map(({ mapped }, i) => planLayer(mapped, this.config, profiles[i]));
  }

  /** The graph for these plans, compiled once for every trial. */
  compile(plans: LayerPlan[]): AnalogTrials {
    return new AnalogTrials(
      this,
      plans,
      emitModel(
        this.mapped,
        plans.map((plan) => ({ plan })),
      ),
    );
  }

  /** Layer `index`'s cells in `trial`; `wires: false` leaves out what resistive wires make of them. */
  programLayer(trial: number, index: number, { wires = true }: { wires?: boolean } = {}): ProgrammedLayer {
    const layer = this.mapped.layers[index].mapped;
    return programLayer(
      wires ? layer : { ...layer, parasitics: null },
      this.config,
      new SeededRandom(this.options.seed, trial, index),
      this.options.intraOpThreads,
    );
  }

  /** Every layer's cells in `trial`, and its read-noise seed. */
  program(trial: number, onLayer?: Progress): TrialCells {
    const count = this.mapped.layers.length;
    const layers = this.mapped.layers.map((_, i) => {
      onLayer?.(i, count);
      return this.programLayer(trial, i);
    });
    onLayer?.(count, count);
    return { layers, noiseSeed: new SeededRandom(this.options.seed, trial, -1).nextUint32() };
  }
}

/** A compiled analog model: each trial fills the same graph with its own cells. */
export class AnalogTrials {
  private diagnostics: ModelDiagnostics | null = null;

  constructor(
    readonly model: AnalogModel,
    readonly plans: LayerPlan[],
    readonly compiled: CompiledModel,
  ) {}

  /** The trial's model bytes, for a tool that opens its own session (onnxruntime's profiler). */
  trialBytes(cells: TrialCells): Uint8Array {
    return this.compiled.encodeTrial(cells.layers, cells.noiseSeed);
  }

  /** The trial's session; the caller releases it. */
  session(cells: TrialCells): Promise<ModelSession> {
    return createModelSession(`${this.model.file} (analog)`, this.trialBytes(cells), {
      intraOpThreads: this.model.options.intraOpThreads,
      outputName: this.model.options.outputName,
    });
  }

  /** Every array's statistics (§8) for the trial's cells on one batch, from the graph's diagnostic variant. */
  diagnose(cells: TrialCells, batch: ImageBatch, onImages?: Progress): Promise<ArrayStatistics[]> {
    this.diagnostics ??= compileDiagnostics(this.model.mapped, this.plans);
    return this.diagnostics.arrays(cells.layers, batch, {
      intraOpThreads: this.model.options.intraOpThreads,
      noiseSeed: cells.noiseSeed,
      onImages,
    });
  }
}
