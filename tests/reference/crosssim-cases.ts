// Loads the CrossSim reference cases (tests/fixtures/crosssim) and judges outputs by the README's pass criteria.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { hardwareSchema } from '../../src-shared/config/hardware';

export const CROSSSIM_CASES_DIR = fileURLToPath(new URL('../fixtures/crosssim/', import.meta.url));

const matrix = z.array(z.array(z.number()));

/** README "Exact cases": pass iff |out − expected| ≤ atol + rtol·|expected| for every element of outputs[0]. */
const exactExpectation = z.looseObject({
  kind: z.literal('exact'),
  outputs: matrix,
  atol: z.number().nonnegative(),
  rtol: z.number().nonnegative(),
  scale: z.number(),
  source: z.string(),
});

/** README "Statistical cases": std, mean and repeat-pair criteria over `trials` trials. */
const statisticalExpectation = z.looseObject({
  kind: z.literal('statistical'),
  trials: z.number().int().positive(),
  errorStd: z.number().positive(),
  errorMean: z.number(),
  relTolerance: z.number().positive(),
  meanAtol: z.number().positive(),
  repeatPairs: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
  repeatDiffRms: z.number().nonnegative(),
  repeatDiffAtol: z.number().positive(),
  source: z.string(),
});

const caseFile = z.looseObject({
  name: z.string().min(1),
  description: z.string(),
  /** Our hardware-config JSON as written (omitted fields take the §12 defaults); validated below. */
  config: z.record(z.string(), z.unknown()),
  weights: matrix,
  inputs: matrix,
  expect: z.discriminatedUnion('kind', [exactExpectation, statisticalExpectation]),
});

export type ExactExpectation = z.infer<typeof exactExpectation>;
export type StatisticalExpectation = z.infer<typeof statisticalExpectation>;
export type CrossSimCase = z.infer<typeof caseFile> & {
  /** The case file's name, e.g. "adc-max-range-diff.json". */
  file: string;
  /** array.parasitics.rp > 0: needs a circuit solve (§7). */
  parasitic: boolean;
};

/** Every case in tests/fixtures/crosssim, sorted by file name, each validated (its config by hardwareSchema too). */
export function loadCrossSimCases(dir: string = CROSSSIM_CASES_DIR): CrossSimCase[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const parsed = caseFile.safeParse(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    const config = hardwareSchema.safeParse(parsed.data.config);
    if (!config.success) throw new Error(`${file}: config: ${z.prettifyError(config.error)}`);
    return { ...parsed.data, file, parasitic: config.data.array.parasitics.rp > 0 };
  });
}

/** The cases that need a parasitic circuit solve (the reference simulator skips them). */
export function parasiticCaseNames(cases: CrossSimCase[] = loadCrossSimCases()): string[] {
  return cases.filter((testCase) => testCase.parasitic).map((testCase) => testCase.name);
}

export interface CaseVerdict {
  pass: boolean;
  detail: string;
}

/** y = W·x in float64 with the given (unquantized) weights and inputs, [n][output]. */
export function exactProduct(weights: number[][], inputs: number[][]): number[][] {
  return inputs.map((x) => weights.map((row) => row.reduce((total, w, i) => total + w * x[i], 0)));
}

function shapeProblem(testCase: CrossSimCase, trialOutputs: number[][]): string | null {
  const outputCount = testCase.weights.length;
  if (trialOutputs.length !== testCase.inputs.length) {
    return `expected ${testCase.inputs.length} output vectors, got ${trialOutputs.length}`;
  }
  const bad = trialOutputs.findIndex(
    (row) => row.length !== outputCount || row.some((v) => !Number.isFinite(v)),
  );
  return bad < 0 ? null : `output vector ${bad} is not ${outputCount} finite numbers`;
}

function checkExact(
  testCase: CrossSimCase,
  expectation: ExactExpectation,
  outputs: number[][][],
): CaseVerdict {
  if (outputs.length < 1) return { pass: false, detail: 'no trial in the outputs' };
  const problem = shapeProblem(testCase, outputs[0]);
  if (problem !== null) return { pass: false, detail: problem };
  let worst = { ratio: 0, n: 0, output: 0, got: 0, expected: 0 };
  expectation.outputs.forEach((row, n) =>
    row.forEach((expected, output) => {
      const got = outputs[0][n][output];
      const ratio = Math.abs(got - expected) / (expectation.atol + expectation.rtol * Math.abs(expected));
      if (ratio > worst.ratio) worst = { ratio, n, output, got, expected };
    }),
  );
  const where = `[${worst.n}][${worst.output}] got ${worst.got} expected ${worst.expected}`;
  return {
    pass: worst.ratio <= 1,
    detail: `worst |out − expected| = ${worst.ratio.toPrecision(3)} × tolerance at ${where} (scale ${expectation.scale})`,
  };
}

/** Population mean and standard deviation (NumPy's default ddof = 0). */
function meanAndStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((total, v) => total + v, 0) / values.length;
  const variance = values.reduce((total, v) => total + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

function checkStatistical(
  testCase: CrossSimCase,
  expectation: StatisticalExpectation,
  outputs: number[][][],
): CaseVerdict {
  if (outputs.length < expectation.trials) {
    return { pass: false, detail: `needs ${expectation.trials} trials, got ${outputs.length}` };
  }
  const problem = outputs.map((trial) => shapeProblem(testCase, trial)).find((p) => p !== null);
  if (problem) return { pass: false, detail: problem };
  const ideal = exactProduct(testCase.weights, testCase.inputs);
  const errors = outputs.flatMap((trial) =>
    trial.flatMap((row, n) => row.map((out, o) => out - ideal[n][o])),
  );
  const repeatDiffs = outputs.flatMap((trial) =>
    expectation.repeatPairs.flatMap(([i, j]) => trial[j].map((out, o) => out - trial[i][o])),
  );
  const { mean, std } = meanAndStd(errors);
  const repeatRms = Math.sqrt(repeatDiffs.reduce((total, d) => total + d * d, 0) / repeatDiffs.length);
  const stdOk = Math.abs(std / expectation.errorStd - 1) <= expectation.relTolerance;
  const meanOk = Math.abs(mean - expectation.errorMean) <= expectation.meanAtol;
  const repeatOk = Math.abs(repeatRms - expectation.repeatDiffRms) <= expectation.repeatDiffAtol;
  const detail = [
    `std ${std.toPrecision(4)} vs ${expectation.errorStd} (ratio ${(std / expectation.errorStd).toFixed(3)}, ±${expectation.relTolerance})`,
    `mean ${mean.toPrecision(4)} vs ${expectation.errorMean} (±${expectation.meanAtol})`,
    `repeat RMS ${repeatRms.toPrecision(4)} vs ${expectation.repeatDiffRms} (±${expectation.repeatDiffAtol})`,
  ].join('; ');
  return { pass: stdOk && meanOk && repeatOk, detail };
}

/**
 * Judges a run's outputs ([trial][n][output], as printed by `crossbar mvm`) by the README's criteria: exact cases
 * compare outputs[0]; statistical cases need at least expect.trials trials.
 */
export function checkCase(testCase: CrossSimCase, outputs: number[][][]): CaseVerdict {
  const expectation = testCase.expect;
  return expectation.kind === 'exact'
    ? checkExact(testCase, expectation, outputs)
    : checkStatistical(testCase, expectation, outputs);
}
