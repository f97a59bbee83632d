#!/usr/bin/env python3
"""Python/mido counterpart of Clara's EncodeBenchmark: read + pair + quantise, one thread.

Every .mid/.midi file under the folder is read into memory first (disk excluded, as in
EncodeBenchmark). A pass parses each file with mido (mido.MidiFile on a BytesIO), walks every
track with absolute ticks, pairs note-on/note-off first-in first-out per (channel, pitch) (a
note-on with velocity 0 is an off; channel 10 drums are skipped, as Clara's piano reader does),
and quantises start and end to 12 steps per quarter note (nearest, halves up; at least one step),
which is Clara's notewise grid. It produces no token text: Clara's figure also includes folding
into the key range, de-overlapping and writing notewise tokens, so the comparison favours Python.

Prints one JSON line per pass and a final "best" JSON line.
"""
import argparse
import io
import json
import math
import os
import sys
import time

import mido


def quantise(tick, tpq, sf):
    return int(math.floor(tick * sf / tpq + 0.5))


def encode(data, sf):
    """Returns the number of quantised notes of one MIDI file (raises on a file mido refuses)."""
    midi = mido.MidiFile(file=io.BytesIO(data))
    tpq = midi.ticks_per_beat
    notes = []
    for track in midi.tracks:
        tick = 0
        open_notes = {}
        for message in track:
            tick += message.time
            kind = message.type
            if kind == 'note_on' or kind == 'note_off':
                if message.channel == 9:
                    continue
                key = (message.channel, message.note)
                if kind == 'note_on' and message.velocity > 0:
                    open_notes.setdefault(key, []).append(tick)
                else:
                    starts = open_notes.get(key)
                    if starts:
                        start = starts.pop(0)
                        s = quantise(start, tpq, sf)
                        e = max(s + 1, quantise(tick, tpq, sf))
                        notes.append((s, e, message.note))
        # Notes never switched off end at the track's end, as in Clara's reader.
        for (channel, pitch), starts in open_notes.items():
            for start in starts:
                s = quantise(start, tpq, sf)
                notes.append((s, max(s + 1, quantise(tick, tpq, sf)), pitch))
    notes.sort()
    return len(notes)


def one_pass(files, sf):
    notes = 0
    encoded = 0
    rejected = {}
    start = time.perf_counter()
    for data in files:
        try:
            notes += encode(data, sf)
            encoded += 1
        except Exception as e:  # noqa: BLE001 - mido raises many kinds on bad files
            name = type(e).__name__
            rejected[name] = rejected.get(name, 0) + 1
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "files": len(files), "encoded": encoded, "rejected": rejected,
            "notes": notes, "files_per_s": len(files) / seconds, "notes_per_s": notes / seconds}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=0)
    parser.add_argument("--sample-freq", type=int, default=12)
    args = parser.parse_args()
    paths = []
    for root, _, names in os.walk(args.folder):
        for name in names:
            if name.lower().endswith((".mid", ".midi")):
                paths.append(os.path.join(root, name))
    paths.sort()
    files = []
    for path in paths:
        with open(path, "rb") as f:
            files.append(f.read())
    print(json.dumps({"files": len(files), "bytes": sum(map(len, files)), "folder": args.folder,
                      "python": sys.version.split()[0], "mido": mido.__version__}), flush=True)
    for _ in range(args.warmup):
        print(json.dumps({"warmup": one_pass(files, args.sample_freq)}), flush=True)
    best = None
    for _ in range(args.repeat):
        result = one_pass(files, args.sample_freq)
        print(json.dumps({"pass": result}), flush=True)
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    print(json.dumps({"best": best}), flush=True)


if __name__ == "__main__":
    main()
