"""clara-nn's AwdLstmLanguageModel written in PyTorch, op for op, for the benchmark comparisons.

Mirrors dev.clara.nn.model.AwdLstmLanguageModel / WeightDroppedLstmLayer / EmbeddingDropout /
LockedDropout and dev.clara.nn.train.LanguageModelLoss:

- embedding E [V, emb] ~ U(-0.1, 0.1); embedding dropout = a [V, 1] mask (dropout of ones) times E;
- locked (variational) dropout: a [B, 1, F] mask (dropout of ones) times the activations, on the
  input (0.6), between layers (0.2) and on the last output (0.4);
- layers: sizes hidden, ..., hidden, emb (the last as wide as the embedding, for the tied decoder);
  each calls the same fused ATen LSTM kernel clara-nn calls through DJL (torch._VF.lstm, one layer,
  batch first, both biases) with W_hh replaced by dropout(W_hh, 0.5) in training (DropConnect);
  weights and biases ~ U(-1/sqrt(H), 1/sqrt(H)), gate order i, f, g, o;
- decoder: F.linear(dropped, E, b_dec) with the raw (undropped) embedding, as clara-nn does;
- loss: cross-entropy + 2 * mean(dropped^2) (AR) + 1 * mean((raw_t - raw_{t-1})^2) (TAR).
"""
import math
import os

import torch
import torch.nn.functional as F
from torch import nn

SIZES = {
    # name: (embedding, hidden, layers, batch, bptt)
    "tiny": (64, 256, 2, 32, 128),
    "clara": (400, 600, 4, 32, 200),
}

# LanguageModelConfig.clara(): embedding, input, hidden, output, weight dropout; AR α, TAR β, clip,
# Adam betas, eps, weight decay, peak learning rate, warm-up fraction.
DROPOUTS = dict(embedding=0.1, input=0.6, hidden=0.2, output=0.4, weight=0.5)
AR, TAR, CLIP = 2.0, 1.0, 0.3
BETAS, EPS, WEIGHT_DECAY, PEAK_LR, WARMUP = (0.7, 0.99), 1e-8, 1e-6, 3e-3, 0.1


def locked_dropout(x, p, training):
    if not training or p == 0:
        return x
    ones = x.new_ones(x.shape[0], 1, x.shape[2])
    return x * F.dropout(ones, p, True)


class AwdLstm(nn.Module):
    def __init__(self, vocab, embedding, hidden, layers, dropouts=DROPOUTS):
        super().__init__()
        self.vocab = vocab
        self.dropouts = dict(dropouts)
        self.embedding = nn.Parameter(torch.empty(vocab, embedding).uniform_(-0.1, 0.1))
        self.decoder_bias = nn.Parameter(torch.zeros(vocab))
        self.sizes = [embedding if l == layers - 1 else hidden for l in range(layers)]
        self.weights = nn.ParameterList()
        for l, size in enumerate(self.sizes):
            inp = embedding if l == 0 else hidden
            bound = 1 / math.sqrt(size)
            for shape in ((4 * size, inp), (4 * size, size), (4 * size,), (4 * size,)):
                self.weights.append(nn.Parameter(torch.empty(shape).uniform_(-bound, bound)))

    def zero_state(self, batch):
        return [(torch.zeros(1, batch, s), torch.zeros(1, batch, s)) for s in self.sizes]

    def forward(self, ids, state):
        training = self.training
        d = self.dropouts
        weight = self.embedding
        if training and d["embedding"] > 0:
            mask = F.dropout(weight.new_ones(weight.shape[0], 1), d["embedding"], True)
            weight = mask * weight
        x = F.embedding(ids, weight)
        x = locked_dropout(x, d["input"], training)
        new_state = []
        raw = x
        for l, (h, c) in enumerate(state):
            w_ih, w_hh, b_ih, b_hh = self.weights[4 * l:4 * l + 4]
            if training and d["weight"] > 0:
                w_hh = F.dropout(w_hh, d["weight"], True)
            raw, hy, cy = torch._VF.lstm(x, (h, c), [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, training, False, True)
            new_state.append((hy, cy))
            x = locked_dropout(raw, d["hidden"], training) if l < len(state) - 1 else raw
        dropped = locked_dropout(raw, d["output"], training)
        logits = F.linear(dropped, self.embedding, self.decoder_bias)
        return logits, new_state, raw, dropped

    def parameter_count(self):
        return sum(p.numel() for p in self.parameters())


def loss_terms(logits, targets, raw, dropped):
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    total = ce + AR * dropped.pow(2).mean()
    if raw.shape[1] > 1:
        total = total + TAR * (raw[:, 1:] - raw[:, :-1]).pow(2).mean()
    return total, ce


def one_cycle(step, total):
    """clara-nn's OneCycleSchedule: cosine from peak/25 up to peak, then linear down to peak/1e4."""
    warm = max(1, int(round(total * WARMUP)))
    if step < warm:
        start = PEAK_LR / 25
        return start + (PEAK_LR - start) * (1 - math.cos(math.pi * step / warm)) / 2
    end = PEAK_LR / 1e4
    return PEAK_LR + (end - PEAK_LR) * min(1.0, (step - warm) / max(1, total - warm))


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def blas_libraries():
    """The BLAS/LAPACK/oneDNN shared objects this process has mapped (after the first product)."""
    found = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if any(k in name for k in ("blas", "lapack", "mkl", "dnnl", "gomp", "omp")):
                found.add(os.path.realpath(path))
    return sorted(found)


def set_threads(threads):
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(threads)
    except RuntimeError:
        pass
