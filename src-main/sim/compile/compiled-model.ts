// An analog model compiled once; each Monte-Carlo trial only re-fills its conductance initializers (§11).
import { onnx, type ModelProto, type TensorProto } from '../onnx/proto';
import type { LayerPlan } from './layer-plan';
import type { ProgrammedLayer } from './program-layer';
import { SeededRandom } from '../devices/seeded-random';
import type { ConductanceSlot } from './emit-types';

export interface CompiledLayer {
  plan: LayerPlan;
  slots: ConductanceSlot[];
}

/** The random ops the compiler emits (read noise); each is seeded per trial. */
const NOISE_GENERATORS = new Set(['RandomNormalLike', 'RandomUniformLike']);

export class CompiledModel {
  private readonly tensors: Map<string, TensorProto>;

  constructor(
    readonly model: ModelProto,
    readonly layers: CompiledLayer[],
  ) {
    this.tensors = new Map((model.graph?.initializer ?? []).map((tensor) => [tensor.name ?? '', tensor]));
    for (const slot of layers.flatMap((layer) => layer.slots)) {
      if (!this.tensors.has(slot.name)) throw new Error(`compiled model has no initializer ${slot.name}`);
    }
  }

  /** Declares intermediate tensors as graph outputs (a new list: the source model's must stay as it is). */
  declareOutputs(names: readonly string[]): void {
    const graph = this.model.graph!;
    const declared = new Set((graph.output ?? []).map((output) => output.name));
    graph.output = [
      ...(graph.output ?? []),
      ...[...new Set(names)]
        .filter((name) => !declared.has(name))
        .map((name) => ({ name, type: { tensorType: { elemType: 1 } } })),
    ];
  }

  /**
   * The model bytes with every layer's conductances programmed as given (one entry per layer, in order) and
   * every read-noise generator seeded from `noiseSeed` (onnxruntime draws fresh values on every run).
   */
  encodeTrial(programmed: ProgrammedLayer[], noiseSeed = 0): Uint8Array {
    (this.model.graph?.node ?? [])
      .filter((node) => NOISE_GENERATORS.has(node.opType ?? ''))
      .forEach((node, i) => {
        const seed = node.attribute?.find((attribute) => attribute.name === 'seed');
        if (seed) seed.f = new SeededRandom(noiseSeed, i).nextUint32() % 16_777_216;
      });
    const slots = this.layers.flatMap((layer, i) =>
      layer.slots.map((slot) => {
        const values = slot.fill(programmed[i]);
        const tensor = this.tensors.get(slot.name)!;
        tensor.rawData = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
        return tensor;
      }),
    );
    const bytes = onnx.ModelProto.encode(this.model).finish();
    // The bytes hold the trial's conductances; the next trial fills every slot anew.
    for (const tensor of slots) tensor.rawData = EMPTY;
    return bytes;
  }
}

const EMPTY = new Uint8Array(0);
