// The three weight mappings with continuous, error-free cells and ideal converters, on arrays of a given size:
// every array's output is then its exact partial sum.
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';

export function idealMappings(array: { rowsMax: number; colsMax: number }): Record<string, HardwareConfig> {
  const ideal = {
    weights: { bits: 0 },
    dac: { bits: 0, range: 'explicit', limits: [-1, 1] },
    adc: { bits: 0 },
    array,
  } as const;
  return {
    differential: hardwareSchema.parse({ ...ideal, device: { onOff: 0 } }),
    'offset, unit columns': hardwareSchema.parse({
      ...ideal,
      device: { onOff: 0 },
      mapping: { scheme: 'offset', offset: 'unit-column' },
    }),
    'offset, digital': hardwareSchema.parse({
      ...ideal,
      device: { onOff: 20 },
      mapping: { scheme: 'offset' },
    }),
  };
}
