"""Exports torchvision image classifiers with seeded random weights to ONNX, one file per (family, opset).

Test tooling only (Debian's python3-torch 1.13, python3-torchvision 0.14, python3-onnx); the app never runs Python.

    /usr/bin/python3 tools/model-zoo/export_zoo.py OUT_DIR [--size thin|full] [--opsets 11,13,17] [--families a,b]

writes, per model, FAMILY-opN.onnx, FAMILY-opN.input.bin (float32 NCHW batch of 4) and FAMILY-opN.logits.bin
(PyTorch's float32 logits, [4, classes]), and OUT_DIR/manifest.json. An export that fails is listed under
"skipped" with its reason instead of stopping the script.
"""
import argparse
import json
import os
import sys
import time
import warnings
import zlib
from functools import partial

import onnx
import torch
import torch.nn as nn
import torchvision
import torchvision.models as tvm
from torchvision.models import inception
from torchvision.models.convnext import CNBlock, CNBlockConfig
from torchvision.models.efficientnet import _efficientnet_conf
from torchvision.models.regnet import BlockParams
from torchvision.models.vgg import make_layers

FAMILIES = ['resnet', 'mobilenet_v2', 'mobilenet_v3', 'efficientnet', 'densenet', 'squeezenet', 'shufflenet_v2',
            'googlenet', 'regnet', 'resnext', 'mnasnet', 'convnext', 'vgg', 'alexnet', 'vit', 'swin']
BATCH = 4
INPUT_SEED = 20240
# Logits outside this standard deviation get the final layer rescaled to a standard deviation of 1.
LOGIT_STD_RANGE = (0.3, 10.0)


def slim_resnet(block, widths, classes, **kwargs):
    """torchvision's ResNet with its four stages rebuilt narrower: the class fixes them at 64, 128, 256, 512."""
    model = tvm.ResNet(block, [1, 1, 1, 1], num_classes=classes, **kwargs)
    model.inplanes = widths[0]
    model.conv1 = nn.Conv2d(3, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
    model.bn1 = nn.BatchNorm2d(widths[0])
    for index, width in enumerate(widths):
        # _make_layer reads inplanes, groups and base_width from the model, so ResNeXt's grouping carries over.
        setattr(model, f'layer{index + 1}', model._make_layer(block, width, 1, stride=1 if index == 0 else 2))
    model.fc = nn.Linear(widths[-1] * block.expansion, classes)
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode='fan_out', nonlinearity='relu')
    return model


def slim_inception(divisor, classes):
    """Inception3 with every BasicConv2d 1/divisor as wide; all of its channel counts are multiples of 16."""
    def conv(in_channels, out_channels, **kwargs):
        return inception.BasicConv2d(in_channels if in_channels == 3 else in_channels // divisor,
                                     out_channels // divisor, **kwargs)
    # The blocks build their convolutions with the conv_block they are given, so one wrapper narrows them all.
    blocks = [conv] + [partial(block, conv_block=conv) for block in (
        inception.InceptionA, inception.InceptionB, inception.InceptionC, inception.InceptionD,
        inception.InceptionE, inception.InceptionAux)]
    model = tvm.Inception3(num_classes=classes, aux_logits=False, init_weights=True, inception_blocks=blocks)
    model.fc = nn.Linear(2048 // divisor, classes)
    nn.init.trunc_normal_(model.fc.weight, mean=0.0, std=0.1, a=-2, b=2)
    return model


def slim_vgg(classes):
    """VGG-11 with batch norm at 1/4 width and a 64-wide classifier over a 2x2 map (VGG's own is 4096 over 7x7)."""
    model = tvm.VGG(make_layers([16, 'M', 32, 'M', 64, 64, 'M', 128, 128, 'M', 128, 128, 'M'], batch_norm=True),
                    num_classes=classes)
    model.avgpool = nn.AdaptiveAvgPool2d((2, 2))
    model.classifier = nn.Sequential(
        nn.Linear(128 * 2 * 2, 64), nn.ReLU(True), nn.Dropout(), nn.Linear(64, 64), nn.ReLU(True), nn.Dropout(),
        nn.Linear(64, classes))
    return model


def slim_alexnet(classes):
    """AlexNet with its convolutions at 1/4 width (same kernels, strides, pools) and a 64-wide classifier."""
    model = tvm.AlexNet(num_classes=classes)
    layers = []
    for layer in model.features:
        if isinstance(layer, nn.Conv2d):
            layer = nn.Conv2d(layer.in_channels if layer.in_channels == 3 else layer.in_channels // 4,
                              layer.out_channels // 4, layer.kernel_size, layer.stride, layer.padding)
        layers.append(layer)
    model.features = nn.Sequential(*layers)
    # 96x96 leaves a 2x2 map, so the pool stays an identity, as AlexNet's 6x6 pool is at 224x224.
    model.avgpool = nn.AdaptiveAvgPool2d((2, 2))
    model.classifier = nn.Sequential(
        nn.Dropout(), nn.Linear(64 * 2 * 2, 64), nn.ReLU(True), nn.Dropout(), nn.Linear(64, 64), nn.ReLU(True),
        nn.Linear(64, classes))
    return model


# family -> (input height = width, description, constructor)
THIN = {
    'resnet': (64, 'ResNet(BasicBlock, [1, 1, 1, 1]), stage widths 16-128',
               lambda c: slim_resnet(tvm.resnet.BasicBlock, [16, 32, 64, 128], c)),
    'mobilenet_v2': (64, 'mobilenet_v2(width_mult=0.25)', lambda c: tvm.mobilenet_v2(width_mult=0.25, num_classes=c)),
    'mobilenet_v3': (64, 'mobilenet_v3_small(width_mult=0.5)',
                     lambda c: tvm.mobilenet_v3_small(width_mult=0.5, num_classes=c)),
    'efficientnet': (64, 'EfficientNet(b0 setting, width_mult=0.25, depth_mult=0.3)',
                     lambda c: tvm.EfficientNet(_efficientnet_conf('efficientnet_b0', width_mult=0.25,
                                                                   depth_mult=0.3)[0], dropout=0.2, num_classes=c)),
    'densenet': (64, 'DenseNet(growth_rate=8, block_config=(2, 2, 2, 2), num_init_features=16, bn_size=2)',
                 lambda c: tvm.DenseNet(growth_rate=8, block_config=(2, 2, 2, 2), num_init_features=16, bn_size=2,
                                        num_classes=c)),
    'squeezenet': (64, 'squeezenet1_1()', lambda c: tvm.squeezenet1_1(num_classes=c)),
    'shufflenet_v2': (64, 'shufflenet_v2_x0_5()', lambda c: tvm.shufflenet_v2_x0_5(num_classes=c)),
    # Same architecture as --size full's inception_v3, at its smallest workable scale (139 keeps a 3x3 last map).
    'googlenet': (139, 'Inception3(aux_logits=False), every BasicConv2d 1/16 as wide',
                  lambda c: slim_inception(16, c)),
    'regnet': (64, 'RegNet(BlockParams.from_init_params(depth=4, w_0=16, w_a=8, w_m=2, group_width=8, '
                   'se_ratio=0.25), stem_width=16)',
               lambda c: tvm.RegNet(BlockParams.from_init_params(depth=4, w_0=16, w_a=8.0, w_m=2.0, group_width=8,
                                                                 se_ratio=0.25), stem_width=16, num_classes=c)),
    'resnext': (64, 'ResNet(Bottleneck, [1, 1, 1, 1], groups=32, width_per_group=4), stage widths 16-128',
                lambda c: slim_resnet(tvm.resnet.Bottleneck, [16, 32, 64, 128], c, groups=32, width_per_group=4)),
    'mnasnet': (64, 'mnasnet0_5()', lambda c: tvm.mnasnet0_5(num_classes=c)),
    'convnext': (64, 'ConvNeXt([CNBlockConfig(16, 32, 1), (32, 64, 1), (64, 128, 1), (128, None, 1)])',
                 lambda c: tvm.ConvNeXt([CNBlockConfig(16, 32, 1), CNBlockConfig(32, 64, 1),
                                         CNBlockConfig(64, 128, 1), CNBlockConfig(128, None, 1)], num_classes=c)),
    'vgg': (64, 'VGG(make_layers(vgg11 widths / 4, batch_norm=True)), classifier 512-64-64', slim_vgg),
    'alexnet': (96, 'AlexNet, convolutions 1/4 as wide, classifier 256-64-64', slim_alexnet),
    'vit': (32, 'VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, '
                'mlp_dim=64)',
            lambda c: tvm.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32,
                                            mlp_dim=64, num_classes=c)),
    # Two blocks per stage: torchvision shifts the windows only in every second block of a stage.
    'swin': (32, 'SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[1, 2], '
                 'window_size=[4, 4])',
             lambda c: tvm.SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[1, 2],
                                           window_size=[4, 4], stochastic_depth_prob=0.0, num_classes=c)),
}

def torchvision_default(constructor, height=224, **kwargs):
    """A torchvision constructor's entry: its input size, its call as the manifest describes it, and the builder."""
    arguments = ', '.join(f'{key}={value!r}' for key, value in kwargs.items())
    return height, f'{constructor}({arguments})', lambda c: getattr(tvm, constructor)(num_classes=c, **kwargs)


FULL = {
    'resnet': torchvision_default('resnet50'),
    'mobilenet_v2': torchvision_default('mobilenet_v2'),
    'mobilenet_v3': torchvision_default('mobilenet_v3_large'),
    'efficientnet': torchvision_default('efficientnet_b0'),
    'densenet': torchvision_default('densenet121'),
    'squeezenet': torchvision_default('squeezenet1_1'),
    'shufflenet_v2': torchvision_default('shufflenet_v2_x1_0'),
    'googlenet': torchvision_default('inception_v3', 299, aux_logits=False, init_weights=True),
    'regnet': torchvision_default('regnet_y_400mf'),
    'resnext': torchvision_default('resnext50_32x4d'),
    'mnasnet': torchvision_default('mnasnet1_0'),
    'convnext': torchvision_default('convnext_tiny'),
    'vgg': torchvision_default('vgg11_bn'),
    'alexnet': torchvision_default('alexnet'),
    'vit': torchvision_default('vit_b_16'),
    'swin': torchvision_default('swin_t'),
}
SIZES = {'thin': (THIN, 10), 'full': (FULL, 1000)}


def randomize_norms(model, generator):
    """Gives every norm layer non-trivial statistics and affine terms, which freshly built models lack."""
    def uniform(tensor):
        return torch.rand(tensor.shape, generator=generator) + 0.5    # U(0.5, 1.5)

    def normal(tensor):
        return torch.randn(tensor.shape, generator=generator) * 0.1   # N(0, 0.1)

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.running_mean.copy_(normal(module.running_mean))
                module.running_var.copy_(uniform(module.running_var))
            if isinstance(module, (nn.modules.batchnorm._BatchNorm, nn.LayerNorm)) and module.weight is not None:
                module.weight.copy_(uniform(module.weight))
                module.bias.copy_(normal(module.bias))
            if isinstance(module, CNBlock):
                # torchvision's 1e-6 would leave every ConvNeXt block an identity.
                module.layer_scale.copy_(uniform(module.layer_scale))


def final_layer(model, classes):
    """The last Linear or Conv2d that produces the class scores."""
    layers = [module for module in model.modules()
              if (isinstance(module, nn.Linear) and module.out_features == classes)
              or (isinstance(module, nn.Conv2d) and module.out_channels == classes)]
    return layers[-1]


def build(size, family):
    """The family's model in eval mode with seeded weights, its reference batch and PyTorch's logits for it."""
    specs, classes = SIZES[size]
    height, description, construct = specs[family]
    seed = zlib.crc32(f'{size}/{family}'.encode())
    torch.manual_seed(seed)
    model = construct(classes)
    randomize_norms(model, torch.Generator().manual_seed(seed + 1))
    model.eval()
    batch = torch.randn(BATCH, 3, height, height, generator=torch.Generator().manual_seed(INPUT_SEED))
    with torch.no_grad():
        logits = model(batch)
        scale = 1.0
        std = logits.std().item()
        if not LOGIT_STD_RANGE[0] <= std <= LOGIT_STD_RANGE[1]:
            head = final_layer(model, classes)
            if not head.weight.any():
                # ViT zero-initializes its head; no rescaling can help a zero layer.
                fan_in = head.weight[0].numel()
                head.weight.copy_(torch.randn(head.weight.shape, generator=torch.Generator().manual_seed(seed + 2))
                                  / fan_in ** 0.5)
                std = model(batch).std().item()
            # Every head is followed only by positively homogeneous ops (ReLU, pooling), so this scales the logits.
            scale = 1.0 / std
            head.weight.mul_(scale)
            if head.bias is not None:
                head.bias.mul_(scale)
            logits = model(batch)
            std = logits.std().item()
    if not LOGIT_STD_RANGE[0] <= std <= LOGIT_STD_RANGE[1]:
        raise RuntimeError(f'{family}: logits std {std:.3g} after rescaling')
    return model, batch, logits, {'model': description, 'logitsStd': round(std, 4), 'logitScale': scale}


def export(model, batch, path, opset):
    with warnings.catch_warnings():
        # The tracer warns about every Python-side shape check; they are expected with a fixed input size.
        warnings.simplefilter('ignore')
        torch.onnx.export(model, batch, path, opset_version=opset, input_names=['input'], output_names=['logits'],
                          dynamic_axes={'input': {0: 'N'}, 'logits': {0: 'N'}}, do_constant_folding=True)
    onnx.checker.check_model(path)
    exported = onnx.load(path, load_external_data=False)
    versions = [entry.version for entry in exported.opset_import if entry.domain in ('', 'ai.onnx')]
    if versions != [opset]:
        raise RuntimeError(f'exported opset {versions}, asked for {opset}')


def reason_of(error):
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    return f'{type(error).__name__}: {lines[0] if lines else ""}'[:400]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out_dir')
    parser.add_argument('--size', choices=sorted(SIZES), default='thin')
    parser.add_argument('--opsets', default='11,13,17')
    parser.add_argument('--families', default=','.join(FAMILIES))
    args = parser.parse_args(argv)
    args.opsets = [int(opset) for opset in args.opsets.split(',') if opset]
    args.families = [family for family in args.families.split(',') if family]
    unknown = sorted(set(args.families) - set(FAMILIES))
    if unknown:
        parser.error(f'unknown families {unknown}; known: {",".join(FAMILIES)}')
    return args


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    classes = SIZES[args.size][1]
    models, skipped = [], []
    started = time.time()
    for family in args.families:
        model, batch, logits, info = build(args.size, family)
        parameters = sum(parameter.numel() for parameter in model.parameters())
        for opset in args.opsets:
            name = f'{family}-op{opset}'
            path = os.path.join(args.out_dir, f'{name}.onnx')
            clock = time.time()
            try:
                export(model, batch, path, opset)
            except Exception as error:  # one family's export failure must not stop the others
                if os.path.exists(path):
                    os.remove(path)
                skipped.append({'family': family, 'opset': opset, 'reason': reason_of(error)})
                print(f'SKIPPED {name}: {skipped[-1]["reason"]}', flush=True)
                continue
            batch.numpy().astype('<f4').tofile(os.path.join(args.out_dir, f'{name}.input.bin'))
            logits.numpy().astype('<f4').tofile(os.path.join(args.out_dir, f'{name}.logits.bin'))
            models.append({'name': name, 'family': family, 'opset': opset, 'file': f'{name}.onnx',
                           'input': list(batch.shape), 'classes': classes, 'inputFile': f'{name}.input.bin',
                           'logitsFile': f'{name}.logits.bin', 'parameters': parameters,
                           'bytes': os.path.getsize(path), **info})
            print(f'{name}: {models[-1]["bytes"] / 1e6:.2f} MB, {parameters} parameters, input {list(batch.shape)}, '
                  f'logits std {info["logitsStd"]}, {time.time() - clock:.1f} s', flush=True)
    manifest = {'size': args.size, 'torch': torch.__version__, 'torchvision': torchvision.__version__,
                'onnx': onnx.__version__, 'models': models, 'skipped': skipped}
    with open(os.path.join(args.out_dir, 'manifest.json'), 'w') as file:
        json.dump(manifest, file, indent=1)
    print(f'{len(models)} exported, {len(skipped)} skipped, {time.time() - started:.0f} s', flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
