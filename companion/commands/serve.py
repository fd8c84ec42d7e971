"""`second-look serve`: run the companion on 127.0.0.1."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from companion.commands.common import add_roster_arg, load_roster, load_settings, setup_logging
from companion.pairing import get_or_create_token
from companion.rules import RulesError
from companion.rules.remote import RulesFetcher, is_distributed
from companion.service import bundled_rules_path
from companion.settings import Paths

log = logging.getLogger(__name__)


def register(sub) -> None:
    p = sub.add_parser("serve", help="run the companion on 127.0.0.1")
    p.add_argument("--port", type=int, help="port (default 4309, or the configured one)")
    p.add_argument("--rules", metavar="PATH", help="rules file (default: the configured or bundled rules)")
    add_roster_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from companion.server.serve import make_server, steady_memory
    from companion.service import Service

    steady_memory()  # before the model loads: every large allocation from here on is mmapped
    if os.name == "posix":
        os.umask(0o077)  # every file the companion writes (logs, caches) is the user's alone
    paths = Paths.for_user().ensure()
    settings = load_settings(paths)
    if args.port is not None:
        settings = settings.with_values({"port": args.port}, "command line")
    setup_logging(paths, settings.log_level)
    roster, roster_source = load_roster(args.roster, paths, default_store=True)
    rules_path = Path(args.rules) if args.rules else None
    fetcher = None
    if rules_path is None and is_distributed(settings.rules):
        # The district's rules (URL or share) go through a cached copy the reloader watches.
        fetcher = RulesFetcher(settings, paths)
        rules_path = fetcher.prepare(bundled_rules_path())
    try:
        service = Service(settings, rules_path=rules_path, roster=roster,
                          paths=paths, roster_source=roster_source)
    except RulesError as exc:
        print("second-look: the rules cannot be used:", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return 2
    token = get_or_create_token(paths, settings)
    try:
        server = make_server(service, token, settings.port)
    except OSError as exc:
        print(f"second-look: cannot listen on 127.0.0.1:{settings.port} ({exc.strerror}); "
              "is another companion running? try `second-look doctor`", file=sys.stderr)
        return 3
    service.rules.start()
    if service.roster_watch is not None:
        service.roster_watch.start()
    if fetcher is not None:
        fetcher.accept = service.accept_rules
        service.distribution = fetcher
        fetcher.start()
    health = service.health()
    print(f"Second Look companion on http://127.0.0.1:{settings.port} "
          f"(rules {health['rules_version']}, model {health['model']})", file=sys.stderr, flush=True)
    try:
        server.run()
    finally:
        service.close()
    return 0
