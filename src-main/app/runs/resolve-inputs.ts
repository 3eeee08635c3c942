// Turns a run request's files (or their absence: the bundled demo) into a model, a dataset folder and a spec.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { NotAModelCardError, parseModelCard, type ModelCard } from '../../../src-shared/config/model-card';
import {
  IMAGENET_PREPROCESS,
  parsePreprocess,
  type PreprocessSpec,
} from '../../../src-shared/config/preprocess';
import { ConfigError } from '../../../src-shared/config/fields';
import type { DatasetLayout } from '../../data';
import { bundledDemo } from '../../data/bundled-demo';
import { readJsonFile } from '../config/read-json-file';
import { resourcesDir } from '../paths';

export interface RunInputsRequest {
  modelFile?: string;
  dataDir?: string;
  labelsFile?: string;
  preprocessFile?: string;
  /** Overrides layout detection, e.g. WordNet-ID folders of a 10-class subset numbered 0..9. */
  layout?: DatasetLayout;
}

export interface RunInputs {
  modelFile: string;
  modelName: string;
  dataDir: string;
  labelsFile?: string;
  layout?: DatasetLayout;
  preprocess: PreprocessSpec;
  /** Where the preprocessing came from, for the run's record. */
  preprocessSource: string;
  /** The classification output the model card names; absent: the model's first [N, classes] output. */
  outputName?: string;
}

/**
 * No model and no data: the bundled demo. Data only: the demo model on that data. A model needs its data.
 * Preprocessing: --preprocess, else the model's own `<model>.json`, else the ImageNet standard.
 */
export function resolveRunInputs(request: RunInputsRequest): RunInputs {
  const demo = bundledDemo(resourcesDir());
  if (request.modelFile && !request.dataDir) {
    throw new ConfigError('--data is required with --model (the bundled images fit only the bundled model)');
  }
  const modelFile = resolve(request.modelFile ?? demo.modelFile);
  const card = request.modelFile
    ? readCardBeside(modelFile, { preprocessGiven: Boolean(request.preprocessFile) })
    : { card: demo.card, file: demo.modelFile };
  const fromFlag = request.preprocessFile ? readPreprocessFile(request.preprocessFile) : undefined;
  return {
    modelFile,
    modelName: card?.card.name ?? basename(modelFile),
    dataDir: resolve(request.dataDir ?? demo.imagesDir),
    labelsFile: request.labelsFile && resolve(request.labelsFile),
    layout: request.layout,
    preprocess: fromFlag ?? card?.card.preprocess ?? IMAGENET_PREPROCESS,
    preprocessSource:
      request.preprocessFile ?? (card ? `${card.file} (model description)` : 'ImageNet standard'),
    outputName: card?.card.output,
  };
}

/** Where a model's description lives: `<model>.json` beside `<model>.onnx`. */
export function modelCardFile(modelFile: string): string {
  return modelFile.replace(/\.onnx$/i, '') + '.json';
}

/** With the preprocessing given otherwise, a JSON of another kind beside the model is no card and is passed by. */
export function readCardBeside(
  modelFile: string,
  { preprocessGiven = false } = {},
): { card: ModelCard; file: string } | undefined {
  const file = modelCardFile(modelFile);
  if (!existsSync(file)) return undefined;
  try {
    return { card: parseModelCard(readJsonFile(file), file), file };
  } catch (error) {
    if (preprocessGiven && error instanceof NotAModelCardError) return undefined;
    throw error;
  }
}

function readPreprocessFile(file: string): PreprocessSpec {
  const value = readJsonFile(file);
  try {
    return parsePreprocess(value);
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
}
