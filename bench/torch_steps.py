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
length, sizes, epoch_steps = manifest['length'], manifest['batch_sizes'], manifest['epoch_steps']
x = np.fromfile(os.path.join(work, 'x.f32'), dtype=np.float32).reshape(-1, 2, length)
y = np.fromfile(os.path.join(work, 'y.i32'), dtype=np.int32)
order = np.fromfile(os.path.join(work, 'order.i32'), dtype=np.int32)
starts = np.concatenate([[0], np.cumsum(sizes)])
test = None
if os.path.exists(os.path.join(work, 'test_x.f32')):
    test = (torch.from_numpy(np.fromfile(os.path.join(work, 'test_x.f32'), dtype=np.float32).reshape(-1, 2, length)),
            torch.from_numpy(np.fromfile(os.path.join(work, 'test_y.i32'), dtype=np.int32)).long())


def test_accuracy():
    model.eval()
    with torch.no_grad():
        hits = sum(int((model(test[0][i:i + 1024]).argmax(1) == test[1][i:i + 1024]).sum()) for i in range(0, len(test[1]), 1024))
    model.train()
    return hits / len(test[1])


losses, accuracies = [], []
model.train()
params = dict(model.named_parameters())
for s in range(len(sizes)):
    opt.zero_grad()
    idx = order[starts[s]:starts[s + 1]]
    loss = F.cross_entropy(model(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]).long())
    loss.backward()
    if s == 0:  # the first step's gradients, from the shared starting weights
        for name, p in params.items():
            p.grad.numpy().astype(np.float32).tofile(os.path.join(work, 'grad_' + name + '.f32'))
    opt.step()
    losses.append(float(loss))
    if test is not None and (s + 1) % epoch_steps == 0:
        accuracies.append(test_accuracy())
for name in manifest['tensors']:
    model.state_dict()[name].numpy().astype(np.float32).tofile(os.path.join(work, 'torch_' + name + '.f32'))
print(json.dumps({'losses': losses, 'test_accuracy': accuracies}))
