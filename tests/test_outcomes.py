"""Measured results (`outcomes`) and archived copies of sources: checked with located
messages, shown on the story page, in the open data and as a search filter."""

from __future__ import annotations

import json

import pytest

from doingwith.content import load_story
from doingwith.vocabularies import load_vocabularies
from tests.helpers import TODAY, VALID_STORY, build, make_project, write

OUTCOMES = """\
outcomes:
  - measure: "Families using the park on a weekday afternoon"
    baseline: "12"
    figure: "40"
    date: "2023-06"
    source: 1
    kind: outcome
  - measure: "Residents who came to the design workshops"
    figure: "85"
    date: "2022"
    source: 1
    kind: reach
language: en
"""
ARCHIVED = """\
    publisher: "Example Council"
    archived:
      url: "https://web.archive.org/web/20240512000000/https://example.org/park-plan"
      date: 2024-05-12
"""


def with_outcomes(outcomes: str = OUTCOMES) -> str:
    return VALID_STORY.replace("language: en\n", outcomes).replace('    publisher: "Example Council"\n', ARCHIVED)


def check(tmp_path, text):
    path = write(tmp_path / "stories" / "park.md", text)
    story, problems = load_story(path, load_vocabularies(), TODAY, display="stories/park.md")
    return story, [p for p in problems if not p.warning]


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_outcomes_and_an_archived_copy_pass(tmp_path):
    story, problems = check(tmp_path, with_outcomes())
    assert problems == []
    assert [o["kind"] for o in story.outcomes] == ["outcome", "reach"] and story.has_measured_outcomes
    assert story.outcomes[0]["source"] == 1 and story.outcomes[1]["baseline"] is None
    assert story.sources[0]["archived"]["url"].startswith("https://web.archive.org/")


def test_reach_alone_is_not_a_measured_outcome(tmp_path):
    story, problems = check(tmp_path, with_outcomes(OUTCOMES.replace("kind: outcome", "kind: reach")))
    assert problems == [] and not story.has_measured_outcomes


@pytest.mark.parametrize(
    ("wrong", "right", "message"),
    [
        ("    kind: outcome", "    kind: impact", "`outcomes[1].kind`: 'impact' is not allowed"),
        ("    source: 1\n    kind: outcome", "    source: 4\n    kind: outcome", "`outcomes[1].source` is 4, but the story lists 1 source"),
        ("    source: 1\n    kind: outcome", "    source: first\n    kind: outcome", "`outcomes[1].source`: write a whole number from 1 to 30"),
        # 5,000 digits: int() refuses a number that long, which once ended the check with a ValueError.
        ("    source: 1\n    kind: outcome", f"    source: {'9' * 5000}\n    kind: outcome", "`outcomes[1].source`: write a whole number from 1 to 30"),
        ('    date: "2023-06"', '    date: "June 2023"', "`outcomes[1].date`: 'June 2023' is not a year or date"),
        ('    figure: "40"\n', "", "`outcomes[1].figure` is missing"),
    ],
)
def test_each_mistake_in_outcomes_is_located(tmp_path, wrong, right, message):
    text = with_outcomes(OUTCOMES.replace(wrong, right, 1))
    _story, problems = check(tmp_path, text)
    assert [p.message for p in problems if message in p.message], [str(p) for p in problems]
    problem = next(p for p in problems if message in p.message)
    assert line_of(text, "outcomes:") <= problem.line <= line_of(text, "language: en")


def test_a_source_number_too_high_is_placed_on_that_outcomes_own_source_line(tmp_path):
    # It was placed on the first outcome's first line, whichever outcome gave the number.
    text = with_outcomes(OUTCOMES.replace("    source: 1\n    kind: reach", "    source: 9\n    kind: reach"))
    _story, problems = check(tmp_path, text)
    assert [(p.line, p.col, p.message[:50]) for p in problems] == [
        (line_of(text, "    source: 9"), 13, "`outcomes[2].source` is 9, but the story lists 1 s")
    ]


def test_an_archived_copy_needs_a_real_address_and_date(tmp_path):
    text = with_outcomes().replace("      date: 2024-05-12", "      date: May 2024")
    _story, problems = check(tmp_path, text)
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "      date: May 2024"), "`sources[1].archived.date`: 'May 2024' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31")
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("outcomes"), {"park-story.md": with_outcomes(), "plain.md": VALID_STORY.replace(
        'title: "Residents and the council redesign a play park"', 'title: "A story whose sources report no figures"')})
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_story_page_shows_its_measured_results_and_archived_copy(built):
    page = (built / "stories" / "park-story" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="measured-results">Measured results</h2>' in page
    assert "<td>Families using the park on a weekday afternoon</td><td>40 (before: 12)</td><td>2023-06</td><td>Outcome</td>" in page
    assert '<a href="#source-1">Source 1</a>' in page and '<li id="source-1">' in page
    assert "archived copy, 12 May 2024</a>" in page
    assert "report no measured change" not in page


def test_a_story_without_figures_says_so_plainly(built):
    page = (built / "stories" / "plain" / "index.html").read_text(encoding="utf-8")
    assert "The sources report no measured change in services or in people's lives.</p>" in page


def test_outcomes_are_in_the_open_data_and_a_search_filter(built):
    records = {r["slug"]: r for r in json.loads((built / "data" / "stories.json").read_text(encoding="utf-8"))["stories"]}
    assert records["park-story"]["has_measured_outcomes"] is True and records["plain"]["has_measured_outcomes"] is False
    assert records["park-story"]["outcomes"][0] == {
        "measure": "Families using the park on a weekday afternoon", "baseline": "12", "figure": "40",
        "date": "2023-06", "source": 1, "kind": "outcome",
    }
    assert records["park-story"]["sources"][0]["archived"]["date"] == "2024-05-12"
    csv = (built / "data" / "stories.csv").read_text(encoding="utf-8")
    assert "Families using the park on a weekday afternoon: 40 (2023-06, outcome)" in csv
    page = (built / "stories" / "park-story" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="evidence:Has measured outcomes"' in page
    assert "evidence:" not in (built / "stories" / "plain" / "index.html").read_text(encoding="utf-8")
