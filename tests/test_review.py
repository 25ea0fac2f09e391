"""The pull request's job summary: the changed stories and resources, each with its title and
problems, and where to find the built site."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import REPO, VALID_STORY, run_cli, write

ARTIFACT = "https://github.com/someone/copy/actions/runs/1/artifacts/2"


def project(tmp_path):
    write(tmp_path / "mkdocs.yml", "")
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    bad = VALID_STORY.replace("nation: northern-ireland", "nation: atlantis").replace(
        "redesign a play park", "redesign a second play park"
    )
    write(tmp_path / "stories" / "bad-park-story.md", bad)
    write(tmp_path / "stories" / "untouched-story.md", VALID_STORY.replace("a play park", "a third play park"))
    resource = sorted((REPO / "resources").glob("*.md"))[0]
    (tmp_path / "resources").mkdir()
    shutil.copy(resource, tmp_path / "resources" / resource.name)
    return tmp_path, bad, resource.name


def test_summary_lists_each_changed_story_and_resource_with_title_and_problems(tmp_path):
    root, bad, resource = project(tmp_path)
    changed = "\0".join(
        [
            "stories/park-story.md",
            "stories/bad-park-story.md",
            f"resources/{resource}",
            "stories/media/park.jpg",  # not a story
            "docs/index.md",  # not content
            "stories/deleted-story.md",  # gone from the pull request
        ]
    )
    result = run_cli("summary", "--changed", "-", "--artifact-url", ARTIFACT, cwd=root, input_text=changed)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    rows = [line for line in out.splitlines() if line.startswith("| stories/") or line.startswith("| resources/")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| stories/park-story.md",
        "| stories/bad-park-story.md",
        f"| resources/{resource}".replace("_", "\\_"),
    ]
    good, broken, _ = rows
    assert "Residents and the council redesign a play park" in good
    assert good.rstrip().endswith("| none |") or "warning:" in good
    line = bad.splitlines().index("nation: atlantis") + 1
    assert "Residents and the council redesign a second play park" in broken
    assert f"{line}:" in broken and "atlantis" in broken
    assert "1 problem" in out
    assert f"[download it]({ARTIFACT})" in out
    assert "site-preview" in out
    assert "<http://127.0.0.1:8000/stories/park-story/>" in out
    assert "<http://127.0.0.1:8000/stories/bad-park-story/>" in out
    assert "untouched-story" not in out and "deleted-story" not in out


def test_without_an_artifact_the_summary_says_the_site_was_not_built(tmp_path):
    root, _, _ = project(tmp_path)
    result = run_cli("summary", "--changed", "-", "--artifact-url", "", cwd=root, input_text="stories/bad-park-story.md\n")
    assert result.returncode == 0
    assert "The site was not built" in result.stdout
    assert "download it" not in result.stdout


def test_a_pull_request_without_content_says_so(tmp_path):
    root, _, _ = project(tmp_path)
    result = run_cli("summary", "--changed", "-", "--artifact-url", ARTIFACT, cwd=root, input_text="README.md\n")
    assert "This pull request changes no story or resource." in result.stdout
    assert "<http://127.0.0.1:8000/>" in result.stdout


@pytest.mark.parametrize("where", ["no-such-list.txt", "."], ids=["missing", "a folder"])
def test_a_list_of_changed_files_that_cannot_be_read_is_a_plain_refusal(tmp_path, where):
    # Once a FileNotFoundError or IsADirectoryError, reported as an internal error.
    (tmp_path / "mkdocs.yml").write_text("")
    result = run_cli("summary", "--changed", where, cwd=tmp_path)
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"summary: could not read the list of changed files {where} (")
