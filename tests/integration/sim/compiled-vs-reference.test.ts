// Property check: the compiled ONNX layer equals the per-element reference simulator on random small layers,
// for every option of the simulator core and many of their combinations (fixed seeds, so failures reproduce).
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfigInput } from '../../../src-shared/config/hardware';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { referenceMvm } from '../../reference/analog-mvm';
import { testRandom } from '../../reference/test-random';

function generator(seed: number) {
  const next = testRandom(seed);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)];
  return { next, pick };
}

type Random = ReturnType<typeof generator>;

// Quantized weights, cells and DAC codes put every array output on a rational lattice; explicit ADC limits a
// non-lattice amount off round numbers keep the ADC's rounding boundaries off that lattice, so no output sits on
// an exact tie (where float32 and float64 may round differently).
const OFF_LATTICE = Math.SQRT2 * 1e-4;

function randomConfig(random: Random, signedInputs: boolean): HardwareConfigInput {
  const scheme = random.pick(['differential', 'offset'] as const);
  const dacBits = random.pick([0, 4, 8]);
  // A calibrated ADC is left out: the reference profiles with the DAC on, the simulator with it off (§6). The
  // "max" range (±rows, a rational step) is used with continuous inputs only: with quantized weights, cells and
  // inputs every array output lies on a rational lattice that can put it exactly on an ADC rounding tie.
  const adcRange = dacBits === 0 ? random.pick(['explicit', 'max'] as const) : 'explicit';
  const adcBits = random.pick([0, 5, 8]);
  const differential = random.pick(['one-sided', 'two-sided'] as const);
  // Two-sided pairs on explicit cell levels put quantized weights exactly on rounding ties, where float noise
  // decides (the CrossSim cases nudge their data away from ties); derived cell bits have none.
  const cellBits =
    differential === 'two-sided' && scheme === 'differential' ? null : random.pick([null, null, 0, 6]);
  return {
    weights: { bits: random.pick([0, 4, 8]), percentile: random.pick([100, 100, 99]) },
    mapping: {
      scheme,
      differential,
      subtractInAnalog: random.next() < 0.7,
      offset: random.pick(['digital', 'unit-column'] as const),
    },
    array: { rowsMax: random.pick([7, 16, 64]), colsMax: random.pick([3, 8, 64]) },
    device: { onOff: random.pick([0, 10, 100]), cellBits },
    dac: {
      bits: dacBits,
      range: random.pick(['explicit', 'max', 'calibrated'] as const),
      limits: signedInputs ? [-1.2, 1.2] : [0, 1.2],
      percentile: 99,
    },
    adc: {
      bits: adcBits,
      range: adcRange,
      percentile: 99.5,
      limits:
        scheme === 'offset' ? [0.5 + OFF_LATTICE, 9 - OFF_LATTICE] : [-4.5 - OFF_LATTICE, 4.5 + OFF_LATTICE],
    },
  };
}

function randomMatrix(random: Random, rows: number, cols: number, signed: boolean): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => Math.fround(signed ? 2 * random.next() - 1 : random.next())),
  );
}

/** Deterministic drift (σ_ν = 0, so both simulators draw the same ν), with or without compensation. */
function randomDrift(random: Random): HardwareConfigInput['device'] {
  return {
    drift: {
      timeS: random.pick([2, 1e3, 1e6]),
      nuMean: random.pick([0.01, 0.06]),
      nuStd: 0,
      compensate: random.next() < 0.5,
    },
  };
}

/** Weight bit slicing: quantized weights, 2–4 slices with at least one bit each, cells derived (b bits). */
function randomSlicing(random: Random, config: HardwareConfigInput): HardwareConfigInput {
  const bits = random.pick([4, 6, 8]);
  return {
    ...config,
    weights: { ...config.weights, bits },
    mapping: { ...config.mapping, slices: random.pick([2, 3, 4].filter((n) => n < bits)) },
    device: { ...config.device, cellBits: null },
  };
}

/** Bit-serial inputs on a quantizing DAC: 1–3 bits per slice, each digitized or accumulated in analog. */
function randomInputBits(random: Random, config: HardwareConfigInput): HardwareConfigInput {
  const bits = random.pick([4, 8]);
  const perInputBit = random.next() < 0.6;
  // Per input bit, both calibrate with the DAC on (the second pass), so a calibrated ADC is comparable too where
  // the outputs cannot be negative: for signed ones the simulator centres a near-symmetric range on zero
  // (docs/decisions.md), which the reference does not.
  const unsignedOutputs = config.mapping?.scheme === 'offset' && config.dac?.limits?.[0] === 0;
  const range =
    perInputBit && unsignedOutputs ? random.pick(['calibrated', 'explicit'] as const) : 'explicit';
  return {
    ...config,
    dac: { ...config.dac, bits, bitSerial: true, sliceBits: random.pick([1, 1, 2, 3]) },
    adc: { ...config.adc, perInputBit, range },
  };
}

/**
 * Wire resistance (§7): either topology, interleaved or separate ± arrays; separate-source needs 1-bit input
 * slices, and unit columns are outside the model (digital offset instead).
 */
function randomParasitics(random: Random, config: HardwareConfigInput): HardwareConfigInput {
  const topology = random.pick(['input-driven', 'separate-source'] as const);
  const pair = config.mapping?.scheme !== 'offset';
  const interleaved = pair && config.mapping?.subtractInAnalog !== false && random.next() < 0.5;
  const gated = topology === 'separate-source';
  return {
    ...config,
    mapping: { ...config.mapping, offset: 'digital' },
    array: { ...config.array, parasitics: { rp: random.pick([1e-4, 1e-3, 1e-2]), topology, interleaved } },
    dac: gated
      ? { ...config.dac, bits: random.pick([4, 8]), bitSerial: true, sliceBits: 1 }
      : { ...config.dac },
    adc: gated ? { ...config.adc, perInputBit: random.next() < 0.5, range: 'explicit' } : { ...config.adc },
    device: { ...config.device, drift: { ...config.device?.drift, compensate: false } },
  };
}

describe('compiled layer vs reference simulator', () => {
  // 1–150 the unsliced core (121–150 drifting), 151–230 bit-sliced weights (201–230 drifting), 231–300
  // bit-serial inputs (half of them with sliced weights too), 301–360 wire resistance over all of those.
  const seeds = Array.from({ length: 360 }, (_, i) => i + 1);
  it.each(seeds)('random layer and config, seed %i', async (seed) => {
    const random = generator(seed);
    const signedInputs = random.next() < 0.3;
    const unsliced = randomConfig(random, signedInputs);
    const sliced = (seed > 150 && seed <= 230) || seed > 265;
    const weighted = sliced ? randomSlicing(random, unsliced) : unsliced;
    const input = seed > 230 ? randomInputBits(random, weighted) : weighted;
    const drifting = (seed > 120 && seed <= 150) || (seed > 200 && seed <= 300) || seed > 340;
    const drifted = drifting ? { ...input, device: { ...input.device, ...randomDrift(random) } } : input;
    const config = hardwareSchema.parse(seed > 300 ? randomParasitics(random, drifted) : drifted);
    const inputs = random.pick([5, 17, 40]);
    const outputs = random.pick([1, 4, 11]);
    const weights = randomMatrix(random, outputs, inputs, true);
    const x = randomMatrix(random, 6, inputs, signedInputs);
    const compiled = await simulateMvm(config, weights, x, { trials: 1, seed: 0 });
    const reference = referenceMvm(config, weights, x, { trials: 1, seed: 0 });
    const scale = Math.max(1e-9, ...reference.outputs[0].flat().map(Math.abs));
    const context = JSON.stringify(config);
    compiled.outputs[0].forEach((row, n) =>
      row.forEach((value, o) =>
        expect(Math.abs(value - reference.outputs[0][n][o]), context).toBeLessThan(2e-5 * scale),
      ),
    );
  });
});
