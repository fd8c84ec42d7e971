"""The command line's commands, one module each; `COMMANDS` is the registry `cli.py` reads."""

from companion.commands import check, doctor, install, roster, rules, serve, token, uninstall

COMMANDS = [serve, check, rules, roster, token, install, uninstall, doctor]
