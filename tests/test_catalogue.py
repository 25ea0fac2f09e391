"""Related stories: the catalogue ranks them as its docstring says, whatever the library's size."""

from __future__ import annotations

import sys

from doingwith.catalogue import RELATED_CANDIDATES_PER_FACET, Catalogue
from doingwith.project import Project, check_project
from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO, make_project

sys.path.insert(0, str(REPO / "bench"))
import synthetic  # noqa: E402  (bench/ is not a package)


def _scores(catalogue: Catalogue, story) -> dict[str, int]:
    """Each candidate's score, by the rule written out plainly: 3 points per shared place, 2
    per shared theme and 1 per shared principle, counting only the newest candidates per term."""
    scores: dict[str, int] = {}
    for key, weight, terms in (
        ("places", 3, story.places),
        ("themes", 2, story.themes),
        ("principles", 1, story.principle_ids),
    ):
        for term in terms:
            for other in catalogue.stories_with(key, term)[:RELATED_CANDIDATES_PER_FACET]:
                if other.slug != story.slug:
                    scores[other.slug] = scores.get(other.slug, 0) + weight
    return scores


def _related_as_specified(catalogue: Catalogue, story, limit: int = 4) -> list[str]:
    """Highest score first, then the newest, then by slug."""
    scores = _scores(catalogue, story)
    published = {slug: catalogue.by_slug[slug].published for slug in scores}
    ranked = sorted(scores, key=lambda slug: (-scores[slug], -published[slug].toordinal(), slug))
    return ranked[:limit]


def test_related_stories_follow_the_rule_for_every_story(tmp_path):
    stories = synthetic.generate_stories(400)
    root = make_project(tmp_path, {f"{s.slug}.md": s.text for s in stories}, copy_resources=False)
    result = check_project(Project(root))
    assert not result.errors and len(result.stories) == 400
    catalogue = Catalogue(load_vocabularies(), result.stories, result.resources)
    # Enough stories share a term for the candidate limit and the tie-breaks to matter.
    assert max(catalogue.count("themes", t.id) for t in catalogue.vocabularies.themes) > RELATED_CANDIDATES_PER_FACET
    ties = 0
    for story in catalogue.stories:
        assert [s.slug for s in catalogue.related(story)] == _related_as_specified(catalogue, story), story.slug
        scores = _scores(catalogue, story)
        keys = [(score, catalogue.by_slug[slug].published) for slug, score in scores.items()]
        ties += len(keys) - len(set(keys))
    assert ties > 100  # same score and same date: only the slug decides, and it was checked
