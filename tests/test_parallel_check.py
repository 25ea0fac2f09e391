"""A large library is checked in two processes, with the same result as in one."""

from __future__ import annotations

import pytest

import doingwith.project as project_module
from doingwith.project import Project, check_project
from tests.helpers import TODAY, VALID_STORY, make_project

COUNT = project_module.PARALLEL_FROM + 20


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    stories = {}
    for n in range(COUNT):
        text = VALID_STORY.replace(
            'title: "Residents and the council redesign a play park"', f'title: "Play park story number {n}"'
        )
        if n in (3, COUNT - 3):  # one problem in each half
            text = text.replace("nation: northern-ireland", "nation: narnia")
        stories[f"story-{n:04d}.md"] = text
    stories["story-0999.md"] = stories["story-0001.md"]  # a title used twice, across the halves
    return Project(make_project(tmp_path_factory.mktemp("library"), stories, copy_resources=False))


def test_two_processes_report_exactly_what_one_does(library, monkeypatch):
    together = check_project(library, today=TODAY)
    monkeypatch.setattr(project_module, "PARALLEL_FROM", 10**9)
    alone = check_project(library, today=TODAY)
    assert [str(p) for p in together.problems] == [str(p) for p in alone.problems]
    assert len(together.problems) == 3  # two unknown nations and the repeated title
    assert [s.slug for s in together.stories] == [s.slug for s in alone.stories]
    assert together.stories[-1].body == alone.stories[-1].body  # whole stories come back


def test_titles_only_hands_back_what_the_title_check_needs(library):
    result = check_project(library, today=TODAY, titles_only=True)
    assert len(result.stories) == COUNT - 1
    assert any("is already used by" in str(p) for p in result.problems)


def test_a_failure_in_the_second_process_is_reported_not_lost(library, monkeypatch):
    original = project_module.load_story

    def fail_in_second_half(path, *args, **kwargs):
        if path.name == "story-0999.md":  # the last file: read in the second process
            raise ValueError("cannot read this one")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(project_module, "load_story", fail_in_second_half)
    with pytest.raises(RuntimeError, match="(?s)second process failed.*cannot read this one"):
        check_project(library, today=TODAY)
