"""`second-look serve` with two test-only faults wired in from outside, so that production
code carries no test hooks:

- a draft containing `slowpoke1500` makes the check sleep 1,500 ms before it runs (plain
  `slowpoke`: 2,000 ms): a check that takes too long, for the timeout and concurrency limits;
- a draft containing `crashme` makes every detector raise an exception whose message quotes the
  draft, as a buggy detector might: the leak tests check that the message goes nowhere.

Run as `python tests/security/serve_hooked.py serve --port N ...`.
"""

from __future__ import annotations

import re
import sys
import time

from companion.detectors.base import Detector
from companion.engine.engine import Engine

_find_all_many = Detector.find_all_many
_check = Engine.check


def find_all_many(self, docs):
    for doc in docs:
        if "crashme" in doc.text.lower():
            raise RuntimeError(f"detector failed on the draft {doc.text!r}")
    return _find_all_many(self, docs)


def check(self, text, context=None):
    slow = re.search(r"slowpoke(\d*)", text, re.IGNORECASE)
    if slow:
        time.sleep(int(slow.group(1) or 2000) / 1000)
    return _check(self, text, context)


Detector.find_all_many = find_all_many  # type: ignore[method-assign]
Engine.check = check  # type: ignore[method-assign]

if __name__ == "__main__":
    from companion.cli import main

    sys.exit(main(sys.argv[1:]))
