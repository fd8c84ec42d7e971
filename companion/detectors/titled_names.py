"""`titled_names`: marks a colleague or parent named with a title or role ("Ms. Okoro",
"Coach Bell", "Principal Haddad"), and @handles, which tag a person.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet
from companion.language.people import PeopleFinder

_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}\b")


class TitledNamesDetector(Detector):
    kind = "titled_names"
    summary = "Marks a name with a title or role, and @handles that tag a person."
    needs_model = False
    FIELDS = {
        "titles": Field("phrases", [], "Titles and roles that come before a name (\"Ms.\", \"Coach\")."),
        "title_lists": Field("lists", [], "Names of lists of titles."),
        "handles": Field("yes/no", True, "Also mark @handles."),
        "ignore_handles": Field("phrases", [], "Handles not to mark (the district's own accounts), with the @."),
        "ignore_handle_lists": Field("lists", [], "Names of lists of handles not to mark."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        titles = PhraseSet(env, options.get("titles", []), options.get("title_lists", []), plurals=False)
        self.people = PeopleFinder(env.nlp, titles.phrases, None, env.model_ok)
        self.handles = options.get("handles", True)
        ignored = list(options.get("ignore_handles", []))
        for name in options.get("ignore_handle_lists", []):
            ignored += env.lists.get(name, [])
        self.ignored = {h.lower().lstrip("@") for h in ignored}

    def find(self, doc: Doc) -> list[Hit]:
        hits = [Hit(p.title.start_char, p.span.end_char) for p in self.people.titled(doc)]
        if self.handles:
            hits += [Hit(m.start(), m.end()) for m in _HANDLE.finditer(doc.text)
                     if m.group(0)[1:].lower() not in self.ignored]
        return hits
