// Turns one image file into its 8-bit centre crop, and so into a normalised float32 CHW (or HWC) tensor, matching
// torchvision's PIL-based ImageNet pipeline.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { cropHeightWidth, type PreprocessSpec } from '../../src-shared/config/preprocess';
import { UnreadableImageError, reasonOf } from './dataset-error';
import { normaliseCrop } from './normalise-crop';
import { centreCropOffset } from './preprocess-geometry';
import { resizeShorterSide, type Pixels } from './resize-shorter-side';

/** The crop normalised: (x / 255 - mean) / std per channel. */
export async function preprocessImage(file: string, spec: PreprocessSpec): Promise<Float32Array> {
  return normaliseCrop(await cropImage(file, spec), spec);
}

/**
 * Decode, convert to RGB or luma, resize the shorter side (bilinear), centre-crop (zero padding where the image is
 * smaller than the crop), laid out as the spec's tensor is (CHW or HWC), still 8-bit: everything but the
 * normalisation, which is what the tensor cache stores. Fails with an UnreadableImageError naming the file and
 * sharp's reason.
 */
export async function cropImage(file: string, spec: PreprocessSpec): Promise<Uint8Array> {
  const rgb = await decodeRgb(file);
  const pixels = spec.channels === 1 ? toLuma(rgb) : rgb;
  const sized = spec.resize > 0 ? await resizeShorterSide(pixels, spec.resize) : pixels;
  return centreCrop(sized, spec);
}

/**
 * Like PIL's Image.open(file).convert('RGB'): full-resolution decode (no JPEG shrink-on-load), alpha dropped
 * without premultiplying, grey replicated to three channels, EXIF orientation not applied, and embedded ICC
 * profiles ignored, since torchvision-trained models saw the raw RGB values. failOn 'error' rejects truncated and
 * corrupt data but tolerates the harmless libjpeg warnings PIL also accepts.
 */
async function decodeRgb(file: string): Promise<Pixels> {
  let encoded: Buffer;
  try {
    // Read here rather than handing sharp the path: libvips caches decodes by file name and could return the
    // pixels of a file that has since changed.
    encoded = await readFile(file);
  } catch (error) {
    throw new UnreadableImageError(file, `cannot read image ${file}: ${reasonOf(error)}`, { cause: error });
  }
  try {
    const { data, info } = await sharp(encoded, { failOn: 'error', ignoreIcc: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, not RGB`);
    return { data, width: info.width, height: info.height, channels: 3 };
  } catch (error) {
    throw new UnreadableImageError(file, `cannot decode image ${file}: ${reasonOf(error)}`, { cause: error });
  }
}

/** ITU-R 601-2 luma in 16-bit fixed point, exactly as PIL's convert('L') computes it (weights sum to 65536). */
const LUMA_WEIGHTS = [19595, 38470, 7471] as const;

/**
 * Computed here rather than with sharp's grayscale(): libvips derives grey from linear-light luminance, which
 * differs from the gamma-encoded luma that PIL (and so every torchvision grayscale model) uses.
 */
function toLuma(rgb: Pixels): Pixels {
  const pixelCount = rgb.width * rgb.height;
  const luma = new Uint8Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) {
    const [r, g, b] = [rgb.data[3 * i], rgb.data[3 * i + 1], rgb.data[3 * i + 2]];
    luma[i] = (r * LUMA_WEIGHTS[0] + g * LUMA_WEIGHTS[1] + b * LUMA_WEIGHTS[2] + 0x8000) >>> 16;
  }
  return { data: luma, width: rgb.width, height: rgb.height, channels: 1 };
}

function centreCrop(pixels: Pixels, spec: PreprocessSpec): Uint8Array {
  const [cropHeight, cropWidth] = cropHeightWidth(spec);
  const top = centreCropOffset(pixels.height, cropHeight);
  const left = centreCropOffset(pixels.width, cropWidth);
  const { data, width, height, channels } = pixels;
  // Zero-filled, so the padding around an image smaller than the crop reads as black, as torchvision pads it.
  const crop = new Uint8Array(channels * cropHeight * cropWidth);
  // Element (c, y, x) sits at c·planeStride + (y·cropWidth + x)·pixelStride: NCHW planes, or NHWC pixels.
  const [planeStride, pixelStride] = spec.layout === 'nhwc' ? [1, channels] : [cropHeight * cropWidth, 1];
  for (let c = 0; c < channels; c++) {
    for (let y = Math.max(0, -top); y < Math.min(cropHeight, height - top); y++) {
      const rowStart = c * planeStride + y * cropWidth * pixelStride;
      const sourceRow = (y + top) * width;
      for (let x = Math.max(0, -left); x < Math.min(cropWidth, width - left); x++) {
        crop[rowStart + x * pixelStride] = data[(sourceRow + x + left) * channels + c];
      }
    }
  }
  return crop;
}
