#!/usr/bin/env python3
"""PyTorch's side of bench/layer-profile.ts: the CPU time of each heavy operation of a VT-CNN2
training step (forward, backward, Adam) and of inference at the given batch and thread count,
each operation run on its own the way autograd runs it in a step (same aten calls, same shapes),
timed with the process's CPU clock so that a shared machine's load does not inflate it; and the
whole step and inference pass through the model of ../shared/reference/bench_torch.py (its
directory is the first argument). Run it through bench/reference-process.ts so the allocator and
BLAS threads are set as in bench:train. Prints one JSON document."""
import argparse, json, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--warmup", type=int, default=2)
    a = ap.parse_args()
    sys.path.insert(0, a.reference)
    import torch
    import torch.nn.functional as F
    from bench_torch import VTCNN2

    torch.set_num_threads(a.threads); torch.manual_seed(0)
    model = VTCNN2()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    n = a.batch
    x = torch.randn(n, 2, 128); y = torch.randint(0, 11, (n,))

    def cpu_ms(work):
        for _ in range(a.warmup):
            work()
        t = time.process_time()
        for _ in range(a.steps):
            work()
        return round((time.process_time() - t) * 1000 / a.steps, 2)

    def step():
        model.train(); opt.zero_grad(); F.cross_entropy(model(x), y).backward(); opt.step()

    def infer():
        model.eval()
        with torch.no_grad():
            model(x)

    c1, c2, f1, f2 = model.c1, model.c2, model.f1, model.f2
    with torch.no_grad():
        x0 = F.pad(x.unsqueeze(1), (2, 2))
        a1 = F.relu(c1(x0))
        x1 = F.pad(a1, (2, 2))
        a2 = F.relu(c2(x1))
        flat = a2.flatten(1)
        h = F.relu(f1(flat))
        g2 = torch.randn(n, 80, 1, 132)
        g1 = torch.randn(n, 256, 2, 130)
        gh = torch.randn(n, 256)
    conv_bwd = torch.ops.aten.convolution_backward
    ops = {
        "conv1 forward (1x3, 1 -> 256)": lambda: F.conv2d(x0, c1.weight, c1.bias),
        "conv2 forward (2x3, 256 -> 80)": lambda: F.conv2d(x1, c2.weight, c2.bias),
        "dense1 forward (10560 -> 256)": lambda: F.linear(flat, f1.weight, f1.bias),
        "dense2 forward (256 -> 11)": lambda: F.linear(h, f2.weight, f2.bias),
        "conv1 backward (filter and bias)": lambda: conv_bwd(g1, x0, c1.weight, [256], [1, 1], [0, 0], [1, 1], False, [0, 0], 1, [False, True, True]),
        "conv2 backward (input, filter and bias)": lambda: conv_bwd(g2, x1, c2.weight, [80], [1, 1], [0, 0], [1, 1], False, [0, 0], 1, [True, True, True]),
        "dense1 backward dx (256x256 . 256x10560)": lambda: gh.mm(f1.weight),
        "dense1 backward dW (256x256^T . 256x10560)": lambda: gh.t().mm(flat),
        "dropout masks (all three layers)": lambda: (torch.empty_like(a1).bernoulli_(0.5), torch.empty_like(a2).bernoulli_(0.5), torch.empty_like(h).bernoulli_(0.5)),
        "pad of conv1's output (256x256x2x130)": lambda: F.pad(a1, (2, 2)),
    }
    with torch.no_grad():
        layers = {name: cpu_ms(work) for name, work in ops.items()}
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "batch": n, "steps": a.steps,
           "clock": "process CPU time", "train_step_ms": cpu_ms(step), "infer_pass_ms": cpu_ms(infer), "operations_ms": layers}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
