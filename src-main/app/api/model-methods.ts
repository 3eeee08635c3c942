// Models: an ONNX file imported into a project (copied by content hash, with its model description), listed,
// and shown layer by layer with how each layer maps to arrays under a hardware config.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LayerMapping } from '../../../src-shared/api/api';
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { parseWith } from '../../../src-shared/config/fields';
import { mapLayer } from '../../sim/compile/layer-plan';
import { matrixLayerOf } from '../../sim/compile/matrix-layer';
import { createModelSession, readModelFile } from '../../sim/evaluate/model-session';
import { findAnalogLayers } from '../../sim/onnx/analog-layers';
import { loadModel } from '../../sim/onnx/load-model';
import { modelCardFile, readCardBeside } from '../runs/resolve-inputs';
import { preprocessSchema } from '../../../src-shared/config/preprocess';
import { proposePreprocess } from '../../../src-shared/config/preprocess-proposal';
import { inputMismatch } from '../../../src-shared/config/preprocess-fit';
import type { ModelCard } from '../../../src-shared/config/model-card';
import { AppError } from '../app-error';
import { defineMethods } from './methods';
import { existing } from './project-methods';
import { modelInfo, storedModelInput } from './records';
import { uploadedFile } from './uploads';

export const modelMethods = defineMethods({
  'models.import': async ({ projectId, path, uploadId, name }, { store, dataRoot, publish }) => {
    existing(store, projectId);
    const source = path ?? uploadedFile(dataRoot, uploadId!);
    const bytes = await readModelFile(source);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Refused here, before anything is copied: a file onnxruntime cannot load or with no layer to map.
    findAnalogLayers(loadModel(bytes, source), { digitalLayers: [], file: source });
    const session = await createModelSession(source, bytes, { intraOpThreads: 1 });
    await session.session.release();
    const folder = join(dataRoot, 'projects', String(projectId), 'models');
    await mkdir(folder, { recursive: true });
    const copy = join(folder, `${sha256}.onnx`);
    if (!existsSync(copy)) await writeFile(copy, bytes);
    const card = path ? readCardBeside(path) : undefined;
    const modelName = name ?? card?.card.name ?? (path ? basename(path) : 'uploaded model');
    if (card) await copyFile(card.file, modelCardFile(copy));
    // No card: the preprocessing the declared input suggests, stored beside the copy for runs to read and the
    // user to edit (models.setPreprocess).
    else if (!existsSync(modelCardFile(copy))) {
      await writeModelCard(copy, { name: modelName, preprocess: proposePreprocess(session.inputShape) });
    }
    if (uploadId) await rm(source, { force: true });
    const model = store.models.upsert({
      projectId,
      name: modelName,
      path: copy,
      sha256,
      inputInfo: {
        name: session.inputName,
        shape: session.inputShape.map((d) => d ?? 'N'),
        output: session.outputName,
      },
    });
    publish({ type: 'changed', what: 'models' });
    return modelInfo(model);
  },
  'models.setPreprocess': async ({ modelId, preprocess }, { store, publish }) => {
    const model = store.models.get(modelId);
    if (!model) throw new AppError('not-found', `there is no model ${modelId}`);
    const spec = parseWith(preprocessSchema, preprocess, 'preprocessing');
    const mismatch = inputMismatch(storedModelInput(model).shape, spec);
    if (mismatch) throw new AppError('invalid-request', `preprocess: the model "${model.name}" ${mismatch}`);
    const card = readCardBeside(model.path)?.card ?? { name: model.name };
    await writeModelCard(model.path, { ...card, preprocess: spec });
    publish({ type: 'changed', what: 'models' });
    return modelInfo(model);
  },
  'models.list': ({ projectId }, { store }) => {
    existing(store, projectId);
    return store.models.list({ projectId }).map(modelInfo);
  },
  'models.layers': async ({ modelId, config }, { store }) => {
    const model = store.models.get(modelId);
    if (!model) throw new AppError('not-found', `there is no model ${modelId}`);
    const hardware = parseWith(hardwareSchema, config ?? {}, 'hardware config');
    return layerMappings(await readModelFile(model.path), model.path, hardware);
  },
  'models.delete': ({ modelId }, { store, publish }) => {
    if (store.runs.list().some((run) => run.modelId === modelId)) {
      throw new AppError('invalid-state', `model ${modelId} has runs; delete them (or the project) first`);
    }
    store.models.delete(modelId);
    publish({ type: 'changed', what: 'models' });
    return { deleted: true as const };
  },
});

/** The card beside a stored model's copy, which runs of that copy read. */
async function writeModelCard(modelCopy: string, card: ModelCard): Promise<void> {
  await writeFile(modelCardFile(modelCopy), `${JSON.stringify(card, null, 2)}\n`);
}

/** Every Conv/Gemm/MatMul: analog ones with their tiling under `config`, digital ones with the reason. */
export function layerMappings(bytes: Uint8Array, file: string, config: HardwareConfig): LayerMapping[] {
  const { layers, digitalKept } = findAnalogLayers(loadModel(bytes, file), {
    digitalLayers: config.digitalLayers,
    file,
  });
  const analog = layers.map((layer): LayerMapping => {
    const mapped = mapLayer(matrixLayerOf(layer), config);
    const rowPartitions = mapped.rows.rowsPerPartition.length;
    const colPartitions = mapped.columns.length * (layer.conv?.group ?? 1);
    const arraysPerSlice = rowPartitions * colPartitions * (mapped.separatePlanes ? 2 : 1);
    return {
      name: layer.name,
      kind: layer.kind,
      weightShape: [...layer.weightDims],
      rows: layer.matrixRows,
      cols: layer.outputChannels / (layer.conv?.group ?? 1),
      rowPartitions,
      colPartitions,
      slices: mapped.slices.length,
      arrays: arraysPerSlice * mapped.slices.length,
      analog: true,
      reason: null,
    };
  });
  const digital = digitalKept.map((layer): LayerMapping => ({
    name: layer.name,
    kind: layer.opType.includes('Conv') ? 'conv' : layer.opType === 'Gemm' ? 'gemm' : 'matmul',
    weightShape: [],
    rows: 0,
    cols: 0,
    rowPartitions: 0,
    colPartitions: 0,
    slices: 0,
    arrays: 0,
    analog: false,
    reason: layer.reason,
  }));
  return [...analog, ...digital];
}
