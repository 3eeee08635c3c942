// Resizes decoded pixels so the shorter side has a given length, the way PIL's BILINEAR resize does.
import sharp, { type Sharp } from 'sharp';
import { resizedSize, type ImageSize } from './preprocess-geometry';

export interface Pixels {
  /** Interleaved (HWC) 8-bit samples. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/**
 * Torchvision's Resize(int) on a PIL image: bilinear, antialiased when shrinking. A shorter side already at
 * `resize` is left alone, as the resize would be the identity.
 */
export async function resizeShorterSide(pixels: Pixels, resize: number): Promise<Pixels> {
  const size = resizedSize(pixels, resize);
  if (size.width === pixels.width && size.height === pixels.height) return pixels;
  // The longer side cannot shrink while the shorter grows, so one test tells the two cases apart.
  return size.width < pixels.width || size.height < pixels.height
    ? shrink(pixels, size)
    : enlarge(pixels, size);
}

/**
 * sharp's 'linear' kernel is the triangle filter, widened by the shrink factor, which is what PIL's BILINEAR
 * resize does when reducing: interior pixels agree within two grey levels, under half a level on average. The
 * outermost row and column differ a little, as libvips repeats the edge where PIL renormalises its weights.
 */
async function shrink(pixels: Pixels, size: ImageSize): Promise<Pixels> {
  const resizer = rawInput(pixels).resize(size.width, size.height, { kernel: 'linear', fit: 'fill' });
  return rawOutput(resizer, pixels.channels);
}

/**
 * sharp's resize samples half an output pixel off PIL's grid when enlarging, so enlarging uses an affine
 * transform with explicit offsets instead: output pixel X samples the input at (X + 0.5) / scale - 0.5, bilinear,
 * as PIL does. A one-pixel border repeating the edge stands in for PIL's clamping at the image edge; in the
 * padded image that position is (X + 0.5) / scale + 0.5, hence both offsets of -0.5.
 */
async function enlarge(pixels: Pixels, size: ImageSize): Promise<Pixels> {
  const scale: [number, number, number, number] = [
    size.width / pixels.width,
    0,
    0,
    size.height / pixels.height,
  ];
  const enlarger = rawInput(padByRepeatingEdges(pixels)).affine(scale, {
    idx: -0.5,
    idy: -0.5,
    odx: -0.5,
    ody: -0.5,
    interpolator: sharp.interpolators.bilinear,
  });
  // The transform's output covers the padded image scaled; the wanted pixels are its top-left corner.
  return topLeftCorner(await rawOutput(enlarger, pixels.channels), size);
}

function padByRepeatingEdges(pixels: Pixels): Pixels {
  const { width, height, channels } = pixels;
  const padded = new Uint8Array((width + 2) * (height + 2) * channels);
  for (let y = 0; y < height + 2; y++) {
    const sourceY = Math.min(Math.max(y - 1, 0), height - 1);
    for (let x = 0; x < width + 2; x++) {
      const sourceX = Math.min(Math.max(x - 1, 0), width - 1);
      const from = (sourceY * width + sourceX) * channels;
      padded.set(pixels.data.subarray(from, from + channels), (y * (width + 2) + x) * channels);
    }
  }
  return { data: padded, width: width + 2, height: height + 2, channels };
}

function topLeftCorner(pixels: Pixels, size: ImageSize): Pixels {
  const rowBytes = size.width * pixels.channels;
  const corner = new Uint8Array(size.height * rowBytes);
  for (let y = 0; y < size.height; y++) {
    const from = y * pixels.width * pixels.channels;
    corner.set(pixels.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { data: corner, ...size, channels: pixels.channels };
}

function rawInput({ data, width, height, channels }: Pixels): Sharp {
  return sharp(data, { raw: { width, height, channels } });
}

async function rawOutput(image: Sharp, channels: 1 | 3): Promise<Pixels> {
  // A one-channel raw input would otherwise come back as sRGB with the grey copied into three channels.
  const output = channels === 1 ? image.toColourspace('b-w') : image;
  const { data, info } = await output.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels };
}
