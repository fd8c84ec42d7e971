"""`second-look check`: check one draft (or a batch of JSON lines) from the command line, with
the same engine the server uses, no server needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from companion.commands.common import add_roster_arg, load_roster, load_settings
from companion.context import ACCOUNTS, PLATFORMS, SURFACES, Context, ContextError
from companion.engine import Result
from companion.language.model import load_model
from companion.rules import RulesError
from companion.rules.build import build_engine
from companion.rules.check import read_rules_text
from companion.rules.schema import parse
from companion.service import bundled_rules_path, draft_problem
from companion.settings import Paths
from companion.worktime import district_time_for


def register(sub) -> None:
    p = sub.add_parser("check", help="check a draft against the rules")
    p.add_argument("text", nargs="?", help="the draft, or - to read it from standard input")
    p.add_argument("--rules", metavar="PATH", help="rules file (default: the bundled rules)")
    add_roster_arg(p)
    p.add_argument("--platform", choices=PLATFORMS, default="other")
    p.add_argument("--surface", choices=SURFACES, default="post")
    p.add_argument("--account", choices=ACCOUNTS, default="personal")
    p.add_argument("--media", action="store_true", help="a photo or video is attached")
    p.add_argument("--profile-disclaimer", action="store_true", help="the profile already carries a disclaimer")
    p.add_argument("--no-roster", action="store_true", help="use no roster (by default: the imported one, as the companion does)")
    p.add_argument("--fail-on", choices=["review", "stop"],
                   help="exit 1 when a draft's verdict is this or worse (for batch runs)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the API's JSON result")
    out.add_argument("--jsonl", action="store_true",
                     help="read JSON lines {\"text\", \"context\"} on standard input, write one result per line")
    p.set_defaults(func=run)


def run(args) -> int:
    paths = Paths.for_user()
    settings = load_settings(paths)
    rules_path = Path(args.rules) if args.rules else configured_rules_path(settings, paths)
    roster, roster_source = (None, None) if args.no_roster else load_roster(args.roster, paths, default_store=True)
    try:
        spec = parse(read_rules_text(rules_path), str(rules_path))
        engine = build_engine(spec, load_model(), roster, settings.rule_settings())
    except RulesError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    district_time = district_time_for(settings)

    fail = VERDICT_RANK[args.fail_on] if args.fail_on else 99
    if args.jsonl:
        return _jsonl(engine, district_time, settings.max_text_chars, fail)

    if args.text is None or args.text == "-":
        if sys.stdin.isatty():
            print("Type or paste the draft, then press Ctrl-D (Ctrl-Z then Enter on Windows):", file=sys.stderr)
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            print("second-look: standard input is not UTF-8 text", file=sys.stderr)
            return 2
    else:
        text = args.text
    problem = text_problem(text, settings.max_text_chars)
    if problem:
        print(f"second-look: {problem}", file=sys.stderr)
        return 2
    context = Context(args.platform, args.surface, args.account, args.media, args.profile_disclaimer, district_time)
    result = engine.check(text, context)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(render(text, result, roster_source))
    return 1 if VERDICT_RANK[result.verdict] >= fail else 0


VERDICT_RANK = {"ok": 0, "review": 1, "stop": 2}


def text_problem(text: str, max_chars: int) -> str | None:
    problem = draft_problem(text, max_chars)
    return problem.reason if problem else None


def configured_rules_path(settings, paths: Paths) -> Path:
    """The rules the running companion would use: a local file as configured, the last copy
    fetched from the district's server when the source is a URL, else the bundled rules."""
    if not settings.rules:
        return bundled_rules_path()
    if "://" not in settings.rules:
        return Path(settings.rules)
    from companion.rules.remote import CACHE_NAME

    fetched = paths.cache / CACHE_NAME
    return fetched if fetched.exists() else bundled_rules_path()


def _jsonl(engine, district_time: bool, max_chars: int, fail: int) -> int:
    """One result per input line, in order; a bad line gets an error object and the rest go on."""
    status = 0
    for line_no, raw in enumerate(sys.stdin.buffer, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw.decode("utf-8"))
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError("each line needs a 'text' string")
            problem = text_problem(item["text"], max_chars)
            if problem:
                raise ValueError(problem)
            context = Context.parse(item.get("context"), district_time=district_time)
        except UnicodeDecodeError:
            status = 1
            print(json.dumps({"error": "bad_line", "line": line_no, "reason": "the line is not UTF-8 text"}), flush=True)
            continue
        except (ValueError, ContextError) as exc:
            status = 1
            # json's messages quote a position, never the text; ours never quote the draft.
            print(json.dumps({"error": "bad_line", "line": line_no, "reason": str(exc)[:200]}), flush=True)
            continue
        result = engine.check(item["text"], context)
        if VERDICT_RANK[result.verdict] >= fail:
            status = status or 1
        print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
    return status


def _utf16_slice(text: str, offset: int, length: int) -> str:
    b = text.encode("utf-16-le")
    return b[2 * offset:2 * (offset + length)].decode("utf-16-le", errors="replace")


def render(text: str, result: Result, roster_source: str | None = None) -> str:
    """The draft with [[marked]] words, then each finding with its guideline."""
    marked = text.encode("utf-16-le")
    spans = sorted({(f.offset, f.length) for f in result.findings if f.offset is not None}, reverse=True)
    for offset, length in spans:
        a, b = 2 * offset, 2 * (offset + length)
        marked = marked[:a] + "[[".encode("utf-16-le") + marked[a:b] + "]]".encode("utf-16-le") + marked[b:]
    lines = [f"{result.verdict.upper()}  score {result.score}  (rules {result.rules_version}; "
             f"roster: {roster_source or 'none'})", "",
             "  " + marked.decode("utf-16-le").replace("\n", "\n  "), ""]
    if not result.findings:
        lines.append("No findings.")
    for f in result.findings:
        where = f'"{_utf16_slice(text, f.offset, f.length)}"' if f.offset is not None else "the whole draft"
        lines.append(f"{f.severity:<8} {f.rule_id}: {f.title} — {where}")
        lines.append(f"         {f.message}")
        lines.append(f"         Guideline: {f.policy['section']} — \"{f.policy['quote']}\"")
        for s in f.suggestions:
            lines.append(f"         Try: {s}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
