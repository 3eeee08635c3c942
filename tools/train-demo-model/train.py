# Trains the bundled Fashion-MNIST demo ResNet and writes resources/demo/{model.onnx,model.json,images/}.
"""Train, export and package the Crossbar Studio demo model.

Needs only python3-torch and numpy (Debian: /usr/bin/python3). Usage:

    /usr/bin/python3 tools/train-demo-model/train.py [--epochs 7]

Steps: read the Fashion-MNIST IDX files, compute the normalisation
statistics on the train split, train a small residual CNN, export it to
ONNX (opset 13, BatchNormalization kept as separate nodes), write 1,000
test images as PNG and report accuracy on the full test split and on the
PNGs exactly as they are read back from disk.
"""

import argparse
import gzip
import json
import os
import shutil
import struct
import sys
import time
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20240601
CLASSES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]
IMAGES_PER_CLASS = 100
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# IDX type codes we may meet; Fashion-MNIST only uses 0x08 (unsigned byte).
IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


# ---------------------------------------------------------------- data ----

def read_idx(path):
    """Parse a gzipped IDX file: 2 zero bytes, type code, ndim, big-endian uint32 dims, data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, type_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or type_code not in IDX_DTYPES:
        raise ValueError(f"{path}: not an IDX file (magic {raw[:4].hex()})")
    dims = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=IDX_DTYPES[type_code], offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: header says {dims} but holds {data.size} values")
    return data.reshape(dims)


def load_split(data_dir, prefix):
    """Return (uint8 images [N,28,28], int64 labels [N]) for 'train' or 't10k'."""
    images = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte.gz"))
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{prefix}: {images.shape[0]} images but {labels.shape[0]} labels")
    return images, labels.astype(np.int64)


def pixel_stats(images):
    """Mean/std of all pixels scaled to [0,1], rounded to 4 decimals as stored in model.json."""
    x = images.astype(np.float64) / 255.0
    return round(float(x.mean()), 4), round(float(x.std()), 4)


def to_input(images_u8, mean, std):
    """uint8 [N,28,28] -> normalised float tensor [N,1,28,28] (the app's preprocessing)."""
    x = torch.from_numpy(images_u8.astype(np.float32) / 255.0).unsqueeze(1)
    return (x - mean) / std


def augment(batch, gen):
    """Random crop with 2-pixel zero padding plus horizontal flip, on [0,1] pixels.

    Padding happens before normalisation so the border is black, like the
    Fashion-MNIST background.
    """
    n = batch.shape[0]
    padded = F.pad(batch, (2, 2, 2, 2))
    dx = torch.randint(0, 5, (n,), generator=gen)
    dy = torch.randint(0, 5, (n,), generator=gen)
    out = torch.stack([padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28] for i in range(n)])
    flip = torch.rand(n, generator=gen) < 0.5
    out[flip] = out[flip].flip(-1)
    return out


# --------------------------------------------------------------- model ----

class ResidualBlock(nn.Module):
    """Conv-BN-Relu-Conv-BN plus shortcut, Add, Relu (classic ResNet basic block)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        # A 1x1 projection is only needed when the shape changes.
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            # bn2 and the shortcut BN are summed, so their biases are redundant and would get identical
            # gradients; the exporter then dedups the equal tensors into Identity nodes. Keep only bn2's.
            self.shortcut[1].bias.requires_grad_(False)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        skip = x if self.shortcut is None else self.shortcut(x)
        return F.relu(y + skip)


class DemoResNet(nn.Module):
    """Stem 16ch @28x28 -> blocks 16@28, 32@14, 64@7 -> global avg pool -> Linear(64,10)."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.blocks = nn.Sequential(
            ResidualBlock(16, 16, 1),
            ResidualBlock(16, 32, 2),
            ResidualBlock(32, 64, 2),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)  # exports as GlobalAveragePool
        self.head = nn.Linear(64, num_classes)  # exports as Gemm

    def forward(self, x):
        x = self.pool(self.blocks(self.stem(x)))
        return self.head(torch.flatten(x, 1))  # exports as Flatten


# ------------------------------------------------------------ training ----

def train(model, images_u8, labels, mean, std, epochs, batch_size):
    """SGD + Nesterov momentum with a one-cycle schedule; returns seconds spent."""
    gen = torch.Generator().manual_seed(SEED)
    x_all = torch.from_numpy(images_u8.astype(np.float32) / 255.0).unsqueeze(1)
    y_all = torch.from_numpy(labels)
    steps_per_epoch = (len(x_all) + batch_size - 1) // batch_size
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, epochs=epochs, steps_per_epoch=steps_per_epoch)
    start = time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x_all), generator=gen)
        total_loss, correct = 0.0, 0
        for step in range(steps_per_epoch):
            idx = order[step * batch_size:(step + 1) * batch_size]
            xb = (augment(x_all[idx], gen) - mean) / std
            yb = y_all[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total_loss += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
        print(f"epoch {epoch + 1}/{epochs}: loss {total_loss / len(x_all):.4f} "
              f"train acc {correct / len(x_all):.4f} ({time.time() - start:.0f}s)", flush=True)
    return time.time() - start


@torch.no_grad()
def accuracy(model, inputs, labels, batch_size=500):
    """Top-1 accuracy in eval mode (BatchNorm uses its running statistics)."""
    model.eval()
    preds = torch.cat([model(inputs[i:i + batch_size]).argmax(1) for i in range(0, len(inputs), batch_size)])
    return (preds == torch.from_numpy(labels)).float().mean().item()


# ----------------------------------------------------------------- PNG ----

def png_chunk(kind, data):
    """length + type + data + CRC32(type + data), as the PNG spec lays chunks out."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png_gray8(pixels):
    """Encode a uint8 [H,W] array as an 8-bit grayscale PNG (color type 0, no interlace)."""
    h, w = pixels.shape
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    # Every scanline starts with filter type 0 (None); the images are tiny, so no need to pick filters.
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(h))
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b"")


def decode_png_gray8(blob):
    """Read back a PNG written by encode_png_gray8 (filter 0 only), so evaluation sees the files' bytes."""
    if blob[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(blob):
        (length,) = struct.unpack(">I", blob[pos:pos + 4])
        kind, data = blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", data[:10])
            if (depth, color) != (8, 0):
                raise ValueError("expected 8-bit grayscale")
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    rows = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(h, w + 1)
    if rows[:, 0].any():
        raise ValueError("unexpected scanline filter")
    return rows[:, 1:].copy()


def slug(name):
    """'T-shirt/top' -> 't-shirt-top', 'Ankle boot' -> 'ankle-boot'."""
    out = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(part for part in out.split("-") if part)


def pick_demo_indices(labels):
    """First IMAGES_PER_CLASS test indices of each class, in t10k order."""
    return {c: np.flatnonzero(labels == c)[:IMAGES_PER_CLASS] for c in range(len(CLASSES))}


def write_demo_images(images_dir, test_images, picks):
    """Write the PNGs into <NN>-<slug>/<index>.png; returns [(path, class)] in write order."""
    if os.path.isdir(images_dir):
        shutil.rmtree(images_dir)  # start clean so no stale images from an older run remain
    written = []
    for c, indices in picks.items():
        folder = os.path.join(images_dir, f"{c:02d}-{slug(CLASSES[c])}")
        os.makedirs(folder)
        for i in indices:
            path = os.path.join(folder, f"{i:05d}.png")
            with open(path, "wb") as f:
                f.write(encode_png_gray8(test_images[i]))
            written.append((path, c))
    return written


def read_demo_images(written, test_images, picks):
    """Decode the PNGs from disk; check they round-trip to the source pixels."""
    pixels = np.stack([decode_png_gray8(open(p, "rb").read()) for p, _ in written])
    labels = np.array([c for _, c in written], dtype=np.int64)
    source = test_images[np.concatenate([picks[c] for c in range(len(CLASSES))])]
    if not np.array_equal(pixels, source):
        raise RuntimeError("PNG round trip changed pixel values")
    return pixels, labels


# -------------------------------------------------------------- export ----

def export_onnx(model, path):
    """Export in eval mode with BatchNormalization kept as its own (inference) node.

    TrainingMode.PRESERVE keeps the module in eval mode but skips the
    exporter's eval-only peephole pass that folds BatchNorm into Conv; the app
    maps BatchNormalization itself, so it must stay visible in the graph.
    """
    model.eval()
    dummy = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(
        model, dummy, path,
        opset_version=13,
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False,
    )


def write_model_json(path, mean, std, command, epochs, test_acc, demo_acc):
    meta = {
        "name": "Fashion-MNIST ResNet (demo)",
        "input": "input",
        "output": "logits",
        "preprocess": {"resize": 0, "crop": 28, "channels": 1, "mean": [mean], "std": [std]},
        "classes": CLASSES,
        "training": {
            "command": command,
            "epochs": epochs,
            "testAccuracy10k": round(test_acc, 4),
            "demoImagesAccuracy": round(demo_acc, 4),
        },
    }
    with open(path, "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------- main ----

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out-dir", default=os.path.join(REPO_ROOT, "resources", "demo"))
    args = parser.parse_args()

    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    np.random.seed(SEED)

    train_images, train_labels = load_split(args.data_dir, "train")
    test_images, test_labels = load_split(args.data_dir, "t10k")
    mean, std = pixel_stats(train_images)
    print(f"train {train_images.shape}, test {test_images.shape}, mean {mean}, std {std}", flush=True)

    model = DemoResNet(len(CLASSES))
    print(f"parameters: {sum(p.numel() for p in model.parameters())}", flush=True)
    seconds = train(model, train_images, train_labels, mean, std, args.epochs, args.batch_size)
    print(f"training took {seconds:.0f}s", flush=True)

    os.makedirs(args.out_dir, exist_ok=True)
    picks = pick_demo_indices(test_labels)
    written = write_demo_images(os.path.join(args.out_dir, "images"), test_images, picks)
    demo_pixels, demo_labels = read_demo_images(written, test_images, picks)

    test_acc = accuracy(model, to_input(test_images, mean, std), test_labels)
    demo_acc = accuracy(model, to_input(demo_pixels, mean, std), demo_labels)
    print(f"test accuracy (10k): {test_acc:.4f}")
    print(f"demo images accuracy ({len(demo_labels)} PNGs): {demo_acc:.4f}")

    onnx_path = os.path.join(args.out_dir, "model.onnx")
    export_onnx(model, onnx_path)
    command = " ".join(["/usr/bin/python3", "tools/train-demo-model/train.py"] + sys.argv[1:])
    write_model_json(os.path.join(args.out_dir, "model.json"), mean, std, command, args.epochs, test_acc, demo_acc)
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes) and model.json")


if __name__ == "__main__":
    main()
