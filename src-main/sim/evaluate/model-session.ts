// Loads an ONNX classifier into an onnxruntime-node session and checks its input against the preprocessing.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { selfContainedModelBytes } from '../onnx/model-bytes';
import type { PreprocessSpec } from '../../../src-shared/config/preprocess';
import { inputMismatch } from '../../../src-shared/config/preprocess-fit';
import { imageChunks } from './image-chunks';

/** A model that could not be loaded or does not fit the images; the message names the file. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ModelSession {
  readonly file: string;
  readonly session: ort.InferenceSession;
  readonly inputName: string;
  readonly outputName: string;
  /** Declared input shape; symbolic or unknown dimensions are null. */
  readonly inputShape: readonly (number | null)[];
  /** The classes the classification output declares; null when its shape is symbolic. */
  readonly outputClasses: number | null;
}

export interface SessionOptions {
  /** onnxruntime intra-op threads; defaults to the machine's cores. */
  intraOpThreads?: number;
  /** The classification output to read; absent: the first output declared [N, classes] (or the first). */
  outputName?: string;
}

/** The model's bytes, with any external data (weights in files beside it) inside and a float32 boundary. */
export async function readModelFile(file: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ModelError(
      file,
      `cannot read model ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return selfContainedModelBytes(bytes, file);
}

/** The options of every session the simulator creates: one pool of intra-op threads, the full optimiser. */
export function sessionOptions(intraOpThreads = availableParallelism()): ort.InferenceSession.SessionOptions {
  return { intraOpNumThreads: intraOpThreads, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
}

export async function createModelSession(
  file: string,
  bytes: Uint8Array,
  options: SessionOptions = {},
): Promise<ModelSession> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, sessionOptions(options.intraOpThreads));
  } catch (error) {
    throw new ModelError(file, `${file} is not a loadable ONNX model: ${firstLine(error)}`);
  }
  const input = session.inputMetadata[0];
  if (session.inputNames.length !== 1 || !input?.isTensor) {
    throw new ModelError(
      file,
      `${file} must have exactly one tensor input, found ${session.inputNames.length}`,
    );
  }
  if (input.type !== 'float32') {
    throw new ModelError(
      file,
      `${file} input "${input.name}" is ${input.type}; only float32 image inputs are supported`,
    );
  }
  if (session.outputNames.length < 1) throw new ModelError(file, `${file} has no outputs`);
  const outputName = classificationOutput(file, session, options.outputName);
  return {
    file,
    session,
    inputName: input.name,
    outputName,
    inputShape: declaredInputShape(session),
    outputClasses: declaredClasses(session, outputName),
  };
}

/** The first input's declared shape; symbolic or unknown dimensions are null. */
export function declaredInputShape(session: ort.InferenceSession): (number | null)[] {
  const input = session.inputMetadata[0];
  return input?.isTensor ? input.shape.map((d) => (typeof d === 'number' && d > 0 ? d : null)) : [];
}

/** The class count an output declares ([N, C] or [N, C, 1, 1]); null where a dimension is symbolic. */
function declaredClasses(session: ort.InferenceSession, outputName: string): number | null {
  const output = session.outputMetadata.find((metadata) => metadata.name === outputName);
  if (!output?.isTensor) return null;
  const classDims = output.shape.slice(1);
  if (classDims.length === 0 || !classDims.every((dim) => typeof dim === 'number' && dim > 0)) return null;
  return (classDims as number[]).reduce((a, b) => a * b, 1);
}

/**
 * A model with several outputs (auxiliary heads, features beside the logits) is read at the named output, else
 * at the first one declared as float [N, classes] or [N, classes, 1, 1]; a model that declares no shapes, at its
 * first output.
 */
function classificationOutput(file: string, session: ort.InferenceSession, wanted?: string): string {
  const names = session.outputNames;
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    throw new ModelError(
      file,
      `${file} has no output "${wanted}" (the model card's "output"); its outputs are ${names.join(', ')}`,
    );
  }
  const logits = session.outputMetadata.find(
    (output) => output.isTensor && output.type === 'float32' && isClassScores(output.shape),
  );
  return logits?.name ?? names[0];
}

/** [N, classes], or [N, classes] with trailing unit dimensions ([N, C, 1, 1]), which are flattened. */
function isClassScores(dims: readonly (number | string)[]): boolean {
  return dims.length >= 2 && dims.slice(2).every((dim) => dim === 1);
}

/** Throws a ModelError unless the model accepts the preprocessing's tensors ([N, C, H, W], or [N, H, W, C]). */
export function checkInputFits(model: ModelSession, preprocess: PreprocessSpec): void {
  const mismatch = inputMismatch(model.inputShape, preprocess);
  if (mismatch) {
    throw new ModelError(model.file, `${model.file} ${mismatch}; pass a matching --preprocess spec`);
  }
}

/**
 * Runs one batch and returns the first output's values, [batch × classes] row-major. A model exported with a
 * fixed batch size (common in model zoos) is fed in runs of that size (`imageChunks`).
 */
export async function runLogits(
  model: ModelSession,
  tensor: Float32Array,
  dims: readonly number[],
): Promise<{ logits: Float32Array; classes: number }> {
  const fixedBatch = model.inputShape[0];
  if (fixedBatch === null || fixedBatch === dims[0]) return runOnce(model, tensor, dims);
  const runs: Float32Array[] = [];
  let classes = 0;
  for (const chunk of imageChunks({ tensor, dims }, fixedBatch)) {
    const result = await runOnce(model, chunk.tensor, chunk.dims);
    classes = result.classes;
    runs.push(result.logits.subarray(0, chunk.images * classes));
  }
  const logits = new Float32Array(dims[0] * classes);
  runs.forEach((run, i) => logits.set(run, i * fixedBatch * classes));
  return { logits, classes };
}

/** One inference; the output may carry trailing unit dimensions ([N, C, 1, 1]), which are flattened. */
async function runOnce(
  model: ModelSession,
  tensor: Float32Array,
  dims: readonly number[],
): Promise<{ logits: Float32Array; classes: number }> {
  const feeds = { [model.inputName]: new ort.Tensor('float32', tensor, dims) };
  const outputs = await model.session.run(feeds, [model.outputName]);
  const out = outputs[model.outputName];
  const classes = out.dims.slice(1).reduce((a, b) => a * b, 1);
  if (out.type !== 'float32' || out.dims[0] !== dims[0] || !isClassScores(out.dims)) {
    throw new ModelError(
      model.file,
      `${model.file} output "${model.outputName}" must be float32 [N, classes], ` +
        `got ${out.type} [${out.dims.join(', ')}]`,
    );
  }
  return { logits: out.data as Float32Array, classes };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
