#!/usr/bin/env python3
"""Side-by-side table of the Homeostat CUDA executor vs PyTorch eager (same run, same GPU):
tokens/s per batch size, the ratio, and whether sequence 0's greedy tokens agree.

  python3 scripts/compare_bench.py DIR      (reads DIR/cuda.json and DIR/torch.json)
"""
import json
import sys

d = sys.argv[1]
ours = {r["batch"]: r for r in json.load(open(f"{d}/cuda.json"))["results"]}
torch = json.load(open(f"{d}/torch.json"))
theirs = {r["batch"]: r for r in torch["results"]}
print(f"CUDA executor vs PyTorch eager fp32 on {torch['device']}")
print(f"{'batch':>5} | {'prefill ours':>12} {'torch':>10} {'ratio':>6} | {'decode ours':>11} {'torch':>10} {'ratio':>6} | tokens")
for b in sorted(ours):
    o, t = ours[b], theirs.get(b)
    if t is None:
        continue
    n = min(len(o["first_tokens"]), len(t["first_tokens"]))
    same = sum(1 for i in range(n) if o["first_tokens"][i] == t["first_tokens"][i])
    print(f"{b:5d} | {o['prefill_tok_s']:12.0f} {t['prefill_tok_s']:10.0f} {o['prefill_tok_s'] / t['prefill_tok_s']:6.2f} | "
          f"{o['decode_tok_s']:11.0f} {t['decode_tok_s']:10.0f} {o['decode_tok_s'] / t['decode_tok_s']:6.2f} | {same}/{n} equal")
