#!/usr/bin/env python3
"""PyTorch eager reference for the Homeostat CUDA executor's throughput comparison.

Runs the same Llama decoder (llama2.c architecture and checkpoint format: RMSNorm, interleaved-pair RoPE,
grouped-query attention, SwiGLU) with the same weights (the checkpoint the Java benchmark wrote) on the same
prompts, greedy, in fp32 with TF32 off, the way a user would write it in PyTorch: contiguous KV cache per
layer, F.scaled_dot_product_attention, one forward per decode step.

  python3 scripts/torch_reference.py --dir DIR [--batches 1,8,32,64] [--gen 128] [--reps 5]

Reads DIR/model.bin and DIR/prompts.json, writes DIR/torch.json, prints a table. Timing: the median over
reps of prefill and of the decode loop, each bracketed by torch.cuda.synchronize().
"""
import argparse
import json
import math
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-5


class Llama:
    def __init__(self, path, device):
        with open(path, "rb") as f:
            dim, hidden, layers, heads, kv_heads, vocab, seq_len = struct.unpack("<7i", f.read(28))
            data = np.frombuffer(f.read(), dtype="<f4")
        shared = vocab > 0
        vocab = abs(vocab)
        self.dim, self.hidden, self.layers, self.heads, self.kv_heads = dim, hidden, layers, heads, kv_heads
        self.vocab, self.seq_len = vocab, seq_len
        self.hs = dim // heads
        kv_dim = dim * kv_heads // heads
        off = 0

        def take(*shape):
            nonlocal off
            n = int(np.prod(shape))
            t = torch.from_numpy(data[off:off + n].copy()).reshape(shape).to(device)
            off += n
            return t

        self.emb = take(vocab, dim)
        self.rms_att = take(layers, dim)
        self.wq = take(layers, dim, dim)
        self.wk = take(layers, kv_dim, dim)
        self.wv = take(layers, kv_dim, dim)
        self.wo = take(layers, dim, dim)
        self.rms_ffn = take(layers, dim)
        self.w1 = take(layers, hidden, dim)
        self.w2 = take(layers, dim, hidden)
        self.w3 = take(layers, hidden, dim)
        self.rms_final = take(dim)
        off += seq_len * self.hs  # freq_cis_real + freq_cis_imag
        self.wcls = self.emb if shared else take(vocab, dim)
        half = self.hs // 2
        pos = np.arange(seq_len, dtype=np.float64)[:, None]
        freq = 10000.0 ** (-(2.0 * np.arange(half, dtype=np.float64)) / self.hs)
        self.cos = torch.from_numpy(np.cos(pos * freq).astype(np.float32)).to(device)
        self.sin = torch.from_numpy(np.sin(pos * freq).astype(np.float32)).to(device)
        self.device = device

    def rmsnorm(self, x, w):
        return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + EPS))

    def rope(self, x, start):
        # x: [B, T, H, hs]; rotate adjacent pairs (llama2.c)
        b, t, h, hs = x.shape
        xr = x.reshape(b, t, h, hs // 2, 2)
        c = self.cos[start:start + t][None, :, None, :]
        s = self.sin[start:start + t][None, :, None, :]
        x0, x1 = xr[..., 0], xr[..., 1]
        return torch.stack((x0 * c - x1 * s, x0 * s + x1 * c), dim=-1).reshape(b, t, h, hs)

    def new_cache(self, batch):
        shape = (self.layers, batch, self.kv_heads, self.seq_len, self.hs)
        return torch.empty(shape, device=self.device), torch.empty(shape, device=self.device)

    @torch.inference_mode()
    def forward(self, tokens, start, kc, vc):
        b, t = tokens.shape
        x = self.emb[tokens]
        group = self.heads // self.kv_heads
        for l in range(self.layers):
            xb = self.rmsnorm(x, self.rms_att[l])
            q = (xb @ self.wq[l].T).view(b, t, self.heads, self.hs)
            k = (xb @ self.wk[l].T).view(b, t, self.kv_heads, self.hs)
            v = (xb @ self.wv[l].T).view(b, t, self.kv_heads, self.hs)
            q, k = self.rope(q, start), self.rope(k, start)
            kc[l, :, :, start:start + t] = k.transpose(1, 2)
            vc[l, :, :, start:start + t] = v.transpose(1, 2)
            keys = kc[l, :, :, :start + t]
            values = vc[l, :, :, :start + t]
            if group > 1:
                keys = keys.repeat_interleave(group, dim=1)
                values = values.repeat_interleave(group, dim=1)
            att = F.scaled_dot_product_attention(q.transpose(1, 2), keys, values, is_causal=(t > 1))
            x = x + att.transpose(1, 2).reshape(b, t, self.dim) @ self.wo[l].T
            xb = self.rmsnorm(x, self.rms_ffn[l])
            x = x + (F.silu(xb @ self.w1[l].T) * (xb @ self.w3[l].T)) @ self.w2[l].T
        x = self.rmsnorm(x[:, -1, :], self.rms_final)
        return x @ self.wcls.T


def generate(model, prompts, gen):
    b, p = prompts.shape
    kc, vc = model.new_cache(b)
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    logits = model.forward(prompts, 0, kc, vc)
    nxt = torch.argmax(logits, dim=-1)
    torch.cuda.synchronize()
    t1 = time.perf_counter()
    out = [nxt]
    for i in range(gen - 1):
        logits = model.forward(nxt[:, None], p + i, kc, vc)
        nxt = torch.argmax(logits, dim=-1)
        out.append(nxt)
    torch.cuda.synchronize()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, torch.stack(out, dim=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--batches", default="1,8,32,64")
    ap.add_argument("--gen", type=int, default=128)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    model = Llama(f"{a.dir}/model.bin", dev)
    prompts_all = torch.tensor(json.load(open(f"{a.dir}/prompts.json")), dtype=torch.long, device=dev)
    print(f"pytorch {torch.__version__} eager fp32 on {torch.cuda.get_device_name()}; prompt {prompts_all.shape[1]}, "
          f"generate {a.gen}; median of {a.reps}")
    print(f"{'batch':>6} {'prefill tok/s':>16} {'decode tok/s':>16} {'batch ms':>12}")
    results = []
    for b in [int(x) for x in a.batches.split(",")]:
        prompts = prompts_all[:b]
        _, _, toks = generate(model, prompts, a.gen)  # warm-up
        pre, dec = [], []
        for _ in range(a.reps):
            tp, td, _ = generate(model, prompts, a.gen)
            pre.append(tp)
            dec.append(td)
        tp, td = float(np.median(pre)), float(np.median(dec))
        pf = b * prompts.shape[1] / tp
        dc = b * (a.gen - 1) / td
        print(f"{b:6d} {pf:16.0f} {dc:16.0f} {(tp + td) * 1e3:12.2f}")
        results.append({"batch": b, "prefill_tok_s": pf, "decode_tok_s": dc,
                        "first_tokens": toks[0].tolist()})
    json.dump({"executor": "pytorch-eager-fp32", "device": torch.cuda.get_device_name(), "results": results},
              open(f"{a.dir}/torch.json", "w"))


if __name__ == "__main__":
    main()
