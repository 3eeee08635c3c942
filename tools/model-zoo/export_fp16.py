"""Exports thin zoo classifiers in float16, as fp16 converters write them: weights, activations and (unless kept)
the graph's inputs and outputs in float16, with PyTorch's float32 logits for reference.

    /usr/bin/python3 tools/model-zoo/export_fp16.py OUT_DIR

PyTorch 1.13 has no float16 convolution on CPU, so each model is exported in float32 (export_zoo.py's models and
seeds) and its graph converted the way onnxconverter-common's convert_float_to_float16 does: every float
initializer and Constant becomes float16, Casts to float become Casts to float16, and typed values are retyped.
"""
import json
import os
import sys

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_zoo  # noqa: E402

OPSET = 17
# (family, keep_io_types): converters offer both, a float16 graph with float32 inputs and outputs behind Casts too.
VARIANTS = [('resnet', False), ('mobilenet_v2', False), ('vit', True)]


def to_float16_tensor(tensor):
    array = numpy_helper.to_array(tensor).astype(numpy.float16)
    return numpy_helper.from_array(array, tensor.name)


def retype(value_info):
    tensor_type = value_info.type.tensor_type
    if tensor_type.elem_type == TensorProto.FLOAT:
        tensor_type.elem_type = TensorProto.FLOAT16


def convert(model, keep_io_types):
    graph = model.graph
    for index, tensor in enumerate(graph.initializer):
        if tensor.data_type == TensorProto.FLOAT:
            graph.initializer[index].CopyFrom(to_float16_tensor(tensor))
    for node in graph.node:
        for attribute in node.attribute:
            if node.op_type == 'Constant' and attribute.name == 'value' and attribute.t.data_type == TensorProto.FLOAT:
                attribute.t.CopyFrom(to_float16_tensor(attribute.t))
            if node.op_type == 'Cast' and attribute.name == 'to' and attribute.i == TensorProto.FLOAT:
                attribute.i = TensorProto.FLOAT16
    del graph.value_info[:]
    if not keep_io_types:
        for value in list(graph.input) + list(graph.output):
            retype(value)
        return model
    # Float32 at the boundary: a Cast after each input and before each output, as keep_io_types=True writes.
    casts_in, casts_out = [], []
    for value in graph.input:
        inner = f'{value.name}_fp16'
        for node in graph.node:
            node.input[:] = [inner if name == value.name else name for name in node.input]
        casts_in.append(helper.make_node('Cast', [value.name], [inner], to=TensorProto.FLOAT16))
    for value in graph.output:
        inner = f'{value.name}_fp16'
        for node in graph.node:
            node.output[:] = [inner if name == value.name else name for name in node.output]
        casts_out.append(helper.make_node('Cast', [inner], [value.name], to=TensorProto.FLOAT))
    nodes = casts_in + list(graph.node) + casts_out
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def main(argv):
    out_dir = argv[0]
    os.makedirs(out_dir, exist_ok=True)
    models = []
    for family, keep_io_types in VARIANTS:
        model, batch, logits, info = export_zoo.build('thin', family)
        name = f'{family}-fp16' + ('-io32' if keep_io_types else '')
        path = os.path.join(out_dir, f'{name}.onnx')
        export_zoo.export(model, batch, path, OPSET)
        converted = convert(onnx.load(path), keep_io_types)
        onnx.checker.check_model(converted)
        onnx.save(converted, path)
        batch.numpy().astype('<f4').tofile(os.path.join(out_dir, f'{name}.input.bin'))
        logits.numpy().astype('<f4').tofile(os.path.join(out_dir, f'{name}.logits.bin'))
        models.append({'name': name, 'family': family, 'opset': OPSET, 'file': f'{name}.onnx',
                       'input': list(batch.shape), 'classes': export_zoo.SIZES['thin'][1],
                       'inputFile': f'{name}.input.bin', 'logitsFile': f'{name}.logits.bin',
                       'float16Inputs': not keep_io_types, **info})
        print(f'{name}: {os.path.getsize(path) / 1e6:.2f} MB', flush=True)
    with open(os.path.join(out_dir, 'fp16-manifest.json'), 'w') as file:
        json.dump({'models': models}, file, indent=1)


if __name__ == '__main__':
    main(sys.argv[1:])
