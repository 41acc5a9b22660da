#!/usr/bin/env python3
"""Companion of bench/train.ts for the zoo's recurrent models, which shared/reference/bench_torch.py
does not define: LSTM2 and GRU2 as AMR Studio builds them (two stacked layers of 128 and 64 units
over the I/Q sequence, the last step's state into a linear classifier), timed by bench_torch.py's
own bench(), then their training by this process's CPU time (train_samples_per_cpu_s). PyTorch's GRU applies the reset gate after the recurrent product (the Keras layer
before it): the same work per step.

  /usr/bin/python3 bench/torch_recurrent.py REFERENCE_DIR [--threads 1] [--batch 256] [--n 1024]
                   [--epochs 1] [--models lstm2,gru2]"""
import argparse, json, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument('reference')
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--batch', type=int, default=256)
ap.add_argument('--n', type=int, default=1024)
ap.add_argument('--epochs', type=int, default=1)
ap.add_argument('--models', default='lstm2,gru2')
a = ap.parse_args()
sys.path.insert(0, a.reference)
from bench_torch import bench  # noqa: E402


class Recurrent2(nn.Module):
    def __init__(self, cell, classes=11):
        super().__init__()
        self.first = cell(2, 128, batch_first=True)
        self.second = cell(128, 64, batch_first=True)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):  # x: (N, 2, 128)
        h, _ = self.first(x.transpose(1, 2))
        h, _ = self.second(h)
        return self.fc(h[:, -1])


torch.set_num_threads(a.threads); torch.manual_seed(0)
out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'batch': a.batch, 'n': a.n}


def train_cpu(model, n, batch, epochs):
    """Training samples per second of this process's CPU time, over `epochs` more epochs of the
    model bench() has just trained (so warm): on a shared machine the wall clock also counts the
    time other processes held the core."""
    x = torch.randn(n, 2, 128); y = torch.randint(0, 11, (n,))
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    model.train()
    t = time.process_time()
    for _ in range(epochs):
        for i in range(0, n, batch):
            opt.zero_grad(); F.cross_entropy(model(x[i:i + batch]), y[i:i + batch]).backward(); opt.step()
    return round(n * epochs / (time.process_time() - t), 1)


cells = {'lstm2': nn.LSTM, 'gru2': nn.GRU}
for name in a.models.split(','):
    model = Recurrent2(cells[name])
    out[name] = bench(model, a.n, a.batch, a.epochs)
    out[name]['train_samples_per_cpu_s'] = train_cpu(model, a.n, a.batch, a.epochs)
print(json.dumps(out))
