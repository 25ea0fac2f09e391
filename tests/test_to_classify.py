"""A story sent in "for an editor to classify" (`status: to-classify`): accepted without
stages and themes only while it is unpublished, left out of the site until classified, and
described the same way by the published JSON Schema."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from doingwith.project import Project, check_project
from tests.helpers import REPO, TODAY, VALID_STORY, run_cli, write

SCHEMA = json.loads((REPO / "docs" / "schema" / "story.schema.json").read_text(encoding="utf-8"))


def to_classify(text: str = VALID_STORY, keep_dates: bool = False) -> str:
    text = text.replace("stages: [co-design, co-delivery]\n", "stages: []\n")
    text = text.replace("themes: [children-and-young-people, environment-and-place]\n", "themes: []\nstatus: to-classify\n")
    if not keep_dates:
        text = re.sub(r"^(published|last_reviewed): .*\n", "", text, flags=re.M)
    return text


def project_with(tmp_path, text: str):
    write(tmp_path / "mkdocs.yml", "")
    write(tmp_path / "stories" / "waiting.md", text)
    return check_project(Project(tmp_path), today=TODAY)


def front_matter(text: str) -> dict:
    data = yaml.safe_load(text.split("---\n")[1])
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


def test_an_unpublished_story_to_classify_passes_with_a_note_and_is_left_out_of_the_site(tmp_path):
    result = project_with(tmp_path, to_classify())
    assert result.errors == []
    assert result.stories == []  # not published until an editor classifies it
    [note] = result.problems
    assert note.warning
    assert note.message.startswith("waiting for an editor to classify, so not published yet")
    # The command line passes it (exit 0), and says so.
    checked = run_cli("--root", str(tmp_path), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "waiting for an editor to classify" in checked.stdout + checked.stderr


def test_stages_and_themes_may_also_be_left_out_or_given(tmp_path):
    text = to_classify().replace("stages: []\n", "").replace("themes: []\n", "themes: [environment-and-place]\n")
    assert project_with(tmp_path, text).errors == []


def test_a_story_to_classify_with_a_publication_date_is_refused(tmp_path):
    errors = project_with(tmp_path, to_classify(keep_dates=True)).errors
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (22, "`published` must be left out while `status` is to-classify"),
        (23, "`last_reviewed` must be left out while `status` is to-classify"),
    ]


def test_without_the_status_empty_stages_and_missing_dates_are_still_refused(tmp_path):
    text = to_classify().replace("status: to-classify\n", "")
    messages = [e.message for e in project_with(tmp_path, text).errors]
    assert any(m.startswith("`stages` has 0 items") for m in messages), messages
    assert any(m.startswith("`themes` has 0 items") for m in messages), messages
    assert any(m.startswith("`published` is missing") for m in messages), messages
    assert any(m.startswith("`last_reviewed` is missing") for m in messages), messages


def test_any_other_status_is_refused(tmp_path):
    messages = [e.message for e in project_with(tmp_path, to_classify().replace("to-classify", "draft")).errors]
    assert "`status`: 'draft' is not allowed. Allowed: to-classify" in messages


@pytest.mark.parametrize(
    "text, valid",
    [
        (VALID_STORY, True),
        (to_classify(), True),
        (to_classify(keep_dates=True), False),
        (to_classify().replace("status: to-classify\n", ""), False),
        (VALID_STORY.replace("themes: [children-and-young-people, environment-and-place]\n", "themes: []\n"), False),
    ],
    ids=["published", "to classify", "to classify with dates", "empty without status", "no theme"],
)
def test_the_published_json_schema_agrees(text, valid):
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(front_matter(text)))
    assert (errors == []) is valid, [e.message for e in errors]


# --- new-story --from: an emailed story into stories/, checked ------------------------------


def test_new_story_from_an_emailed_file_puts_it_in_stories_under_its_title_and_checks_it(tmp_path):
    write(tmp_path / "mkdocs.yml", "")
    emailed = write(tmp_path / "Downloads" / "story (1).md", to_classify().replace("\n", "\r\n").encode("utf-8"))
    result = run_cli("--root", str(tmp_path), "new-story", "--from", str(emailed))
    assert result.returncode == 0, result.stdout + result.stderr
    target = tmp_path / "stories" / "residents-and-the-council-redesign-a-play-park.md"
    assert target.read_text(encoding="utf-8") == to_classify()
    assert "waiting for an editor to classify" in result.stdout
    assert result.stdout.rstrip().endswith("All 1 file passed the check (1 warning).")
    # Not over a story already there, and a file with problems is named, then listed.
    again = run_cli("--root", str(tmp_path), "new-story", "--from", str(emailed))
    assert again.returncode == 2 and "already exists" in again.stderr
    broken = write(tmp_path / "broken.md", VALID_STORY.replace('title: "Residents', 'title: "Broken: residents'))
    broken.write_text(broken.read_text().replace("nation: northern-ireland", "nation: ulster"))
    checked = run_cli("--root", str(tmp_path), "new-story", "--from", str(broken))
    assert checked.returncode == 1
    assert "stories/broken-residents-and-the-council-redesign-a-play-park.md:" in checked.stdout
    assert "`nation`" in checked.stdout
