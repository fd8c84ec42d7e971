#!/usr/bin/env python3
"""Benchmark the companion as the extension uses it: the real server, over loopback.

Prints a table, then one JSON object on the last line:
- p50/p95/p99 of POST /v1/check for 280- and 2,000-character drafts, every text unique (no
  cache hits);
- a re-check after one appended character (what typing costs);
- startup time from launch to the first answered request, at a restart (the rules already
  proven, as at each login) and at the first start (every rule's example run), and resident memory;
- in the same run, one bare spaCy pass over the same texts, the floor the targets are set
  against (full pipeline as shipped, and the pipeline the companion loads).

Targets (issue 2 and 3): tweet p50 <= 1.3x (1.5x with every detector) the floor; one-keystroke
re-check <= 0.3x a full check; startup < 3 s; memory < 300 MB.

    .venv/bin/python scripts/bench.py [--tweets 200] [--long 60] [--rules FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = [
    "So proud of our robotics team for placing third at regionals this weekend",
    "Reminder that picture day is Thursday and forms are due to the front office",
    "Our 4th graders planted a pollinator garden behind the library",
    "Huge thanks to the families who volunteered at the book fair",
    "The jazz band sounded amazing at the winter concert last night",
    "Early dismissal on Friday for staff professional development",
    "We read three chapters of Wonder today and talked about kindness",
    "Congratulations to the cross country team on a great season",
    "The new lunch schedule starts Monday so check the school website",
    "Seniors, FAFSA night is in the commons at six with snacks",
    "Students built bridges out of popsicle sticks and tested them to failure",
    "Our counselors are hosting a college and career fair next month",
    "Traffic on 509 was rough this morning but the buses were on time",
    "Thank you to our custodial staff for keeping the building spotless",
    "Coach said practice moves indoors because of the rain",
    "Math night was a hit with over two hundred families attending",
]


WORDS = ["again", "today", "this week", "at last", "as promised", "once more", "for real", "together"]


def unique_text(rng: random.Random, length: int, tag: int) -> str:
    """A realistic draft whose every sentence is new, so the sentence cache never helps."""
    parts = [f"Day {tag}:"]
    while len(" ".join(parts)) < length:
        s = rng.choice(SENTENCES) + f" {rng.choice(WORDS)} ({tag}.{len(parts)})"
        parts.append(s + rng.choice([".", "!", "."]) + (" " + rng.choice(["🎉", "📚", "👏", ""]) if rng.random() < 0.3 else ""))
    return " ".join(parts)[:length]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """Talks to the companion as the extension's service worker does: one kept-alive HTTP/1.1
    connection, reused from request to request (a browser's fetch pools its connections)."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.token = token
        self.conn: http.client.HTTPConnection | None = None

    def _request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"X-Second-Look-Token": self.token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                return resp.status, resp.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def check(self, text: str) -> float:
        body = json.dumps({"text": text, "context": {"platform": "twitter"}}).encode()
        started = time.perf_counter()
        status, _ = self._request("POST", "/v1/check", body)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise SystemExit(f"the companion answered {status}")
        return elapsed

    def health(self) -> bool:
        try:
            return self._request("GET", "/v1/health")[0] == 200
        except OSError:
            return False


def start_server(home: Path, port: int, token: str, rules: Path) -> tuple[subprocess.Popen, float]:
    env = {**os.environ, "SECOND_LOOK_HOME": str(home), "SECOND_LOOK_TOKEN": token}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "companion", "serve", "--port", str(port),
                             "--rules", str(rules)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = Client(port, token)
    while not client.health():
        if proc.poll() is not None:
            raise SystemExit("the companion exited during startup")
        if time.perf_counter() - started > 60:
            raise SystemExit("the companion did not start within 60 s")
        time.sleep(0.02)
    return proc, time.perf_counter() - started


def spacy_floor(tweets: list[str], longs: list[str]) -> dict[str, float]:
    """One bare spaCy pass per text, as shipped and as the companion loads it."""
    import spacy

    from companion.language.model import EXCLUDE, MODEL_CANDIDATES

    out = {}
    for label, exclude in (("full", []), ("companion", list(EXCLUDE))):
        for name in MODEL_CANDIDATES:
            try:
                nlp = spacy.load(name, exclude=exclude)
                break
            except OSError:
                continue
        for kind, texts in (("tweet", tweets), ("long", longs)):
            nlp(texts[0])  # warm up
            times = []
            for t in texts:
                started = time.perf_counter()
                nlp(t)
                times.append((time.perf_counter() - started) * 1000)
            out[f"{label}_{kind}_p50_ms"] = statistics.median(times)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tweets", type=int, default=200)
    parser.add_argument("--long", type=int, default=60)
    # What a rules change costs: run once with each file, at the same hour.
    parser.add_argument("--rules", type=Path, default=ROOT / "policy_rules.yaml",
                        help="rules file (default: the bundled one)")
    args = parser.parse_args()
    import psutil

    rng = random.Random(4309)
    tweets = [unique_text(rng, 280, i) for i in range(args.tweets)]
    longs = [unique_text(rng, 2000, 10_000 + i) for i in range(args.long)]
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory() as home:
        # Started twice in the same home: the first start runs every rule's examples; the restart,
        # as at each login, finds the same rules already proven (companion/rules/proven.py).
        proc, first_start_s = start_server(Path(home), free_port(), token, args.rules)
        proc.terminate()
        proc.wait(10)
        port = free_port()
        proc, startup_s = start_server(Path(home), port, token, args.rules)
        try:
            client = Client(port, token)
            for i in range(5):  # warm up the connection path with texts not measured
                client.check(unique_text(rng, 280, 90_000 + i))
            tweet_ms = [client.check(t) for t in tweets]
            long_ms = [client.check(t) for t in longs]
            recheck_ms = []
            for t in tweets[: max(20, args.tweets // 4)]:
                recheck_ms.append(client.check(t[:-1] + "x" if t.endswith(" ") else t + "s"))
            # The full check each re-check is compared with: the same sizes, fresh texts.
            fresh_ms = [client.check(unique_text(rng, 280, 50_000 + i)) for i in range(len(recheck_ms))]
            rss_mb = psutil.Process(proc.pid).memory_info().rss / 2**20
        finally:
            proc.terminate()
            proc.wait(10)
    floor = spacy_floor(tweets, longs)
    r = {
        "tweet_p50_ms": statistics.median(tweet_ms), "tweet_p95_ms": percentile(tweet_ms, 95),
        "tweet_p99_ms": percentile(tweet_ms, 99),
        "long_p50_ms": statistics.median(long_ms), "long_p95_ms": percentile(long_ms, 95),
        "long_p99_ms": percentile(long_ms, 99),
        "recheck_p50_ms": statistics.median(recheck_ms), "full_check_p50_ms": statistics.median(fresh_ms),
        "startup_first_s": first_start_s, "startup_s": startup_s, "rss_mb": rss_mb, **floor,
    }
    r["tweet_vs_full_floor"] = r["tweet_p50_ms"] / r["full_tweet_p50_ms"]
    r["tweet_vs_companion_floor"] = r["tweet_p50_ms"] / r["companion_tweet_p50_ms"]
    r["long_vs_full_floor"] = r["long_p50_ms"] / r["full_long_p50_ms"]
    r["recheck_vs_full_check"] = r["recheck_p50_ms"] / r["full_check_p50_ms"]
    rows = [
        ("POST /v1/check, 280 chars, p50 / p95 / p99", f"{r['tweet_p50_ms']:.1f} / {r['tweet_p95_ms']:.1f} / {r['tweet_p99_ms']:.1f} ms"),
        ("POST /v1/check, 2,000 chars, p50 / p95 / p99", f"{r['long_p50_ms']:.1f} / {r['long_p95_ms']:.1f} / {r['long_p99_ms']:.1f} ms"),
        ("re-check after one keystroke, p50", f"{r['recheck_p50_ms']:.1f} ms ({r['recheck_vs_full_check']:.2f}x a full check)"),
        ("bare spaCy pass, 280 chars (full / companion pipeline)", f"{r['full_tweet_p50_ms']:.1f} / {r['companion_tweet_p50_ms']:.1f} ms"),
        ("bare spaCy pass, 2,000 chars (full / companion pipeline)", f"{r['full_long_p50_ms']:.1f} / {r['companion_long_p50_ms']:.1f} ms"),
        ("tweet check vs bare spaCy (full / companion pipeline)", f"{r['tweet_vs_full_floor']:.2f}x / {r['tweet_vs_companion_floor']:.2f}x"),
        ("startup to first answer: restart / first start", f"{r['startup_s']:.2f} / {r['startup_first_s']:.2f} s"),
        ("resident memory", f"{r['rss_mb']:.0f} MB"),
    ]
    width = max(len(a) for a, _ in rows)
    print(f"Second Look companion benchmark ({args.tweets} tweets, {args.long} long drafts, unique texts, loopback)")
    for a, b in rows:
        print(f"  {a:<{width}}  {b}")
    print(json.dumps({k: round(v, 3) for k, v in r.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
