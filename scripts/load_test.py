#!/usr/bin/env python3
"""A bounded load on the companion from a second process on loopback.

    .venv/bin/python scripts/load_test.py                      # 8 clients, 5,000 checks
    .venv/bin/python scripts/load_test.py --checks 400         # the short run the tests use
    .venv/bin/python scripts/load_test.py --url http://127.0.0.1:4309 --token TOKEN --pid PID

Without --url it starts its own `python -m companion serve` in a temporary home, with the rate
limit lifted and the time limit on a check raised to 20 s (both limits are tested on their own in
tests/security/test_limits.py; here we measure what the engine holds, and on a busy 2-core machine
a 20,000-character draft queued behind seven others can pass 3 s without anything being wrong).
Drafts are real labelled drafts from tests/data/cases.jsonl, of mixed lengths: 75 % one draft
(a post), 20 % five to fifteen drafts (a long post), 5 % thirty to 150 (4,000 characters up to
the 20,000 limit); a third end with a sentence never seen before, as typing does. Clients behave
like the extension: a 429 is retried after its Retry-After (counted as "throttled"); anything
else that is not a 200 is an error.

Prints one table, then the figures as JSON on the last line. Exit status 1 when any request
failed or the server's memory kept growing after warm-up.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "security"))

from live_server import Live, make_live, relaxed_env  # noqa: E402

MAX_CHARS = 20000
GROWTH_LIMIT_MB = 25.0
MIN_CHECKS_FOR_MEMORY = 3000  # after warm-up; the segment cache and spaCy's string store fill first
CONTEXTS = [{"platform": p, "surface": s, "account": a, "has_media": m}
            for p in ("facebook", "twitter", "instagram") for s in ("post", "reply", "dm")
            for a in ("personal", "district") for m in (False, True)]


def drafts(n: int, seed: int) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    cases = [json.loads(line)["text"] for line in (ROOT / "tests" / "data" / "cases.jsonl").read_text("utf-8").splitlines()
             if line.strip()]
    out = []
    for i in range(n):
        roll = rng.random()
        k = 1 if roll < 0.75 else rng.randint(5, 15) if roll < 0.95 else rng.randint(30, 150)
        text = " ".join(rng.choice(cases) for _ in range(k))
        if rng.random() < 1 / 3:
            text += f" Update {i}: see you at {rng.randint(1, 12)}:{rng.randint(10, 59)} in room {rng.randint(100, 999)}."
        out.append((text[:MAX_CHARS], rng.choice(CONTEXTS)))
    return out


def run(live: Live, work: list[tuple[str, dict]], clients: int, pid: int | None) -> dict:
    import psutil

    proc = psutil.Process(pid) if pid else None
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures: list[str] = []
    rss: list[tuple[int, float]] = []  # (checks done, MB)
    queue = list(enumerate(work))
    done = [0]
    stop = threading.Event()

    def client():
        while True:
            with lock:
                if not queue:
                    return
                _, (text, context) = queue.pop()
            started = time.perf_counter()
            try:
                reply = live.check(text, context, timeout=30)
                status = reply.status
            except OSError as exc:
                status = 0
                with lock:
                    failures.append(type(exc).__name__)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                done[0] += 1

    def sampler():
        while not stop.is_set():
            if proc is not None:
                rss.append((done[0], proc.memory_info().rss / 2**20))
            stop.wait(0.25)

    watch = threading.Thread(target=sampler, daemon=True)
    watch.start()
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    stop.set()
    watch.join()

    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1) if lat else 0.0

    n = len(work)
    warm = [mb for d, mb in rss if d >= n * 0.2]
    second_half = [mb for d, mb in rss if d >= n * 0.5]
    ok = statuses.get(200, 0)
    figures = {
        "clients": clients, "checks": n, "ok": ok, "errors": n - ok,
        "server_errors": sum(c for s, c in statuses.items() if s >= 500),
        "throttled_retries": live.throttled,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "wall_s": round(wall, 1), "checks_per_s": round(n / wall, 1),
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(lat[-1], 1) if lat else 0.0,
        "mean_chars": round(statistics.mean(len(t) for t, _ in work)),
        "rss_start_mb": round(rss[0][1], 1) if rss else None,
        "rss_after_warmup_mb": round(warm[0], 1) if warm else None,
        "rss_end_mb": round(rss[-1][1], 1) if rss else None,
        "rss_growth_second_half_mb": round(second_half[-1] - second_half[0], 1) if len(second_half) > 1 else None,
    }
    # The caches (4,096 sentences, spaCy's strings) take a few thousand checks to fill, so memory
    # is judged only on runs long enough to pass warm-up; shorter runs report it, unjudged.
    growth = figures["rss_growth_second_half_mb"]
    figures["memory_flat"] = None if n < MIN_CHECKS_FOR_MEMORY or growth is None else growth < GROWTH_LIMIT_MB
    figures["passed"] = figures["errors"] == 0 and figures["memory_flat"] is not False
    return figures


def table(f: dict) -> str:
    rows = [
        ("clients / checks", f"{f['clients']} / {f['checks']:,} (mean {f['mean_chars']:,} chars)"),
        ("answered 200", f"{f['ok']:,}"),
        ("errors (non-200) / 5xx", f"{f['errors']} / {f['server_errors']}"),
        ("429s retried after Retry-After", f"{f['throttled_retries']}"),
        ("throughput", f"{f['checks_per_s']} checks/s over {f['wall_s']} s"),
        ("latency p50 / p95 / p99 / max", f"{f['p50_ms']} / {f['p95_ms']} / {f['p99_ms']} / {f['max_ms']} ms"),
        ("server memory start / warm / end", f"{f['rss_start_mb']} / {f['rss_after_warmup_mb']} / {f['rss_end_mb']} MB"),
        ("growth over the second half", f"{f['rss_growth_second_half_mb']} MB (limit {GROWTH_LIMIT_MB}"
                                        + (")" if f["memory_flat"] is not None else f"; judged from {MIN_CHECKS_FOR_MEMORY:,} checks)")),
        ("result", "PASS" if f["passed"] else "FAIL"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--checks", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=4309)
    ap.add_argument("--url", help="an already running companion, e.g. http://127.0.0.1:4309")
    ap.add_argument("--token", help="its pairing token (with --url)")
    ap.add_argument("--pid", type=int, help="its process id, to follow its memory (with --url)")
    args = ap.parse_args(argv)

    work = drafts(args.checks, args.seed)
    if args.url:
        port = int(args.url.rsplit(":", 1)[1].strip("/"))
        live = Live(port, args.token or "", Path("."), Path("/dev/null"), (), {})
        figures = run(live, work, args.clients, args.pid)
    else:
        with tempfile.TemporaryDirectory(prefix="second-look-load-") as tmp:
            env = relaxed_env(SECOND_LOOK_CHECK_TIMEOUT_MS="20000")
            live = make_live(Path(tmp), "--rules", str(ROOT / "policy_rules.yaml"), env=env).start()
            try:
                figures = run(live, work, args.clients, live.proc.pid)
                figures["server_errors_logged"] = live.health()["requests"]["errors"]
            finally:
                live.stop()
    print(table(figures))
    print(json.dumps(figures))
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
