"""The command line's commands, one module each; `COMMANDS` is the registry `cli.py` reads."""

from companion.commands import check, roster, rules, serve, token

COMMANDS = [serve, check, rules, roster, token]
