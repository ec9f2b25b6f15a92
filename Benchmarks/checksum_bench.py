"""Times `synap-tool checksum` against sha256sum, openssl, hashlib and b3sum on page-cached files.

Every timed command is preceded by `cat FILES > /dev/null` (hyperfine --prepare), since this machine
drops idle file pages within seconds. Wall time is the median of hyperfine runs (or of a subprocess
loop without hyperfine); peak RSS is the largest `/usr/bin/time -f %M` of those same runs (os.wait4's
ru_maxrss without GNU time). The physical limit is `openssl speed` in memory, one core and two.
    python checksum_bench.py --tool BIN --one FILE --shards FILE... --checkpoint DIR [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GNU_TIME = "/usr/bin/time"
SPEED_ARGS = ["-bytes", str(16 << 20), "-seconds", "3"]
RSS_CEILING_MIB = 64.0
CONTENDED_PCT = 5.0  # other processes' share of the CPUs above which a row is marked as contended
# targets: (a) ≥ 0.9× one core's in-memory SHA-256; (b) ≥ 1.75× it (two cores); ≥ 6× sha256sum;
# (b) sha256+etag in ≤ 1.3× the time of sha256 alone
ONE_FILE_SHARE, TWO_CORE_SHARE, SHA256SUM_SPEEDUP, ETAG_OVERHEAD = 0.9, 1.75, 6.0, 1.3
# the brief's rule of thumb for this machine, printed next to the measured bound
NOMINAL_SHA_GBS, NOMINAL_MD5_GBS = 1.75, 0.75


def note(text: str) -> None:
    print(f"== {text}", file=sys.stderr, flush=True)


def openssl_speed(algorithm: str, copies: int) -> float:
    """In-memory GB/s of `copies` concurrent `openssl speed -evp ALG` processes, summed."""
    procs = [subprocess.Popen(["openssl", "speed", "-evp", algorithm, *SPEED_ARGS], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True) for _ in range(copies)]
    total = 0.0
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"openssl speed -evp {algorithm} failed")
        line = next(l for l in reversed(out.splitlines()) if l.split()[:1] == [algorithm])
        total += float(line.split()[-1].rstrip("k")) * 1e3 / 1e9  # the figures are 1000s of bytes/s
    return total


def limits(quiet_wait: float) -> dict:
    """One core's SHA-256 and MD5 speed, and two concurrent processes' (openssl's -multi misreports here)."""
    out = {}
    for alg in ("sha256", "md5"):
        wait_for_quiet(quiet_wait)
        note(f"openssl speed -evp {alg}: one process, then two at once")
        busy0, ours0, wall0 = cpu_busy_s(), our_cpu_s(), time.monotonic()
        out[alg] = {"one_core_gbs": openssl_speed(alg, 1), "two_cores_gbs": openssl_speed(alg, 2)}
        others = (cpu_busy_s() - busy0) - (our_cpu_s() - ours0)
        out[alg]["others_cpu_pct"] = max(0.0, 100 * others / ((time.monotonic() - wall0) * os.cpu_count()))
    return out


def cpu_busy_s() -> float:
    """CPU seconds the whole machine has spent busy (stolen by the hypervisor included), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def our_cpu_s() -> float:
    """CPU seconds of this process and the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def wait_for_quiet(limit_s: float) -> float:
    """Waits, at most limit_s, until the CPUs have been ≥ 90% idle for 2 s; returns the seconds waited."""
    started = time.monotonic()
    while True:
        before, t0 = cpu_busy_s(), time.monotonic()
        time.sleep(2)
        busy = (cpu_busy_s() - before) / ((time.monotonic() - t0) * os.cpu_count())
        waited = time.monotonic() - started
        if busy <= 0.1 or waited >= limit_s:
            return waited


def take_priority(nice: int) -> str:
    """Moves this process (and so every command it times) into a session of its own at scheduler weight `nice`.

    The kernel's autogroups share the CPUs equally between sessions whatever a process's own nice value,
    so on a machine other sessions keep busy only the autogroup's nice gives the commands their cores."""
    try:
        os.setsid()
    except OSError:
        pass  # already a session leader
    os.setpriority(os.PRIO_PROCESS, 0, nice)
    try:
        Path("/proc/self/autogroup").write_text(str(nice))
        return Path("/proc/self/autogroup").read_text().strip()
    except OSError as e:
        return f"process nice {nice} (no autogroup: {e.strerror})"


def timed(cmd: list[str], files: list[str], runs: int) -> dict:
    """Median wall seconds, mean CPU seconds and peak RSS of cmd, the files re-read into the cache before each
    run, and the share of the CPUs other processes took meanwhile."""
    busy0, ours0, wall0 = cpu_busy_s(), our_cpu_s(), time.monotonic()
    result = timed_runs(cmd, files, runs)
    others = (cpu_busy_s() - busy0) - (our_cpu_s() - ours0)
    result["others_cpu_pct"] = max(0.0, 100 * others / ((time.monotonic() - wall0) * os.cpu_count()))
    return result


def timed_runs(cmd: list[str], files: list[str], runs: int) -> dict:
    prepare = ["cat", *files]
    with tempfile.TemporaryDirectory() as tmp:
        rss_log = Path(tmp) / "rss"
        if shutil.which("hyperfine") and os.access(GNU_TIME, os.X_OK):
            wrapped = [GNU_TIME, "-f", "%M", "-a", "-o", str(rss_log), *cmd]
            export = Path(tmp) / "hyperfine.json"
            subprocess.run(["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--prepare", shlex.join(prepare),
                            "--export-json", str(export), shlex.join(wrapped)], check=True)
            result = json.loads(export.read_text())["results"][0]
            times, cpu = result["times"], result["user"] + result["system"]
            rss_kib = [int(x) for x in rss_log.read_text().split()]
        else:
            times, cpus, rss_kib = [], [], []
            for _ in range(runs):
                subprocess.run(prepare, stdout=subprocess.DEVNULL, check=True)
                t0 = time.perf_counter()
                proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
                _, status, usage = os.wait4(proc.pid, 0)
                times.append(time.perf_counter() - t0)
                if os.waitstatus_to_exitcode(status) != 0:
                    raise subprocess.CalledProcessError(status, cmd)
                cpus.append(usage.ru_utime + usage.ru_stime)
                rss_kib.append(usage.ru_maxrss)
            cpu = statistics.mean(cpus)
    return {"runs": len(times), "median_s": statistics.median(times), "times_s": times, "cpu_s": cpu,
            "peak_rss_mib": max(rss_kib) / 1024}


def plan(args: argparse.Namespace, work: Path) -> list[dict]:
    """The cases and, for each, the commands to time and how many runs each gets."""
    ours, peer, slow = args.runs, args.peer_runs, args.slow_runs
    files_c = sorted(str(p) for p in Path(args.checkpoint).iterdir() if p.is_file() and not p.name.startswith("."))
    cases = [("a", "one file of random bytes", [args.one], [args.one]),
             ("b", "shards of random bytes, hashed together", args.shards, args.shards),
             ("c", "checkpoint folder (the sparse Llama-3.1-8B: holes read as zeros)", files_c, [args.checkpoint])]
    out = []
    for name, label, files, our_paths in cases:
        listing = work / f"checksum-files-{name}.txt"
        listing.write_text("".join(f"{f}\n" for f in files))
        tool = [args.tool, "checksum", "--quiet"]
        heavy = name == "c"  # 16 GB: the peers get one run (sha256sum alone takes ~40 s)
        rows = [("synap-tool checksum", [*tool, *our_paths], min(ours, 3) if heavy else ours)]
        if name == "b":
            rows.append(("synap-tool sha256+etag", [*tool, "--algorithm", "sha256", "--algorithm", "etag", *our_paths], peer))
        rows.append(("openssl dgst -sha256", ["openssl", "dgst", "-sha256", *files], 1 if heavy else peer))
        if len(files) > 1:
            rows.append(("xargs -P2 openssl dgst", ["xargs", "-a", str(listing), "-d", "\\n", "-P2", "-n1",
                                                   "openssl", "dgst", "-sha256"], 1 if heavy else peer))
        rows.append(("sha256sum", ["sha256sum", *files], 1 if heavy else slow))
        if not heavy:
            rows.append(("python hashlib 8 MiB", [sys.executable, str(HERE / "hashlib_sha256.py"), *files], peer))
            if shutil.which("b3sum"):
                rows.append(("b3sum (BLAKE3)", ["b3sum", *files], peer))
        size = sum(os.path.getsize(f) for f in files)
        out.append({"case": name, "label": label, "files": files, "bytes": size, "rows": rows})
    return out


def run_case(case: dict, quiet_wait: float) -> list[dict]:
    """Times each command of the case, each once the machine is idle; a failing peer is reported, not fatal."""
    results = []
    for tool, cmd, runs in case["rows"]:
        waited = wait_for_quiet(quiet_wait)
        note(f"({case['case']}) {tool}: {runs} run(s)" + (f" (waited {waited:.0f} s for idle CPUs)" if waited > 2.5 else ""))
        try:
            r = {**timed(cmd, case["files"], runs), "waited_for_idle_s": waited}
        except subprocess.CalledProcessError as e:
            note(f"({case['case']}) {tool} failed: {e}")
            r = {"error": str(e)}
        results.append({"tool": tool, "command": shlex.join(cmd), **r})
    ours = next((r for r in results if r["tool"] == "synap-tool checksum" and "median_s" in r), None)
    for r in results:
        if "median_s" in r:
            r["gbs"] = case["bytes"] / r["median_s"] / 1e9
            r["vs_ours"] = r["median_s"] / ours["median_s"] if ours else None
    return results


def fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(cases: list[dict], contended_mark: bool) -> str:
    head = ["case", "tool", "runs", "median s", "GB/s", "cpu s", "peak RSS MiB", "time / ours", "others' CPU"]
    lines = [head]
    for case in cases:
        for r in case["results"]:
            if "error" in r:
                lines.append([case["case"], r["tool"], "-", "failed", "", "", "", "", ""])
                continue
            lines.append([case["case"], r["tool"], str(r["runs"]), f"{r['median_s']:.3f}", f"{r['gbs']:.2f}",
                          f"{r['cpu_s']:.2f}", f"{r['peak_rss_mib']:.1f}", fmt(r["vs_ours"], ".2f") + "×",
                          f"{r['others_cpu_pct']:.0f}%" + (" !" if contended_mark and r["others_cpu_pct"] > CONTENDED_PCT else "")])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    right = {2, 3, 4, 5, 6, 7, 8}
    return "\n".join("  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     for row in lines)


def row(case: dict, tool: str) -> dict | None:
    return next((r for r in case["results"] if r["tool"] == tool and "median_s" in r), None)


def floor_s(sizes: list[int], cores: int, gbs: float) -> float:
    """The least time to SHA-256 files of these sizes on `cores` cores at gbs each, one file's digest being
    serial: the best assignment of files to cores (every one tried when there are few, else largest first)."""
    if cores ** len(sizes) <= 1 << 16:
        best = min(max(sum(s for s, c in zip(sizes, pick) if c == core) for core in range(cores))
                   for pick in itertools.product(range(cores), repeat=len(sizes)))
    else:
        loads = [0] * cores
        for size in sorted(sizes, reverse=True):
            loads[loads.index(min(loads))] += size
        best = max(loads)
    return best / (gbs * 1e9)


def targets(cases: dict[str, dict], lim: dict) -> list[dict]:
    """Each target as {name, value, need, ok, detail}; ok is None when it could not be measured."""
    sha1, md5 = lim["sha256"]["one_core_gbs"], lim["md5"]["one_core_gbs"]
    out = []
    ours_a, ours_b = row(cases["a"], "synap-tool checksum"), row(cases["b"], "synap-tool checksum")
    need = ONE_FILE_SHARE * sha1
    out.append({"name": "(a) one file ≥ 0.9× one core's SHA-256", "value": ours_a and ours_a["gbs"], "need": need,
                "ok": ours_a and ours_a["gbs"] >= need,
                "detail": ours_a and f"{ours_a['gbs']:.2f} GB/s vs {need:.2f} GB/s = 0.9 × {sha1:.2f} ({ours_a['gbs'] / sha1:.2f}× the limit)"})
    need = TWO_CORE_SHARE * sha1
    out.append({"name": "(b) shards ≥ 1.75× one core's SHA-256", "value": ours_b and ours_b["gbs"], "need": need,
                "ok": ours_b and ours_b["gbs"] >= need,
                "detail": ours_b and f"{ours_b['gbs']:.2f} GB/s vs {need:.2f} GB/s = 1.75 × {sha1:.2f} ({ours_b['gbs'] / sha1:.2f}× the limit)"})
    ours_rows = [(k, r) for k, c in cases.items() for r in c["results"] if r["tool"].startswith("synap-tool") and "median_s" in r]
    worst = max((r["peak_rss_mib"] for _, r in ours_rows), default=None)
    out.append({"name": f"peak RSS < {RSS_CEILING_MIB:.0f} MiB, any size", "value": worst, "need": RSS_CEILING_MIB,
                "ok": worst is not None and worst < RSS_CEILING_MIB,
                "detail": ", ".join(f"({k}) {r['tool'].removeprefix('synap-tool ')} {r['peak_rss_mib']:.1f}" for k, r in ours_rows)})
    for k, c in cases.items():
        ours, peer = row(c, "synap-tool checksum"), row(c, "sha256sum")
        speedup = peer["median_s"] / ours["median_s"] if ours and peer else None
        best = floor_s([os.path.getsize(f) for f in c["files"]], os.cpu_count() or 1, sha1)
        ceiling = peer["median_s"] / best if peer else None
        out.append({"name": f"({k}) ≥ 6× sha256sum", "value": speedup, "need": SHA256SUM_SPEEDUP, "ceiling": ceiling,
                    "ok": speedup and speedup >= SHA256SUM_SPEEDUP,
                    "detail": speedup and f"{speedup:.2f}× (at the SHA-256 limit, files serial, {os.cpu_count()} cores:"
                                          f" {best:.2f} s, so at most {ceiling:.2f}×)"})
    both = row(cases["b"], "synap-tool sha256+etag")
    ratio = both["median_s"] / ours_b["median_s"] if both and ours_b else None
    bound, nominal = 1 + sha1 / md5, 1 + NOMINAL_SHA_GBS / NOMINAL_MD5_GBS
    out.append({"name": "(b) sha256+etag ≤ 1.3× sha256 alone", "value": ratio, "need": ETAG_OVERHEAD,
                "ok": ratio and ratio <= ETAG_OVERHEAD, "lower_bound": bound, "nominal_lower_bound": nominal,
                "detail": (f"{ratio:.2f}×" if ratio else "not measured") +
                f"; floor on two busy cores with one-stream MD5: (sha+md5 work)/(sha work) = 1 + {sha1:.2f}/{md5:.2f} = {bound:.2f}×"
                f" (at 1.75/0.75 GB/s: {nominal:.2f}×), so 1.3× is {'possible' if bound <= ETAG_OVERHEAD else 'not physically possible'}"
                " unless the MD5s of independent parts run as parallel lanes (multi-buffer)"})
    return out


def report(cases: list[dict], lim: dict, goals: list[dict], priority: str | None) -> str:
    s, m = lim["sha256"], lim["md5"]
    lines = ["", "Physical limit (openssl speed, 16 MiB blocks, in memory):",
             f"  SHA-256 {s['one_core_gbs']:.2f} GB/s one core, ×2 = {2 * s['one_core_gbs']:.2f}, two processes measured {s['two_cores_gbs']:.2f}",
             f"  MD5     {m['one_core_gbs']:.2f} GB/s one core, ×2 = {2 * m['one_core_gbs']:.2f}, two processes measured {m['two_cores_gbs']:.2f}",
             f"  (other processes took {s['others_cpu_pct']:.0f}% and {m['others_cpu_pct']:.0f}% of the CPUs meanwhile)",
             "", "Cases:"]
    lines += [f"  ({c['case']}) {c['label']}: {len(c['files'])} file(s), {c['bytes']:,} bytes" for c in cases]
    lines += ["", table(cases, contended_mark=priority is None)]
    if priority:
        lines.append(f"  timed at a higher scheduler weight ({priority}): other processes ran on what the commands left")
    elif any(r.get("others_cpu_pct", 0) > CONTENDED_PCT for c in cases for r in c["results"]):
        lines.append(f"  ! other processes took > {CONTENDED_PCT:.0f}% of the CPUs during these runs: their times are inflated")
    lines += ["", "Targets (this run):"]
    for g in goals:
        verdict = "n/a " if g["ok"] is None else ("PASS" if g["ok"] else "MISS")
        lines.append(f"  {verdict}  {g['name']}: {g['detail'] or 'not measured'}")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tool", required=True, help="synap-tool binary")
    p.add_argument("--one", required=True, help="(a) one large file")
    p.add_argument("--shards", nargs="+", required=True, help="(b) several files")
    p.add_argument("--checkpoint", required=True, help="(c) a checkpoint folder")
    p.add_argument("--runs", type=int, default=5, help="runs of synap-tool (at least 3; 3 on the checkpoint)")
    p.add_argument("--peer-runs", type=int, default=3, help="runs of the fast peers (1 on the checkpoint)")
    p.add_argument("--slow-runs", type=int, default=2, help="runs of sha256sum (1 on the checkpoint)")
    p.add_argument("--quiet-wait", type=float, default=90, help="seconds to wait for idle CPUs before each command")
    p.add_argument("--nice", type=int, help="run at this scheduler weight, e.g. -15, in a session of its own (needs root)")
    p.add_argument("--json", help="write the results here")
    args = p.parse_args()
    args.runs = max(3, args.runs)
    work = Path(args.json).resolve().parent if args.json else Path(tempfile.mkdtemp())
    priority = take_priority(args.nice) if args.nice is not None else None
    if priority:
        note(f"priority: {priority}")
    started = time.perf_counter()
    lim = limits(args.quiet_wait)
    cases = plan(args, work)
    for case in cases:
        case["results"] = run_case(case, args.quiet_wait)
    goals = targets({c["case"]: c for c in cases}, lim)
    print(report(cases, lim, goals, priority))
    elapsed = time.perf_counter() - started
    print(f"\n(whole run {elapsed:.0f} s)")
    if args.json:
        for c in cases:
            c["rows"] = [{"tool": t, "command": shlex.join(cmd), "runs": n} for t, cmd, n in c["rows"]]
        doc = {"machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
                           "openssl": subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()},
               "priority": priority, "limits_gbs": lim, "cases": cases, "targets": goals, "elapsed_s": elapsed}
        Path(args.json).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        note(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
