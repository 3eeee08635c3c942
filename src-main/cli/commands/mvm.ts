// `crossbar mvm`: one analog layer y = W·x on given inputs (docs/analog-model.md §13), for outside references.
import { z } from 'zod';
import { ConfigError, parseWith } from '../../../src-shared/config/fields';
import { loadHardwareConfig } from '../../app/config/load-hardware-config';
import { readJsonFile } from '../../app/config/read-json-file';
import { simulateMvm } from '../../sim/evaluate/mvm';
import { defineCommand } from '../command';
import { UsageError } from '../usage';
import { integerFlag } from '../integer-flags';

const matrixSchema = z.array(z.array(z.number({ error: 'must be a finite number' })).min(1)).min(1);

export const mvmCommand = defineCommand({
  summary: 'simulate one analog layer y = W·x and print the outputs as JSON',
  usage:
    'usage: crossbar mvm --config C.json | --preset NAME --weights W.json --inputs X.json [--trials T] [--seed S]\n\n' +
    'W is [outputs][inputs], X is [n][inputs], both in algorithmic units. Prints {"outputs": [trial][n][outputs], "arrays": [...]}.',
  flags: {
    config: { type: 'string' },
    preset: { type: 'string' },
    weights: { type: 'string' },
    inputs: { type: 'string' },
    trials: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  async execute({ values }, io) {
    if (!values.weights || !values.inputs) throw new UsageError('--weights and --inputs are required');
    const config = loadHardwareConfig({ file: values.config, preset: values.preset });
    if (!config) throw new UsageError('--config or --preset is required');
    const weights = parseWith(matrixSchema, readJsonFile(values.weights), `weights ${values.weights}`);
    const inputs = parseWith(matrixSchema, readJsonFile(values.inputs), `inputs ${values.inputs}`);
    checkShapes(weights, inputs, values.weights, values.inputs);
    const result = await simulateMvm(config, weights, inputs, {
      trials: values.trials === undefined ? 1 : integerFlag('--trials', values.trials, 1),
      seed: values.seed === undefined ? 0 : integerFlag('--seed', values.seed, 0),
    });
    io.stdout.write(`${JSON.stringify({ outputs: result.outputs, arrays: result.arrays })}\n`);
    return 0;
  },
});

function checkShapes(weights: number[][], inputs: number[][], weightsFile: string, inputsFile: string): void {
  const columns = weights[0].length;
  const ragged = weights.findIndex((row) => row.length !== columns);
  if (ragged >= 0)
    throw new ConfigError(
      `${weightsFile}: row ${ragged} has ${weights[ragged].length} values, row 0 has ${columns}`,
    );
  const mismatch = inputs.findIndex((row) => row.length !== columns);
  if (mismatch >= 0) {
    throw new ConfigError(
      `${inputsFile}: input ${mismatch} has ${inputs[mismatch].length} values, but the weights in ${weightsFile} have ${columns} inputs per row`,
    );
  }
}
