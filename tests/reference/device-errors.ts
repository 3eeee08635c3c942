// Cell non-idealities (§4): σ(G) of each error model, the clip policy, programming, drift and noisy reads.
import type { HardwareConfig } from '../../src-shared/config/hardware';
import type { ConductanceScale } from './device-levels';
import type { SeededRandom } from './seeded-random';

type DeviceConfig = HardwareConfig['device'];
type ErrorModelConfig = DeviceConfig['programmingError'];
type ErrorModelName = ErrorModelConfig['model'];

/**
 * The built-in fits are in µS (§4). Normalized G maps to G·Gmax_µS and σ_µS back to σ_µS/Gmax_µS: with Gmin set by
 * the on/off ratio (Gmin_µS = Gmax_µS/onOff), CrossSim's PCMJoshi / RRAMMilo conversion
 * G_µS = Gmin_µS + (Gmax_µS − Gmin_µS)(g − Gmin)/Grange reduces to exactly g·Gmax_µS.
 * PCM: Gmax 25 µS. RRAM: the fit covers 50–225 µS, so Gmax = 225 µS (on/off 4.5 spans the fitted range).
 */
const PCM_GMAX_US = 25;
const RRAM_GMAX_US = 225;

function pcmSigmaUs(gUs: number): number {
  return Math.max(-0.00178767 * gUs ** 2 + 0.0758572 * gUs + 0.286386, 0);
}

function rramSigmaUs(gUs: number): number {
  return Math.max(-0.009107 * gUs + 4.782321, 0);
}

/** Linear interpolation in [[G/Gmax, σ/Gmax], …], held constant beyond the first and last rows (like np.interp). */
export function tableSigmaNorm(table: ErrorModelConfig['table'], gNorm: number): number {
  if (table.length === 0)
    throw new Error('a "table" error model needs at least one [G/Gmax, sigma/Gmax] row');
  if (gNorm <= table[0][0]) return table[0][1];
  for (let row = 1; row < table.length; row++) {
    const [gHigh, sigmaHigh] = table[row];
    if (gNorm <= gHigh) {
      const [gLow, sigmaLow] = table[row - 1];
      return sigmaLow + ((sigmaHigh - sigmaLow) * (gNorm - gLow)) / (gHigh - gLow);
    }
  }
  return table[table.length - 1][1];
}

/** σ of one cell in units of Gmax, per model (§4). α is used by the two α-models only. */
const sigmaModels: Record<
  ErrorModelName,
  (gNorm: number, model: ErrorModelConfig, scale: ConductanceScale) => number
> = {
  none: () => 0,
  // σ = α·Gmax, or α·Grange (the earlier convention).
  'state-independent': (_gNorm, model, scale) =>
    model.alpha * (model.sigmaReference === 'gmax' ? 1 : scale.gRangeNorm),
  // G' = G·(1 + N(0, α)), i.e. σ = α·G.
  'state-proportional': (gNorm, model) => model.alpha * gNorm,
  pcm: (gNorm) => pcmSigmaUs(gNorm * PCM_GMAX_US) / PCM_GMAX_US,
  rram: (gNorm) => rramSigmaUs(gNorm * RRAM_GMAX_US) / RRAM_GMAX_US,
  table: (gNorm, model) => tableSigmaNorm(model.table, gNorm),
};

export function sigmaNorm(model: ErrorModelConfig, gNorm: number, scale: ConductanceScale): number {
  return sigmaModels[model.model](gNorm, model, scale);
}

/** `device.clip`: "range" = [Gmin, Gmax], "zero" = at 0 only (§4). */
export function clipConductance(
  gNorm: number,
  policy: DeviceConfig['clip'],
  scale: ConductanceScale,
): number {
  return policy === 'range' ? Math.min(Math.max(gNorm, scale.gMinNorm), 1) : Math.max(gNorm, 0);
}

/** Programming error, applied once per trial to the quantized target and clipped (README "Random errors"). */
export function programCell(
  targetNorm: number,
  device: DeviceConfig,
  scale: ConductanceScale,
  random: SeededRandom,
): number {
  const sigma = sigmaNorm(device.programmingError, targetNorm, scale);
  return clipConductance(targetNorm + sigma * random.normal(), device.clip, scale);
}

/** t₀ of the drift law G(t) = G₀·(t/t₀)^−ν (§4). */
const DRIFT_REFERENCE_TIME_S = 20;

/** Drift of one programmed cell with its own ν ~ N(μ_ν, σ_ν), clipped like any programmed conductance (§4). */
export function driftCell(
  programmedNorm: number,
  device: DeviceConfig,
  scale: ConductanceScale,
  random: SeededRandom,
): number {
  const { timeS, nuMean, nuStd } = device.drift;
  const nu = nuMean + nuStd * random.normal();
  return clipConductance(programmedNorm * (timeS / DRIFT_REFERENCE_TIME_S) ** -nu, device.clip, scale);
}

/** Reads one cell during one MVM (and input bit): the conductance its current sees. */
export type CellReader = (gNorm: number) => number;

export const idealRead: CellReader = (gNorm) => gNorm;

/**
 * Read noise: fresh N(0, σ(G)) on every read of every cell, not clipped by default (a fluctuation of the read
 * current); `readNoise.clip` applies the clip policy to every noisy read (§4).
 */
export function noisyReader(device: DeviceConfig, scale: ConductanceScale, random: SeededRandom): CellReader {
  const { readNoise } = device;
  if (readNoise.model === 'none') return idealRead;
  return (gNorm) => {
    const noisy = gNorm + sigmaNorm(readNoise, gNorm, scale) * random.normal();
    return readNoise.clip ? clipConductance(noisy, device.clip, scale) : noisy;
  };
}
