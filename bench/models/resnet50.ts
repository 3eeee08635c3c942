// A ResNet50-shaped ImageNet classifier (He et al. 2016, torchvision's v1.5 layout) with seeded random weights.
import { SeededRandom } from '../../src-main/sim/devices/seeded-random';
import { type Activation, CalibratedGraph } from './calibrated-graph';

export interface BuiltModel {
  bytes: Uint8Array;
  /** The shape to feed; the batch dimension of the model itself is symbolic. */
  inputShape: number[];
  /** Weights, biases and BN scales and shifts (torchvision's count: 25,557,032). */
  parameterCount: number;
}

export interface ResNetOptions {
  seed?: number;
  /** Random N(0, 1) images whose activations set every BatchNormalization's running mean and variance. */
  calibrationImages?: number;
}

const imageSize = 224;
/** Bottleneck blocks and width per stage; a block's output is 4× its width. */
const stages: [blocks: number, width: number][] = [
  [3, 64],
  [4, 128],
  [6, 256],
  [3, 512],
];
const expansion = 4;
const classes = 1000;

/**
 * Stem (7×7/2 conv, BN, Relu, 3×3/2 max pool), bottleneck stages [3, 4, 6, 3] with projection shortcuts in each
 * stage's first block, global average pool, Flatten, Gemm 2048 → 1000: 53 convs and one Gemm. Node names follow
 * torchvision ("layer2.0.conv1", "layer2.0.downsample.0", "fc").
 */
export async function buildResNet50(options: ResNetOptions = {}): Promise<BuiltModel> {
  const random = new SeededRandom(options.seed ?? 50);
  const net = new CalibratedGraph('resnet50', random);
  const calibrationDims = [options.calibrationImages ?? 4, 3, imageSize, imageSize];
  const images = Float32Array.from({ length: calibrationDims.reduce((a, b) => a * b, 1) }, () =>
    random.normal(),
  );
  let x = net.input('image', ['N', 3, imageSize, imageSize], { dims: calibrationDims, values: images });
  x = await relu(net, await convBn(net, 'conv1', 'bn1', x, 64, 7, 2));
  x = await net.apply('MaxPool', [x], [], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  for (const [stageIndex, [blocks, width]] of stages.entries()) {
    for (let block = 0; block < blocks; block++) {
      const stride = block === 0 && stageIndex > 0 ? 2 : 1;
      x = await bottleneck(net, `layer${stageIndex + 1}.${block}`, x, width, stride);
    }
  }
  const pooled = await net.apply('Flatten', [await net.apply('GlobalAveragePool', [x])]);
  const features = pooled.dims[1];
  const fcWeight = net.parameter('fc.weight', [classes, features], net.heWeight([classes, features]));
  const fcBias = net.parameter('fc.bias', [classes], new Float32Array(classes));
  const logits = await net.apply('Gemm', [pooled], [fcWeight, fcBias], { transB: 1 }, 'fc');
  net.graph.output(logits.name, ['N', classes]);
  return {
    bytes: net.graph.encode(),
    inputShape: [1, 3, imageSize, imageSize],
    parameterCount: net.parameterCount,
  };
}

/** 1×1 reduce, 3×3 (carrying the stride, as in v1.5), 1×1 expand; the shortcut projects when the shape changes. */
async function bottleneck(
  net: CalibratedGraph,
  name: string,
  x: Activation,
  width: number,
  stride: number,
): Promise<Activation> {
  let y = await relu(net, await convBn(net, `${name}.conv1`, `${name}.bn1`, x, width, 1, 1));
  y = await relu(net, await convBn(net, `${name}.conv2`, `${name}.bn2`, y, width, 3, stride));
  y = await convBn(net, `${name}.conv3`, `${name}.bn3`, y, width * expansion, 1, 1);
  const projects = stride !== 1 || x.dims[1] !== width * expansion;
  const shortcut = projects
    ? await convBn(net, `${name}.downsample.0`, `${name}.downsample.1`, x, width * expansion, 1, stride)
    : x;
  return relu(net, await net.apply('Add', [y, shortcut]));
}

/** A bias-free k×k convolution with "same" padding, then BatchNormalization. */
async function convBn(
  net: CalibratedGraph,
  convName: string,
  batchNormName: string,
  x: Activation,
  channels: number,
  kernel: number,
  stride: number,
): Promise<Activation> {
  const dims = [channels, x.dims[1], kernel, kernel];
  const weight = net.parameter(`${convName}.weight`, dims, net.heWeight(dims));
  const pad = (kernel - 1) / 2;
  const attributes = {
    kernel_shape: [kernel, kernel],
    strides: [stride, stride],
    pads: [pad, pad, pad, pad],
  };
  return net.batchNorm(batchNormName, await net.apply('Conv', [x], [weight], attributes, convName));
}

function relu(net: CalibratedGraph, x: Activation): Promise<Activation> {
  return net.apply('Relu', [x]);
}
