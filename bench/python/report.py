#!/usr/bin/env python3
"""Writes bench/RESULTS.md from the raw outputs bench/run leaves in bench/work/results.

Usage: report.py WORK_DIR RESULTS_MD. Every section is optional: a section that has not run (or failed) is
shown as such, so `bench/run train` refreshes only the training figures.
"""
import glob
import json
import os
import platform
import re
import subprocess
import sys

WORK = sys.argv[1]
OUT = sys.argv[2]
RES = os.path.join(WORK, "results")


def read(name):
    path = os.path.join(RES, name)
    if not os.path.exists(path):
        return None
    with open(path, errors="replace") as f:
        return f.read()


def gpu_recorded():
    """The table rows of bench/gpu/RESULTS.md (figures recorded on a lent GPU machine), or [] if it is absent."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gpu", "RESULTS.md")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        lines = f.read().splitlines()
    rows, started = [], False
    for line in lines:
        if line.startswith("| configuration"):
            started = True
        if started:
            if not line.startswith("|"):
                break
            rows.append(line)
    return rows


def gpu_tokens_per_s(rows, label_start, device):
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith(label_start) and cells[1] == device:
            value = cells[2].replace("*", "").replace(",", "")
            return float(value) if value.replace(".", "").isdigit() else None
    return None


def meta(section):
    text = read(section + ".meta")
    if text is None:
        return None
    values = {}
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        values[key] = value.strip()
    return values


def json_line(text, prefix="{"):
    """The last JSON object line of a text (or after a prefix such as 'SUMMARY ')."""
    if not text:
        return None
    found = None
    for line in text.splitlines():
        line = line.strip()
        if prefix != "{" and line.startswith(prefix):
            line = line[len(prefix):].strip()
        elif not line.startswith("{"):
            continue
        try:
            found = json.loads(line)
        except json.JSONDecodeError:
            pass
    return found


def num(pattern, text, group=1, cast=float):
    if not text:
        return None
    m = re.search(pattern, text)
    return cast(m.group(group).replace(",", "")) if m else None


def fmt(value, digits=0, unit=""):
    if value is None:
        return "n/a"
    if isinstance(value, float) and digits == 0 and abs(value) < 10:
        digits = 2
    return f"{value:,.{digits}f}{unit}"


def ratio(clara, other, higher_is_better=True):
    """'2.10× faster' / '0.80× (slower)': Clara against the alternative."""
    if clara is None or other is None or clara == 0 or other == 0:
        return "n/a"
    r = clara / other if higher_is_better else other / clara
    return f"**{r:.2f}×**" + ("" if r >= 1 else " (slower)")


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001
        return ""


# ------------------------------------------------------------------------------------------------ raw results

def encode_results():
    java = read("encode-java.txt")
    py = read("encode-python.txt")
    j = None
    if java and "best:" in java:
        best = java[java.index("best:"):]
        j = {"seconds": num(r"best:\s+([\d.]+) s", best), "files_per_s": num(r"([\d.]+) files/s", best),
             "notes_per_s": num(r"([\d.]+) M notes/s", best) * 1e6, "tokens_per_s": num(r"([\d.]+) M tokens/s", best) * 1e6,
             "files": num(r"^(\d+) files", java, cast=int), "rejected": num(r"\((\d+) encoded, (\d+) rejected", best, 2, int),
             "first": num(r"warm-up 1: ([\d.]+) s", java)}
    p = None
    if py:
        best = [json.loads(line) for line in py.splitlines() if line.startswith('{"best"')]
        head = [json.loads(line) for line in py.splitlines() if line.startswith('{"files"')]
        if best:
            p = dict(best[-1]["best"])
            if head:
                p.update({"mido": head[0]["mido"], "python": head[0]["python"]})
    return j, p


def java_train(name):
    text = read(name)
    if not text or "tokens/s=" not in text:
        return None
    return {"tokens_per_s": num(r"tokens/s=([\d.]+)", text), "seconds_per_step": num(r"seconds/step=([\d.]+)", text),
            "peak_rss_mib": num(r"peak RSS \(VmHWM\)=([\d.]+) MiB", text), "parameters": num(r"parameters=([\d,]+)", text, cast=int),
            "steps": num(r"measured steps=(\d+)", text, cast=int), "warmup": num(r"after (\d+) warm-up", text, cast=int),
            "threads": num(r"intra-op-threads=(\d+)", text, cast=int), "interop": num(r"inter-op-threads=(\d+)", text, cast=int)}


def best_of(items, key="tokens_per_s"):
    items = [i for i in items if i]
    return max(items, key=lambda i: i[key]) if items else None


def java_generate(name):
    text = read(name)
    if not text or "fast:" not in text:
        return None
    return {"ms_per_step": num(r"fast: .*?ms/step=([\d.]+)", text), "tokens_per_s": num(r"fast: .*?tokens/s=([\d.]+)", text),
            "naive_ms_per_step": num(r"naive: .*?ms/step=([\d.]+)", text),
            "naive_tokens_per_s": num(r"naive: .*?tokens/s=([\d.]+)", text),
            "parameters": num(r"parameters=([\d,]+)", text, cast=str), "steps": num(r"fast: steps=(\d+)", text, cast=int),
            "samples": num(r"samples=(\d+)", text, cast=int), "tokens": num(r" tokens=(\d+)", text, cast=int)}


# ------------------------------------------------------------------------------------------------ the page

lines = []


def out(text=""):
    lines.append(text)


def section_state(section):
    m = meta(section)
    if m is None:
        return None, "not run yet (`bench/run %s`)" % section
    state = f"run {m.get('started', '?')}, {m.get('seconds', '?')} s, load average {m.get('load_start', '?')} → {m.get('load_end', '?')}"
    if m.get("exit", "0") != "0":
        state += f" — **FAILED (exit {m.get('exit')})**, see bench/work/logs/{section}.log"
    return m, state


run = meta("run") or {}
enc_j, enc_p = encode_results()
tr = {
    "tiny": (best_of([java_train("train-java-tiny-1.txt"), java_train("train-java-tiny-2.txt")]),
             best_of([json_line(read("train-python-tiny-1.txt")), json_line(read("train-python-tiny-2.txt"))])),
    "clara": (java_train("train-java-clara.txt"), json_line(read("train-python-clara.txt"))),
}
tr_runs = {side: [java_train(f"train-java-tiny-{i}.txt") if side == "java" else json_line(read(f"train-python-tiny-{i}.txt"))
                  for i in (1, 2)] for side in ("java", "python")}
def best_time(items):
    items = [i for i in items if i]
    return min(items, key=lambda i: i["ms_per_step"]) if items else None


gen_runs = {"java": [java_generate(f"generate-java-tiny-{i}.txt") for i in (1, 2)],
            "python": [json_line(read(f"generate-python-tiny-{i}.txt")) for i in (1, 2)]}
gen = {"tiny": (best_time(gen_runs["java"]), best_time(gen_runs["python"])),
       "clara": (java_generate("generate-java-clara.txt"), json_line(read("generate-python-clara.txt")))}
opcost = (json_line(read("generate-java-opcost.txt")), json_line(read("generate-python-opcost.txt")))
pipe = {name: json_line(read(f"pipeline-{name}.txt"), "SUMMARY ")
        for name in ("1gen-latency", "1gen-throughput", "2gen-latency", "2gen-throughput")}

out("# Clara benchmark results")
out()
out("Written by `bench/run` (see [README.md](README.md)); every figure below comes from the raw outputs in "
    "`bench/work/results/` of the latest run of its section. Ratios are Clara ÷ alternative for throughputs and "
    "alternative ÷ Clara for times, so **above 1 means Clara is faster**.")
out()
if run:
    out(f"Latest `bench/run` invocation: `{run.get('command', '?')}` at {run.get('date', '?')}, "
        f"wall time **{run.get('seconds', '?')} s** ({int(run.get('seconds', 0) or 0) / 60:.1f} min), "
        f"load average {run.get('load_start', '?')} → {run.get('load_end', '?')}"
        + (f"; failed sections: {run['failed']}" if run.get("failed") else "") + ".")
    out()

# ---- summary table
out("## Summary")
out()
out("| benchmark | Clara (Java, DJL) | alternative (Python) | Clara vs alternative |")
out("| --- | --- | --- | --- |")
if enc_j or enc_p:
    out(f"| encode /work/shared/corpus/piano, 1 thread: files/s | {fmt(enc_j and enc_j['files_per_s'])} "
        f"| mido {fmt(enc_p and enc_p['files_per_s'], 1)} | {ratio(enc_j and enc_j['files_per_s'], enc_p and enc_p['files_per_s'])} |")
    out(f"| encode: notes/s | {fmt(enc_j and enc_j['notes_per_s'])} | mido {fmt(enc_p and enc_p['notes_per_s'])} "
        f"| {ratio(enc_j and enc_j['notes_per_s'], enc_p and enc_p['notes_per_s'])} |")
for size, label in (("tiny", "tiny (vocab 200, emb 64, 256+64, batch 32, bptt 128)"),
                    ("clara", "Clara's size (vocab 200, emb 400, 4 layers 600/600/600/400, batch 32, bptt 200)")):
    j, p = tr[size]
    if j or p:
        out(f"| train {label}, 1 thread: tokens/s | {fmt(j and j['tokens_per_s'])} | PyTorch {fmt(p and p['tokens_per_s'])} "
            f"| {ratio(j and j['tokens_per_s'], p and p['tokens_per_s'])} |")
        rss = (f"{j['peak_rss_mib'] / p['peak_rss_mib']:.2f}× PyTorch's" if j and p and p.get('peak_rss_mib') else "n/a")
        out(f"| train {size}: peak RSS (lower is better) | {fmt(j and j['peak_rss_mib'])} MiB | {fmt(p and p['peak_rss_mib'])} MiB | {rss} |")
for size in ("tiny", "clara"):
    j, p = gen[size]
    if j or p:
        shape = f"{(j or p).get('samples', '?')} × {(j or p).get('tokens', '?')} tokens"
        out(f"| generate {size}, {shape}, 1 thread: ms/step | {fmt(j and j['ms_per_step'], 3)} (BatchSampler) "
            f"| PyTorch loop {fmt(p and p['ms_per_step'], 3)} | {ratio(j and j['ms_per_step'], p and p['ms_per_step'], False)} |")
        out(f"| generate {size}: tokens/s | {fmt(j and j['tokens_per_s'])} | {fmt(p and p['tokens_per_s'])} "
            f"| {ratio(j and j['tokens_per_s'], p and p['tokens_per_s'])} |")
        out(f"| generate {size}: naive DJL per-token block loop, ms/step | {fmt(j and j['naive_ms_per_step'], 3)} "
            f"| PyTorch loop {fmt(p and p['ms_per_step'], 3)} | {ratio(j and j['naive_ms_per_step'], p and p['ms_per_step'], False)} |")
for name, label in (("1gen-latency", "1 generator, 1 request in flight"), ("2gen-latency", "2 generators, 1 request in flight")):
    s = pipe[name]
    if s:
        out(f"| pipeline latency, {label}: p50 / p99 (ms) | {s['latency_ms']['p50']:,} / {s['latency_ms']['p99']:,} "
            f"({s['finished']} requests) | — | — |")
for name, label in (("1gen-throughput", "1 generator"), ("2gen-throughput", "2 generators")):
    s = pipe[name]
    if s:
        out(f"| pipeline throughput, {label}, 4 in flight: requests/min | {s['requests_per_min']:.1f} "
            f"(p50 latency {s['latency_ms']['p50']:,} ms) | — | — |")
gpu_rows = gpu_recorded()
gpu_clara = gpu_tokens_per_s(gpu_rows, "Clara's size (emb 400", "GPU")
gpu_cpu = gpu_tokens_per_s(gpu_rows, "Clara's size, batch 32", "CPU, 16 threads, same machine")
if gpu_clara:
    versus = f"{gpu_clara / gpu_cpu:.1f}× the same machine's 16 CPU threads" if gpu_cpu else "—"
    out(f"| train Clara's size, batch 32, on an H100 GPU (recorded by bench/gpu, not this run): tokens/s "
        f"| {gpu_clara:,.0f} | — | {versus} |")
out()

# ---- machine and versions
out("## Machine")
out()
cpu = sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p'") or platform.processor()
flags = sh("grep -m1 -o 'avx512f' /proc/cpuinfo")
mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
cores = sh("nproc")
os_name = sh(". /etc/os-release && echo $PRETTY_NAME")
out(f"- CPU: {cpu}, {cores} cores, {'AVX-512' if flags else 'no AVX-512'}; RAM {mem}; "
    f"{platform.system()} {platform.release()}; {os_name}")
out("- The machine is shared with other work (other builds, test stacks and benchmarks ran at the same time): the "
    "load average of each section is given with it. Figures move by ±20% or more between runs; ratios were measured "
    "side by side in the same run, alternating Java and Python.")
out("- No CUDA GPU on this machine; GPU figures recorded elsewhere are under GPU below.")
out()
out("## Versions")
out()
java_version = sh("java -version 2>&1 | head -1")
cp_text = ""
try:
    with open(os.path.join(WORK, "nn-cp.txt")) as f:
        cp_text = f.read()
except OSError:
    pass
djl = sorted({os.path.basename(p) for p in cp_text.split(":") if "/ai/djl/" in p})
libtorch = sorted(os.path.basename(p) for p in glob.glob(os.path.expanduser("~/.djl.ai/pytorch/*")))
probe = read("train-java-probe.txt") or ""
mkl = re.search(r"MKL_VERBOSE (oneMKL[^,]*?) Product build", probe)
mkl_threads = re.search(r"NThr:(\d+)", probe)
onednn = re.search(r"oneDNN v[\d.]+", probe)
onednn_rt = re.search(r"onednn_verbose,v1,info,cpu,runtime:(\w+),nthr:(\d+)", probe)
onednn_isa = re.search(r"onednn_verbose,v1,info,cpu,isa:([^\n]+)", probe)
prims = {}
for m in re.finditer(r"onednn_verbose,v1,primitive,exec,cpu,(\w+)", probe):
    prims[m.group(1)] = prims.get(m.group(1), 0) + 1
sgemm = len(re.findall(r"MKL_VERBOSE SGEMM", probe))
pyconf = read("train-python-config.txt") or ""
py_tiny = tr["tiny"][1] or tr["clara"][1] or {}
blas_info = re.search(r"BLAS_INFO=(\w+)", pyconf)
py_libs = py_tiny.get("libraries", [])
kafka_jar = sorted(os.path.basename(p) for p in glob.glob(os.path.join(os.path.dirname(WORK), "..", "clara-kafka", "target", "lib", "kafka_2.13-*.jar")))
out(f"- Java: {java_version}")
out(f"- DJL: {', '.join(djl) if djl else 'n/a'}; libtorch extracted by DJL: {', '.join(libtorch) or 'n/a'}")
out(f"- libtorch's kernels in the JVM (from one tiny training step with `MKL_VERBOSE=1 ONEDNN_VERBOSE=1`): "
    f"{mkl.group(1) if mkl else 'no oneMKL line seen'} for SGEMM ({sgemm} calls, NThr:{mkl_threads.group(1) if mkl_threads else '?'}); "
    f"{onednn.group(0) if onednn else 'no oneDNN line seen'}"
    + (f" (runtime {onednn_rt.group(1)}, {onednn_rt.group(2)} thread, ISA {onednn_isa.group(1).strip()})" if onednn_rt and onednn_isa else "")
    + (f", primitives executed: {', '.join(f'{k} ×{v}' for k, v in sorted(prims.items()))} — the LSTM runs as oneDNN's RNN primitive" if prims else ""))
out(f"- Python: {(enc_p or {}).get('python') or sh('/usr/bin/python3 --version')} (`/usr/bin/python3`, Debian); "
    f"torch {py_tiny.get('torch', 'n/a')} (Debian python3-torch 1.13.1); mido {(enc_p or {}).get('mido', 'n/a')} (Debian python3-mido)")
out(f"- PyTorch's BLAS: built with BLAS_INFO={blas_info.group(1) if blas_info else '?'} (the system libblas.so.3); run with "
    f"`LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread` and `OPENBLAS_NUM_THREADS=1`; the process mapped "
    f"{', '.join(py_libs) if py_libs else 'n/a'}. Its LSTM is ATen's native CPU kernel (torch 1.13 has no oneDNN RNN path; "
    f"`DNNL_VERBOSE=1` prints nothing), so its products go through OpenBLAS sgemm.")
kcat = "kcat " + sh("kcat -V 2>&1 | sed -n 's/^Version \\([^ ]*\\).*/\\1/p'")
out(f"- Kafka (embedded broker and clients): {', '.join(kafka_jar) or 'see clara-kafka/target/lib'}; {kcat}")
out()

# ---- sections in detail
out("## 1. Encoding (clara-music vs mido)")
out()
m, state = section_state("encode")
out(f"_{state}_")
out()
if enc_j or enc_p:
    out("| side | files | best pass | files/s | notes/s | tokens/s | rejected |")
    out("| --- | --- | --- | --- | --- | --- | --- |")
    if enc_j:
        out(f"| Clara `EncodeBenchmark` notewise-sf12-r62 (read + quantise + fold + notewise tokens), best of 5 after 2 warm-ups "
            f"(first, cold pass {fmt(enc_j['first'], 3)} s) | {enc_j['files']} | {fmt(enc_j['seconds'], 3)} s | "
            f"{fmt(enc_j['files_per_s'])} | {fmt(enc_j['notes_per_s'])} | {fmt(enc_j['tokens_per_s'])} | {enc_j['rejected']} |")
    if enc_p:
        out(f"| mido {enc_p.get('mido', '')} parse + note-on/off pairing + 12 steps/quarter quantisation (no tokens), best of 2 "
            f"| {enc_p['files']} | {fmt(enc_p['seconds'], 3)} s | {fmt(enc_p['files_per_s'], 1)} | {fmt(enc_p['notes_per_s'])} | — "
            f"| {sum(enc_p['rejected'].values())} |")
    out()
    if enc_j and enc_p:
        out(f"Both read the {enc_j['files']} files into memory first and run on one thread (the JVM with "
            f"`-XX:ActiveProcessorCount=1 -XX:+UseSerialGC`). mido found {enc_p['notes']:,} notes; Clara's reader "
            f"≈{enc_j['notes_per_s'] * enc_j['seconds']:,.0f} (notes/s × seconds as printed). Clara does more work per file "
            f"(range folding, de-overlapping, notewise token text), so the ratio is conservative.")
        out()

out("## 2. Training (clara-nn TrainingBenchmark vs the same AWD-LSTM step in PyTorch, 1 thread each)")
out()
m, state = section_state("train")
out(f"_{state}_")
out()
rows = []
for size in ("tiny", "clara"):
    j, p = tr[size]
    if j:
        rows.append(f"| {size} | clara-nn (DJL {', '.join(d for d in djl if d.startswith('pytorch-jni')) or ''}) | {j['parameters']:,} "
                    f"| {j['steps']} after {j['warmup']} | {fmt(j['seconds_per_step'], 3)} | {fmt(j['tokens_per_s'])} | {fmt(j['peak_rss_mib'])} MiB |")
    if p:
        rows.append(f"| {size} | PyTorch {p['torch']} + OpenBLAS | {p['parameters']:,} | {p['steps']} after {p['warmup']} "
                    f"| {fmt(p['seconds_per_step'], 3)} | {fmt(p['tokens_per_s'])} | {fmt(p['peak_rss_mib'])} MiB |")
if rows:
    out("| size | side | parameters | measured steps | s/step | tokens/s | peak RSS (VmHWM) |")
    out("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        out(r)
    out()
    tiny_j = [fmt(r and r["tokens_per_s"]) for r in tr_runs["java"]]
    tiny_p = [fmt(r and r["tokens_per_s"]) for r in tr_runs["python"]]
    out(f"Tiny was run twice per side, alternating (clara-nn {' / '.join(tiny_j)}, PyTorch {' / '.join(tiny_p)} tokens/s); "
        "the table shows the better run of each. Clara's size ran once per side "
        f"({tr['clara'][0]['steps'] if tr['clara'][0] else '?'} measured steps after "
        f"{tr['clara'][0]['warmup'] if tr['clara'][0] else '?'} warm-up steps) to stay within the time budget.")
    out()
out("What the Python side computes (`bench/python/awd_lstm.py`, `train_torch.py`), matched to clara-nn's "
    "`AwdLstmLanguageModel`, `WeightDroppedLstmLayer`, `LanguageModelLoss`, `LanguageModelTrainer`, `AdamOptimizer`, "
    "`GradientClipping`: embedding U(±0.1) with embedding dropout 0.1 (a [vocab, 1] mask); locked dropouts 0.6 (input), "
    "0.2 (between layers), 0.4 (output); each layer the fused ATen LSTM (`torch._VF.lstm`, one layer, batch first, both "
    "biases, i/f/g/o) with W_hh replaced by dropout(W_hh, 0.5) per step (DropConnect, gradient to the raw weight); last "
    "layer as wide as the embedding and the decoder tied to the raw embedding; loss CE + 2·mean(dropped²) + "
    "1·mean((h_t − h_{t−1})²); backward; global-norm clipping 0.3; Adam β=(0.7, 0.99), ε=1e-8, L2 weight decay 1e-6, "
    "one-cycle learning rate; state carried and detached between windows; the loss read back every step. Differences: "
    "the cross-entropy is `F.cross_entropy` (log-softmax + NLL fused) where clara-nn does log-softmax + pick + mean; "
    "Adam is `torch.optim.Adam` (ε added to √v̂, bias correction on the step) where clara-nn calls libtorch's fused "
    "adam update through DJL (ε added to √v, the rate bias-corrected) — the same cost; PyTorch is 1.13.1 (Debian) "
    "against libtorch 2.7.1, and their LSTM kernels differ (see Versions).")
out()

out("## 3. Generation (clara-nn GenerationBenchmark vs a PyTorch sampling loop, 1 thread each)")
out()
m, state = section_state("generate")
out(f"_{state}_")
out()
if any(j or p for j, p in gen.values()):
    out("| size | samples × tokens | clara-nn BatchSampler ms/step | tokens/s | clara-nn naive block loop ms/step | PyTorch loop ms/step | tokens/s | BatchSampler vs PyTorch |")
    out("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for size in ("tiny", "clara"):
        j, p = gen[size]
        if not (j or p):
            continue
        shape = f"{(j or p).get('samples')} × {(j or p).get('tokens')}"
        out(f"| {size} | {shape} | {fmt(j and j['ms_per_step'], 3)} | {fmt(j and j['tokens_per_s'])} | "
            f"{fmt(j and j['naive_ms_per_step'], 3)} | {fmt(p and p['ms_per_step'], 3)} | {fmt(p and p['tokens_per_s'])} "
            f"| {ratio(j and j['ms_per_step'], p and p['ms_per_step'], False)} |")
    out()
    out(f"Tiny was run twice per side, alternating (BatchSampler {' / '.join(fmt(r and r['ms_per_step'], 3) for r in gen_runs['java'])} ms, "
        f"naive loop {' / '.join(fmt(r and r['naive_ms_per_step'], 3) for r in gen_runs['java'])} ms, PyTorch "
        f"{' / '.join(fmt(r and r['ms_per_step'], 3) for r in gen_runs['python'])} ms a step); the table shows the faster run "
        "of each. Clara's size ran once per side.")
    out()
if opcost[0] and opcost[1]:
    dj, pt = opcost
    out("Cost of one small op, 1 thread, best of 3 × 20,000 calls (`bench/java/OpCost.java` through DJL with a sub-manager "
        "per call as the sampler does, `bench/python/op_cost.py` from Python under inference_mode):")
    out()
    out("| op | DJL (libtorch 2.7.1) | PyTorch 1.13 from Python |")
    out("| --- | --- | --- |")
    out(f"| add [16, 1024] | {dj['add_16x1024_us']:.2f} µs | {pt['add_16x1024_us']:.2f} µs |")
    out(f"| sigmoid [16, 1024] | {dj['sigmoid_16x1024_us']:.2f} µs | {pt['sigmoid_16x1024_us']:.2f} µs |")
    out(f"| matmul [16, 256] · [256, 1024] | {dj['matmul_16x256x1024_us']:.1f} µs | {pt['matmul_16x256x1024_us']:.1f} µs |")
    out()
out("Randomly initialised networks of the training sizes (vocabulary 200), every sample primed with `<bos>`, Clara's "
    "sampling (argmax, or with p = 0.8 a draw among the 3 most likely). clara-nn's `BatchSampler` uses its prepared "
    "inference cell (first-layer table lookup, one `addmm` per layer, logits copied to Java and the choice made there); "
    "its naive loop calls the model's block (the fused LSTM kernel) once per token. The PyTorch loop "
    "(`bench/python/generate_torch.py`) calls the same network in eval mode once per token for the batch under "
    "`torch.inference_mode()`, with softmax, top-3, `torch.multinomial` and `torch.where` in torch; the ids stay in a "
    "tensor until the end. Each side runs a 20-token warm-up first.")
out()

out("## 4. The pipeline (local stack, Kafka → RankedResult)")
out()
m, state = section_state("pipeline")
out(f"_{state}_")
out()
setup = read("pipeline-setup.txt") or ""
submit = read("pipeline-submit.txt") or ""
versions = []
for kind in ("generator", "critic", "composer"):
    t = read(f"pipeline-train-{kind}.txt") or ""
    mm = re.search(r"new version (\S+): (.*)", t)
    if mm:
        metrics = mm.group(2)
        keep = [kv for kv in metrics.split(", ") if kv.split(" ")[0] in (
            "accuracy", "perplexity", "seconds", "steps", "tokens_per_second", "training_pieces", "validation_pieces",
            "training_excerpts", "balanced_accuracy")]
        versions.append(f"{mm.group(1)} ({', '.join(keep)})")
if any(pipe.values()):
    out("| setting | requests | latency p50 | p99 | mean | generation p50 / mean | scoring p50 / mean | ranking p50 / mean | requests/min | tokens by instance |")
    out("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in ("1gen-latency", "1gen-throughput", "2gen-latency", "2gen-throughput"):
        s = pipe[name]
        if not s:
            out(f"| {name} | not measured | | | | | | | | |")
            continue
        by = ", ".join(f"{k.rsplit(':', 1)[-1]}: {v:,}" for k, v in s.get("tokens_by_instance", {}).items())
        out(f"| {s['label']} | {s['finished']}/{s['requests']} ({s['complete_rankings']} complete) | "
            f"{s['latency_ms']['p50']:,} ms | {s['latency_ms']['p99']:,} ms | {s['latency_ms']['mean']:,} ms | "
            f"{s['generation_ms']['p50']:,} / {s['generation_ms']['mean']:,} ms | {s['scoring_ms']['p50']:,} / {s['scoring_ms']['mean']:,} ms | "
            f"{s['ranking_ms']['p50']:,} / {s['ranking_ms']['mean']:,} ms | {s['requests_per_min']:.1f} | {by} |")
    out()
out("Each request: 4 samples × 500 tokens, Clara's sampling, prompts from the test split (64 tokens), one seed per "
    "request. The client (`bench/java/PipelineBenchmark.java`, compiled by bench/run against `clara-cli/target/clara-cli.jar`) "
    "produces the `GenerateRequest` (proto JSON, key = request id, the record's timestamp set at send) and follows "
    "clara.samples, clara.scores and clara.ranked with a read_committed consumer. **generation** = last `Sample` record's "
    "timestamp − request timestamp (includes waiting in the generator's queue when several are in flight); **scoring** = "
    "last `SampleScore` record's timestamp (critic and composer, 8 per request) − last sample's; **ranking** = arrival of "
    "the `RankedResult` at the client − last score's (the ranker's Kafka Streams processing, its exactly-once commit every "
    "200 ms, and delivery to a read_committed consumer); **latency** = arrival − request. Percentiles are nearest-rank: "
    "with 20–24 requests, p99 is the largest. Requests/min = finished requests ÷ (last arrival − first send), keeping 4 requests in "
    "flight. The latency runs follow 2 (one instance) or 4 (two instances) unmeasured warm-up requests. Tokens by "
    "instance come from each generator's `clara_generator_tokens_total` metric and show how the consumer group split "
    "the requests (4 partitions).")
out()
if setup or versions or submit:
    out(f"Setup: {setup.strip()}; " + (re.findall(r"\d+ submitted.*", submit) or ["submission: n/a"])[-1].strip()
        + " (bach 14, chopin 13, joplin 13 from /work/shared/corpus/piano); models trained for the run: "
        + "; ".join(versions) + ". The second generator is a separate generator-service process on port 8113 (+offset) "
        "with the same Kafka and model store; both run libtorch with 1 intra-op thread (the service's default), on the "
        "same 2 cores as Kafka, the critic, the composer model, the encoder and the trainer.")
    out()

out("## 5. GPU")
out()
m, state = section_state("gpu")
out(f"_{state}_")
out()
gp = read("gpu-probe.txt")
gt = read("gpu-train.txt")
if gp is not None:
    has = "nvidia-smi: not installed" not in gp or "/dev/nvidia0" in gp
    out(("A CUDA GPU seems present: " if has else "**No CUDA GPU on this machine**: ") + "; ".join(gp.strip().splitlines()) + ".")
    out()
    if gt:
        msg = [l for l in gt.splitlines() if l.strip() and not l.lstrip().startswith("at ") and "Exception" in l] or \
              [l for l in gt.splitlines() if l.strip() and not l.lstrip().startswith("at ")]
        out("`TrainingBenchmark --device gpu` answers: `" + (msg[-1].strip() if msg else "?") + "`")
        out()
out("clara-nn's training benchmark takes `--device auto|cpu|gpu`. Maven Central ships only DJL's CPU libtorch, so a "
    "GPU run needs a CUDA libtorch given by `PYTORCH_LIBRARY_PATH`, of the JNI's version (2.7.1) or with DJL's JNI built "
    "against it (see clara-nn/README.md and bench/gpu/README.md).")
out()
if gpu_rows:
    out("Recorded on the GPU machine lent to the project by `bench/gpu/device-check` (DJL's JNI built there against "
        "Python torch 2.11's libtorch; details, learning check and raw output in [gpu/RESULTS.md](gpu/RESULTS.md)):")
    out()
    for row in gpu_rows:
        out(row)
    out()

# ---- findings
out("## Findings")
out()
findings = []
if enc_j and enc_p:
    findings.append(f"Encoding: Clara's hand-written MIDI reader and encoder process {enc_j['files_per_s'] / enc_p['files_per_s']:.0f}× "
                    f"the files per second of mido's parser with a minimal pairing/quantising loop, while doing more work.")
for size in ("tiny", "clara"):
    j, p = tr[size]
    if j and p:
        r = j["tokens_per_s"] / p["tokens_per_s"]
        if r >= 0.95:
            findings.append(f"Training {size}: clara-nn is {r:.2f}× PyTorch {p['torch']}'s tokens/s with one thread each"
                            + (" (on par). " if r < 1.05 else ". ") +
                            "The difference is the kernels, not Java: clara-nn's libtorch 2.7.1 runs the LSTM as a oneDNN RNN "
                            "primitive and the decoder products in oneMKL, while Debian's torch 1.13 runs ATen's native LSTM "
                            "over OpenBLAS; DJL's per-op JNI overhead is small next to a 4k–6k token step.")
        else:
            findings.append(f"Training {size}: clara-nn reaches only {r:.2f}× PyTorch's tokens/s — slower. Both call the same "
                            "ATen ops per step; the gap is in libtorch 2.7.1's oneDNN RNN + oneMKL against torch 1.13's "
                            "native LSTM + OpenBLAS at this size and in the load of the shared machine during each run "
                            "(see the load averages); rerun `bench/run train` on a quiet machine before acting on it.")
        findings.append(f"Peak memory, {size}: clara-nn {j['peak_rss_mib']:.0f} MiB (JVM + libtorch) against "
                        f"{p['peak_rss_mib']:.0f} MiB for the Python process (interpreter + torch).")
for size in ("tiny", "clara"):
    j, p = gen[size]
    if j and p:
        r = p["ms_per_step"] / j["ms_per_step"]
        text = (f"Generation {size}: the BatchSampler takes {j['ms_per_step']:.3f} ms a step against {p['ms_per_step']:.3f} ms "
                f"for the PyTorch loop ({r:.2f}×" + (" faster)" if r >= 1 else ", **slower**)") + ".")
        if j.get("naive_ms_per_step"):
            rn = p["ms_per_step"] / j["naive_ms_per_step"]
            text += (f" DJL's naive per-token block loop, the same algorithm as the Python loop, takes "
                     f"{j['naive_ms_per_step']:.3f} ms ({rn:.2f}× PyTorch)")
            if rn < 0.95:
                text += (" — the naive loop pays libtorch 2.7.1's oneDNN RNN primitive on every one-token call (its "
                         "weights are re-laid out per call: the `reorder` primitives under Versions), which torch "
                         "1.13's native LSTM does not; that is why clara-nn's sampler has its own prepared cell")
            if j["naive_ms_per_step"] < j["ms_per_step"]:
                text += (" — faster than the BatchSampler at this size: the prepared cell's dozen small element-wise ops "
                         "cost more through DJL's JNI than the one fused LSTM call per layer they replace when the layers are "
                         "this small; the cell pays off at Clara's size")
            text += "."
        if r < 1:
            runs = [x["ms_per_step"] for x in gen_runs["java"] if x] if size == "tiny" else []
            extra = (" At this size the matrix products are small, so a step is dominated by the cost of calling "
                     "ops: the cell makes a few dozen small calls a step")
            if opcost[0] and opcost[1]:
                extra += (f", and one small op costs {opcost[0]['add_16x1024_us']:.1f} µs through DJL against "
                          f"{opcost[1]['add_16x1024_us']:.1f} µs from Python (JNI, NDManager bookkeeping)")
            extra += ("; the products and kernels themselves are as fast or faster in libtorch 2.7.1. Figures of a "
                      "millisecond or less also move most with the load of the shared machine")
            if len(runs) > 1:
                extra += f" (the BatchSampler's two runs here: {' / '.join(f'{v:.3f}' for v in runs)} ms)"
            text += extra + "."
        findings.append(text)
if pipe.get("1gen-latency") and pipe.get("1gen-throughput"):
    a, b = pipe["1gen-latency"], pipe["1gen-throughput"]
    gshare = a["generation_ms"]["mean"] / max(1, a["latency_ms"]["mean"])
    rshare = a["ranking_ms"]["mean"] / max(1, a["latency_ms"]["mean"])
    findings.append(f"Pipeline, one generator: a 4 × 500-token request is ranked in {a['latency_ms']['p50']:,} ms at the median "
                    f"(p99 {a['latency_ms']['p99']:,} ms); on average generation is {gshare:.0%} of it "
                    f"({a['generation_ms']['mean']:,} ms), scoring {a['scoring_ms']['mean']:,} ms and ranking "
                    f"{a['ranking_ms']['mean']:,} ms ({rshare:.0%}): the ranker's exactly-once Kafka Streams commit "
                    f"(every 200 ms) and the read_committed delivery after it are a fixed floor of a few hundred ms, "
                    f"the largest share for short requests like these. With 4 requests in flight it "
                    f"sustains {b['requests_per_min']:.1f} requests/min; the queueing shows in generation "
                    f"(p50 {b['generation_ms']['p50']:,} ms).")
if pipe.get("1gen-throughput") and pipe.get("2gen-throughput"):
    b1, b2 = pipe["1gen-throughput"], pipe["2gen-throughput"]
    gain = b2["requests_per_min"] / max(1e-9, b1["requests_per_min"])
    findings.append(f"A second generator instance changes throughput by {gain:.2f}× ({b1['requests_per_min']:.1f} → "
                    f"{b2['requests_per_min']:.1f} requests/min, p50 latency {b1['latency_ms']['p50']:,} → "
                    f"{b2['latency_ms']['p50']:,} ms at 4 in flight). Both instances share the same 2 cores with the broker, "
                    "the scorers and the other services (and with other work on this machine), so it adds parallelism but "
                    "not CPU: the gain is bounded by the second core.")
if pipe.get("1gen-latency") and pipe.get("2gen-latency"):
    l1, l2 = pipe["1gen-latency"], pipe["2gen-latency"]
    findings.append(f"With one request at a time the second instance barely matters (p50 {l1['latency_ms']['p50']:,} → "
                    f"{l2['latency_ms']['p50']:,} ms): one request is generated by one instance on one libtorch thread.")
for f_ in findings:
    out(f"- {f_}")
if not findings:
    out("- (no complete comparison yet)")
out()

# ---- commands
out("## Exact commands")
out()
out("Run from the repository root by `bench/run` (after `./mvnw -B -q -o install -DskipTests`, "
    "`./mvnw -q -o -pl clara-nn dependency:build-classpath -Dmdep.outputFile=bench/work/nn-cp.txt -Dmdep.includeScope=runtime` "
    "`javac -d bench/work/classes -cp clara-cli/target/clara-cli.jar bench/java/PipelineBenchmark.java` and "
    "`javac -d bench/work/nn-classes -cp clara-nn/target/clara-nn-0.1.0-SNAPSHOT.jar:$(cat bench/work/nn-cp.txt) bench/java/OpCost.java`):")
out()
for section in ("encode", "train", "generate", "pipeline", "gpu"):
    cmds = read(section + ".cmds")
    if cmds:
        out(f"{section}:")
        out()
        out("```sh")
        for c in cmds.strip().splitlines():
            out(c.strip())
        if section == "pipeline":
            out("# cleanup, also on failure (trap): kill the second generator; ./clara down")
        out("```")
        out()

with open(OUT, "w") as f:
    f.write("\n".join(lines).rstrip() + "\n")
print(f"wrote {OUT}")
