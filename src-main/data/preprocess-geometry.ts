// The sizes and offsets of torchvision's Resize(shorter side) and CenterCrop, reproduced to the pixel.

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * Shorter side becomes `resize`; the longer is int(resize * long / short) as torchvision computes it, truncated
 * rather than rounded, so a 500x375 image becomes 341x256 and not 342x256.
 */
export function resizedSize(size: ImageSize, resize: number): ImageSize {
  if (size.width <= size.height) {
    return { width: resize, height: Math.floor((resize * size.height) / size.width) };
  }
  return { width: Math.floor((resize * size.width) / size.height), height: resize };
}

/**
 * Where the centre crop starts along one axis. torchvision rounds (size - crop) / 2 with Python's round(),
 * which sends halves to the even neighbour (58.5 -> 58), so Math.round would shift odd margins by a pixel.
 * When the image is smaller than the crop, torchvision pads it with zeros, floor((crop - size) / 2) before it;
 * the offset is then negative and the pixels before the image read as zero.
 */
export function centreCropOffset(size: number, crop: number): number {
  if (size >= crop) return roundHalfToEven((size - crop) / 2);
  return -Math.floor((crop - size) / 2);
}

export function roundHalfToEven(value: number): number {
  const rounded = Math.round(value);
  const isHalf = Math.abs(value - Math.trunc(value)) === 0.5;
  return isHalf && rounded % 2 !== 0 ? rounded - 1 : rounded;
}
