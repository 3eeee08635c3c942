// The compiler's entry: an ONNX model + hardware config → one analog ONNX graph (flat passes per layer, §11).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { findAnalogLayers, type AnalogLayer } from '../onnx/analog-layers';
import { extraAddNodes } from '../onnx/digital-layer';
import { float32View, type Float32Boundary } from '../onnx/float32-layer';
import { GraphBuilder } from '../onnx/graph-builder';
import type { ModelProto, NodeProto, TensorProto } from '../onnx/proto';
import { loadModel } from '../onnx/load-model';
import { defaultDomainOpset } from '../onnx/read-model';
import { replaceLayers, type LayerReplacement } from '../onnx/replace-layers';
import { assertAvailable } from './availability';
import { CompiledModel, type CompiledLayer } from './compiled-model';
import { emitLayer, type EmitOptions } from './emit-layer';
import { DacOutputs } from './emit-quantizers';
import { mapLayer, planLayer, type LayerPlan, type LayerProfile, type MappedLayer } from './layer-plan';
import { matrixLayerOf } from './matrix-layer';

/** A model read and mapped once: calibration and compilation both start from it. */
export interface MappedModel {
  model: ModelProto;
  /** The model's default-domain opset, in whose forms the analog nodes are emitted. */
  opset: number;
  /** `analog` reads and writes float32; `boundary`, for a float16 model's layer, casts from and to the model's type. */
  layers: { analog: AnalogLayer; mapped: MappedLayer; boundary: Float32Boundary | null }[];
}

/** `onLayer(done, total)`: called before each layer is mapped, and once when all are. */
export function mapModel(
  bytes: Uint8Array,
  file: string,
  config: HardwareConfig,
  onLayer?: (done: number, total: number) => void,
): MappedModel {
  assertAvailable(config);
  const model = loadModel(bytes, file);
  const { layers } = findAnalogLayers(model, { digitalLayers: config.digitalLayers, file });
  const mappedLayers = layers.map((source, i) => {
    onLayer?.(i, layers.length);
    const { layer: analog, boundary } = float32View(source);
    const output = analog.extraAdd ? `${analog.output}/analog` : analog.output;
    return { analog, boundary, mapped: mapLayer(matrixLayerOf(analog, output), config) };
  });
  onLayer?.(layers.length, layers.length);
  return { model, opset: defaultDomainOpset(model, file), layers: mappedLayers };
}

/** Per layer: the plan to emit and, for calibration, a callback that receives its probe tensors. */
export interface LayerEmission {
  plan: LayerPlan;
  options?: EmitOptions;
}

/** Emits every layer into one builder (one name counter) and splices each in place of the nodes it replaces. */
export function emitModel(mappedModel: MappedModel, emissions: LayerEmission[]): CompiledModel {
  const graph = new GraphBuilder('analog', 'analog/', mappedModel.opset);
  const replacements: LayerReplacement[] = [];
  const compiled: CompiledLayer[] = [];
  const dacs = new DacOutputs();
  let taken = { nodes: 0, initializers: 0 };
  mappedModel.layers.forEach(({ analog, boundary }, i) => {
    const slots = emitLayer(graph, emissions[i].plan, emissions[i].options, dacs);
    const parts = graph.parts();
    const nodes: NodeProto[] = parts.nodes.slice(taken.nodes);
    const initializers: TensorProto[] = parts.initializers.slice(taken.initializers);
    taken = { nodes: parts.nodes.length, initializers: parts.initializers.length };
    if (analog.extraAdd) {
      const addend = extraAddNodes(
        analog.name,
        analog.extraAdd,
        emissions[i].plan.layer.output,
        analog.output,
      );
      nodes.push(...addend.nodes);
      initializers.push(...addend.initializers);
    }
    replacements.push({
      layer: boundary?.source ?? analog,
      nodes: [...(boundary?.before ?? []), ...nodes, ...(boundary?.after ?? [])],
      initializers,
    });
    compiled.push({ plan: emissions[i].plan, slots });
  });
  return new CompiledModel(replaceLayers(mappedModel.model, replacements), compiled);
}

/** The analog model for a config, given the per-layer calibration profiles (null where none is needed). */
export function compileModel(
  mappedModel: MappedModel,
  config: HardwareConfig,
  profiles: (LayerProfile | null)[],
): CompiledModel {
  const emissions = mappedModel.layers.map(({ mapped }, i) => ({
    plan: planLayer(mapped, config, profiles[i]),
  }));
  return emitModel(mappedModel, emissions);
}
