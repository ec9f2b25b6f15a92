#!/usr/bin/env bash
# Remote reading (see Benchmarks/README.md, "Remote"): gpt-oss-120b's 15 shards validated on S3 by
# synap-tool, by a boto3 script doing what huggingface_hub does, and downloaded by `aws s3 cp`; the
# 1.5 GB ONNX and 1.2 GB TFLite inspected on S3 (bytes fetched as a share of the file); page sizes.
# The S3 is moto on loopback (scripts/with-s3-test-server.sh, signatures checked), which serves the
# full-size sparse files from a folder (moto itself holds objects in memory).
#
# Env: SYNAP_TOOL=BIN (else the deployment build), BENCH_RUNS=N (5), BENCH_DOWNLOAD=0 (skip aws s3 cp)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
deployment_binary
[[ -n "$tool" ]] || exit 1

sparse="$work/remote-sparse"
mkdir -p "$sparse"
s3venv="$work/s3-venv"
[[ -x "$s3venv/bin/python" ]] || python3 -m venv "$s3venv"
"$s3venv/bin/pip" install -q --disable-pip-version-check -r "$root/scripts/s3-test-requirements.txt"
awsvenv="$work/awscli-venv"
[[ -x "$awsvenv/bin/aws" ]] || { python3 -m venv "$awsvenv"; "$awsvenv/bin/pip" install -q --disable-pip-version-check -r "$bench/awscli-requirements.txt"; }

[[ -f "$sparse/gpt-oss-120b/config.json" ]] || "$s3venv/bin/python" "$bench/make_sparse_gpt_oss.py" "$sparse/gpt-oss-120b"
# The large ONNX and TFLite of onnx.sh and tflite.sh (made by them, in the peers' venv, when missing).
for pair in "big-1.5gb.onnx:onnx.sh" "decoder-1.2gb.tflite:tflite.sh"; do
  name="${pair%%:*}"
  if [[ ! -f "$work/$name" ]]; then
    peer_venv "$bench/requirements.txt"
    case "$name" in
      *.onnx) "$venv/bin/python" "$bench/make_big_onnx.py" "$work/$name" ;;
      *.tflite) "$venv/bin/python" "$bench/make_large_tflite.py" "$work/$name" ;;
    esac
  fi
  ln -sf "$work/$name" "$sparse/$name"
done

SYNAP_S3_SPARSE_DIR="$sparse" S3_TEST_VENV="$s3venv" "$root/scripts/with-s3-test-server.sh" \
  "$s3venv/bin/python" "$bench/remote_bench.py" --tool "$tool" --aws "$awsvenv/bin/aws" --sparse-dir "$sparse" \
  --runs "${BENCH_RUNS:-5}" --json "$work/remote-results.json"
