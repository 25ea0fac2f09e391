"""The catalogue: every checked story, learning note and resource, indexed the ways readers browse."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from doingwith import frontmatter, strict_yaml
from doingwith.content import LearningNote, Resource, Story
from doingwith.problems import Problem, ProblemList
from doingwith.vocabularies import Vocabularies

# How many of the most recent stories per shared facet are considered when
# choosing related stories: keeps the work per story constant as the library grows.
RELATED_CANDIDATES_PER_FACET = 40


@dataclass
class ToolkitPage:
    slug: str
    title: str
    description: str
    principles: list[str]
    stages: list[str]
    resources: list[str]


@dataclass
class Catalogue:
    vocabularies: Vocabularies
    stories: list[Story]
    resources: list[Resource] = field(default_factory=list)
    toolkit: list[ToolkitPage] = field(default_factory=list)
    learning: list[LearningNote] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Newest first by the date of the learning; ties by title.
        self.learning = sorted(self.learning, key=lambda n: n.title.lower())
        self.learning.sort(key=lambda n: n.date, reverse=True)
        self.stories = sorted(self.stories, key=lambda s: (-s.published.toordinal(), s.title.lower()))
        self.resources = sorted(self.resources, key=lambda r: r.title.lower())
        self.by_slug = {s.slug: s for s in self.stories}
        self._index: dict[str, dict[str, list[Story]]] = {
            key: defaultdict(list) for key in ("principles", "nations", "places", "stages", "themes")
        }
        for story in self.stories:
            for principle in story.principle_ids:
                self._index["principles"][principle].append(story)
            self._index["nations"][story.nation].append(story)
            for key in ("places", "stages", "themes"):
                for term in getattr(story, key):
                    self._index[key][term].append(story)
        # For related(): each facet's candidates by slug, and one number ordering stories
        # newest first (ties by slug), so ranking needs no per-story lookups.
        self._candidates = {
            key: {term: [s.slug for s in found[:RELATED_CANDIDATES_PER_FACET]] for term, found in self._index[key].items()}
            for key in ("places", "themes", "principles")
        }
        newest_first = sorted(self.stories, key=lambda s: (-s.published.toordinal(), s.slug))
        self._recency = {story.slug: rank for rank, story in enumerate(newest_first)}

    def stories_with(self, key: str, term_id: str) -> list[Story]:
        """Stories tagged with ``term_id`` in vocabulary ``key``, newest first."""
        return self._index[key].get(term_id, [])

    def count(self, key: str, term_id: str) -> int:
        return len(self._index[key].get(term_id, ()))

    def resources_for(self, key: str, term_id: str) -> list[Resource]:
        return [r for r in self.resources if term_id in getattr(r, key)]

    def learning_for(self, key: str, term_id: str) -> list[LearningNote]:
        """Learning notes tagged with ``term_id`` in ``key`` (places, principles, lessons), newest first."""
        return [n for n in self.learning if term_id in getattr(n, key)]

    def toolkit_for(self, principle_id: str) -> list[ToolkitPage]:
        return [t for t in self.toolkit if principle_id in t.principles]

    def related(self, story: Story, limit: int = 4) -> list[Story]:
        """Stories sharing a place (strongest), themes or principles with this one."""
        scores: dict[str, int] = defaultdict(int)
        for key, weight in (("places", 3), ("themes", 2), ("principles", 1)):
            terms = story.principle_ids if key == "principles" else getattr(story, key)
            candidates = self._candidates[key]
            for term in terms:
                for slug in candidates.get(term, ()):
                    scores[slug] += weight
        scores.pop(story.slug, None)
        # Highest score first, then newest: one number, the score outweighing any rank.
        recency, outweigh = self._recency, len(self._recency)
        ranked = sorted(scores, key=lambda slug: recency[slug] - outweigh * scores[slug])
        return [self.by_slug[slug] for slug in ranked[:limit]]


def load_toolkit(
    toolkit_dir: Path, vocabularies: Vocabularies, resource_slugs: set[str], display
) -> tuple[list[ToolkitPage], list[Problem]]:
    """Read the toolkit guides' front matter so principle pages can link to them.

    Guides are written by maintainers, but a mistyped id would silently drop a
    link, so ids are checked like a story's.
    """
    pages, problems = [], []
    if not toolkit_dir.is_dir():
        return pages, problems
    for path in sorted(toolkit_dir.glob("*.md")):
        if path.name == "index.md" or not path.is_file():  # a folder, or a link to nothing
            continue
        # Read as a story is: bytes that are not UTF-8, or front matter never closed, are
        # located problems that stop the build, not a traceback.
        file_problems = ProblemList(display(path))
        text = frontmatter.decode(path.read_bytes(), file_problems, plural="toolkit guides")
        split = frontmatter.split(text, file_problems) if text is not None and text.startswith("---") else None
        problems += file_problems.errors
        if split is None:  # no front matter: a guide no principle page lists
            continue
        root, yaml_problems = strict_yaml.parse(split.yaml_text, line_offset=split.yaml_first_line - 1)
        for problem in yaml_problems:
            problems.append(Problem(display(path), problem.line, problem.col, problem.message))
        if not isinstance(root, strict_yaml.Mapping):
            continue
        known_ids = {"principles": vocabularies.principles.ids, "stages": vocabularies.stages.ids, "resources": resource_slugs}
        values: dict = {}
        for key, (key_node, node) in root.items.items():
            if key in ("title", "description"):
                if isinstance(node, strict_yaml.Scalar) and node.value.strip():
                    values[key] = node.value
                else:
                    problems.append(Problem(display(path), key_node.line, key_node.col, f"`{key}` must be a line of text"))
            elif key in known_ids:
                if not isinstance(node, strict_yaml.Sequence):
                    example = min(known_ids[key], default="an-id")
                    message = f"`{key}` must be a list of ids, such as [{example}], or be left out"
                    problems.append(Problem(display(path), key_node.line, key_node.col, message))
                    continue
                values[key] = []
                for item in node.items:
                    if not isinstance(item, strict_yaml.Scalar):
                        problems.append(Problem(display(path), item.line, item.col, f"each of `{key}` must be one id"))
                    elif item.value not in known_ids[key]:
                        problems.append(
                            Problem(display(path), item.line, item.col, f"`{key}`: '{item.value}' is not known")
                        )
                    else:
                        values[key].append(item.value)
        pages.append(
            ToolkitPage(
                slug=path.stem,
                title=values.get("title", path.stem),
                description=values.get("description", ""),
                principles=values.get("principles", []),
                stages=values.get("stages", []),
                resources=values.get("resources", []),
            )
        )
    return pages, problems


def period_text(period: dict) -> str:
    start, end = period.get("start"), period.get("end")
    if end == "ongoing":
        return f"{start} to now"
    if end == start:
        return str(start)
    return f"{start} to {end}"
