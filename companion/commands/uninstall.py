"""`second-look uninstall`: stop and remove the agent, the token, the roster, the logs and the
cached rules of this user (with --all-users: the all-users agent)."""

from __future__ import annotations

import sys

from companion.commands.install import add_common, dry_run, make_runner, target
from companion.settings import Paths, Settings


def register(sub) -> None:
    p = sub.add_parser("uninstall", help="remove the agent and this user's Second Look data")
    add_common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from companion.install import installer
    agent = target(args)
    if args.dry_run:
        rc = dry_run(agent, agent.unregister_commands())
        if not args.all_users:
            print("# folders removed:")
            for folder in installer.user_folders(Paths.for_user()):
                print(f"  {folder}")
        return rc
    paths = settings = None
    if not args.all_users:
        paths = Paths.for_user()
        try:
            from companion.config import ConfigError, load_config
            settings = load_config(paths)
        except ConfigError:
            settings = Settings()  # a broken config must not stop an uninstall
    report = installer.uninstall(agent, make_runner(), paths, settings)
    for line in report.lines:
        print(line, file=sys.stderr if line.startswith("error:") else sys.stdout)
    if report.failed:
        return 1
    print("Second Look is uninstalled for this user." if not args.all_users else "The all-users agent is removed.")
    return 0
