"""`second-look install`: start the companion at logon for this user (or, with --all-users, for
everyone), unattended and idempotent. `--dry-run` prints the agent and the commands instead."""

from __future__ import annotations

import sys

from companion.commands.common import load_settings
from companion.settings import Paths

PLATFORMS = {"windows": "win32", "macos": "darwin", "linux": "linux"}


def make_runner():
    """The real runner; tests replace this function to record the calls instead."""
    from companion.install.runner import SubprocessRunner
    return SubprocessRunner()


def add_common(p) -> None:
    p.add_argument("--all-users", action="store_true",
                   help="(administrators) one agent that starts for every user at logon")
    p.add_argument("--dry-run", action="store_true", help="print what would be done; change nothing")
    p.add_argument("--platform", choices=sorted(PLATFORMS), help="with --dry-run: show another system's agent")


def register(sub) -> None:
    p = sub.add_parser("install", help="start the companion at logon (per user, unattended)")
    add_common(p)
    p.add_argument("--no-start", action="store_true", help="register only; start at the next logon")
    p.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                   help="how long to wait for the companion to answer (default 30)")
    p.set_defaults(func=run)


def target(args):
    from companion.install.installer import make_agent
    if args.platform and not args.dry_run:
        raise SystemExit("second-look: --platform works only with --dry-run")
    platform = PLATFORMS[args.platform] if args.platform else sys.platform
    return make_agent(platform, scope="machine" if args.all_users else "user")


def dry_run(agent, commands) -> int:
    data = agent.render()
    where = agent.definition_path or "(handed to schtasks from a temporary file)"
    print(f"# {agent.describe()}\n# file: {where}\n")
    print(data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8"))
    print("# commands:")
    for argv, _required in commands:
        print("  " + " ".join(a if " " not in a else f'"{a}"' for a in argv))
    return 0


def run(args) -> int:
    from companion.install.installer import install
    agent = target(args)
    if args.dry_run:
        return dry_run(agent, agent.register_commands(agent.definition_path or "task.xml"))
    paths = settings = None
    if not args.all_users:
        paths = Paths.for_user()
        settings = load_settings(paths)
    report = install(agent, make_runner(), paths, start=not args.no_start, wait=args.wait, settings=settings)
    for line in report.lines:
        print(line, file=sys.stderr if line.startswith("error:") else sys.stdout)
    if report.failed:
        print("second-look install: failed (the error above says why); `second-look doctor` tells more.",
              file=sys.stderr)
        return 1
    print("Second Look is installed." + ("" if args.all_users else " Pair the extension with `second-look token`"
                                         " unless IT pushes the token."))
    return 0
