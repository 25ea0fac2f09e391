"""The learning log: notes in learning/, checked like stories, on their own pages, on
partnership and principle pages, in the feed, the open data and search."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from doingwith.content import RESERVED_LEARNING_SLUGS, load_learning_note
from doingwith.learning_pages import LEARNING_INDEX
from doingwith.project import Project, check_project
from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO, TODAY, VALID_STORY, build, make_project, run_cli, write

NOTE = """\
---
title: "Belfast: residents choose the questions before the survey"
summary: >-
  A partnership let residents write the questions of its neighbourhood survey, and learned
  that people answer questions they asked themselves.
date: "2024-05"
nation: northern-ireland
places: [belfast]
principles: [people-as-assets, meaningful-participation]
lessons: [making-engagement-work]
sources:
  - title: "Neighbourhood survey report"
    url: "https://example.org/survey"
    publisher: "Example Partnership"
published: 2026-01-15
last_reviewed: 2026-06-01
authors:
  - name: "Test Author"
    role: practitioner
language: en
---

## What they tried

Residents wrote the Quillborough survey questions.

## What they learned

People answer questions they asked themselves.

## What they would do differently

Start sooner.

## Find out more

- [The survey report](https://example.org/survey)
"""


def check(tmp_path, text: str):
    path = write(tmp_path / "learning" / "survey-note.md", text)
    note, problems = load_learning_note(path, load_vocabularies(), TODAY, display="learning/survey-note.md")
    return note, [p for p in problems if not p.warning]


def test_a_good_note_passes(tmp_path):
    note, problems = check(tmp_path, NOTE)
    assert problems == []
    assert note.places == ["belfast"] and note.lessons == ["making-engagement-work"] and note.date == "2024-05"


@pytest.mark.parametrize(
    ("wrong", "right", "line", "message"),
    [
        ("lessons: [making-engagement-work]", "lessons: [making-it-work]", 10, "'making-it-work' is not a known lesson"),
        ("places: [belfast]", "places: [cardiff]", 8, "`places`: 'cardiff' is in Wales, but `nation` is northern-ireland"),
        ('date: "2024-05"', 'date: "May 2024"', 6, "`date`: 'May 2024' is not a year or date"),
        ("principles: [people-as-assets, meaningful-participation]", "principles: []", 9, "`principles` has 0 items"),
        ("## What they would do differently\n", "## What would be different\n", None, "the section '## What they would do differently' is missing"),
    ],
)
def test_each_mistake_in_a_note_is_located(tmp_path, wrong, right, line, message):
    _note, problems = check(tmp_path, NOTE.replace(wrong, right))
    found = [p for p in problems if message in p.message]
    assert found, [str(p) for p in problems]
    if line is not None:
        assert found[0].line == line



@pytest.mark.parametrize("name", ["index", "media", "lessons"])
def test_a_note_may_not_take_the_name_of_one_of_the_sites_own_pages(tmp_path, name):
    # learning/lessons.md passed the check, and the build then stopped: "docs/learning/lessons.md
    # clashes with a generated page; rename or remove it", pointing at the wrong file.
    path = write(tmp_path / "learning" / f"{name}.md", NOTE)
    _note, problems = load_learning_note(path, load_vocabularies(), TODAY, display=f"learning/{name}.md")
    assert len(problems) == 1 and (problems[0].line, problems[0].col) == (1, 1), [str(p) for p in problems]
    assert problems[0].message.startswith(f"the file name '{name}.md' is reserved for the site's own ")
    assert problems[0].message.endswith("; give the learning note a name of its own")


def test_every_page_the_site_has_in_learning_is_a_name_no_note_may_take():
    own = {Path(LEARNING_INDEX).stem}
    for entry in (REPO / "docs" / "learning").iterdir():
        own.add(entry.stem if entry.suffix == ".md" else entry.name)
    assert own <= RESERVED_LEARNING_SLUGS


def test_the_real_notes_pass_and_follow_the_published_json_schema():
    result = check_project(Project(REPO))
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert len(result.learning) >= 6
    schema = json.loads((REPO / "docs" / "schema" / "learning.schema.json").read_text(encoding="utf-8"))
    for note in result.learning:
        text = (REPO / note.path).read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n"))
        front = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in front.items()}
        jsonschema.validate(front, schema)


def test_new_learning_writes_a_note_whose_only_problems_are_its_placeholders(tmp_path):
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    made = run_cli(
        "--root", str(root), "new-learning", "--title", "Newry: a first try at a learning note",
        "--nation", "northern-ireland", "--place", "newry-mourne-and-down", "--principle", "mutual-benefit",
        "--lesson", "making-outcomes-real",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = root / "learning" / "newry-a-first-try-at-a-learning-note.md"
    checked = run_cli("--root", str(root), "check", str(path))
    problems = [line for line in checked.stdout.splitlines() if line.startswith("learning/")]
    assert checked.returncode == 1 and problems
    assert all("placeholder" in line for line in problems), problems
    refused = run_cli("--root", str(root), "new-learning", "--title", "Too short", "--nation", "narnia")
    assert refused.returncode == 2 and "--nation" in refused.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("learning"), {"park-story.md": VALID_STORY})
    write(root / "learning" / "survey-note.md", NOTE)
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_a_note_has_its_own_searchable_page(built):
    html = page(built, "learning/survey-note")
    assert "Residents wrote the Quillborough survey questions." in html
    assert "data-pagefind-body" in html and 'data-pagefind-filter="type:Learning note"' in html
    assert '<a href="../lessons/#making-engagement-work">Making engagement work in practice</a>' in html
    assert "Cite this note" in html


def test_notes_are_listed_on_the_log_their_partnership_and_their_principles(built):
    assert "Belfast: residents choose the questions before the survey" in page(built, "learning")
    assert "What was learned here (1)" in page(built, "places/belfast")
    assert "What was learned here" not in page(built, "places/mid-ulster")
    principle = page(built, "principles/people-as-assets")
    assert "survey-note/" in principle and "What the partnerships learned" in principle
    assert "survey-note/" not in page(built, "principles/mutual-benefit")


def test_the_lessons_page_is_linked_from_home_and_about_and_names_each_lesson(built):
    lessons = page(built, "learning/lessons")
    for lesson in load_vocabularies().lessons:
        assert f'id="{lesson.id}"' in lessons, lesson.id
    assert "learning/lessons/" in page(built, "") and "../learning/lessons/" in page(built, "about")


def test_notes_are_in_the_feed_and_the_open_data(built):
    feed = ET.parse(built / "feeds" / "learning.xml").getroot()
    links = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert any(href.endswith("/learning/survey-note/") for href in links)
    records = json.loads((built / "data" / "learning.json").read_text(encoding="utf-8"))["learning"]
    assert [r["slug"] for r in records] == ["survey-note"] and records[0]["lessons"] == ["making-engagement-work"]


def test_the_learning_log_offers_a_note_laid_out_on_github_that_only_needs_its_words(built, tmp_path):
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    html = page(built, "learning")
    href = unescape(html.split('">open a new note on GitHub</a>')[0].rsplit('href="', 1)[1])
    address = urlsplit(href)
    assert address.netloc == "github.com" and address.path.endswith("/new/main")
    query = parse_qs(address.query)
    assert query["filename"] == ["learning/your-note-title.md"]
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    note = write(root / "learning" / "your-note-title.md", query["value"][0])
    checked = run_cli("--root", str(root), "check", str(note))
    problems = [line for line in checked.stdout.splitlines() if line.startswith("learning/")]
    assert problems and all("placeholder" in line for line in problems), problems
