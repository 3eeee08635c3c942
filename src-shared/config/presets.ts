// Published design points (docs/analog-model.md §10) as named hardware configs, validated by the one schema.
import { hardwareSchema, type HardwareConfig, type HardwareConfigInput } from './hardware';

export const PRESET_NAMES = ['SONOS', 'ISAAC', 'PRIME'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const PRESET_INPUTS: Record<PresetName, HardwareConfigInput> = {
  // Sandia SONOS: 8-bit unsliced differential weights, 1152×256 arrays, 8-bit bit-serial inputs accumulated in analog.
  SONOS: {
    weights: { bits: 8 },
    mapping: { scheme: 'differential', differential: 'one-sided', slices: 1 },
    array: { rowsMax: 1152, colsMax: 256 },
    device: { onOff: 1e8 },
    dac: { bits: 8, bitSerial: true, sliceBits: 1 },
    adc: { bits: 8, range: 'calibrated', perInputBit: false },
  },
  // ISAAC: 16-bit weights in 8 × 2-bit offset slices with a unit column, 1-bit input slices, 9-bit granular ADC.
  ISAAC: {
    weights: { bits: 16 },
    mapping: { scheme: 'offset', offset: 'unit-column', slices: 8 },
    array: { rowsMax: 128, colsMax: 128 },
    device: { onOff: 1000 },
    dac: { bits: 16, bitSerial: true, sliceBits: 1 },
    adc: { bits: 9, range: 'granular', perInputBit: true },
  },
  // PRIME: 8-bit weights in 2 × 4-bit differential slices digitized separately, 6-bit inputs in 3-bit slices.
  PRIME: {
    weights: { bits: 8 },
    mapping: { scheme: 'differential', slices: 2, subtractInAnalog: false },
    array: { rowsMax: 256, colsMax: 256 },
    device: { onOff: 20 },
    dac: { bits: 6, bitSerial: true, sliceBits: 3 },
    adc: { bits: 6, range: 'calibrated', perInputBit: true },
  },
};

export function presetConfig(name: PresetName): HardwareConfig {
  return hardwareSchema.parse(PRESET_INPUTS[name]);
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
