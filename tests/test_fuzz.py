"""Property-based tests (issue 18): mutate the real stories and resources, and the checker
still keeps its promise.

Each example takes one of the project's own stories or resources and changes it: lines
deleted, duplicated, swapped, indented or cut short; characters of every Unicode category
inserted (controls, lone surrogates, byte-order marks, NEL, the line and paragraph
separators); YAML syntax (anchors, aliases, tags, flow brackets, block scalars, document
markers), Markdown and HTML put in; values replaced; bytes that are not UTF-8 written. Then:

* `check FILE`, the full `check` and `check --github` never raise and exit 0 or 1 (2 would
  be our own bug);
* every problem is located, at a line and column inside the file;
* the same file gives the same messages every time;
* every mutant the checker accepts builds (in batches: one real `mkdocs build --strict` for
  many mutants), and its page holds no markup the sanitiser should have removed;
* check-jsonschema accepts the front matter of every mutant the checker accepts, against
  the published schema, so an editor never marks red what CI passes.

Two Hypothesis profiles, registered in conftest.py: `bounded` (make test, a few hundred
examples) and `fuzz` (make fuzz, 100,000). Failing examples Hypothesis finds are kept as
plain tests in tests/test_robustness.py.
"""

from __future__ import annotations

import contextlib
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import hypothesis
from hypothesis import example, given, note, settings
from hypothesis import strategies as st

from doingwith import cli, frontmatter
from doingwith.problems import ProblemList
from doingwith.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests.helpers import REPO, build, make_project

ORIGINALS = sorted(
    [f"stories/{p.name}" for p in (REPO / "stories").glob("*.md")]
    + [f"learning/{p.name}" for p in (REPO / "learning").glob("*.md")]
    + [f"resources/{p.name}" for p in (REPO / "resources").glob("*.md")]
)
ORIGINAL_BYTES = {name: (REPO / name).read_bytes() for name in ORIGINALS}
FIRST_STORY = next(name for name in ORIGINALS if name.startswith("stories/"))
_FIRST_LINES = ORIGINAL_BYTES[FIRST_STORY].decode("utf-8").split("\n")
CLOSING_FENCE = _FIRST_LINES.index("---", 1)  # its index: the file cut after it ends "---" with no newline
SOURCE_URL_LINE = next(i for i, line in enumerate(_FIRST_LINES) if line.startswith("    url: "))

# --- what is put in -----------------------------------------------------------------------

SPECIAL_CHARACTERS = [
    "\x00", "\x07", "\x08", "\x0b", "\x0c", "\x16", "\x1b", "\x7f", "\x85", "\x9b", "\xa0", "\t", "\r",
    "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\u202e", "\u2066", "\u200b",
    "\u0301", "\U0001f600", "\U0010ffff", "\ufdd0", "\u00ad",
]
YAML_SYNTAX = [
    "&a ", "*a", "&anchor value", "<<: *a", "!!python/object/apply:os.system ['true']", "!tag ", "!!str ",
    "!!binary ", "[", "]", "{", "}", "[a, [b, {c: d}]]", "{a: 1, a: 2}", "|", ">-", "|+", "---", "...",
    "--- !x", "%YAML 1.2", "%TAG ! tag:x,2000:", "? ", ": ", "- ", "#", "'", '"', "''", '""', "@", "`",
    ",", "key: value", "title: again", "- - -", "~", "null", "yes", "NO", "on", "0x1F", "012", "1e9", ".inf",
    "2026-02-30", "2026-11-26T10:00:00Z", "=", "\\", '"\\u0000"', '"\\x16"', '"\\ud800"', '"\\N"',
]
MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<iframe src=//x>",
    "<style>*{}</style>", "<a href=javascript:alert(1)>x</a>", "<!-- c -->", "<![CDATA[x]]>", "<?php ?>",
    "[link](javascript:alert(1))", "[link](https://issuu.com./x)", "[link](https://[x)", "[link](<https://x.org/a b>)",
    "[x](data:text/html,<b>)", "![alt](https://x.org/i.png)", "![alt](media/x.png)", "![](media/../../x.png)",
    "<https://example.org>", "<mailto:a@b.org>", "<a@b.org>", "[ref]: javascript:x", "[ref]: https://x.org",
    "[text][ref]", "```", "~~~", "    code", "# Title", "## What happened", "###### h6", "> quote", "* item",
    "1. item", "- [ ] task", "| a | b |\n|---|---|\n| c | d |", "---", "***", "[[placeholder]]", "{{ config }}",
    "{% include x %}", "{# c #}", "&lt;script&gt;", "&#x3C;script&#x3E;", "&#0;", "&amp;", "\\<script>", "**b**",
    "- " * 500 + "x", "1. " * 30, "    " * 30 + "- x", "_i_", "~~s~~", "[x](https://example.org \"t\")", "[x](https://example.org 'onmouseover=alert(1)')",
    "<https://example.org/\"onmouseover=alert(1)>", "[here](https://example.org)", "*" * 40, "`" * 12,
]
VALUES = [
    "", " ", "~", "null", "[]", "{}", "[a", "{a", '"unclosed', "'unclosed", "|", ">-", "yes", "012345", "1.10",
    "2026-13-45", "2026-11-26", '"2019"', "ongoing", "true", "false", "x" * 500, "a: b", "- a", "&a x", "*a",
    "!!str x", "[northern-ireland]", "northern-ireland", "wales", "cy", "https://example.org/x",
    "https://issuu.com./x", "https://[x", "mailto:a@b.org", "javascript:alert(1)", "media/x.png", "files/x.docx",
    '"<b>bold</b>"', '"{{ x }}"', '"[[x]]"', "30", "31", "0", "-1", '"north\\nern"', '"a\\u2028b"', '"a\\x1bb"',
]
INVALID_UTF8 = [b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xf8"]

inserted = st.one_of(
    st.characters(),  # every category but surrogates
    st.characters(categories=["Cs"]),  # lone surrogates, written as bytes that are not UTF-8
    st.sampled_from(SPECIAL_CHARACTERS),
    st.sampled_from(YAML_SYNTAX),
    st.sampled_from(MARKUP),
    st.text(max_size=8),
)
position = st.integers(min_value=0, max_value=10_000)  # taken modulo the file's size
mutation = st.one_of(
    st.tuples(st.just("delete"), position),
    st.tuples(st.just("duplicate"), position),
    st.tuples(st.just("swap"), position, position),
    st.tuples(st.just("indent"), position, st.integers(min_value=-4, max_value=6)),
    st.tuples(st.just("truncate lines"), position),
    st.tuples(st.just("truncate"), position),
    st.tuples(st.just("insert"), position, position, inserted),
    st.tuples(st.just("insert line"), position, inserted),
    st.tuples(st.just("replace value"), position, st.sampled_from(VALUES)),
    st.tuples(st.just("bytes"), position, st.sampled_from(INVALID_UTF8)),
)


def mutate(text: str, operations) -> bytes:
    """Apply each operation to the text; byte operations last, to the UTF-8 written."""
    lines = text.split("\n")
    raw = []
    for op, *args in operations:
        n = len(lines)
        if op == "delete" and n > 1:
            del lines[args[0] % n]
        elif op == "duplicate":
            i = args[0] % n
            lines.insert(i, lines[i])
        elif op == "swap":
            i, j = args[0] % n, args[1] % n
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            i, by = args[0] % n, args[1]
            lines[i] = " " * by + lines[i] if by >= 0 else lines[i][min(-by, len(lines[i]) - len(lines[i].lstrip(" "))) :]
        elif op == "truncate lines":
            lines = lines[: args[0] % (n + 1)] or [""]
        elif op == "truncate":
            whole = "\n".join(lines)
            lines = whole[: args[0] % (len(whole) + 1)].split("\n")
        elif op == "insert":
            i = args[0] % n
            col = args[1] % (len(lines[i]) + 1)
            lines[i] = lines[i][:col] + args[2] + lines[i][col:]
        elif op == "insert line":
            lines.insert(args[0] % (n + 1), args[1])
        elif op == "replace value":
            i = args[0] % n
            key, sep, _value = lines[i].partition(": ")
            lines[i] = f"{key}: {args[1]}" if sep else f"{lines[i]} {args[1]}"
        elif op == "bytes":
            raw.append(args)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")  # a lone surrogate: not UTF-8
    for offset, bad in raw:
        at = offset % (len(data) + 1)
        data = data[:at] + bad + data[at:]
    return data


mutants = st.tuples(st.sampled_from(ORIGINALS), st.lists(mutation, min_size=1, max_size=4))

# --- running the checker ----------------------------------------------------------------------

LOCATED = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): \S")
ANNOTATION = re.compile(r"^::error file=(?P<path>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)::\S")
SUMMARY = re.compile(r"^(All \d+ files? passed the check|\d+ problems? in \d+ files?)( \(\d+ warnings?\))?\.?$")


def run_check(root: Path, *args: str) -> tuple[int, str, str]:
    """The real command line, in this process (a new Python each time would cost 0.3 s)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["--root", str(root), "check", *args])
    return status, out.getvalue(), err.getvalue()


def file_shape(data: bytes) -> list[int]:
    """The length of each line as the checker counts lines (after a BOM, \\r\\n and \\r), in
    characters or bytes, whichever is more (where the bytes are not UTF-8, there are fewer characters)."""
    normal = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    text = normal.decode("utf-8", "replace")
    return [max(len(t), len(b)) for t, b in zip(text.split("\n"), normal.split(b"\n"), strict=True)]


def assert_located(status: int, out: str, err: str, shapes: dict[str, list[int]], github: bool) -> None:
    assert status in (0, 1), f"exit {status}\n{err}"
    assert err == "", err
    lines = out.rstrip("\n").split("\n")
    assert SUMMARY.match(lines[-1]), lines[-1]
    for line in lines[:-1]:
        match = (ANNOTATION.match(line) if github and line.startswith("::") else None) or LOCATED.match(line)
        assert match, f"unlocated: {line!r}"
        path = match["path"].replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
        shape = shapes.get(path)
        assert shape is not None, f"a problem in a file not checked: {line!r}"
        row, col = int(match["line"]), int(match["col"])
        assert 1 <= row <= len(shape), f"line {row} is outside the file ({len(shape)} lines): {line!r}"
        assert 1 <= col <= shape[row - 1] + 1, f"column {col} is outside line {row} ({shape[row - 1]}): {line!r}"
    if status == 0:
        assert not any(LOCATED.match(line) and ": warning: " not in line for line in lines[:-1]), out


# --- what a built page may hold -------------------------------------------------------------

ACTIVE_TAGS = {
    "script", "style", "iframe", "frame", "object", "embed", "base", "form", "input", "textarea", "button",
    "select", "svg", "math", "link", "meta", "template", "noscript", "video", "audio", "source", "applet",
}
BODY_CLASSES = {"dw-story__body", "dw-resource__body"}
BODY_EXTRA_ATTRIBUTES = {"a": {"rel"}, "span": {"class", "aria-hidden"}}  # link_rel and the ☐ of a checklist


class PageMarkup(html.parser.HTMLParser):
    """What a page holds: active elements, event-handler attributes, and the tags inside
    the rendered body of the story or resource."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.active: Counter = Counter()
        self.problems: list[str] = []
        self.body_depth = 0  # open <div>s since the body's own

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        # A <meta> with a name or property only carries text (a page's citation tags, which
        # stories and resources have and other pages lack); one with http-equiv acts.
        if tag in ACTIVE_TAGS and not (tag == "meta" and "http-equiv" not in names):
            self.active[tag] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value and re.match(
                r"^[\x00-\x20]*(javascript|vbscript|data):", value, re.I
            ):
                self.problems.append(f"<{tag} {name}={value[:40]}>")
        if self.body_depth:
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | BODY_EXTRA_ATTRIBUTES.get(tag, set())
            if tag not in ALLOWED_TAGS | {"span"} or not names <= allowed:
                self.problems.append(f"in the body: <{tag} {' '.join(sorted(names))}>")
            if tag == "div":
                self.body_depth += 1
        elif tag == "div" and set((dict(attrs).get("class") or "").split()) & BODY_CLASSES:
            self.body_depth = 1

    def handle_endtag(self, tag):
        if self.body_depth and tag == "div":
            self.body_depth -= 1


def page_markup(path: Path) -> PageMarkup:
    parser = PageMarkup()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def built_page(site: Path, name: str) -> Path:
    folder, file = name.split("/")
    return site / folder / file.removesuffix(".md") / "index.html"


# --- the properties -----------------------------------------------------------------------


class Run:
    """One fuzzing run: a copy of the real project, and what the examples found."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.examples = 0
        self.statuses: Counter = Counter()
        self.modes: Counter = Counter()
        self.accepted: dict[str, list[bytes]] = defaultdict(list)  # original -> accepted mutants
        self.seen: set[bytes] = set()
        self.shapes = {name: file_shape(data) for name, data in ORIGINAL_BYTES.items()}

    def check(self, name: str, data: bytes, mode: str) -> None:
        path = self.root / name
        path.write_bytes(data)
        shapes = {**self.shapes, name: file_shape(data)}
        try:
            first = run_check(self.root, str(path))
            assert_located(*first, shapes, github=False)
            again = run_check(self.root, str(path))
            assert again == first, "the same file gave different messages"
            if mode == "full":
                assert_located(*run_check(self.root), shapes, github=False)
            elif mode == "github, this file":
                assert_located(*run_check(self.root, "--github", str(path)), shapes, github=True)
            else:
                assert_located(*run_check(self.root, "--github"), shapes, github=True)
        finally:
            path.write_bytes(ORIGINAL_BYTES[name])
        self.examples += 1
        self.statuses[first[0]] += 1
        self.modes[mode] += 1
        if first[0] == 0 and data != ORIGINAL_BYTES[name] and data not in self.seen:
            self.seen.add(data)
            self.accepted[name].append(data)

    def batches(self) -> list[dict[str, bytes]]:
        """Accepted mutants in batches of at most one per original (two mutants of one story
        share its title), never every original at once: one is left as it was, to compare with."""
        batches: list[dict[str, bytes]] = []
        for name, found in sorted(self.accepted.items()):
            for index, data in enumerate(found):
                while len(batches) <= index:
                    batches.append({})
                batches[index][name] = data
        full = [b for b in batches if len(b) == len(ORIGINALS)]
        for batch in full:
            name = sorted(batch)[0]
            batches.append({name: batch.pop(name)})
        return batches

    def build_accepted(self, workdir: Path) -> dict:
        """Build every accepted mutant, a batch at a time; check each page and front matter."""
        built = 0
        schema_files: dict[str, list[Path]] = defaultdict(list)
        for number, batch in enumerate(self.batches()):
            (workdir / f"batch-{number}").mkdir()
            root = make_project(workdir / f"batch-{number}", {}, copy_resources=True)
            for name in ORIGINALS:
                if name.startswith(("stories/", "learning/")):
                    shutil.copy(REPO / name, root / name)
            for name, data in batch.items():
                (root / name).write_bytes(data)
                front = workdir / "front-matter" / name.split("/")[0] / f"{number}-{Path(name).stem}.yaml"
                front.parent.mkdir(parents=True, exist_ok=True)
                front.write_text(front_matter(data), encoding="utf-8")
                schema_files[name.split("/")[0]].append(front)
            result = build(root)
            assert result.returncode == 0, f"an accepted mutant did not build:\n{result.stderr[-3000:]}"
            site = root / "site"
            reference = next(n for n in ORIGINALS if n not in batch)
            expected = page_markup(built_page(site, reference)).active
            for name in batch:
                page = page_markup(built_page(site, name))
                assert page.problems == [], f"{name} (batch {number}): {page.problems}\n{batch[name]!r}"
                assert page.active == expected, f"{name} (batch {number}): {page.active} != {expected}"
                built += 1
            shutil.rmtree(workdir / f"batch-{number}")
        for folder, files in schema_files.items():
            kind = {"stories": "story", "learning": "learning", "resources": "resource"}[folder]
            for start in range(0, len(files), 200):
                chunk = [str(f) for f in files[start : start + 200]]
                result = subprocess.run(
                    [str(Path(sys.executable).parent / "check-jsonschema"), "--schemafile",
                     str(REPO / "docs" / "schema" / f"{kind}.schema.json"), *chunk],
                    capture_output=True, text=True, timeout=600,
                )
                assert result.returncode == 0, f"the JSON Schema refuses what the checker accepts:\n{result.stdout}"
        return {"built": built, "batches": len(self.batches()), "schema": sum(len(f) for f in schema_files.values())}


def front_matter(data: bytes) -> str:
    """The front matter of an accepted file, as the checker read it."""
    problems = ProblemList("x")
    split = frontmatter.split(frontmatter.decode(data, problems), problems)
    return split.yaml_text + "\n"


def test_mutated_stories_and_resources_never_break_the_checker(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("fuzz"), {}, copy_resources=True)
    for name in ORIGINALS:
        shutil.copy(REPO / name, root / name)
    run = Run(root)
    started = time.monotonic()

    @given(mutant=mutants, mode=st.sampled_from(["full", "github, this file", "github, all files"]))
    @example(mutant=(FIRST_STORY, [("insert", 2, 8, "\x16")]), mode="full")  # issue 18: a ReaderError
    @example(mutant=(FIRST_STORY, [("replace value", SOURCE_URL_LINE, "https://[x")]), mode="full")  # ValueError
    @example(mutant=(FIRST_STORY, [("truncate lines", CLOSING_FENCE + 1)]), mode="full")  # sections beyond the end
    def mutant_is_checked(mutant, mode):
        name, operations = mutant
        data = mutate(ORIGINAL_BYTES[name].decode("utf-8"), operations)
        note(f"{name}: {data!r}")
        run.check(name, data, mode)

    outcome = "failed"
    try:
        mutant_is_checked()
        checked_at = time.monotonic()
        totals = run.build_accepted(tmp_path_factory.mktemp("fuzz-builds"))
        outcome = "passed"
    finally:
        if os.environ.get("DOINGWITH_FUZZ_RESULTS"):
            write_results(Path(os.environ["DOINGWITH_FUZZ_RESULTS"]), run, outcome, started,
                          locals().get("checked_at"), locals().get("totals"))


def write_results(path: Path, run: Run, outcome: str, started: float, checked_at, totals) -> None:
    accepted = sum(len(v) for v in run.accepted.values())
    now = time.monotonic()
    profile = settings.default
    seed = os.environ.get("DOINGWITH_FUZZ_SEED", "random")
    lines = [
        "# Fuzz results",
        "",
        "Written by `make fuzz` (tests/test_fuzz.py, Hypothesis profile "
        f"`{os.environ.get('HYPOTHESIS_PROFILE', 'bounded')}`). Mutants of the real stories and resources, "
        "checked with `check FILE` (twice), and the full check or `check --github`.",
        "",
        "| | |",
        "| --- | --- |",
        f"| Result | {outcome} |",
        f"| Hypothesis | {hypothesis.__version__} |",
        f"| Seed | {seed} |",
        f"| Examples asked for (max_examples) | {profile.max_examples:,} |",
        f"| Examples run | {run.examples:,} |",
        "| Exit status of `check FILE` | " + ", ".join(f"{k}: {v:,}" for k, v in sorted(run.statuses.items())) + " |",
        "| Second mode | " + ", ".join(f"{k}: {v:,}" for k, v in sorted(run.modes.items())) + " |",
        f"| Exceptions (or exit 2) | {0 if outcome == 'passed' else 'see the failure below'} |",
        f"| Unlocated messages, or outside the file | {0 if outcome == 'passed' else 'see the failure below'} |",
        f"| Accepted mutants (distinct) | {accepted:,} |",
        f"| Accepted mutants built | {totals['built'] if totals else 0:,}"
        + (f" in {totals['batches']} builds" if totals else "") + " |",
        f"| Front matter validated by check-jsonschema | {totals['schema'] if totals else 0:,} |",
        f"| Time checking | {((checked_at or now) - started) / 60:.1f} min |",
        f"| Time building | {(now - checked_at) / 60 if checked_at else 0:.1f} min |",
        f"| Load average at the end | {', '.join(f'{x:.2f}' for x in os.getloadavg())} |",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(json.dumps({"results": str(path)}))
