"""Running the system's own tools (schtasks, launchctl, systemctl). Injectable, so tests on
Linux can record the exact calls each system would get instead of making them."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field


@dataclass
class Ran:
    argv: list[str]
    returncode: int
    output: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class SubprocessRunner:
    """Runs the command for real; a missing tool is a failed command with a reason, not a crash."""

    recording = False

    def run(self, argv: list[str], timeout: float = 60) -> Ran:
        if shutil.which(argv[0]) is None:
            return Ran(argv, 127, f"{argv[0]} was not found on this computer")
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                                  encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            return Ran(argv, 124, f"{argv[0]} did not finish within {timeout:g} s")
        except OSError as exc:
            return Ran(argv, 126, f"{argv[0]} could not be started ({exc.strerror})")
        return Ran(argv, proc.returncode, (proc.stdout + proc.stderr).strip())


@dataclass
class RecordingRunner:
    """Records every call; answers from `answers` (first word after the tool that matches), else 0."""

    calls: list[list[str]] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)
    recording = True

    def run(self, argv: list[str], timeout: float = 60) -> Ran:
        self.calls.append(list(argv))
        for key, code in self.answers.items():
            if key in argv:
                return Ran(argv, code, f"(recorded: {key} answers {code})")
        return Ran(argv, 0, "")
