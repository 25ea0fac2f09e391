"""The command line: output, exit codes, annotations, new-story and generated files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys

import jsonschema
import pytest
import yaml

from doingwith import new_story
from doingwith.generate import generated_files, stale_files
from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO, VALID_STORY, run_cli, write

FIXTURE_PROJECT = REPO / "tests" / "fixtures" / "project"


def test_bad_fixtures_give_exactly_the_expected_problems_and_exit_1():
    result = run_cli("--root", str(FIXTURE_PROJECT), "check")
    expected = (FIXTURE_PROJECT / "expected-output.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.returncode == 1
    # Every line names path:line:col, and the run ends with the count.
    lines = expected.strip().split("\n")
    assert all(re.match(r"^[^:]+:\d+:\d+: ", line) for line in lines[:-1])
    assert lines[-1] == "24 problems in 3 files"


def test_clean_project_exits_0_with_a_one_line_summary(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    (tmp_path / "resources").mkdir()
    result = run_cli("--root", str(tmp_path), "check")
    assert result.returncode == 0
    assert result.stdout == "All 1 file passed the check.\n"


def test_checking_given_files_only(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    good = write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    write(tmp_path / "stories" / "broken.md", "no front matter")
    result = run_cli("--root", str(tmp_path), "check", str(good))
    assert result.returncode == 0, result.stdout
    result = run_cli("--root", str(tmp_path), "check", str(tmp_path / "stories" / "broken.md"))
    assert result.returncode == 1
    assert "broken.md:1:1: the file must start with a line of three dashes" in result.stdout


def test_checking_one_file_still_finds_its_title_taken_by_another(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    write(tmp_path / "stories" / "unreadable.md", "no front matter")  # ignored: not checked now
    again = write(tmp_path / "stories" / "same-park-story.md", VALID_STORY.replace(
        'title: "Residents and the council redesign a play park"',
        'title: "Residents  and the Council redesign a play park"',
    ))
    result = run_cli("--root", str(tmp_path), "check", str(again))
    assert result.returncode == 1
    assert result.stdout.split("\n")[0] == (
        "stories/same-park-story.md:2:1: the title 'Residents and the Council redesign a play park' is already "
        "used by stories/park-story.md; give this one a distinct title"
    )
    # Checked alone, the first file learns of the clash too.
    alone = run_cli("--root", str(tmp_path), "check", str(tmp_path / "stories" / "park-story.md"))
    assert alone.stdout.split("\n")[0] == (
        "stories/park-story.md:2:1: the title 'Residents and the council redesign a play park' is already "
        "used by stories/same-park-story.md; give this one a distinct title"
    )


def test_a_reused_title_is_reported_with_the_files_other_problems(tmp_path):
    """Not only once the rest is fixed: every problem in a file, at once."""
    (tmp_path / "mkdocs.yml").write_text("")
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    (tmp_path / "resources").mkdir()
    again = write(tmp_path / "stories" / "same-park-story.md", VALID_STORY.replace("places: [belfast]", "places: [cardif]"))
    expected = [
        "stories/same-park-story.md:2:1: the title 'Residents and the council redesign a play park' is already "
        "used by stories/park-story.md; give this one a distinct title",
        "stories/same-park-story.md:7:10: `places[1]`: ",
    ]
    for args in (["check"], ["check", str(again)]):
        result = run_cli("--root", str(tmp_path), *args)
        assert result.returncode == 1
        lines = result.stdout.split("\n")
        assert lines[0] == expected[0], args
        assert lines[1].startswith(expected[1]) and "cardif" in lines[1], args
        assert "2 problems in 1 file" in result.stdout, args


def test_missing_file_exits_2(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    (tmp_path / "stories").mkdir()
    result = run_cli("--root", str(tmp_path), "check", str(tmp_path / "stories" / "nope.md"))
    assert result.returncode == 2
    assert "nope.md:1:1: no such file" in result.stderr


def test_a_folder_or_pipe_named_like_a_story_is_reported_not_read(tmp_path):
    # Reading a folder fails, and reading a pipe waits for ever: neither may stop the check.
    (tmp_path / "mkdocs.yml").write_text("")
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    (tmp_path / "stories" / "a-folder.md").mkdir()
    os.mkfifo(tmp_path / "stories" / "a-pipe.md")
    (tmp_path / "resources").mkdir()
    result = run_cli("--root", str(tmp_path), "check", timeout=60)
    assert result.returncode == 1
    assert result.stdout.split("\n")[:2] == [
        "stories/a-folder.md:1:1: this folder does not belong in stories/: only .md files and the media/ folder "
        "do; move or delete it",
        "stories/a-pipe.md:1:1: this file does not belong in stories/: only .md files and the media/ folder do; "
        "move or delete it",
    ]
    assert "Traceback" not in result.stderr
    named = run_cli("--root", str(tmp_path), "check", str(tmp_path / "stories" / "a-folder.md"),
                    str(tmp_path / "stories" / "a-pipe.md"), timeout=60)
    assert named.returncode == 2
    assert "a-folder.md:1:1: this is not a file; name a story or resource file" in named.stderr
    assert "a-pipe.md:1:1: this is not a file; name a story or resource file" in named.stderr


def test_github_annotations_put_problems_on_the_line():
    result = run_cli("--root", str(FIXTURE_PROJECT), "check", "--github")
    assert (
        "::error file=stories/hazards-in-yaml.md,line=2,col=8::`title`: YAML would read NO as a "
        'yes/no value, not text; put it in quotes: "NO"'
    ) in result.stdout.split("\n")
    # A comma or colon in a path would end the property: they are escaped.
    assert "::error file=resources/A Bad Resource.md,line=1,col=1::" in result.stdout


def test_annotation_escapes_properties_and_newlines():
    from doingwith.cli import github_annotation
    from doingwith.problems import Problem

    line = github_annotation(Problem("stories/a,b:c.md", 3, 4, "50% done\nnext"))
    # A line break quoted from a value is escaped by Problem itself: one problem, one line.
    assert line == "::error file=stories/a%2Cb%3Ac.md,line=3,col=4::50%25 done\\nnext"


# --- new-story --------------------------------------------------------------------------


def new_story_args(tmp_path, *extra):
    return (
        "--root", str(tmp_path), "new-story",
        "--title", "Residents redesign the park together",
        "--nation", "northern-ireland", "--place", "belfast",
        "--principle", "people-as-assets", "--principle", "mutual-benefit",
        "--stage", "co-design", "--theme", "environment-and-place",
        "--organisation", "Belfast City Council", "--author", "Sam Jones", *extra,
    )


def test_new_story_writes_a_skeleton_whose_only_problems_are_placeholders(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    result = run_cli(*new_story_args(tmp_path))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "stories" / "residents-redesign-the-park-together.md"
    text = path.read_text()
    assert text.startswith("---\n# yaml-language-server: $schema=../docs/schema/story.schema.json\n")
    check = run_cli("--root", str(tmp_path), "check")
    assert check.returncode == 1
    problems = check.stdout.strip().split("\n")[:-1]
    placeholder_lines = [n for n, line in enumerate(text.split("\n"), 1) if "[[" in line]
    assert all("placeholder" in p for p in problems), problems
    reported = sorted({int(p.split(":")[1]) for p in problems})
    assert reported == placeholder_lines
    # Once every placeholder is written, the story passes.
    words = "Written by the contributor in their own words, as fully as the story needs."
    filled = re.sub(r"\[\[.*?\]\]", words, text)
    filled = filled.replace(
        f'reference: "{words}"',
        'url: "https://example.org/park"',
    )
    path.write_text(filled)
    check = run_cli("--root", str(tmp_path), "check")
    assert check.returncode == 0, check.stdout


def test_new_story_refuses_unknown_choices_with_suggestions(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    args = list(new_story_args(tmp_path))
    args[args.index("people-as-assets")] = "people-as-asset"
    result = run_cli(*args)
    assert result.returncode == 2
    assert "did you mean 'people-as-assets'?" in result.stderr
    assert not (tmp_path / "stories").exists()


def test_new_story_will_not_overwrite(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    assert run_cli(*new_story_args(tmp_path)).returncode == 0
    again = run_cli(*new_story_args(tmp_path))
    assert again.returncode == 2 and "already exists" in again.stderr


def _file_size_limit(limit: int):
    """For a child process: files it writes stop at ``limit`` bytes, as on a full disk."""

    def limit_writes():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead of killing it
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_writes


def test_new_story_leaves_no_half_written_file_when_the_disk_is_full(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "doingwith", *new_story_args(tmp_path)],
        capture_output=True, text=True, preexec_fn=_file_size_limit(200),
    )
    assert result.returncode == 2, result.stderr
    assert "could not write" in result.stderr and "File too large" in result.stderr, result.stderr
    assert list((tmp_path / "stories").iterdir()) == []
    # With room, the same command writes the whole file.
    assert run_cli(*new_story_args(tmp_path)).returncode == 0
    assert [p.name for p in (tmp_path / "stories").iterdir()] == ["residents-redesign-the-park-together.md"]


def test_new_story_interactive_prompts_list_the_choices(capsys):
    answers = iter([
        "Residents redesign the park together", "northern-ireland", "4", "1, mutual-benefit", "2",
        "environment-and-place", "Belfast City Council", "Sam Jones", "practitioner", "2021", "ongoing",
    ])
    result = new_story.interactive(load_vocabularies(), reader=lambda prompt: next(answers))
    shown = capsys.readouterr().out
    assert "Recognising people as assets (people-as-assets)" in shown
    assert "Belfast (belfast)" in shown and "Cardiff" not in shown  # places of the chosen nation only
    assert result["places"] == ["belfast"]
    assert result["principles"] == ["people-as-assets", "mutual-benefit"]
    assert result["stages"] == ["co-design"]


# --- generated files and the published schema ---------------------------------------------


def test_generated_files_are_up_to_date():
    assert stale_files(REPO) == [], "run `python -m doingwith generate` and commit the result"
    assert run_cli("generate", "--check").returncode == 0


def test_the_field_reference_describes_each_address_as_it_is_written():
    fields = (REPO / "docs" / "share" / "fields.md").read_text(encoding="utf-8")
    contact_email = next(line for line in fields.splitlines() if line.startswith("| `contact.email`"))
    assert "mailto:name@example.org" in contact_email
    assert "mailto://" not in fields  # an email link has no // after mailto:
    assert "a full web address starting https:// or http://" in fields


def test_stale_generated_file_is_detected(tmp_path):
    for path in generated_files(REPO):
        target = tmp_path / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    (tmp_path / "mkdocs.yml").write_text("")
    (tmp_path / "stories").mkdir()
    assert run_cli("--root", str(tmp_path), "generate", "--check").returncode == 0
    (tmp_path / "docs" / "share" / "fields.md").write_text("edited by hand\n")
    result = run_cli("--root", str(tmp_path), "generate", "--check")
    assert result.returncode == 1
    assert "docs/share/fields.md is stale" in result.stdout
    # Saved in another encoding: stale, and written again (it was an internal error).
    (tmp_path / "docs" / "share" / "fields.md").write_bytes("edited in a caf\u00e9\n".encode("cp1252"))
    result = run_cli("--root", str(tmp_path), "generate", "--check")
    assert result.returncode == 1 and "docs/share/fields.md is stale" in result.stdout, result.stderr
    assert run_cli("--root", str(tmp_path), "generate").returncode == 0
    assert run_cli("--root", str(tmp_path), "generate", "--check").returncode == 0


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n", 2)[1])
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


@pytest.mark.parametrize("kind", ["story", "resource"])
def test_every_real_file_validates_against_the_published_schema(kind):
    schema = json.loads((REPO / "docs" / "schema" / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    folder = REPO / ("stories" if kind == "story" else "resources")
    files = sorted(folder.glob("*.md"))
    assert files
    for path in files:
        jsonschema.validate(front_matter(path), schema)


def test_published_schema_rejects_what_the_checker_rejects(tmp_path):
    schema = json.loads((REPO / "docs" / "schema" / "story.schema.json").read_text())
    data = front_matter(write(tmp_path / "s.md", VALID_STORY))
    jsonschema.validate(data, schema)
    for change in (
        {"nation": "ulster"},
        {"places": ["cardiff"]},  # a Welsh place in a Northern Ireland story
        {"langauge": "en"},
        {"consent": {**data["consent"], "to_publish": False}},
        {"principles": []},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**data, **change}, schema)


def test_a_root_that_is_not_a_project_is_refused_not_passed(tmp_path):
    # A typing slip in --root once checked nothing and said "All 0 files passed".
    result = run_cli("--root", str(tmp_path / "typo"), "check")
    assert result.returncode == 2 and "All 0 files passed" not in result.stdout
    assert result.stderr == f"check: {tmp_path / 'typo'} is not a Doing With project (--root has no mkdocs.yml); " \
        "run this in the project's folder, or give --root\n"


def test_a_file_named_twice_is_checked_once(tmp_path):
    # Twice, it was reported as using a title already used by itself.
    (tmp_path / "mkdocs.yml").write_text("")
    story = write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    result = run_cli("--root", str(tmp_path), "check", str(story), "stories/park-story.md", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "All 1 file passed the check.\n", result.stdout


def test_a_file_that_is_not_markdown_is_refused_not_skipped(tmp_path):
    # It was passed over, and the check said "All 0 files passed".
    (tmp_path / "mkdocs.yml").write_text("")
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    notes = write(tmp_path / "stories" / "notes.txt", "notes\n")
    result = run_cli("--root", str(tmp_path), "check", str(tmp_path / "stories" / "park-story.md"), str(notes))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"{notes}:1:1: this is not a .md file; name a story, learning note or resource file\n"
