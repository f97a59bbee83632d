#!/usr/bin/env python3
"""PyTorch counterpart of dev.clara.nn.bench.TrainingBenchmark: the same AWD-LSTM training step.

Each step: forward with Clara's dropouts (embedding, locked input/hidden/output, weight drop on
W_hh), cross-entropy + AR + TAR, backward, global-norm clipping to 0.3, Adam (betas 0.7/0.99,
eps 1e-8, L2 weight decay 1e-6) at the one-cycle learning rate; the recurrent state is carried
detached from window to window, batch x bptt random token ids per step, the loss read back as a
float (as clara-nn does). Warm-up steps are not counted. Prints one JSON line.
"""
import argparse
import json
import sys
import time

import torch

from awd_lstm import SIZES, AwdLstm, loss_terms, one_cycle, peak_rss_mib, blas_libraries, set_threads, \
    BETAS, EPS, WEIGHT_DECAY, CLIP


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="tiny", choices=sorted(SIZES))
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--vocab", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    set_threads(args.threads)
    torch.manual_seed(args.seed)
    embedding, hidden, layers, batch, bptt = SIZES[args.size]
    model = AwdLstm(args.vocab, embedding, hidden, layers)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=BETAS, eps=EPS, weight_decay=WEIGHT_DECAY)
    total_steps = args.warmup + args.steps
    # Random ids from 3 (after <unk>, <pad>, <bos>), one stream per batch row, one extra token for the targets.
    stream = torch.randint(3, args.vocab, (batch, total_steps * bptt + 1))
    state = model.zero_state(batch)
    start = None
    losses = []
    t0 = time.perf_counter()
    for step in range(total_steps):
        for group in optimizer.param_groups:
            group["lr"] = one_cycle(step, total_steps)
        ids = stream[:, step * bptt:(step + 1) * bptt].contiguous()
        targets = stream[:, step * bptt + 1:(step + 1) * bptt + 1].contiguous()
        optimizer.zero_grad(set_to_none=True)
        logits, state, raw, dropped = model(ids, state)
        total, ce = loss_terms(logits, targets, raw, dropped)
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        optimizer.step()
        state = [(h.detach(), c.detach()) for h, c in state]
        losses.append(ce.item())
        print(f"  step {step + 1}/{total_steps} loss {losses[-1]:.3f}", file=sys.stderr, flush=True)
        if step + 1 == args.warmup:
            start = time.perf_counter()
    seconds = time.perf_counter() - start
    tokens = args.steps * batch * bptt
    print(json.dumps({
        "side": "pytorch", "size": args.size, "torch": torch.__version__, "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(), "vocab": args.vocab,
        "parameters": model.parameter_count(), "batch": batch, "bptt": bptt, "steps": args.steps,
        "warmup": args.warmup, "seconds_per_step": seconds / args.steps, "tokens_per_s": tokens / seconds,
        "peak_rss_mib": peak_rss_mib(), "total_wall_s": time.perf_counter() - t0, "last_loss": losses[-1],
        "libraries": blas_libraries()}), flush=True)


if __name__ == "__main__":
    main()
