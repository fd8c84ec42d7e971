"""Rules already proven: a restart skips re-running the examples of a file that passed them.

Running every rule's examples is most of a cold start (about two of five seconds). A stamp next
to the last good copy records what passed: the file's text, the rule settings, the language model,
the libraries' versions and the companion's own code and data as this process loaded them (each
file's size and modification time). When any of these differs, the examples run again, as for
any new file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import companion
from companion.settings import write_private

log = logging.getLogger(__name__)

_PACKAGE = Path(companion.__file__).resolve().parent


# The libraries whose behaviour the examples depend on.
_LIBRARIES = ("spacy", "thinc", "numpy", "wordfreq", "google-re2")  # the model is in `model_name`


def _code_fingerprint() -> str:
    """The code and data this process loaded, and the libraries' versions: a changed file (an
    update, an edit in a development checkout) or library means the examples must be run again.
    Taken once, at import: a file changed under a running companion is not the code it runs, so
    a proof recorded by this process must not vouch for it."""
    h = hashlib.sha256(f"{companion.__version__}|{sys.version}".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none\n".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            st = path.stat()
            h.update(f"{path.relative_to(_PACKAGE)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


_CODE = _code_fingerprint()


def proof_key(text: str, settings: dict[str, Any] | None, model_name: str) -> str:
    """What a pass of the examples depends on."""
    h = hashlib.sha256()
    for part in (text, json.dumps(settings or {}, sort_keys=True, default=str), model_name, _CODE):
        h.update(hashlib.sha256(part.encode()).digest())
    return h.hexdigest()


class Proof:
    """The stamp file: one line, the key of the last rules text whose examples all passed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def holds(self, key: str) -> bool:
        try:
            return self.path.read_text(encoding="ascii").strip() == key
        except (OSError, UnicodeDecodeError):
            return False

    def record(self, key: str) -> None:
        try:
            write_private(self.path, key.encode("ascii"))
        except OSError:
            log.warning("could not save the proof of the rules' examples; the next start runs them again")

    def forget(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
