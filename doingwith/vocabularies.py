"""Controlled vocabularies: the only values a story may use for its ids.

Each vocabulary is a YAML data file in ``vocabularies/`` beside this module: a
list of entries with a stable kebab-case ``id``, a ``name`` and a one-line
``description`` (places also carry their ``nation``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from doingwith import strict_yaml

VOCABULARY_DIR = Path(__file__).parent / "vocabularies"
KEBAB = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")  # dots for versions: cc-by-4.0

# name -> what one entry is called in messages ("is not a known principle")
VOCABULARY_NAMES = {
    "principles": "principle",
    "nations": "nation",
    "places": "place",
    "stages": "stage",
    "themes": "theme",
    "roles": "role",
    "languages": "language",
    "resource_types": "resource type",
    "licences": "licence",
    "lessons": "lesson",
}


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    description: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __getitem__(self, key: str):
        return self.extra[key]

    def get(self, key: str, default=None):
        return self.extra.get(key, default)


@dataclass
class Vocabulary:
    key: str  # e.g. "principles"
    noun: str  # e.g. "principle"
    terms: dict[str, Term]

    def __contains__(self, term_id: str) -> bool:
        return term_id in self.terms

    def __getitem__(self, term_id: str) -> Term:
        return self.terms[term_id]

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def ids(self) -> list[str]:
        return list(self.terms)

    def name(self, term_id: str) -> str:
        return self.terms[term_id].name

    def suggest(self, wrong: str) -> str | None:
        """The nearest known id, for "did you mean ...?"."""
        candidates = {t.id: t.id for t in self}
        candidates.update({t.name.lower(): t.id for t in self})
        match = difflib.get_close_matches(wrong.lower(), list(candidates), n=1, cutoff=0.6)
        return candidates[match[0]] if match else None

    def unknown_message(self, wrong: str) -> str:
        """The message for an id that is not in this vocabulary."""
        message = f"'{wrong}' is not a known {self.noun}"
        guess = self.suggest(wrong)
        message += f"; did you mean '{guess}'?" if guess else "."
        if len(self.ids) <= 12:
            message += " Allowed: " + ", ".join(self.ids)
        else:
            message += f" See the list of {self.key.replace('_', ' ')} in docs/share/fields.md"
        return message


class VocabularyError(Exception):
    pass


def _load(key: str, directory: Path) -> Vocabulary:
    path = directory / f"{key}.yml"
    root, problems = strict_yaml.parse(path.read_text(encoding="utf-8"))
    if problems:
        raise VocabularyError(f"{path}:{problems[0].line}:{problems[0].col}: {problems[0].message}")
    if not isinstance(root, strict_yaml.Sequence):
        raise VocabularyError(f"{path}: must be a list of entries")
    terms: dict[str, Term] = {}
    for entry in root.items:
        if not isinstance(entry, strict_yaml.Mapping):
            raise VocabularyError(f"{path}:{entry.line}: each entry must be a mapping")
        values = {k: v.value for k, (_, v) in entry.items.items() if isinstance(v, strict_yaml.Scalar)}
        missing = {"id", "name", "description"} - values.keys()
        if missing:
            raise VocabularyError(f"{path}:{entry.line}: entry lacks {', '.join(sorted(missing))}")
        term_id = values.pop("id")
        if not KEBAB.match(term_id) or term_id in terms:
            raise VocabularyError(f"{path}:{entry.line}: id '{term_id}' must be unique kebab-case")
        extra = {k: (v == "true" if v in ("true", "false") else v) for k, v in values.items()}
        terms[term_id] = Term(term_id, extra.pop("name"), extra.pop("description"), extra)
    return Vocabulary(key, VOCABULARY_NAMES[key], terms)


@dataclass
class Vocabularies:
    principles: Vocabulary
    nations: Vocabulary
    places: Vocabulary
    stages: Vocabulary
    themes: Vocabulary
    roles: Vocabulary
    languages: Vocabulary
    resource_types: Vocabulary
    licences: Vocabulary
    lessons: Vocabulary

    def places_in(self, nation: str) -> list[str]:
        by_nation = self.__dict__.get("_places_by_nation")
        if by_nation is None:
            by_nation = {}
            for place in self.places:
                by_nation.setdefault(place["nation"], []).append(place.id)
            self.__dict__["_places_by_nation"] = by_nation
        return list(by_nation.get(nation, ()))

    def get(self, key: str) -> Vocabulary:
        return getattr(self, key)


@cache
def load_vocabularies(directory: Path = VOCABULARY_DIR) -> Vocabularies:
    vocabularies = Vocabularies(**{key: _load(key, directory) for key in VOCABULARY_NAMES})
    for place in vocabularies.places:
        if place.get("nation") not in vocabularies.nations:
            raise VocabularyError(f"place '{place.id}' names an unknown nation")
    return vocabularies
