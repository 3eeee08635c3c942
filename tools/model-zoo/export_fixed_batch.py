"""Exports a small CNN for 1x28x28 images with a fixed batch size, as torch.onnx.export writes it without
dynamic_axes: every graph input and output declares the batch, and x.view(x.size(0), -1) becomes a Reshape to the
constant [batch, -1].

Test tooling only (Debian's python3-torch 1.13, python3-onnx); the app never runs Python.

    /usr/bin/python3 tools/model-zoo/export_fixed_batch.py OUT_DIR

writes, per (flatten, batch) in VARIANTS, cnn-FLATTEN-bBATCH.onnx, its .input.bin (a seeded N(0, 1) batch, float32
NCHW) and .logits.bin (PyTorch's float32 logits, [batch, 10]), and OUT_DIR/manifest.json.
"""
import json
import os
import sys

import torch
import torch.nn as nn

OPSET = 13
CLASSES = 10
# 'view': x.view(x.size(0), -1), folded to a Reshape with the batch written in; 'flatten': torch.flatten, a Flatten.
VARIANTS = [('view', 1), ('view', 4), ('flatten', 1)]


class SmallCnn(nn.Module):
    """Conv-BN-ReLU, Conv-ReLU, then a flatten into one Linear: 28x28 -> 4x13x13 -> 8x6x6 -> 288 -> 10."""

    def __init__(self, flatten):
        super().__init__()
        self.flatten = flatten
        self.conv1 = nn.Conv2d(1, 4, kernel_size=3, stride=2)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 8, kernel_size=3, stride=2)
        self.fc = nn.Linear(8 * 6 * 6, CLASSES)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.conv2(x))
        x = x.view(x.size(0), -1) if self.flatten == 'view' else torch.flatten(x, 1)
        return self.fc(x)


def seeded_model(flatten):
    torch.manual_seed(7)
    model = SmallCnn(flatten)
    # Non-trivial statistics, so that folding the BatchNorm into conv1 changes its weights.
    with torch.no_grad():
        model.bn1.running_mean.normal_(0, 0.1)
        model.bn1.running_var.uniform_(0.5, 1.5)
        model.bn1.weight.uniform_(0.5, 1.5)
        model.bn1.bias.normal_(0, 0.1)
    return model.eval()


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    models = []
    for flatten, batch in VARIANTS:
        name = f'cnn-{flatten}-b{batch}'
        model = seeded_model(flatten)
        generator = torch.Generator().manual_seed(batch)
        images = torch.randn(batch, 1, 28, 28, generator=generator)
        torch.onnx.export(model, images, os.path.join(out_dir, f'{name}.onnx'), input_names=['input'],
                          output_names=['logits'], opset_version=OPSET)
        with torch.no_grad():
            logits = model(images)
        images.numpy().astype('<f4').tofile(os.path.join(out_dir, f'{name}.input.bin'))
        logits.numpy().astype('<f4').tofile(os.path.join(out_dir, f'{name}.logits.bin'))
        models.append({'name': name, 'file': f'{name}.onnx', 'input': [batch, 1, 28, 28], 'classes': CLASSES,
                       'flatten': flatten, 'batch': batch, 'inputFile': f'{name}.input.bin',
                       'logitsFile': f'{name}.logits.bin'})
    with open(os.path.join(out_dir, 'manifest.json'), 'w') as manifest:
        json.dump({'opset': OPSET, 'models': models}, manifest, indent=1)


if __name__ == '__main__':
    main(sys.argv[1])
