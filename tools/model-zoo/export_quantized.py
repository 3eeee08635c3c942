"""Exports QDQ classifiers from PyTorch's fake quantization (torch.ao.quantization), as deployment toolkits do.

Test tooling only (Debian's python3-torch 1.13); the application never runs Python.

    /usr/bin/python3 tools/model-zoo/export_quantized.py OUT_DIR

writes, per model, NAME.onnx, NAME.input.bin (float32 NCHW batch) and NAME.logits.bin (PyTorch's float32 logits
of the fake-quantized model), and OUT_DIR/quantized-manifest.json.
"""
import json
import os
import sys

import torch
import torch.nn as nn

Q = torch.ao.quantization
BATCH = [4, 3, 16, 16]


def qconfig(weight_bits, per_channel=True):
    """int8 QDQ weights (per channel or per tensor) and uint8 activations, as fbgemm-style QAT exports them."""
    if per_channel:
        weight = Q.FakeQuantize.with_args(
            observer=Q.MovingAveragePerChannelMinMaxObserver, quant_min=-128, quant_max=127,
            dtype=torch.qint8, qscheme=torch.per_channel_symmetric, ch_axis=0)
    else:
        weight = Q.FakeQuantize.with_args(
            observer=Q.MovingAverageMinMaxObserver, quant_min=-128, quant_max=127,
            dtype=torch.qint8, qscheme=torch.per_tensor_symmetric)
    activation = Q.FakeQuantize.with_args(
        observer=Q.MovingAverageMinMaxObserver, quant_min=0, quant_max=255, dtype=torch.quint8)
    return Q.QConfig(activation=activation, weight=weight)


class SmallNet(nn.Module):
    """Conv + BN + ReLU, a grouped conv, a residual add and a Linear: the shapes a QDQ exporter has to handle."""

    def __init__(self, activation_bits):
        super().__init__()
        self.activation_bits = activation_bits
        self.quant = Q.QuantStub()
        self.dequant = Q.DeQuantStub()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1, groups=4)
        self.relu2 = nn.ReLU()
        self.conv3 = nn.Conv2d(16, 16, 1)
        self.relu3 = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(2)
        self.fc = nn.Linear(64, 10)

    def limit(self, x, name):
        # torch 1.13 exports only 8-bit fake quantization; a b-bit activation is its 8-bit grid clipped to 2^b levels.
        bits = self.activation_bits.get(name, 8)
        if bits >= 8:
            return x
        scale = getattr(self, name.replace('relu', 'conv')).activation_post_process.scale
        return torch.minimum(x, scale * (2 ** bits - 1))

    def forward(self, x):
        x = self.quant(x)
        x = self.relu1(self.bn1(self.conv1(x)))
        x = self.limit(self.relu2(self.conv2(x)), 'relu2')
        x = self.limit(self.relu3(self.conv3(x)), 'relu3')
        return self.dequant(self.fc(torch.flatten(self.pool(x), 1)))


def snap_weights_to_bits(module, bits):
    """Rounds a layer's weights to a b-bit symmetric grid that its int8 QDQ scale represents exactly."""
    weight = module.weight.data
    per_channel = weight.abs().reshape(weight.shape[0], -1).amax(dim=1).clamp(min=1e-8)
    top = 2 ** (bits - 1) - 1
    scale = (per_channel / top).reshape(-1, *([1] * (weight.dim() - 1)))
    module.weight.data = torch.round(weight / scale) * scale


def build(name, per_channel, weight_bits):
    torch.manual_seed(7)
    activation_bits = {} if weight_bits == 8 else {'relu2': 4, 'relu3': 4}
    model = SmallNet(activation_bits).train()
    for module, bits in [(model.conv1, 8), (model.conv2, weight_bits), (model.conv3, weight_bits), (model.fc, 8)]:
        if bits < 8:
            snap_weights_to_bits(module, bits)
    model.qconfig = qconfig(weight_bits, per_channel)
    Q.fuse_modules_qat(model, [['conv1', 'bn1', 'relu1']], inplace=True)
    Q.prepare_qat(model, inplace=True)
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(8, 3, 16, 16))
    model.eval()
    model.apply(Q.disable_observer)
    return model


def export(out_dir, name, model, opset):
    generator = torch.Generator().manual_seed(11)
    batch = torch.randn(*BATCH, generator=generator)
    with torch.no_grad():
        logits = model(batch)
    path = os.path.join(out_dir, f'{name}.onnx')
    torch.onnx.export(model, batch, path, opset_version=opset, input_names=['input'],
                      output_names=['logits'], dynamic_axes={'input': {0: 'N'}, 'logits': {0: 'N'}})
    batch.numpy().astype('<f4').tofile(os.path.join(out_dir, f'{name}.input.bin'))
    logits.numpy().astype('<f4').tofile(os.path.join(out_dir, f'{name}.logits.bin'))
    return {'name': name, 'file': f'{name}.onnx', 'opset': opset, 'input': BATCH, 'classes': 10,
            'inputFile': f'{name}.input.bin', 'logitsFile': f'{name}.logits.bin'}


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    models = [
        export(out_dir, 'qdq-per-channel-op13', build('per-channel', True, 8), 13),
        export(out_dir, 'qdq-per-tensor-op17', build('per-tensor', False, 8), 17),
        export(out_dir, 'qdq-4bit-op13', build('4bit', True, 4), 13),
    ]
    with open(os.path.join(out_dir, 'quantized-manifest.json'), 'w') as manifest:
        json.dump({'models': models}, manifest, indent=1)


if __name__ == '__main__':
    main()
