"""Nothing a contributor types crashes the checker, new-story or the build (issue 18).

Each case here once ended in a Python traceback, or in a message with no place in the file;
now it is a `path:line:col: what is wrong and how to fix it` line. Cases Hypothesis found
(tests/test_fuzz.py) are kept here as plain tests.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from doingwith import body_rules, cli
from doingwith.schema import url_problem
from doingwith.vocabularies import VOCABULARY_DIR, VocabularyError, load_vocabularies
from tests.helpers import REPO, VALID_STORY, build, make_project, run_cli, write
from tests.test_fuzz import ORIGINAL_BYTES, file_shape, mutants, mutate

LOCATED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): ")
TITLE_LINE = 'title: "Residents and the council redesign a play park"'
SOURCE_URL = '    url: "https://example.org/park-plan"'


def check_one(tmp_path, text: str | bytes, *extra: str):
    """The real `python -m doingwith check stories/a-story.md` on a project holding just it."""
    (tmp_path / "mkdocs.yml").write_text("")
    (tmp_path / "resources").mkdir(exist_ok=True)
    write(tmp_path / "stories" / "a-story.md", text)
    return run_cli("--root", str(tmp_path), "check", *extra, str(tmp_path / "stories" / "a-story.md"), cwd=tmp_path)


def problem_lines(result) -> list[str]:
    """The problem lines of a check's output: every line but the closing summary."""
    lines = result.stdout.strip().split("\n")
    return [line for line in lines[:-1] if not line.startswith("::error ")]


def assert_all_located(result, text: str):
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    lines = text.split("\n")
    found = problem_lines(result)
    assert found, result.stdout
    for line in found:
        match = LOCATED.match(line)
        assert match, line
        row, col = int(match["line"]), int(match["col"])
        assert 1 <= row <= len(lines) and 1 <= col <= len(lines[row - 1]) + 1, line


# --- the two cases named in issue 18 ------------------------------------------------------


def test_a_control_character_in_the_front_matter_is_a_located_problem(tmp_path):
    # Was: yaml.reader.ReaderError "unacceptable character #x0016", a traceback and exit 1.
    text = VALID_STORY.replace(TITLE_LINE, TITLE_LINE[:20] + "\x16" + TITLE_LINE[20:])
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert problem_lines(result) == [
        "stories/a-story.md:2:21: an invisible control character (U+0016) is here; it can make text display "
        "differently from what it says, so delete it"
    ]


def test_a_source_address_with_an_unclosed_bracket_is_a_located_problem(tmp_path):
    # Was: ValueError "Invalid IPv6 URL" from urllib, a traceback and exit 1.
    text = VALID_STORY.replace(SOURCE_URL, '    url: "https://[example.org/park-plan"')
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert problem_lines(result) == [
        "stories/a-story.md:35:10: `sources[1].url`: 'https://[example.org/park-plan' is not a well-formed web "
        "address: the part after :// has a [ or ] that does not belong there; copy the address again from the "
        "browser's address bar"
    ]


def test_the_same_in_the_body_and_with_github_annotations(tmp_path):
    text = VALID_STORY.replace("(https://example.org/park-plan)", "(https://[example.org/park-plan)").replace(
        "Residents asked for", "Residents\x16 asked for"
    )
    result = check_one(tmp_path, text, "--github")
    assert_all_located(result, text)
    annotations = [line for line in result.stdout.split("\n") if line.startswith("::error ")]
    assert [a.split("::")[1] for a in annotations] == [
        "error file=stories/a-story.md,line=42,col=10",
        "error file=stories/a-story.md,line=58,col=32",
    ]


# --- characters a word processor pastes -------------------------------------------------


def test_a_byte_that_is_not_utf8_after_a_lone_cr_is_placed_on_the_line_the_cr_starts():
    # Found by make fuzz (seed 18, after about 60,000 examples): a learning note starting
    # b"\r\xff". The checker counts a lone CR as a line break everywhere else, but placed
    # the bad byte at 1:2, a column past the end of an empty first line.
    name = "learning/armagh-city-banbridge-and-craigavon-pooling-partner-budgets.md"
    data = mutate(ORIGINAL_BYTES[name].decode("utf-8"), [("bytes", 1, b"\xff"), ("insert", 0, 0, "\r")])
    assert data.startswith(b"\r\xff---\n")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text("")
        (root / "learning").mkdir()
        (root / name).write_bytes(data)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = cli.main(["--root", str(root), "check", str(root / name)])
    assert status == 1
    assert out.getvalue().startswith(f"{name}:2:1: this is not UTF-8 text (byte 0xff)"), out.getvalue()


@pytest.mark.parametrize(
    ("char", "words"),
    [
        ("\x16", "invisible control character (U+0016)"),
        ("\x85", "hidden line-break character (U+0085)"),  # NEL: a line break to YAML only
        ("\u2028", "hidden line-break character (U+2028)"),
        ("\u2029", "hidden line-break character (U+2029)"),
        ("\x9b", "invisible control character (U+009B)"),
    ],
)
@pytest.mark.parametrize("where", ["front matter", "body"])
def test_hidden_characters_are_named_at_their_place(tmp_path, char, words, where):
    if where == "front matter":
        text = VALID_STORY.replace("nation: northern-ireland", f"nation: north{char}ern-ireland")
        place = "stories/a-story.md:6:14: "
    else:
        text = VALID_STORY.replace("The park opened in 2023.", f"The park{char} opened in 2023.")
        place = "stories/a-story.md:50:9: "
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert any(line.startswith(place) and words in line for line in problem_lines(result)), result.stdout


def test_a_character_yaml_cannot_read_is_located_by_character_not_byte(tmp_path):
    # libyaml reports a UTF-8 byte offset; the column is in characters, after the £ signs.
    text = VALID_STORY.replace(TITLE_LINE, 'title: "££££ Residents and the council \ufffe redesign"')
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert problem_lines(result) == [
        "stories/a-story.md:2:40: this character (U+FFFE) cannot be read in front matter; delete it, or retype "
        "the text around it if it was pasted from another program"
    ]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (VALID_STORY.replace("Park plan", "Park \udc80plan").encode("utf-8", "surrogateescape"), "34:"),  # a stray byte
        (VALID_STORY.replace("Park plan", "Park \ud800plan").encode("utf-8", "surrogatepass"), "34:"),  # a lone surrogate
        (VALID_STORY.encode("utf-8")[:-30] + "é".encode()[:1], "58:"),  # cut inside a character
        (VALID_STORY.encode("utf-16"), "1:1:"),
    ],
)
def test_text_that_is_not_utf8_is_a_located_problem(tmp_path, data, where):
    result = check_one(tmp_path, data)
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert any(line.startswith(f"stories/a-story.md:{where}") and "not UTF-8" in line for line in problem_lines(result))


def test_a_byte_order_mark_and_windows_line_endings_are_read_as_text(tmp_path):
    text = "\ufeff" + VALID_STORY.replace("\n", "\r\n")
    result = check_one(tmp_path, text.encode("utf-8"))
    assert result.returncode == 0, result.stdout + result.stderr



@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_a_title_in_a_file_with_a_byte_order_mark_and_other_line_endings_is_seen_as_taken(tmp_path, ending):
    # Checking one story (as pre-commit does) missed that another had the same title when the
    # other began with a byte-order mark: its title was read without dropping the mark.
    (tmp_path / "mkdocs.yml").write_text("")
    write(tmp_path / "stories" / "b-story.md", ("\ufeff" + VALID_STORY.replace("\n", ending)).encode("utf-8"))
    checked = write(tmp_path / "stories" / "a-story.md", VALID_STORY)
    result = run_cli("--root", str(tmp_path), "check", str(checked))
    assert result.returncode == 1, result.stdout
    assert problem_lines(result) == [
        "stories/a-story.md:2:1: the title 'Residents and the council redesign a play park' is already used by "
        "stories/b-story.md; give this one a distinct title"
    ]

def test_a_value_with_a_line_break_in_it_is_quoted_on_one_line(tmp_path):
    # YAML's "\n" escape puts a line break in the value the message quotes: printed as it
    # is, the rest of the message would be a line with no path:line:col.
    text = VALID_STORY.replace("nation: northern-ireland", 'nation: "north\\nern\\u2028ireland"')
    result = check_one(tmp_path, text, "--github")
    assert_all_located(result, text)
    assert "stories/a-story.md:6:9: `nation`: 'north\\nern\\u2028ireland' is not a known nation" in result.stdout


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("- " * 495 + "deep", "this line starts with 495 list markers, a list nested 495 deep; the limit is 20"),
        ("\n".join("    " * level + "- deep" for level in range(200)), "indented 104 spaces, over the limit of 100"),
    ],
)
def test_a_list_nested_deep_enough_to_stop_markdown_is_refused(tmp_path, line, words):
    # Python-Markdown recurses once a level: the checker passed these, and the build then
    # stopped with a RecursionError.
    text = VALID_STORY.replace("The park opened in 2023.", line)
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert any(words in found for found in problem_lines(result)), result.stdout


# --- web addresses (issue 19) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://issuu.com./acdc/docs/plan", "ends with a dot; remove the dot: https://issuu.com/acdc/docs/plan"),
        ("https://example.org/park plan", "has spaces in it; remove them, or write each space as %20"),
        ("ftp://example.org/park-plan", "links starting ftp: are not allowed; use https:, http:"),
        ("mailto:council@example.org", "links starting mailto: are not allowed; use https:, http:"),
        ("https:///park-plan", "has no host name after https://; write the full address"),
        ("https://[example.org/park-plan", "has a [ or ] that does not belong there"),
        ("https://example..org/park-plan", "has two dots together or starts with a dot; remove the extra dot"),
        ("https://exa\"mple.org/park-plan", "has a character (\") a host name cannot have"),
        ("example.org/park-plan", "is not a full web address; start it with https://"),
    ],
)
def test_each_kind_of_malformed_address_is_located_with_its_fix(tmp_path, url, words):
    quoted = url.replace('"', '\\"')
    text = VALID_STORY.replace(SOURCE_URL, f'    url: "{quoted}"')
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert any(line.startswith("stories/a-story.md:35:10: `sources[1].url`: ") and words in line
               for line in problem_lines(result)), result.stdout


def test_email_links_are_allowed_where_the_field_allows_them():
    assert url_problem("mailto:council@example.org") is None  # a link in the body
    assert url_problem("mailto:council@example.org", ("https", "http")) is not None  # a source's url
    assert url_problem("https://münchen.example/", ("https", "http")) is None  # letters of any language
    assert url_problem("https://example.org:8080/plan", ("https", "http")) is None


def test_the_real_stories_use_no_trailing_dot_hosts():
    for path in sorted((REPO / "stories").glob("*.md")):
        assert "issuu.com./" not in path.read_text(encoding="utf-8"), path.name


# --- the JSON Schema agrees with the checker ------------------------------------------


def test_an_empty_optional_list_passes_the_checker_and_the_published_schema(tmp_path):
    text = VALID_STORY.replace(
        "co_authors:\n  - name: \"Greenfield Residents Group\"\n    role: community-member\n", "co_authors:\n"
    )
    assert check_one(tmp_path, text).returncode == 0
    front = text.split("---\n")[1]
    write(tmp_path / "front.yaml", front)
    schema = REPO / "docs" / "schema" / "story.schema.json"
    result = run_cli_tool("check-jsonschema", "--schemafile", str(schema), str(tmp_path / "front.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["story", "learning"])
def test_a_bare_places_passes_the_checker_and_the_published_schema(tmp_path, kind):
    # Found by make fuzz (seeds 30 and 31, in the JSON Schema step after 50,000 examples each):
    # every list reads a bare `places:` as [], but the schema wanted a list.
    if kind == "story":
        text = re.sub(r"(?m)^places: .*$", "places:", VALID_STORY)
        assert check_one(tmp_path, text).returncode == 0
    else:
        original = sorted((REPO / "learning").glob("*.md"))[0].read_text(encoding="utf-8")
        text = re.sub(r"(?m)^places: .*$", "places:", original)
        (tmp_path / "mkdocs.yml").write_text("")
        note = write(tmp_path / "learning" / "a-note.md", text)
        assert run_cli("--root", str(tmp_path), "check", str(note)).returncode == 0
    assert "\nplaces:\n" in text
    write(tmp_path / "front.yaml", text.split("---\n")[1])
    schema = REPO / "docs" / "schema" / f"{kind}.schema.json"
    result = run_cli_tool("check-jsonschema", "--schemafile", str(schema), str(tmp_path / "front.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_byte_order_mark_inside_the_file_is_a_located_problem(tmp_path):
    # Found by make fuzz (seed 20): a line holding only U+FEFF passed the check (libyaml passes
    # over it) while check-jsonschema, and so an editor, could not read the front matter.
    lines = VALID_STORY.split("\n")
    text = "\n".join([*lines[:2], "\ufeff", *lines[2:]])
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert problem_lines(result) == [
        "stories/a-story.md:3:1: an invisible control character (U+FEFF) is here; it can make text display "
        "differently from what it says, so delete it"
    ]


def test_spaces_inside_a_title_count_towards_its_length_as_the_published_schema_counts_them(tmp_path):
    # Found by make fuzz (seed 21): a title padded with spaces inside its quotes passed the check
    # (it counted the text with its spaces run together) and failed the JSON Schema's maxLength.
    text = VALID_STORY.replace(TITLE_LINE, TITLE_LINE.replace("council ", "council" + " " * 200))
    result = check_one(tmp_path, text)
    assert_all_located(result, text)
    assert "`title` is 245 characters long; it must be 10 to 120" in result.stdout, result.stdout
    write(tmp_path / "front.yaml", text.split("---\n")[1])
    schema = REPO / "docs" / "schema" / "story.schema.json"
    refused = run_cli_tool("check-jsonschema", "--schemafile", str(schema), str(tmp_path / "front.yaml"))
    assert refused.returncode == 1 and "is too long" in refused.stdout, refused.stdout


def test_an_empty_language_is_a_choice_not_made(tmp_path):
    text = VALID_STORY.replace("language: en\n", "language:\n")
    result = check_one(tmp_path, text)
    assert problem_lines(result) == ["stories/a-story.md:37:10: `language` is empty; choose one of: en, cy, ga"]


def run_cli_tool(name: str, *args: str):
    import subprocess
    import sys
    from pathlib import Path

    return subprocess.run([str(Path(sys.executable).parent / name), *args], capture_output=True, text=True, timeout=120)


# --- our own bugs: exit 2, never 1 ---------------------------------------------------------


def test_a_bug_in_the_checker_says_so_and_exits_2(tmp_path, monkeypatch, capsys):
    # The one fault injected on purpose: nothing a contributor types can reach this.
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the body rules")

    monkeypatch.setattr(body_rules, "check_body", broken)
    (tmp_path / "mkdocs.yml").write_text("")
    (tmp_path / "resources").mkdir()
    write(tmp_path / "stories" / "a-story.md", VALID_STORY)
    status = cli.main(["--root", str(tmp_path), "check"])
    err = capsys.readouterr().err
    assert status == 2
    assert "RuntimeError: a bug in the body rules" in err  # the traceback, for the report
    assert err.rstrip().endswith(
        "internal error while checking stories/a-story.md; please report it, with the lines above"
    )


# --- vocabularies -----------------------------------------------------------------------


def test_a_broken_vocabulary_is_located_with_its_fix(tmp_path):
    folder = tmp_path / "vocabularies"
    shutil.copytree(VOCABULARY_DIR, folder)
    themes = folder / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("- id: ", "- id: \x16", 1), encoding="utf-8")
    places = folder / "places.yml"
    places.write_text(places.read_text(encoding="utf-8").replace("nation: wales", "nation: walse", 1), encoding="utf-8")
    with pytest.raises(VocabularyError) as raised:
        load_vocabularies(folder)
    messages = [str(p) for p in raised.value.problems]
    assert all(LOCATED.match(m) for m in messages), messages
    assert any(m.startswith(f"{themes}:") and "U+0016" in m for m in messages), messages
    assert any(m.startswith(f"{places}:") and "'walse', which is not in nations.yml; correct it" in m for m in messages)


def test_a_story_that_is_a_link_to_itself_or_to_nothing_is_one_located_problem(tmp_path):
    # A link to itself once ended the check in "internal error" (OSError: too many levels of
    # symbolic links); a link to nothing was reported twice.
    (tmp_path / "mkdocs.yml").write_text("")
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "loop.md").symlink_to("loop.md")
    (stories / "dangling.md").symlink_to("nowhere.md")
    result = run_cli("--root", str(tmp_path), "check")
    assert result.returncode == 1 and result.stderr == "", result.stderr
    assert result.stdout.splitlines() == [
        "stories/dangling.md:1:1: this story file is a link to another file; commit the real file instead",
        "stories/loop.md:1:1: this story file is a link to another file; commit the real file instead",
        "2 problems in 2 files",
    ]


def test_a_file_name_that_is_not_utf8_is_named_escaped_in_the_message(tmp_path):
    # Printed as it was, its bytes stopped the check with a UnicodeEncodeError on a terminal
    # that (unlike this machine's C.UTF-8 locale) refuses them.
    (tmp_path / "mkdocs.yml").write_text("")
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / os.fsdecode(b"caf\xe9.md")).write_text(VALID_STORY, encoding="utf-8")
    for extra in ([], ["--github"]):
        result = subprocess.run(
            [sys.executable, "-m", "doingwith", "--root", str(tmp_path), "check", *extra],
            capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )  # fmt: skip
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "stories/caf\\udce9.md:1:1: the file name 'caf\\udce9.md' must be" in result.stdout


# --- new-story ---------------------------------------------------------------------------


NEW_STORY = [
    "new-story", "--title", "Residents redesign the park together", "--nation", "northern-ireland",
    "--principle", "people-as-assets", "--stage", "co-design", "--theme", "environment-and-place",
]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--slug", "../../outside"], "the file name '../../outside' must be lower-case words"),
        (["--slug", "index"], "the file name 'index.md' is reserved for the site's own use in stories/"),
        (["--title", "ÇÇÇÇÇÇÇÇÇÇÇÇ"], "the file name '' must be lower-case words"),
        (["--title", "Residents \x16redesign the park"], "the title has an invisible character (U+0016)"),
        (["--author", "Sam \udcffJones"], "the author is not UTF-8 text"),  # a byte the terminal sent
    ],
)
def test_new_story_refuses_what_it_cannot_write_without_a_traceback(tmp_path, extra, words):
    (tmp_path / "mkdocs.yml").write_text("")
    result = run_cli("--root", str(tmp_path), *NEW_STORY, *extra)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert words in result.stderr
    assert not (tmp_path / "stories").exists() or not any((tmp_path / "stories").iterdir())
    assert not (tmp_path.parent / "outside.md").exists()


def test_new_story_says_when_it_cannot_write_the_file(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("")
    (tmp_path / "stories").write_text("a file where the folder should be")
    result = run_cli("--root", str(tmp_path), *NEW_STORY)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "new-story: could not write" in result.stderr



@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("../../outside", "the file name '../../outside' must be lower-case words"),  # was written there
        ("a" * 300, f"the file name '{'a' * 300}' must be lower-case words"),  # was an OSError: name too long
        ("index", "the file name 'index.md' is reserved for the site's own use in stories/"),
    ],
)
def test_new_story_from_a_file_checks_the_slug_as_new_story_does(tmp_path, slug, words):
    (tmp_path / "mkdocs.yml").write_text("")
    sent = write(tmp_path / "sent.md", VALID_STORY)
    result = run_cli("--root", str(tmp_path), "new-story", "--from", str(sent), "--slug", slug)
    assert result.returncode == 2 and result.stdout == "", result.stdout + result.stderr
    assert result.stderr.startswith(f"new-story: {words}") and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "stories").exists()
    assert not (tmp_path.parent / "outside.md").exists()


def test_new_story_from_a_file_says_when_it_cannot_write_the_file(tmp_path):
    # Was: IsADirectoryError, an internal error, with --force onto a folder of the story's name.
    (tmp_path / "mkdocs.yml").write_text("")
    sent = write(tmp_path / "sent.md", VALID_STORY)
    (tmp_path / "stories" / "a-folder.md").mkdir(parents=True)
    result = run_cli("--root", str(tmp_path), "new-story", "--from", str(sent), "--slug", "a-folder", "--force")
    assert result.returncode == 2 and result.stdout == "", result.stdout + result.stderr
    assert result.stderr.startswith("new-story: could not write ") and result.stderr.count("\n") == 1, result.stderr

def test_new_story_from_a_file_that_is_not_utf8_says_where_and_writes_nothing(tmp_path):
    # An emailed story saved in a word processor's own encoding (é as the one byte 0xe9)
    # once ended in "internal error" with a UnicodeDecodeError.
    (tmp_path / "mkdocs.yml").write_text("")
    sent = tmp_path / "sent.md"
    sent.write_bytes(VALID_STORY.replace("redesign a play park", "redesign a play park caf\u00e9").encode("cp1252"))
    line = VALID_STORY.split("\n").index(TITLE_LINE) + 1
    result = run_cli("--root", str(tmp_path), "new-story", "--from", str(sent))
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    col = len(TITLE_LINE.removesuffix('"')) + len(" caf") + 1
    assert f"{sent}:{line}:{col}: this is not UTF-8 text (byte 0xe9); save the file as UTF-8" in result.stdout
    assert "nothing was written" in result.stdout
    assert not (tmp_path / "stories").exists() or not any((tmp_path / "stories").iterdir())


def test_new_story_from_a_file_over_the_size_limit_says_so_and_nothing_about_utf8(tmp_path):
    # It ended "save sent.md as UTF-8 and run this again", which the file already was.
    (tmp_path / "mkdocs.yml").write_text("")
    sent = tmp_path / "sent.md"
    sent.write_text(VALID_STORY + "Words here. " * 10_000, encoding="utf-8")
    result = run_cli("--root", str(tmp_path), "new-story", "--from", str(sent))
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{sent}:1:1: the file is 121,433 bytes, over the limit of 100,000;"), result.stdout
    assert "UTF-8" not in result.stdout and "nothing was written" in result.stdout
    assert not (tmp_path / "stories").exists() or not any((tmp_path / "stories").iterdir())



@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + VALID_STORY.encode("utf-8"),  # a byte-order mark, as Windows Notepad saves
        VALID_STORY.replace("\n", "\r\n").encode("utf-8"),
        VALID_STORY.replace("\n", "\r").encode("utf-8"),  # lone CRs, as old Mac programs end lines
    ],
    ids=["byte-order mark", "CRLF", "CR"],
)
def test_new_story_from_a_file_as_windows_or_an_old_mac_saves_it_is_named_by_its_title(tmp_path, data):
    # Was: "has no `title:` in its front matter", exit 2: the title was read again from the
    # file as it was sent, not from the text decode had cleaned up.
    (tmp_path / "mkdocs.yml").write_text("")
    sent = tmp_path / "sent.md"
    sent.write_bytes(data)
    result = run_cli("--root", str(tmp_path), "new-story", "--from", str(sent))
    assert result.stderr == "" and result.returncode in (0, 1), result.stderr
    written = tmp_path / "stories" / "residents-and-the-council-redesign-a-play-park.md"
    assert result.stdout.startswith(f"Wrote {written} from {sent}.")
    assert written.read_text(encoding="utf-8") == VALID_STORY


# --- new-learning: the same checks as new-story ----------------------------------------------


NEW_LEARNING = ["new-learning", "--nation", "northern-ireland", "--principle", "people-as-assets"]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        # Each was written (exit 0), or ended in a traceback: an OSError, or a UnicodeEncodeError
        # that left an empty file behind.
        (["--title", "Caerffili caf\udce9 people designed"], "the title is not UTF-8 text"),  # é as one byte, 0xe9
        (["--title", "Newry: a note", "--author", "Sam\u202e Jones"], "the author has an invisible character (U+202E)"),
        (["--title", "Newry: a note", "--date", "2024\x16-05"], "the date has an invisible character (U+0016)"),
        (["--title", "Newry: a note", "--slug", "a" * 300], f"the file name '{'a' * 300}' must be lower-case words"),
        (["--title", "Newry: a note", "--slug", "../escaped"], "the file name '../escaped' must be lower-case words"),
        (["--title", "!!!!!!!!!!!!!!"], "the file name '' must be lower-case words"),  # was learning/.md
        (["--title", "Lessons: (((( ))))"], "the file name 'lessons.md' is reserved for the site's own use in learning/"),
        (["--title", "Newry: a note", "--slug", "index"], "the file name 'index.md' is reserved"),
    ],
)
def test_new_learning_refuses_what_it_cannot_write_without_a_traceback(tmp_path, extra, words):
    (tmp_path / "mkdocs.yml").write_text("")
    result = run_cli("--root", str(tmp_path), *NEW_LEARNING, *extra)
    assert result.returncode == 2 and result.stdout == "", result.stdout + result.stderr
    assert result.stderr.startswith(f"new-learning: {words}") and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "learning").exists()
    assert not (tmp_path / "escaped.md").exists()


def test_new_learning_says_when_it_cannot_write_the_file(tmp_path):
    # Was: IsADirectoryError, an internal error, with --force onto a folder of the note's name.
    (tmp_path / "mkdocs.yml").write_text("")
    (tmp_path / "learning" / "a-folder.md").mkdir(parents=True)
    result = run_cli("--root", str(tmp_path), *NEW_LEARNING, "--title", "Newry: a note", "--slug", "a-folder", "--force")
    assert result.returncode == 2 and result.stdout == "", result.stdout + result.stderr
    assert result.stderr.startswith("new-learning: could not write ") and result.stderr.count("\n") == 1, result.stderr

@settings(max_examples=100)  # its own count: make fuzz's 100,000 are for the check itself
@given(mutant=mutants)
def test_new_story_from_a_mutated_file_never_breaks(mutant):
    """`new-story --from FILE`, an editor's first step with an emailed story, on the mutants
    the fuzz test makes: it refuses or copies and checks, and every problem has its place."""
    name, operations = mutant
    data = mutate(ORIGINAL_BYTES[name].decode("utf-8"), operations)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text("")
        sent = root / "sent.md"
        sent.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["--root", str(root), "new-story", "--from", str(sent)])
        assert "internal error" not in err.getvalue(), err.getvalue()
        if status == 2:  # refused before copying: one line that says why
            assert err.getvalue().startswith("new-story: ") and err.getvalue().count("\n") == 1, err.getvalue()
            return
        assert status in (0, 1) and err.getvalue() == "", (status, err.getvalue())
        written = list((root / "stories").glob("*.md")) if (root / "stories").is_dir() else []
        shapes = {str(sent): file_shape(data)}
        for file in written:  # named as the check names it: from the project's folder
            shapes[str(file)] = shapes[str(file.relative_to(root))] = file_shape(file.read_bytes())
        lines = out.getvalue().rstrip("\n").split("\n")
        assert lines[0].startswith("Wrote ") or lines[-1].startswith("new-story: nothing was written"), lines
        for line in lines[1:-1] if lines[0].startswith("Wrote ") else lines[:-1]:
            match = LOCATED.match(line)
            assert match, f"unlocated: {line!r}"
            shape = shapes[match["path"]]
            row, col = int(match["line"]), int(match["col"])
            assert 1 <= row <= len(shape) and 1 <= col <= shape[row - 1] + 1, line


typed_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=160) | st.sampled_from(
    ["  Park  ", "Café – ‘quoted’ \"too\"", "# not a comment", "- a list?", "key: value", "[[Your name]]", "{{ x }}",
     "Ysgol Gymraeg ŵ ŷ", "Páirc na hÉireann", "\u202eevil", "line\u2028break", "'single'", "\\back\\", "null", "yes"]
)


@settings(max_examples=150)
@given(title=typed_text | typed_text.map(lambda t: f"Residents {t} plan a park"), author=typed_text, organisation=typed_text)
def test_new_story_writes_only_what_the_checker_reads_back(title, author, organisation):
    """Whatever is typed as a title, an author or an organisation, new-story either refuses it
    in one plain line or writes a file whose only problems are placeholders still to fill
    (and, where the typed words themselves break a rule, those words' own located problems)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text("")
        # As `--title=...`: a value that starts with a dash is then a value, not a flag.
        typed = [f"--title={title}", f"--author={author}", f"--organisation={organisation}"]
        args = [NEW_STORY[0], *typed, *NEW_STORY[3:], "--slug", "the-story"]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["--root", str(root), *args])
        event(f"new-story exit {status}")
        assert "internal error" not in err.getvalue(), err.getvalue()
        if status == 2:
            assert all(line.startswith("new-story: ") for line in err.getvalue().splitlines()), err.getvalue()
            return
        assert status == 0, (status, err.getvalue())
        written = root / "stories" / "the-story.md"
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            cli.main(["--root", str(root), "check", str(written)])
        lines = written.read_text(encoding="utf-8").split("\n")
        typed_lines = {n for n, line in enumerate(lines, 1) if line.startswith(("title:", "  - name:", "  - \""))}
        for problem in out.getvalue().rstrip("\n").split("\n")[:-1]:
            match = LOCATED.match(problem)
            assert match, f"unlocated: {problem!r}"
            line = int(match["line"])
            assert "placeholder" in problem or line in typed_lines, (problem, lines[line - 1])
        # What was typed is what the file says.
        assert f"title: {json.dumps(title, ensure_ascii=False)}" in lines



@settings(max_examples=150)
@given(title=typed_text | typed_text.map(lambda t: f"Newry: {t} and the survey"), author=typed_text)
def test_new_learning_writes_only_what_the_checker_reads_back(title, author):
    """Whatever is typed as a note's title or author, new-learning either refuses it in plain
    lines and writes nothing, or writes a note whose only problems are placeholders still to
    fill (and, where the typed words themselves break a rule, those words' own located problems)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text("")
        # As `--title=...`: a value that starts with a dash is then a value, not a flag.
        args = [*NEW_LEARNING, f"--title={title}", f"--author={author}"]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["--root", str(root), *args])
        event(f"new-learning exit {status}")
        assert "internal error" not in err.getvalue(), err.getvalue()
        if status == 2:
            assert err.getvalue() and all(line.startswith("new-learning: ") for line in err.getvalue().splitlines())
            assert not (root / "learning").exists()
            return
        assert status == 0, (status, err.getvalue())
        [written] = (root / "learning").iterdir()
        assert written.parent == root / "learning" and written.suffix == ".md", written
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            cli.main(["--root", str(root), "check", str(written)])
        lines = written.read_text(encoding="utf-8").split("\n")
        typed_lines = {n for n, line in enumerate(lines, 1) if line.startswith(("title:", "  - name:"))}
        for problem in out.getvalue().rstrip("\n").split("\n")[:-1]:
            match = LOCATED.match(problem)
            assert match, f"unlocated: {problem!r}"
            line = int(match["line"])
            assert "placeholder" in problem or line in typed_lines, (problem, lines[line - 1])
        # What was typed is what the file says.
        assert f"title: {json.dumps(title, ensure_ascii=False)}" in lines

# --- the build --------------------------------------------------------------------------


def test_a_long_run_of_emphasis_marks_is_refused_by_the_check_and_the_longest_allowed_builds(tmp_path):
    # 995 levels of emphasis passed the check, and the build stopped with a RecursionError.
    body_line = "Start with what people already do."
    too_many = VALID_STORY.replace(body_line, body_line + " " + "*" * 1990 + "x" + "*" * 1990)
    line_no = too_many.split("\n").index(next(t for t in too_many.split("\n") if "x**" in t)) + 1
    (tmp_path / "refused").mkdir()
    result = check_one(tmp_path / "refused", too_many)
    assert result.returncode == 1, result.stdout
    assert f"a-story.md:{line_no}:{len(body_line) + 2}: 1,990 * or _ in a row, over the limit of 100; " in result.stdout
    longest = VALID_STORY.replace(body_line, body_line + " " + "*" * 100 + "x" + "_" * 100)
    (tmp_path / "built").mkdir()
    root = make_project(tmp_path / "built", {"park-story.md": longest})
    assert build(root).returncode == 0


# Each passed the check, and then stopped the build (a RecursionError), or took minutes over
# it, or reached the sanitiser with markup the check should have refused. Found by reading the
# checker beside Python-Markdown.
GAPS = [
    ("a list in a quotation", "> " + "- " * 600 + "x", "this line starts with 600 list markers"),
    ("markers between tabs, not a dividing line", "-\t" * 600 + "-", "this line starts with 600 list markers"),
    ("a ten-digit number first", "1234567890. " + "- " * 600 + "x", "this line starts with 601 list markers"),
    ("numbers in other digits", "١. " * 600 + "x", "this line starts with 600 list markers"),
    ("a fence with two words after it", "``` words here\n\n<script>x</script>\n\nmore\n\n```", "raw HTML is not allowed (<script>)"),
    ("an indented fence", "   ```\n<iframe src=x>\n   ```", "raw HTML is not allowed (<iframe src=x>)"),
    ("backticks after backslashes", "\\`<img src=x onerror=alert(1)>\\`", "raw HTML is not allowed (<img src=x onerror=a>)"),
    ("unmatched brackets", "\n".join(["![" * 300] * 2), "this paragraph has over 200 [ brackets"),
]


@pytest.mark.parametrize(("what", "inserted", "words"), GAPS, ids=[g[0] for g in GAPS])
def test_what_markdown_reads_otherwise_than_the_check_did_is_refused(tmp_path, what, inserted, words):
    text = VALID_STORY.replace("## What happened\n\n", f"## What happened\n\n{inserted}\n\n", 1)
    result = check_one(tmp_path, text)
    assert result.returncode == 1 and words in result.stdout, result.stdout
    assert_all_located(result, text)


def test_a_toolkit_guide_that_is_not_utf8_stops_the_build_at_its_place(tmp_path):
    # Once a UnicodeDecodeError with a traceback from the build.
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    guide = root / "docs" / "toolkit" / "mapping-community-assets.md"
    text = guide.read_text(encoding="utf-8")
    line_no, line = next((i, t) for i, t in enumerate(text.split("\n"), 1) if t.startswith("title:"))
    guide.write_bytes(text.replace(line, line.rstrip('"') + ' caf\u00e9"', 1).encode("cp1252"))
    result = build(root)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    col = len(line.rstrip('"')) + len(" caf") + 1
    assert f"docs/toolkit/mapping-community-assets.md:{line_no}:{col}: this is not UTF-8 text (byte 0xe9)" in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: re.sub(r"(?m)^principles: .*$", "principles:", t), "`principles` must be a list of ids, such as ["),
        (lambda t: re.sub(r"(?m)^principles: .*$", "principles: [{id: people-as-assets}]", t), "each of `principles` must be one id"),
        (lambda t: re.sub(r"(?m)^title: .*$", "title: [a, b]", t), "`title` must be a line of text"),
    ],
    ids=["empty principles", "a mapping for an id", "a list for a title"],
)
def test_a_toolkit_guides_front_matter_of_the_wrong_shape_stops_the_build_at_its_place(tmp_path, change, message):
    # Each once a TypeError or AttributeError with a traceback from the build.
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    guide = root / "docs" / "toolkit" / "mapping-community-assets.md"
    changed = change(guide.read_text(encoding="utf-8"))
    guide.write_text(changed, encoding="utf-8")
    result = build(root)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    located = re.search(r"docs/toolkit/mapping-community-assets\.md:(\d+):(\d+): (.*)", result.stderr)
    assert located and message in located[3], result.stderr[-2000:]
    assert changed.split("\n")[int(located[1]) - 1].startswith(("principles:", "title:")), located[0]


def test_a_folder_or_a_broken_link_named_like_a_toolkit_guide_is_passed_over(tmp_path):
    from doingwith.catalogue import load_toolkit

    (tmp_path / "a-folder.md").mkdir()
    (tmp_path / "a-link.md").symlink_to(tmp_path / "nothing-here.md")
    assert load_toolkit(tmp_path, load_vocabularies(), set(), str) == ([], [])


def test_a_toolkit_guide_whose_front_matter_is_never_closed_stops_the_build(tmp_path):
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    guide = root / "docs" / "toolkit" / "mapping-community-assets.md"
    lines = guide.read_text(encoding="utf-8").split("\n")
    closing = lines.index("---", 1)
    guide.write_text("\n".join(lines[:closing] + lines[closing + 1 :]), encoding="utf-8")
    result = build(root)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "docs/toolkit/mapping-community-assets.md:1:1: the front matter is never closed" in result.stderr


def test_the_build_reports_a_hidden_character_at_its_place(tmp_path):
    text = VALID_STORY.replace(TITLE_LINE, TITLE_LINE[:20] + "\x16" + TITLE_LINE[20:])
    root = make_project(tmp_path, {"park-story.md": text}, copy_resources=False)
    result = build(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "stories/park-story.md:2:21: an invisible control character (U+0016)" in result.stderr
    assert not (root / "site").exists()
