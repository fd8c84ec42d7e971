"""The student roster and the Photo Opt-Out list: read from illuminate's CSV export, kept only
as keyed hashes of normalised names, matched against drafts token by token."""

from companion.roster.model import Roster, RosterEntry

__all__ = ["Roster", "RosterEntry"]
