#!/usr/bin/env python3
"""PyTorch counterpart of dev.clara.nn.bench.GenerationBenchmark: a batched sampling loop in Python.

The same network as clara-nn's generator (awd_lstm.AwdLstm, randomly initialised, vocabulary 200) in
eval mode under torch.inference_mode(): every sample starts from <bos> (id 2); each step feeds the
batch's last tokens ([samples, 1]) with the carried state through the model, takes the softmax and
makes Clara's choice in torch (argmax, or with probability 0.8 a draw among the 3 most likely,
in proportion to their probabilities). The chosen ids stay in a torch tensor; they are copied out
once at the end. A short warm-up run (20 tokens) comes first, as in GenerationBenchmark.
Prints one JSON line.
"""
import argparse
import json
import time

import torch

from awd_lstm import SIZES, AwdLstm, peak_rss_mib, set_threads

BOS = 2


def generate(model, samples, tokens, random_freq, trunc, generator):
    state = model.zero_state(samples)
    ids = torch.full((samples, 1), BOS, dtype=torch.long)
    out = torch.empty(samples, tokens, dtype=torch.long)
    rows = torch.arange(samples)
    start = time.perf_counter()
    for t in range(tokens):
        logits, state, _, _ = model(ids, state)
        probs = torch.softmax(logits[:, -1], dim=-1)
        top_p, top_i = probs.topk(trunc, dim=-1)
        drawn = torch.multinomial(top_p, 1, generator=generator).squeeze(1)
        use_draw = torch.rand(samples, generator=generator) < random_freq
        choice = torch.where(use_draw, top_i[rows, drawn], top_i[:, 0])
        out[:, t] = choice
        ids = choice.unsqueeze(1)
    seconds = time.perf_counter() - start
    return seconds, out.tolist()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="tiny", choices=sorted(SIZES))
    parser.add_argument("--samples", type=int, default=16)
    parser.add_argument("--tokens", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--vocab", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    set_threads(args.threads)
    torch.manual_seed(args.seed)
    embedding, hidden, layers, _, _ = SIZES[args.size]
    model = AwdLstm(args.vocab, embedding, hidden, layers)
    model.eval()
    generator = torch.Generator().manual_seed(args.seed)
    with torch.inference_mode():
        generate(model, args.samples, 20, 0.8, 3, generator)
        seconds, ids = generate(model, args.samples, args.tokens, 0.8, 3, generator)
    ms_per_step = seconds * 1000 / args.tokens
    print(json.dumps({
        "side": "pytorch", "size": args.size, "torch": torch.__version__, "threads": torch.get_num_threads(),
        "parameters": model.parameter_count(), "samples": args.samples, "tokens": args.tokens,
        "ms_per_step": ms_per_step, "tokens_per_s": args.samples * args.tokens / seconds, "seconds": seconds,
        "peak_rss_mib": peak_rss_mib(), "distinct_ids": len({i for row in ids for i in row})}), flush=True)


if __name__ == "__main__":
    main()
