#!/usr/bin/env python3
"""The cost of one small torch op called from Python (counterpart of bench/java/OpCost.java): best of 3 rounds of
20,000 calls under torch.inference_mode(), 1 thread, in µs per call. Prints one JSON line."""
import json
import time

import torch

torch.set_num_threads(1)
x, y = torch.rand(16, 1024), torch.rand(16, 1024)
h, w = torch.rand(16, 256), torch.rand(256, 1024)
best = {"add_16x1024_us": 1e9, "sigmoid_16x1024_us": 1e9, "matmul_16x256x1024_us": 1e9}
n = 20000
with torch.inference_mode():
    for _ in range(3):
        for key, fn, calls in (("add_16x1024_us", lambda: x + y, n), ("sigmoid_16x1024_us", lambda: torch.sigmoid(x), n),
                               ("matmul_16x256x1024_us", lambda: h @ w, n // 10)):
            t = time.perf_counter()
            for _ in range(calls):
                fn()
            best[key] = min(best[key], (time.perf_counter() - t) / calls * 1e6)
print(json.dumps(dict(side="torch", torch=torch.__version__, **{k: round(v, 2) for k, v in best.items()})))
