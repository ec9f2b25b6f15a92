"""Remote reading side by side (see Benchmarks/README.md, "Remote"): run inside
scripts/with-s3-test-server.sh, whose moto S3 serves `sparse/` from the folder with the full-size
sparse checkpoints and the large ONNX and TFLite files.

  - `synap-tool validate s3://…/sparse/gpt-oss-120b/ --arch gpt-oss-120b` against a boto3 script
    that does what huggingface_hub's get_safetensors_metadata does (the listing, config.json, the
    index, then per shard the first 100,000 bytes and a second range when the header is longer;
    shards 16 at a time) and against downloading the shards with `aws s3 cp`;
  - `synap-tool inspect` of the large ONNX and TFLite on S3: bytes fetched as a share of the file;
  - the page size (SYNAP_REMOTE_PAGE_SIZE) against requests, bytes and time.

    python remote_bench.py --tool BIN --aws AWS_BIN --sparse-prefix sparse [--runs N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


from remote_peer import Counted

BUCKET = os.environ["SYNAP_TEST_S3_BUCKET"]
ENDPOINT = os.environ["SYNAP_TEST_S3_ENDPOINT"]
ENV = dict(os.environ, AWS_ACCESS_KEY_ID=os.environ["SYNAP_TEST_S3_ACCESS_KEY_ID"],
           AWS_SECRET_ACCESS_KEY=os.environ["SYNAP_TEST_S3_SECRET_ACCESS_KEY"], AWS_ENDPOINT_URL_S3=ENDPOINT,
           AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1")


def tool_run(tool: str, args: list[str], page: int | None = None) -> tuple[float, dict]:
    """Wall time of one `synap-tool ARGS --json…` run, and its JSON."""
    env = dict(ENV)
    if page:
        env["SYNAP_REMOTE_PAGE_SIZE"] = str(page)
    started = time.perf_counter()
    done = subprocess.run([tool, *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"synap-tool {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return elapsed, json.loads(done.stdout)


def median_tool(tool: str, args: list[str], runs: int, page: int | None = None) -> tuple[float, dict]:
    times, last = [], {}
    for _ in range(runs):
        elapsed, last = tool_run(tool, args, page)
        times.append(elapsed)
    return statistics.median(times), last


def aws_cp(aws: str, prefix: str) -> tuple[float, int]:
    """Downloads every shard with `aws s3 cp` (to /dev/null): (seconds, bytes)."""
    s3 = Counted()
    objects = [o for o in s3.client.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/").get("Contents", [])]
    started = time.perf_counter()
    for o in objects:
        with open(os.devnull, "wb") as sink:
            subprocess.run([aws, "s3", "cp", f"s3://{BUCKET}/{o['Key']}", "-", "--endpoint-url", ENDPOINT, "--only-show-errors"],
                           env=ENV, stdout=sink, check=True)
    return time.perf_counter() - started, sum(o["Size"] for o in objects)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--aws")
    parser.add_argument("--sparse-prefix", default="sparse")
    parser.add_argument("--sparse-dir", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    results: dict = {}
    gpt = f"{args.sparse_prefix}/gpt-oss-120b"
    url = f"s3://{BUCKET}/{gpt}/"
    shards = len([n for n in os.listdir(os.path.join(args.sparse_dir, "gpt-oss-120b")) if n.endswith(".safetensors")])
    header_bytes = 0
    for name in os.listdir(os.path.join(args.sparse_dir, "gpt-oss-120b")):
        with open(os.path.join(args.sparse_dir, "gpt-oss-120b", name), "rb") as f:
            header_bytes += (8 + int.from_bytes(f.read(8), "little")) if name.endswith(".safetensors") else os.path.getsize(f.name)

    seconds, report = median_tool(args.tool, ["validate", url, "--arch", "gpt-oss-120b", "--format", "json"], args.runs)
    ours = {"seconds": seconds, **report["remote"], "verdict": report["verdict"]}
    hf_runs = []
    for _ in range(args.runs):  # the script as a CI job runs it: a process (interpreter, imports), timed whole
        started = time.perf_counter()
        done = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "remote_peer.py"), gpt],
                              env=ENV, capture_output=True, text=True, check=True)
        hf_runs.append((time.perf_counter() - started, json.loads(done.stdout)))
    last = hf_runs[-1][1]
    hf = {"seconds": statistics.median(r[0] for r in hf_runs), "in_process_seconds": statistics.median(r[1]["seconds"] for r in hf_runs),
          "requests": last["requests"], "bytes_fetched": last["bytes_fetched"], "tensors": last["tensors"]}
    results["gpt-oss-120b"] = {"shards": shards, "header_bytes": header_bytes, "synap-tool": ours, "huggingface_hub-style boto3": hf}
    print(f"\ngpt-oss-120b on S3 ({shards} shards, {header_bytes:,} bytes of headers, index and config), median of {args.runs}:")
    print(f"  {'':34} {'requests':>9} {'bytes fetched':>15} {'wall':>10}")
    print(f"  {'synap-tool validate':34} {ours['requests']:>9} {ours['bytes_fetched']:>15,} {ours['seconds'] * 1000:>8.0f} ms")
    print(f"  {'boto3, as huggingface_hub does':34} {hf['requests']:>9} {hf['bytes_fetched']:>15,} {hf['seconds'] * 1000:>8.0f} ms"
          f"  (its reads alone, in process: {hf['in_process_seconds'] * 1000:.0f} ms)")
    if args.aws and os.environ.get("BENCH_DOWNLOAD", "1") != "0":
        seconds, size = aws_cp(args.aws, gpt)
        results["gpt-oss-120b"]["aws s3 cp"] = {"seconds": seconds, "bytes_fetched": size}
        print(f"  {'aws s3 cp of every object':34} {'':>9} {size:>15,} {seconds * 1000:>8.0f} ms")
    print(f"  ratios: wall {hf['seconds'] / ours['seconds']:.1f}x the boto3 script's ({hf['in_process_seconds'] / ours['seconds']:.2f}x its reads alone); "
          f"requests {ours['requests']} vs {hf['requests']}; bytes over headers {ours['bytes_fetched'] / header_bytes:.2f}x")

    print("\nlarge files on S3 (synap-tool inspect --json), median of", args.runs)
    print(f"  {'file':28} {'size':>15} {'requests':>9} {'bytes fetched':>15} {'share':>8} {'remote':>9} {'local':>9}")
    for name in sorted(os.listdir(args.sparse_dir)):
        path = os.path.join(args.sparse_dir, name)
        if not os.path.isfile(path):
            continue
        size = os.path.getsize(path)
        seconds, report = median_tool(args.tool, ["inspect", "--json", f"s3://{BUCKET}/{args.sparse_prefix}/{name}"], args.runs)
        local_seconds, _ = median_tool(args.tool, ["inspect", "--json", path], args.runs)
        remote = report["remote"]
        results[name] = {"size": size, **remote, "seconds": seconds, "local_seconds": local_seconds}
        print(f"  {name:28} {size:>15,} {remote['requests']:>9} {remote['bytes_fetched']:>15,} "
              f"{100 * remote['bytes_fetched'] / size:>7.3f}% {seconds * 1000:>7.0f}ms {local_seconds * 1000:>7.0f}ms")
        pages = {}
        for page in (4096, 16384, 65536, 262144):
            seconds, report = median_tool(args.tool, ["inspect", "--json", f"s3://{BUCKET}/{args.sparse_prefix}/{name}"], args.runs, page)
            pages[page] = {"seconds": seconds, **report["remote"]}
            print(f"    page {page // 1024:>4} KiB: {report['remote']['requests']:>6} requests, "
                  f"{report['remote']['bytes_fetched']:>13,} bytes, {seconds * 1000:>7.0f} ms")
        results[name]["pages"] = pages
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
