#!/usr/bin/env python3
"""PyTorch figures for AMR Studio's GPU benchmark (bench/gpu.ts): training and inference samples/s
of VT-CNN2 and ResNet1D-20 (METHODS.md) on random data of the RML2016 shape, at the batch given,
on CUDA. Run at its best: the data sits on the GPU before timing, cuDNN picks its fastest
algorithms (benchmark mode), a warm-up epoch is excluded, and every timing ends with a device
synchronise. Prints one JSON document; without a CUDA device it says so and exits 3.

  python3 bench/torch_gpu.py --batch 256 --n 8192 --epochs 3 [--models vtcnn2,resnet1d20] [--device cuda] [--fp32]

--fp32 turns TensorFloat-32 off (PyTorch lets cuDNN convolutions use it by default on Ampere and
later), so both sides compute in full float32.
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class VTCNN2(nn.Module):
    """[2, L] → pad(0,2) → conv 256@1×3 ReLU → dropout → pad(0,2) → conv 80@2×3 ReLU → dropout → dense 256 ReLU → dropout → dense C."""

    def __init__(self, length, classes, rate=0.5):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 256, (1, 3))
        self.conv2 = nn.Conv2d(256, 80, (2, 3))
        self.dense1 = nn.Linear(80 * (length + 4), 256)
        self.head = nn.Linear(256, classes)
        self.rate = rate

    def forward(self, x):
        h = F.pad(x.unsqueeze(1), (2, 2))
        h = F.dropout(F.relu(self.conv1(h)), self.rate, self.training)
        h = F.dropout(F.relu(self.conv2(F.pad(h, (2, 2)))), self.rate, self.training)
        h = F.dropout(F.relu(self.dense1(h.flatten(1))), self.rate, self.training)
        return self.head(h)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm1d(cout)
        self.project = None
        if stride != 1 or cin != cout:
            self.project = nn.Sequential(nn.Conv1d(cin, cout, 1, stride, bias=False), nn.BatchNorm1d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.project is None else self.project(x)))


class ResNet1D(nn.Module):
    """Stem conv 2→16 k3 BN ReLU; three stages of (depth−2)/6 basic blocks at 16, 32, 64 channels; mean over time; dense C."""

    def __init__(self, depth, classes):
        super().__init__()
        per_stage = (depth - 2) // 6
        self.stem = nn.Sequential(nn.Conv1d(2, 16, 3, 1, 1, bias=False), nn.BatchNorm1d(16), nn.ReLU())
        blocks, cin = [], 16
        for stage, cout in enumerate((16, 32, 64)):
            for b in range(per_stage):
                blocks.append(BasicBlock(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(64, classes)

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)).mean(-1))


def build(name, length, classes):
    if name == "vtcnn2":
        return VTCNN2(length, classes)
    if name.startswith("resnet1d"):
        return ResNet1D(int(name[len("resnet1d"):] or 20), classes)
    raise SystemExit(f"unknown model {name}")


def synchronise(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def bench(model, device, n, batch, epochs, length, classes):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 2, length, generator=g).to(device)
    y = torch.randint(0, classes, (n,), generator=g).to(device)
    model = model.to(device)
    opt = torch.optim.Adam(model.parameters(), 1e-3)

    def epoch():
        model.train()
        for i in range(0, n, batch):
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(x[i:i + batch]), y[i:i + batch]).backward()
            opt.step()

    epoch()
    synchronise(device)
    t = time.perf_counter()
    for _ in range(epochs):
        epoch()
    synchronise(device)
    train = n * epochs / (time.perf_counter() - t)
    model.eval()
    with torch.no_grad():
        for i in range(0, n, batch):
            model(x[i:i + batch])
        synchronise(device)
        t = time.perf_counter()
        for i in range(0, n, batch):
            model(x[i:i + batch])
        synchronise(device)
        infer = n / (time.perf_counter() - t)
    return {"train_samples_per_s": round(train, 1), "infer_samples_per_s": round(infer, 1),
            "params": sum(p.numel() for p in model.parameters())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--n", type=int, default=8192)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--length", type=int, default=128)
    ap.add_argument("--classes", type=int, default=11)
    ap.add_argument("--models", default="vtcnn2,resnet1d20")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--fp32", action="store_true")
    a = ap.parse_args()
    device = torch.device(a.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print(json.dumps({"skipped": f"torch {torch.__version__} has no CUDA device (built for CUDA {torch.version.cuda})"}))
        sys.exit(3)
    torch.manual_seed(0)
    torch.backends.cudnn.benchmark = True
    if a.fp32:
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    out = {"torch": torch.__version__, "device": a.device, "batch": a.batch, "n": a.n, "epochs": a.epochs,
           "cuda": torch.version.cuda, "cudnn": torch.backends.cudnn.version() if device.type == "cuda" else None,
           "gpu": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
           "tf32": {"matmul": torch.backends.cuda.matmul.allow_tf32, "cudnn": torch.backends.cudnn.allow_tf32}}
    for name in a.models.split(","):
        out[name] = bench(build(name, a.length, a.classes), device, a.n, a.batch, a.epochs, a.length, a.classes)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
