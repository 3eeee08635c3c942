// Unsliced weight → conductance mappings: differential one-sided / two-sided and offset subtraction (§3).
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { cellBitsInForce, cellQuantize, type ConductanceScale } from './device-levels';
import type { LayerTargets } from './layer-targets';
import type { QuantizedWeights } from './weights';

/** G⁺ and G⁻ of one weight w/Wmax before cell rounding (§3 "Differential"). */
function differentialConductances(
  wNorm: number,
  style: HardwareConfig['mapping']['differential'],
  scale: ConductanceScale,
): { gPlus: number; gMinus: number } {
  const { gMinNorm, gRangeNorm } = scale;
  if (style === 'one-sided') {
    return {
      gPlus: gMinNorm + gRangeNorm * Math.max(wNorm, 0),
      gMinus: gMinNorm + gRangeNorm * Math.max(-wNorm, 0),
    };
  }
  return {
    gPlus: gMinNorm + (gRangeNorm * (1 + wNorm)) / 2,
    gMinus: gMinNorm + (gRangeNorm * (1 - wNorm)) / 2,
  };
}

/** Output y = (ΣG⁺x̂ − ΣG⁻x̂)/Grange · Wmax · a: the pair difference is Grange · w/Wmax (both styles). */
export function differentialLayerTargets(
  config: HardwareConfig,
  weights: QuantizedWeights,
  scale: ConductanceScale,
): LayerTargets {
  const cellBits = cellBitsInForce(config, null);
  const pairs = weights.wNorm.map((row) =>
    row.map((w) => differentialConductances(w, config.mapping.differential, scale)),
  );
  // Each cell of a pair is rounded separately (README "Weights": two-sided has no exact mid level).
  const rounded = (g: number) => cellQuantize(g, scale, cellBits);
  return {
    slices: [
      {
        gMain: pairs.map((row) => row.map((pair) => rounded(pair.gPlus))),
        gMinus: pairs.map((row) => row.map((pair) => rounded(pair.gMinus))),
        gUnit: null,
      },
    ],
    readout: config.mapping.subtractInAnalog ? 'differential-analog' : 'differential-digital',
    sliceWeights: [1 / scale.gRangeNorm],
    digitalOffsetLevel: 0,
    aggregateOffset: 0,
    weightScale: weights.wmax,
    granularCellBits: cellBits,
  };
}

/**
 * R' = Grange·(2^c − 2)/(2^c − 1) and Gmin' = 1 − R' for c-bit cells, so that a zero weight lands on an exact
 * level; R' = Grange and Gmin' = Gmin for continuous cells (§3 "Offset subtraction").
 */
function offsetRange(
  scale: ConductanceScale,
  cellBits: number,
): { rPrimeNorm: number; gMinPrimeNorm: number } {
  if (cellBits === 0) return { rPrimeNorm: scale.gRangeNorm, gMinPrimeNorm: scale.gMinNorm };
  if (cellBits === 1)
    throw new Error('offset mapping needs cells of at least 2 bits (R′ = 0 for 1-bit cells)');
  const rPrimeNorm = (scale.gRangeNorm * (2 ** cellBits - 2)) / (2 ** cellBits - 1);
  return { rPrimeNorm, gMinPrimeNorm: 1 - rPrimeNorm };
}

/**
 * G = Gmin' + R'·(w/(2Wmax) + ½). The offset (Gmin' + R'/2)·Σx̂ is removed digitally after the ADC or by a unit
 * column at the zero-weight level; the result is scaled by 2·Wmax/R' (README "Offset (unsliced)": not by
 * 2·Wmax/Grange as CrossSim 3.2 does).
 */
export function offsetLayerTargets(
  config: HardwareConfig,
  weights: QuantizedWeights,
  scale: ConductanceScale,
): LayerTargets {
  const cellBits = cellBitsInForce(config, null);
  const { rPrimeNorm, gMinPrimeNorm } = offsetRange(scale, cellBits);
  const zeroWeightLevel = gMinPrimeNorm + rPrimeNorm / 2;
  const unitColumn = config.mapping.offset === 'unit-column';
  return {
    slices: [
      {
        gMain: weights.wNorm.map((row) =>
          row.map((w) => cellQuantize(gMinPrimeNorm + rPrimeNorm * (w / 2 + 0.5), scale, cellBits)),
        ),
        gMinus: null,
        gUnit: unitColumn ? cellQuantize(zeroWeightLevel, scale, cellBits) : null,
      },
    ],
    readout: 'single-column',
    sliceWeights: [2 / rPrimeNorm],
    digitalOffsetLevel: unitColumn ? 0 : zeroWeightLevel,
    aggregateOffset: 0,
    weightScale: weights.wmax,
    granularCellBits: cellBits,
  };
}
