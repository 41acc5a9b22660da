#!/usr/bin/env python3
"""PyTorch reference of AMR Studio's AVGNet (src/main/engine/ml/models/avgnet.ts), for bench/avgnet.ts
and the parameter-count test: the same layers, sizes and dense GraphSAGE semantics, timed by
shared/reference/bench_torch.py's own bench() (which runs it at its best: see tuned.py).

Dense GraphSAGE as torch-geometric 1.6 defines it (the version the AVGNet authors used): the
neighbour sum A·X divided by the row sums of A clamped to at least 1, no self loops, and two
weight matrices, one for that neighbour mean (no bias) and one for the node itself (with bias).

The adaptive adjacency is a band of width m around the diagonal. --adjacency sets how the
reference builds and multiplies it: diag-embed adds the m diagonals into an N×N matrix one by one
(as the authors do), skew lays the band's rows out shifted by one place each (pad + reshape, one
pass) and multiplies the N×N matrix like any other, band multiplies the band alone (2m shifted
products per layer: less arithmetic, more and smaller operations). bench/avgnet.ts times all
three and compares with the fastest.

  /usr/bin/python3 bench/torch_avgnet.py --reference REFERENCE_DIR [--threads 1] [--batch 128]
                   [--n 1024] [--epochs 1] [--adjacency diag-embed|skew|band]
  /usr/bin/python3 bench/torch_avgnet.py --params-only [--classes 11]
  /usr/bin/python3 bench/torch_avgnet.py --compare FILE

--compare FILE reads a JSON document {weights: {AMR Studio weight name: flat values}, x: flat
[n, 2, L] values, y: labels, length: L, classes: C}, loads the weights into a model of that size,
and prints the inference logits, then the training-mode cross-entropy and its gradient for every
weight by AMR Studio's names, computed in float64 (the reference for float32 results), and again in
float32 (keys suffixed _float32: how far PyTorch's own float32 arithmetic is from it)."""
import argparse, json, math, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument('--reference', help='shared/reference, whose bench_torch.py times the model (timing runs only)')
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--batch', type=int, default=128)
ap.add_argument('--n', type=int, default=1024)
ap.add_argument('--epochs', type=int, default=1)
ap.add_argument('--adjacency', choices=['diag-embed', 'skew', 'band'], default='skew')
ap.add_argument('--classes', type=int, default=11)
ap.add_argument('--models', default='avgnet', choices=['avgnet'], help='for bench/train.ts, which names the models it times')
ap.add_argument('--params-only', action='store_true')
ap.add_argument('--compare')
a = ap.parse_args()

DIAGONALS = 11
HIDDEN = 64
LAYERS = 6


class Band:
    """The symmetric band adjacency by its upper diagonals: upper[:, t, d-1] weighs edge (t, t+d)."""

    def __init__(self, upper):
        self.upper = upper

    def matmul(self, x):
        out = torch.zeros_like(x)
        for d in range(1, self.upper.shape[2] + 1):
            w = self.upper[:, :-d, d - 1:d]
            out = out + F.pad(w * x[:, d:], (0, 0, 0, d)) + F.pad(w * x[:, :-d], (0, 0, d, 0))
        return out

    def row_sums(self):
        total = torch.zeros_like(self.upper[:, :, :1])
        for d in range(1, self.upper.shape[2] + 1):
            w = self.upper[:, :-d, d - 1:d]
            total = total + F.pad(w, (0, 0, 0, d)) + F.pad(w, (0, 0, d, 0))
        return total


def aggregate(adj, x):
    if isinstance(adj, Band):
        return adj.matmul(x) / adj.row_sums().clamp(min=1)
    return adj @ x / adj.sum(-1, keepdim=True).clamp(min=1)


class DenseSage(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.neighbours = nn.Linear(cin, cout, bias=False)
        self.own = nn.Linear(cin, cout)

    def forward(self, x, adj):
        return self.neighbours(aggregate(adj, x)) + self.own(x)


class SageStack(nn.Module):
    """Six dense GraphSAGE layers, each ReLU then batch norm over all nodes, outputs concatenated;
    an assignment stack's last layer has one channel per cluster and a linear layer + ReLU follows."""

    def __init__(self, cin, clusters=None):
        super().__init__()
        widths = [HIDDEN] * (LAYERS - 1) + [clusters or HIDDEN]
        ins = [cin] + widths[:-1]
        self.convs = nn.ModuleList(DenseSage(i, o) for i, o in zip(ins, widths))
        self.norms = nn.ModuleList(nn.BatchNorm1d(o) for o in widths)
        self.assign = nn.Linear(sum(widths), clusters) if clusters else None

    def forward(self, x, adj):
        outs = []
        for conv, norm in zip(self.convs, self.norms):
            x = F.relu(conv(x, adj))
            x = norm(x.reshape(-1, x.shape[-1])).reshape(x.shape)
            outs.append(x)
        h = torch.cat(outs, -1)
        return F.relu(self.assign(h)) if self.assign is not None else h


def diff_pool(x, adj, s):
    s = torch.softmax(s, -1)
    st = s.transpose(1, 2)
    pooled_adj = st @ (adj.matmul(s) if isinstance(adj, Band) else adj @ s)
    return st @ x, pooled_adj


class AVGNet(nn.Module):
    def __init__(self, classes, length=128, adjacency='skew'):
        super().__init__()
        self.adjacency_form = adjacency
        self.diagonal_convs = nn.ModuleList(nn.Conv1d(1, 1, d + 1) for d in range(1, DIAGONALS + 1))
        c1 = math.ceil(length / 4)
        c2 = math.ceil(c1 / 4)
        self.pool1, self.embed1 = SageStack(2, c1), SageStack(2)
        width = LAYERS * HIDDEN
        self.pool2, self.embed2 = SageStack(width, c2), SageStack(width)
        self.embed3 = SageStack(width)
        self.mlp1, self.mlp2 = nn.Linear(width, width // 2), nn.Linear(width // 2, HIDDEN)
        self.fuse, self.head = nn.Linear(2 * HIDDEN, HIDDEN), nn.Linear(HIDDEN, classes)

    def adjacency(self, series):  # (N, L)
        n, length = series.shape
        diagonals = [F.relu(conv(series.unsqueeze(1)).squeeze(1)) for conv in self.diagonal_convs]
        if self.adjacency_form == 'band':
            return Band(torch.stack([F.pad(w, (0, d)) for d, w in enumerate(diagonals, 1)], -1))
        if self.adjacency_form == 'diag-embed':
            adj = series.new_zeros(n, length, length)
            for d, w in enumerate(diagonals, 1):
                adj = adj + torch.diag_embed(w, offset=d)
            return adj + adj.transpose(1, 2)
        # row t of the upper band [0, w_1[t], …, w_m[t]] padded to N + 1 entries; read back with rows
        # of N, row t moves right by t places, so w_d[t] lands at (t, t + d)
        m = len(diagonals)
        rows = torch.stack([series.new_zeros(n, length)] + [F.pad(w, (0, d)) for d, w in enumerate(diagonals, 1)], -1)
        wide = F.pad(rows, (0, length - m)).reshape(n, length * (length + 1))
        upper = wide[:, :length * length].reshape(n, length, length)
        return upper + upper.transpose(1, 2)

    def branch(self, nodes, adj):
        s, h = self.pool1(nodes, adj), self.embed1(nodes, adj)
        h, adj = diff_pool(h, adj, s)
        s, h = self.pool2(h, adj), self.embed2(h, adj)
        h, adj = diff_pool(h, adj, s)
        h = self.embed3(h, adj).mean(1)
        return F.relu(self.mlp2(F.relu(self.mlp1(h))))

    def forward(self, x):  # (N, 2, L)
        nodes = x.transpose(1, 2) * 10
        i = self.branch(nodes, self.adjacency(x[:, 0]))
        q = self.branch(nodes, self.adjacency(x[:, 1]))
        return self.head(F.relu(self.fuse(torch.cat([i, q], 1))))


def train_cpu_time(model, n, batch, epochs):
    """Training samples per second of this process's CPU time (the loop of bench_torch.bench, its
    warm-up epoch excluded): on a shared machine the wall clock also counts the wait for a core."""
    x = torch.randn(n, 2, 128); y = torch.randint(0, a.classes, (n,))
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    model.train()

    def epoch():
        for i in range(0, n, batch):
            opt.zero_grad(); F.cross_entropy(model(x[i:i + batch]), y[i:i + batch]).backward(); opt.step()

    epoch()
    t = time.process_time()
    for _ in range(epochs):
        epoch()
    return round(n * epochs / (time.process_time() - t), 1)


def amr_names(model):
    """AMR Studio's weight name → (tensor, transposed?) for every parameter and BN statistic."""
    names = {}
    for d, conv in enumerate(model.diagonal_convs, 1):
        names[f'avg/diag{d}_kernel'] = (conv.weight, False)
        names[f'avg/diag{d}_bias'] = (conv.bias, False)
    for stack in ('pool1', 'embed1', 'pool2', 'embed2', 'embed3'):
        s = getattr(model, stack)
        for k, (conv, norm) in enumerate(zip(s.convs, s.norms), 1):
            names[f'{stack}_sage{k}/neighbour_kernel'] = (conv.neighbours.weight, True)
            names[f'{stack}_sage{k}/root_kernel'] = (conv.own.weight, True)
            names[f'{stack}_sage{k}/bias'] = (conv.own.bias, False)
            for ours, theirs in (('gamma', 'weight'), ('beta', 'bias'), ('moving_mean', 'running_mean'), ('moving_variance', 'running_var')):
                names[f'{stack}_bn{k}/{ours}'] = (getattr(norm, theirs), False)
        if s.assign is not None:
            names[f'{stack}_assign/kernel'] = (s.assign.weight, True)
            names[f'{stack}_assign/bias'] = (s.assign.bias, False)
    for layer in ('mlp1', 'mlp2', 'fuse', 'head'):
        names[f'{layer}/kernel'] = (getattr(model, layer).weight, True)
        names[f'{layer}/bias'] = (getattr(model, layer).bias, False)
    return names


def compare(path):
    doc = json.load(open(path))
    out = {}
    for dtype, suffix in ((torch.float64, ''), (torch.float32, '_float32')):
        model = AVGNet(doc['classes'], doc['length']).to(dtype)
        names = amr_names(model)
        with torch.no_grad():
            for name, values in doc['weights'].items():
                tensor, transposed = names[name]
                v = torch.tensor(values, dtype=dtype)
                tensor.copy_(v.reshape(tensor.shape[::-1]).t() if transposed else v.reshape(tensor.shape))
        x = torch.tensor(doc['x'], dtype=dtype).reshape(-1, 2, doc['length'])
        model.eval()
        with torch.no_grad():
            out['logits' + suffix] = model(x).flatten().tolist()
        model.train()
        loss = F.cross_entropy(model(x), torch.tensor(doc['y']))
        params = {name: t for name, (t, _) in names.items() if t.requires_grad}
        grads = torch.autograd.grad(loss, list(params.values()))
        out['train_loss' + suffix] = loss.item()
        out['grads' + suffix] = {name: (g.t() if names[name][1] else g).flatten().tolist() for (name, _), g in zip(params.items(), grads)}
    print(json.dumps(out))


torch.set_num_threads(a.threads); torch.manual_seed(0)
model = AVGNet(a.classes, adjacency=a.adjacency)
params = sum(p.numel() for p in model.parameters())
if a.compare:
    compare(a.compare)
elif a.params_only:
    print(json.dumps({'torch': torch.__version__, 'avgnet': {'params': params}}))
else:
    sys.path.insert(0, a.reference)
    from bench_torch import bench  # noqa: E402  (runs this script again at the reference's best: tuned.py)
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'batch': a.batch, 'n': a.n,
           'adjacency': a.adjacency}
    out['avgnet'] = bench(model, a.n, a.batch, a.epochs)
    out['avgnet']['train_samples_per_cpu_s'] = train_cpu_time(model, a.n, a.batch, a.epochs)
    print(json.dumps(out))
