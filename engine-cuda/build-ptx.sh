#!/usr/bin/env bash
# Regenerates the PTX kept in resources from src/main/cuda/*.cu (needs nvcc), and records each source's
# SHA-256 beside it so PtxFreshnessTest can tell when a .cu changed without a rebuild.
#   compute_80: runs on Ampere and newer (the driver JIT-compiles it for the GPU at module load).
set -euo pipefail
cd "$(dirname "$0")"
out=src/main/resources/io/homeostat/engine/cuda
mkdir -p "$out"
for cu in src/main/cuda/*.cu; do
  name=$(basename "$cu" .cu)
  nvcc -ptx -arch=compute_80 -O3 -o "$out/$name.ptx" "$cu"
  sha256sum "$cu" | cut -d' ' -f1 > "$out/$name.cu.sha256"
  echo "built $out/$name.ptx ($(wc -l < "$out/$name.ptx") lines)"
done
