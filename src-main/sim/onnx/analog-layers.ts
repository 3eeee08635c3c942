// Finds a model's analog layers (§1), folds BatchNormalization into them and honours digitalLayers (§12).
import { classifyNode, describeLayer, type AnalysisContext, type Classification } from './analog-candidates';
import type { AnalogLayer, AnalysisResult, DigitalLayer } from './analog-layer';
import { foldFollowingBatchNorm } from './batchnorm-fold';
import { resolveDigitalLayers } from './digital-layers';
import { indexGraph } from './graph-index';
import { OnnxModelError } from './onnx-model-error';
import type { ModelProto } from './proto';
import { readConstants } from './read-model';
import { tensorRanks } from './tensor-ranks';

export type { AnalogKind, AnalogLayer, AnalysisResult, DigitalLayer } from './analog-layer';

export interface AnalysisOptions {
  /** Node names kept digital, plus "first" and "last" (§12). */
  digitalLayers: readonly string[];
  /** The model's file, for error messages. */
  file: string;
}

export function findAnalogLayers(model: ModelProto, options: AnalysisOptions): AnalysisResult {
  const { file } = options;
  const graph = model.graph ?? {};
  const constants = readConstants(model, file);
  const context: AnalysisContext = {
    file,
    graph: indexGraph(graph),
    constants,
    rankOf: tensorRanks(graph, constants),
  };
  const { nodes, names } = context.graph;
  const classes: Classification[] = nodes.map((node) => classifyNode(node, constants));
  const candidateNames = names.filter((_, index) => isCandidate(classes[index]));
  if (candidateNames.length === 0) {
    throw new OnnxModelError(
      file,
      `${file} has no analog layer (Conv, Gemm, or MatMul with a constant weight)`,
    );
  }
  const keptDigital = resolveDigitalLayers(candidateNames, options.digitalLayers, file);
  const layers: AnalogLayer[] = [];
  const digitalKept: DigitalLayer[] = [];
  classes.forEach((classification, index) => {
    if (classification === null) return;
    const name = names[index];
    const opType = nodes[index].opType ?? '';
    const entry = keptDigital.get(name);
    if ('reason' in classification) digitalKept.push({ name, opType, reason: classification.reason });
    else if (entry !== undefined)
      digitalKept.push({ name, opType, reason: `digitalLayers lists "${entry}"` });
    else layers.push(foldFollowingBatchNorm(describeLayer(classification.kind, index, context), context));
  });
  if (layers.length === 0) {
    throw new OnnxModelError(
      file,
      `${file} has no analog layer left: digitalLayers keeps all of them digital`,
    );
  }
  return { layers, digitalKept };
}

function isCandidate(classification: Classification): boolean {
  return classification !== null && 'kind' in classification;
}
