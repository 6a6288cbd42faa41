#!/usr/bin/env bash
# Verifies the CUDA executor on a machine with an NVIDIA GPU:
#   1. the gpu-tagged tests: the executor contract suite on CUDA, parity with the CPU reference
#      (logits within tolerance, identical greedy tokens), executor selection;
#   2. throughput: prefill and decode tokens/s at batch 1, 8, 32, 64 against PyTorch eager on the same
#      model, weights and prompts, in the same run, with the ratio.
# Needs .gpu-carry/ from scripts/gpu-pack.sh and python3 with torch for step 2. Uses the machine's Java
# when it is 17 or newer, else the carried runtime. Output goes to stdout and ${OUT:-target/gpu-check}.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-target/gpu-check}
mkdir -p "$out/bench"
carry=.gpu-carry
failed=0

java_bin=""
if command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  java_bin=java
else
  mkdir -p /tmp/homeostat-jre && tar xzf "$carry/jre.tgz" -C /tmp/homeostat-jre
  java_bin=/tmp/homeostat-jre/jre/bin/java
fi
"$java_bin" -version 2>&1 | head -1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true

cp=$(ls "$carry"/lib/*.jar | tr '\n' ':')
tests=$(ls "$carry"/lib/homeostat-engine-cuda-*-tests.jar)

echo "== gpu tests"
"$java_bin" -Dbasedir=engine-cuda -jar "$carry"/junit-platform-console-standalone-*.jar execute \
  --class-path "$cp" --scan-class-path "$tests" --details=tree --disable-banner 2>&1 | tee "$out/gpu-tests.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed=1

echo "== throughput: CUDA executor"
"$java_bin" -cp "$cp" io.homeostat.engine.cuda.ThroughputBench --executor cuda --dir "$out/bench" "$@" 2>&1 | tee "$out/cuda-bench.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed=1

echo "== throughput: PyTorch eager"
PYTHONUNBUFFERED=1 python3 scripts/torch_reference.py --dir "$out/bench" 2>&1 | tee "$out/torch-bench.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed=1

echo "== comparison"
python3 scripts/compare_bench.py "$out/bench" 2>&1 | tee "$out/compare.log" || failed=1
exit $failed
