#!/usr/bin/env python3
"""PyTorch reference of one DM / MDM iteration, as AMR Studio's distillation runs it, for
bench/distill.ts: a freshly initialised 1-D ConvNet (Conv1d k3 'same', instance norm as
GroupNorm(width, width), ReLU, AvgPool1d(2), `depth` blocks; PyTorch's default initialisation)
per domain and iteration, a real batch per class embedded without gradients, the synthetic set
embedded with them, L = sum over classes of the squared distance of the mean embeddings, the
frequency term on the orthonormal DFT of I + jQ as [Re, Im] (torch.fft, differentiable), and
SGD with momentum on the synthetic tensor. All classes go through the network in one batch per
domain (the DM reference loops over classes; one batch is the faster way to the same loss).
The data are random: the time per iteration does not depend on the values.

  /usr/bin/python3 bench/distill_torch.py REFERENCE_DIR [--threads 1] [--classes 11]
      [--length 128] [--pool 256] [--ipc 10] [--batch-real 64] [--width 64] [--depth 3]
      [--alpha 1] [--frequency complex|per-rail] [--iterations 20] [--warmup 3] [--seed 0]

Prints one JSON document: iterations per second over the timed iterations, warm-up excluded."""
import argparse, json, sys, time

ap = argparse.ArgumentParser()
ap.add_argument('reference')
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--classes', type=int, default=11)
ap.add_argument('--length', type=int, default=128)
ap.add_argument('--pool', type=int, default=256)
ap.add_argument('--ipc', type=int, default=10)
ap.add_argument('--batch-real', type=int, default=64)
ap.add_argument('--width', type=int, default=64)
ap.add_argument('--depth', type=int, default=3)
ap.add_argument('--alpha', type=float, default=1.0)
ap.add_argument('--frequency', choices=['complex', 'per-rail'], default='complex')
ap.add_argument('--iterations', type=int, default=20)
ap.add_argument('--warmup', type=int, default=3)
ap.add_argument('--seed', type=int, default=0)
a = ap.parse_args()
sys.path.insert(0, a.reference)
import tuned  # noqa: E402,F401  (glibc keeps its memory, BLAS/OpenMP threads pinned; re-executes once)
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402


def convnet(channels, width, depth):
    layers = []
    for _ in range(depth):
        layers += [nn.Conv1d(channels, width, 3, padding=1), nn.GroupNorm(width, width, affine=True), nn.ReLU(), nn.AvgPool1d(2)]
        channels = width
    net = nn.Sequential(*layers, nn.Flatten())
    for p in net.parameters():
        p.requires_grad_(False)
    return net


def spectrum(x):
    if a.frequency == 'complex':
        f = torch.fft.fft(torch.complex(x[:, 0], x[:, 1]), norm='ortho')
        return torch.stack((f.real, f.imag), 1)
    f = torch.fft.fft(x, norm='ortho')
    return torch.cat((f.real, f.imag), 2)


def domain_loss(net, real, syn, transform):
    c, b = a.classes, real.shape[0] // a.classes
    with torch.no_grad():
        real_means = net(transform(real)).reshape(c, b, -1).mean(1)
    syn_means = net(transform(syn)).reshape(c, a.ipc, -1).mean(1)
    return ((real_means - syn_means) ** 2).sum()


torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
pool = torch.randn(a.classes, a.pool, 2, a.length)
syn = torch.randn(a.classes * a.ipc, 2, a.length, requires_grad=True)
opt = torch.optim.SGD([syn], lr=1.0, momentum=0.5)


def iteration():
    picks = torch.stack([torch.randperm(a.pool)[:a.batch_real] for _ in range(a.classes)])
    real = pool[torch.arange(a.classes)[:, None], picks].reshape(-1, 2, a.length)
    loss = domain_loss(convnet(2, a.width, a.depth), real, syn, lambda x: x)
    if a.alpha > 0:
        loss = loss + a.alpha * domain_loss(convnet(2, a.width, a.depth), real, syn, spectrum)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(a.warmup):
    iteration()
start = time.perf_counter()
cpu_start = time.process_time()
for _ in range(a.iterations):
    iteration()
seconds = time.perf_counter() - start
# user + system time of the process: on a shared machine the fair measure of work done
cpu_seconds = time.process_time() - cpu_start
print(json.dumps({
    'torch': torch.__version__, 'threads': torch.get_num_threads(), 'iterations': a.iterations, 'warmup': a.warmup,
    'seconds': seconds, 'iterations_per_s': a.iterations / seconds,
    'cpu_seconds': cpu_seconds, 'cpu_ms_per_iteration': 1000 * cpu_seconds / a.iterations,
}))
