// Reads one physical array: column currents per applied input, the ADC inputs they form, and the digitized outputs.
import type { CellReader } from './device-errors';
import type { ConversionGroup } from './dac-inputs';
import type { ReadoutKind } from './layer-targets';
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { parasiticColumnCurrents } from './parasitic-network';
import type { ArrayConductances, PhysicalArray } from './physical-arrays';

type Parasitics = HardwareConfig['array']['parasitics'];

/** The analog ADC inputs of one array for one conversion group. */
export interface ArrayAdcInputs {
  /** [column][conversion]: I⁺ − I⁻; or I⁺ and I⁻; or I (see ReadoutKind). */
  columns: number[][];
  /** The unit column's current, digitized once per MVM and shared by every column of the array; else null. */
  unitColumn: number | null;
  /** Σ over the array's rows of the applied input, weighted like the currents: what a digital offset multiplies. */
  appliedSum: number;
}

/** Σ_rows read(G)·v: every cell is read once per MVM, so read noise is fresh per cell, MVM and input bit (§4). */
function columnCurrent(gColumn: number[], appliedRows: number[], readCell: CellReader): number {
  let current = 0;
  for (let row = 0; row < gColumn.length; row++) current += readCell(gColumn[row]) * appliedRows[row];
  return current;
}

/** Number of ADC conversions per column: I⁺ and I⁻ separately, or one value. */
function conversionsPerColumn(readout: ReadoutKind): number {
  return readout === 'differential-digital' ? 2 : 1;
}

/** One MVM of the array: the values each column sends to the ADC under one applied input. */
function singleReadAdcInputs(
  conductances: ArrayConductances,
  readout: ReadoutKind,
  appliedRows: number[],
  readCell: CellReader,
  parasitics: Parasitics,
): number[][] {
  if (parasitics.rp > 0) return parasiticAdcInputs(conductances, readout, appliedRows, readCell, parasitics);
  const { gMain, gMinus } = conductances;
  return gMain.map((gColumn, column) => {
    const mainCurrent = columnCurrent(gColumn, appliedRows, readCell);
    if (readout === 'single-column') return [mainCurrent];
    if (gMinus === null) throw new Error('a differential readout needs G⁻ cells');
    const minusCurrent = columnCurrent(gMinus[column], appliedRows, readCell);
    return readout === 'differential-analog' ? [mainCurrent - minusCurrent] : [mainCurrent, minusCurrent];
  });
}

/**
 * The same with wire resistance (§7): every cell read once, then the array's network solved. An interleaved pair
 * shares its column nodes and sends the difference current; separate G⁺ and G⁻ arrays are solved on their own.
 */
function parasiticAdcInputs(
  conductances: ArrayConductances,
  readout: ReadoutKind,
  appliedRows: number[],
  readCell: CellReader,
  { rp, topology, interleaved }: Parasitics,
): number[][] {
  if (conductances.gUnit !== null) throw new Error('unit columns with parasitics are not covered (§7)');
  const read = (plane: number[][]) => plane.map((column) => column.map(readCell));
  const solve = (gPlus: number[][], gMinus: number[][] | null) =>
    parasiticColumnCurrents({ topology, rp, gPlus, gMinus }, appliedRows);
  const main = read(conductances.gMain);
  if (readout === 'single-column') return solve(main, null).map((current) => [current]);
  const minus = read(conductances.gMinus!);
  if (readout === 'differential-analog' && interleaved) return solve(main, minus).map((current) => [current]);
  const [plus, negative] = [solve(main, null), solve(minus, null)];
  return plus.map((current, column) =>
    readout === 'differential-analog' ? [current - negative[column]] : [current, negative[column]],
  );
}

/** Accumulates the group's phases in analog: Σ_k analogWeight_k · (ADC inputs under phase k). */
export function arrayAdcInputs(
  array: PhysicalArray,
  conductances: ArrayConductances,
  readout: ReadoutKind,
  group: ConversionGroup,
  readCell: CellReader,
  parasitics: Parasitics,
): ArrayAdcInputs {
  const phaseRows = group.phases.map((phase) => array.rowInputs.map((input) => phase.appliedNorm[input]));
  const phaseWeights = group.phases.map((phase) => phase.analogWeight);
  const columns = conductances.gMain.map(() => new Array<number>(conversionsPerColumn(readout)).fill(0));
  phaseRows.forEach((appliedRows, phase) => {
    singleReadAdcInputs(conductances, readout, appliedRows, readCell, parasitics).forEach(
      (values, column) => {
        values.forEach((value, conversion) => {
          columns[column][conversion] += phaseWeights[phase] * value;
        });
      },
    );
  });
  const { gUnit } = conductances;
  const weightedSum = (perPhase: (appliedRows: number[]) => number) =>
    phaseRows.reduce((total, appliedRows, phase) => total + phaseWeights[phase] * perPhase(appliedRows), 0);
  return {
    columns,
    unitColumn:
      gUnit === null ? null : weightedSum((appliedRows) => columnCurrent(gUnit, appliedRows, readCell)),
    appliedSum: weightedSum((appliedRows) => appliedRows.reduce((total, value) => total + value, 0)),
  };
}

/** Digitizes one analog value: an ideal ADC or a quantizing one (§6). */
export type AdcConvert = (analog: number) => number;

/**
 * Each column's digitized output: driftGain·(Σ ±ADC(conversion) − ADC(unit column)) − digitalOffsetLevel·Σ applied
 * (I⁻ is subtracted after its own conversion when digitized separately; §3 offset and differential readouts).
 */
export function digitizeArrayOutputs(
  adcInputs: ArrayAdcInputs,
  adc: AdcConvert,
  driftGain: number,
  digitalOffsetLevel: number,
): number[] {
  const unitDigital = adcInputs.unitColumn === null ? 0 : adc(adcInputs.unitColumn);
  return adcInputs.columns.map((conversions) => {
    // conversions = [I⁺ − I⁻], [I], or [I⁺, I⁻]: the first is added, a second (I⁻) subtracted.
    const columnDigital = conversions.reduce(
      (total, analog, conversion) => total + (conversion === 0 ? 1 : -1) * adc(analog),
      0,
    );
    return driftGain * (columnDigital - unitDigital) - digitalOffsetLevel * adcInputs.appliedSum;
  });
}
