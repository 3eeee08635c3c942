// Image counts against a dataset, as the builder and the API check them, and which configs set calibration aside.
import { describe, expect, it } from 'vitest';
import { calibratesRanges, hardwareSchema } from '../../../../src-shared/config/hardware';
import { imageCountProblem } from '../../../../src-shared/config/image-sample';

describe('imageCountProblem', () => {
  it('names the field that asks for more images than the dataset has', () => {
    expect(imageCountProblem(1000, 1000, null)).toBeNull();
    expect(imageCountProblem(1000, 900, 100)).toBeNull();
    expect(imageCountProblem(1000, 5000, 100)).toEqual({
      field: 'images',
      message: '5000 asked for, the dataset has 1000',
    });
    expect(imageCountProblem(1000, 999, 2)).toEqual({
      field: 'calibrationImages',
      message: "2 asked for, but only 1 of the dataset's 1000 is left after the 999 test images",
    });
  });
});

describe('calibratesRanges', () => {
  it('is false only where the DAC range is explicit and the ADC range is not calibrated', () => {
    for (const dacRange of ['calibrated', 'max', 'explicit'] as const) {
      for (const adcRange of ['calibrated', 'max', 'granular', 'explicit'] as const) {
        // Granular ranges are defined for bit-serial inputs only.
        const config = hardwareSchema.parse({
          dac: { range: dacRange, limits: [0, 1], bitSerial: adcRange === 'granular' },
          adc: { range: adcRange, limits: [-1, 1] },
        });
        // Only fixed limits on both converters need no images: "max" takes the DAC's range from the data too.
        const fixed = dacRange === 'explicit' && adcRange !== 'calibrated';
        expect(calibratesRanges(config), `${dacRange}/${adcRange}`).toBe(!fixed);
      }
    }
  });
});
