# Optional check that resources/demo/model.onnx has the graph shape the app expects (needs python3-onnx).
"""Verify the exported demo model without re-training.

    apt-get install -y python3-onnx   # only this check needs it
    /usr/bin/python3 tools/train-demo-model/verify_onnx.py

Fails (exit 1) if BatchNormalization was folded away, if a BatchNormalization
node is in training mode, if input/output names or the dynamic batch axis are
wrong, or if the exporter left Identity nodes behind.
"""

import os
import sys
from collections import Counter

import onnx

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REQUIRED_OPS = {"Conv", "BatchNormalization", "Relu", "Add", "GlobalAveragePool", "Flatten", "Gemm"}


def dims(value_info):
    """Shape of a graph input/output as a list of ints or symbolic names."""
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def problems(model):
    """Return a list of human-readable reasons the graph is unsuitable (empty when fine)."""
    found = []
    ops = Counter(n.op_type for n in model.graph.node)
    missing = REQUIRED_OPS - set(ops)
    if missing:
        found.append(f"missing ops: {sorted(missing)}")
    if "Identity" in ops:
        found.append(f"{ops['Identity']} Identity nodes (deduplicated initializers)")
    for node in model.graph.node:
        if node.op_type != "BatchNormalization":
            continue
        training = [a.i for a in node.attribute if a.name == "training_mode"]
        if len(node.output) != 1 or any(training):
            found.append(f"{node.name} is not in inference mode")
    opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    if opset != [13]:
        found.append(f"opset {opset}, expected 13")
    inputs, outputs = model.graph.input, model.graph.output
    if [i.name for i in inputs] != ["input"] or isinstance(dims(inputs[0])[0], int) or dims(inputs[0])[1:] != [1, 28, 28]:
        found.append(f"unexpected inputs: {[(i.name, dims(i)) for i in inputs]}")
    if [o.name for o in outputs] != ["logits"] or isinstance(dims(outputs[0])[0], int) or dims(outputs[0])[1:] != [10]:
        found.append(f"unexpected outputs: {[(o.name, dims(o)) for o in outputs]}")
    return found


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO_ROOT, "resources", "demo", "model.onnx")
    model = onnx.load(path)
    onnx.checker.check_model(model)
    ops = Counter(n.op_type for n in model.graph.node)
    print(f"{path}: {os.path.getsize(path)} bytes, {len(model.graph.initializer)} initializers")
    print("ops:", ", ".join(f"{op} x{count}" for op, count in sorted(ops.items())))
    found = problems(model)
    for reason in found:
        print("FAIL:", reason)
    if found:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
