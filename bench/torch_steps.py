#!/usr/bin/env python3
"""Companion of bench/step-parity.ts: loads ResNet1D-20 weights written by AMR Studio into the
reference definition (shared/reference/bench_torch.py), takes the same Adam steps on the same
batches, and writes the per-step losses, the first step's gradients and the resulting weights
back as raw float32 files.

  /usr/bin/python3 bench/torch_steps.py DIR REFERENCE_DIR
DIR holds manifest.json, the initial tensors (<name>.f32) and the batches (x.f32, y.i32)."""
import json, os, sys
import numpy as np, torch, torch.nn.functional as F

work, reference = sys.argv[1], sys.argv[2]
sys.path.insert(0, reference)
from bench_torch import ResNet1D  # noqa: E402

torch.set_num_threads(1)
manifest = json.load(open(os.path.join(work, 'manifest.json')))
model = ResNet1D(20, manifest['classes'])
state = model.state_dict()
for name, shape in manifest['tensors'].items():
    values = np.fromfile(os.path.join(work, name + '.f32'), dtype=np.float32).reshape(shape)
    state[name].copy_(torch.from_numpy(values))
opt = torch.optim.Adam(model.parameters(), manifest['lr'], eps=manifest['eps'])
steps, batch, length = manifest['steps'], manifest['batch'], manifest['length']
x = np.fromfile(os.path.join(work, 'x.f32'), dtype=np.float32).reshape(steps, batch, 2, length)
y = np.fromfile(os.path.join(work, 'y.i32'), dtype=np.int32).reshape(steps, batch)
losses = []
model.train()
params = dict(model.named_parameters())
for s in range(steps):
    opt.zero_grad()
    loss = F.cross_entropy(model(torch.from_numpy(x[s])), torch.from_numpy(y[s]).long())
    loss.backward()
    if s == 0:  # the first step's gradients, from the shared starting weights
        for name, p in params.items():
            p.grad.numpy().astype(np.float32).tofile(os.path.join(work, 'grad_' + name + '.f32'))
    opt.step()
    losses.append(float(loss))
for name in manifest['tensors']:
    model.state_dict()[name].numpy().astype(np.float32).tofile(os.path.join(work, 'torch_' + name + '.f32'))
print(json.dumps({'losses': losses}))
