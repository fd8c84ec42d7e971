"""What a check returns: findings, the verdict and the score.

Verdict (shared/guidelines.md): `stop` if any finding is a stop, `review` if any is a warning,
else `ok`. Score: 0 when nothing fired, growing with severity and number of findings:
100 * (1 - product of (1 - weight)) over findings, with weights stop 0.6, warning 0.25,
info 0.05 — one stop alone scores 60, two stops 84, a warning 25, an info note 5.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITIES = ("info", "warning", "stop")
WEIGHTS = {"info": 0.05, "warning": 0.25, "stop": 0.6}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    title: str
    message: str
    offset: int | None  # UTF-16 code units; None for a finding about the whole draft
    length: int | None
    suggestions: list[str]
    policy: dict[str, str]
    confidence: float

    def to_dict(self) -> dict:
        return asdict(self)


def verdict(findings: list[Finding]) -> str:
    severities = {f.severity for f in findings}
    if "stop" in severities:
        return "stop"
    if "warning" in severities:
        return "review"
    return "ok"


def score(findings: list[Finding]) -> int:
    keep = 1.0
    for f in findings:
        keep *= 1.0 - WEIGHTS[f.severity]
    return round(100 * (1.0 - keep))


@dataclass
class Result:
    findings: list[Finding]
    rules_version: str
    elapsed_ms: float = 0.0
    verdict: str = field(init=False)
    score: int = field(init=False)

    def __post_init__(self) -> None:
        self.verdict = verdict(self.findings)
        self.score = score(self.findings)

    @property
    def rule_ids(self) -> list[str]:
        return sorted({f.rule_id for f in self.findings})

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "rules_version": self.rules_version,
            "elapsed_ms": round(self.elapsed_ms, 2),
        }
