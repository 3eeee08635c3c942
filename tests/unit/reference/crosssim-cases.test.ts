// The reference simulator against every non-parasitic CrossSim case, judged by the README's pass criteria.
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

  for (const testCase of cases.filter((candidate) => !candidate.parasitic)) {
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

  it('refuses a parasitic case instead of ignoring its wires', () => {
    const parasitic = cases.find((candidate) => candidate.parasitic);
    expect(parasitic).toBeDefined();
    if (!parasitic) return;
    const config = hardwareSchema.parse(parasitic.config);
    expect(() => referenceMvm(config, parasitic.weights, parasitic.inputs, { trials: 1, seed: 1 })).toThrow(
      /parasitic/,
    );
  });
});
