// The reference simulator against every CrossSim case (parasitic ones through its nodal solve), judged by the
// README's pass criteria.
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { referenceMvm } from '../../reference/analog-mvm';
import { checkCase, loadCrossSimCases, parasiticCaseNames } from '../../reference/crosssim-cases';

const cases = loadCrossSimCases();

describe('CrossSim reference cases through the reference simulator', () => {
  it('finds the cases, and the parasitic ones by their rp', () => {
    expect(cases.length).toBeGreaterThanOrEqual(42);
    const parasitic = parasiticCaseNames(cases);
    expect(parasitic.length).toBeGreaterThan(0);
    expect(parasitic.every((name) => name.startsWith('parasitics-'))).toBe(true);
  });

  it('passes the expected outputs of an exact case and fails them moved by twice the tolerance', () => {
    const exactCase = cases.find((candidate) => candidate.expect.kind === 'exact' && !candidate.parasitic);
    if (exactCase?.expect.kind !== 'exact') throw new Error('no exact case');
    const { outputs: expected, atol } = exactCase.expect;
    expect(checkCase(exactCase, [expected]).pass).toBe(true);
    const moved = expected.map((row, n) => row.map((v, o) => (n === 0 && o === 0 ? v + 2 * atol : v)));
    expect(checkCase(exactCase, [moved]).pass).toBe(false);
    expect(checkCase(exactCase, [expected.slice(1)]).pass).toBe(false);
  });

  for (const testCase of cases) {
    it(`${testCase.name} (${testCase.expect.kind})`, () => {
      const trials = testCase.expect.kind === 'exact' ? 1 : testCase.expect.trials;
      const { outputs } = referenceMvm(
        hardwareSchema.parse(testCase.config),
        testCase.weights,
        testCase.inputs,
        {
          trials,
          seed: 20240611,
        },
      );
      const verdict = checkCase(testCase, outputs);
      expect(verdict.pass, verdict.detail).toBe(true);
    });
  }

  it('fails the parasitic cases with R̂p off by 10 % or with the topology flipped (the cases are sensitive)', () => {
    for (const testCase of cases.filter((candidate) => candidate.parasitic)) {
      const config = hardwareSchema.parse(testCase.config);
      const { parasitics } = config.array;
      const variants = [
        { ...config, array: { ...config.array, parasitics: { ...parasitics, rp: parasitics.rp * 1.1 } } },
        ...(parasitics.topology === 'input-driven'
          ? []
          : [
              {
                ...config,
                array: { ...config.array, parasitics: { ...parasitics, topology: 'input-driven' as const } },
              },
            ]),
      ];
      for (const variant of variants) {
        const { outputs } = referenceMvm(variant, testCase.weights, testCase.inputs, { trials: 1, seed: 1 });
        expect(checkCase(testCase, outputs).pass, testCase.name).toBe(false);
      }
    }
  });
});
