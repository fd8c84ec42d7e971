"""The registry of detector kinds. A rule in the rules file picks its kind by name.

Adding a kind is adding a module here with one `Detector` subclass and a line below; the rules
loader, the docs test and `second-look rules kinds` all read this one table.
"""

from __future__ import annotations

from companion.detectors.base import COMMON_FIELDS, Detector
from companion.detectors.conversation import ConversationDetector
from companion.detectors.entities import EntitiesDetector
from companion.detectors.missing import MissingDetector
from companion.detectors.near import NearDetector
from companion.detectors.offensive import OffensiveDetector
from companion.detectors.pattern import PatternDetector
from companion.detectors.phrases import PhrasesDetector
from companion.detectors.reader import ReaderDetector
from companion.detectors.reminder import ReminderDetector
from companion.detectors.student_names import StudentNamesDetector
from companion.detectors.titled_names import TitledNamesDetector

KINDS: dict[str, type[Detector]] = {
    cls.kind: cls
    for cls in (
        ConversationDetector,
        EntitiesDetector,
        MissingDetector,
        NearDetector,
        OffensiveDetector,
        PatternDetector,
        PhrasesDetector,
        ReaderDetector,
        ReminderDetector,
        StudentNamesDetector,
        TitledNamesDetector,
    )
}

__all__ = ["COMMON_FIELDS", "KINDS", "Detector"]
