"""The post's context: what the extension knows about a draft that its text does not say.

Fields, values and defaults are the contract in `shared/guidelines.md`. An unknown field or
value is an error with a reason, never a silent default: a typo in the extension must not turn
a district account into a personal one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

PLATFORMS = ("facebook", "twitter", "instagram", "other")
SURFACES = ("post", "comment", "reply", "dm")
ACCOUNTS = ("personal", "district")

# name -> allowed values (a tuple of strings) or bool
FIELDS: dict[str, tuple[str, ...] | type] = {
    "platform": PLATFORMS,
    "surface": SURFACES,
    "account": ACCOUNTS,
    "has_media": bool,
    "disclaimer_in_profile": bool,
}


class ContextError(ValueError):
    """A context field that is unknown or has a value outside its allowed set."""


@dataclass(frozen=True)
class Context:
    platform: str = "other"
    surface: str = "post"
    account: str = "personal"
    has_media: bool = False
    disclaimer_in_profile: bool = False
    # Facts from the companion's own settings, not from the request.
    district_time: bool = False

    @classmethod
    def parse(cls, data: object, *, district_time: bool = False) -> "Context":
        """Build a context from a JSON object, refusing anything not in the contract."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ContextError("context must be a JSON object")
        values: dict[str, object] = {}
        for key, value in data.items():
            allowed = FIELDS.get(key)
            if allowed is None:
                raise ContextError(
                    f"unknown context field {key!r}; known fields: {', '.join(FIELDS)}"[:300]
                )
            if allowed is bool:
                if not isinstance(value, bool):
                    raise ContextError(f"context field {key!r} must be true or false")
            elif not isinstance(value, str) or value not in allowed:
                raise ContextError(
                    f"context field {key!r} must be one of: {', '.join(allowed)}"  # type: ignore[arg-type]
                )
            values[key] = value
        return cls(**values, district_time=district_time)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in FIELDS}

    @property
    def public(self) -> bool:
        """A post, comment or reply can be seen by others; a direct message cannot."""
        return self.surface != "dm"
