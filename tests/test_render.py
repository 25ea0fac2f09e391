"""The renderer's two shortcuts leave Python-Markdown's HTML exactly as it was: plain
text skips the inline pass, and the table of contents is drawn as HTML only for a
text holding its marker."""

from __future__ import annotations

import sys

import pytest
from markdown.extensions.toc import TocTreeprocessor
from markdown.inlinepatterns import SimpleTextInlineProcessor

from doingwith.render import _BLOCKS_NEED, ContentRenderer, plain_text_shortcut_applies, printable_checkboxes
from tests.helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
import synthetic  # noqa: E402  (bench/ is not a package)

SNIPPETS = [
    "Plain words only, over\nthree lines\nof a paragraph.",
    "**Bold** then plain, and plain then *em*, and __strong__ or _em_ here.",
    "snake_case and 2 * 3 and a lone * star.",
    "Fish & chips, &amp; an entity, &#169; and &#xA9; numbers.",
    "An address <https://example.org/x> and a mail <someone@example.org>.",
    "A line that breaks  \nhere, and one that does not \nhere.",
    "Trailing spaces at the very end  ",
    "`code` and ``double `tick` code`` and \\`not code\\`.",
    "\\*escaped\\* and \\\\ a backslash and \\[not a link\\].",
    "[A link](https://example.org) and ![a picture](media/p.png) side by side.",
    "[A reference][one] and [one] and ![pic][one].\n\n[one]: https://example.org/one",
    "> A quote with *emphasis* and a tail\n> and plain words.",
    "- An item with a [link](https://example.org) and a tail\n- A plain item\n    - A plain sub-item\n- [ ] A box",
    "1. First *step*\n2. Second plain step",
    "| Column | *Other* |\n| --- | ---: |\n| plain | `code` |\n| a & b | [x](https://example.org) |",
    "## A heading with *emphasis*\n\nText.\n\n### A plain heading\n\nMore text.",
    "```\n*not emphasis* & <not html>\n```\n\nAfter the fence, *emphasis*.",
    "    indented *code* block\n\nThen text.",
    "Text with <b>raw</b> tags and <!-- a comment --> in it.",
    "Unicode: Gweithiodd trigolion a’r cyngor — “quotes” … and Irish: Is é seo.",
    "Setext heading\n==============\n\nAnd ---\n\n---\n\nafter a rule.",
    "## First\n\n[TOC]\n\n## Second\n\n### Third\n\nText.",
    "A [TOC] inside a sentence.\n\n  [TOC]  \n\n## Only heading",
    "\\[TOC\\] escaped, and &#91;TOC&#93; as entities.\n\n## Heading",
    "## Same\n\n## Same\n\n## same!\n\nText.",
    "A line of text\n## A heading straight after it\nand more text\n> and a quote\nafter.",
    "Number #1 and #hashtag, a > b and c|d, but no heading, quote or table.",
    "| One column |\n| --- |\n| a |",
    "No border | table\n--- | ---\nx \\| y | z",
    "Just a pipe | here\nand a second line without the separator",
]


def _both_ways(text: str) -> tuple[tuple[str, list], tuple[str, list]]:
    """``text`` rendered with the shortcuts, and by Python-Markdown's own processors."""
    with_shortcuts = ContentRenderer()
    stock = ContentRenderer()
    stock._md.treeprocessors.deregister("doingwith-plain-text")
    stock._toc.__class__ = TocTreeprocessor
    for name in _BLOCKS_NEED:
        del stock._md.parser.blockprocessors[name].test  # the class's own test again
    return with_shortcuts.render(text, "../media/"), stock.render(text, "../media/")


def test_the_shortcut_is_on_for_the_markdown_release_in_use():
    # If this fails after upgrading Markdown, check _MAY_BE_MARKUP in doingwith/render.py
    # against the release's inline patterns, then update _INLINE_PATTERNS.
    assert plain_text_shortcut_applies(ContentRenderer()._md)


def test_the_shortcuts_turn_themselves_off_for_another_markdown_release(monkeypatch):
    import markdown

    monkeypatch.setattr(markdown, "__version_info__", (3, 12, 0, "final", 0))
    renderer = ContentRenderer()
    assert not plain_text_shortcut_applies(renderer._md)
    assert all("test" not in vars(renderer._md.parser.blockprocessors[name]) for name in _BLOCKS_NEED)


def test_the_shortcut_turns_itself_off_if_the_inline_patterns_change():
    renderer = ContentRenderer()
    renderer._md.inlinePatterns.register(SimpleTextInlineProcessor(r"(~~)"), "strike", 55)
    assert not plain_text_shortcut_applies(renderer._md)


@pytest.mark.parametrize("text", SNIPPETS)
def test_each_kind_of_markdown_renders_the_same_with_and_without_the_shortcuts(text):
    fast, slow = _both_ways(text)
    assert fast == slow


def test_every_real_and_fixture_story_and_resource_renders_the_same_with_and_without_the_shortcuts():
    files = [
        *REPO.glob("stories/*.md"),
        *REPO.glob("resources/*.md"),
        *REPO.glob("tests/fixtures/*/stories/*.md"),
        *REPO.glob("tests/fixtures/*/resources/*.md"),
    ]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        body = text.split("\n---\n", 1)[-1]
        fast, slow = _both_ways(body)
        assert fast == slow, path


def test_synthetic_stories_render_the_same_with_and_without_the_shortcuts():
    for story in synthetic.generate_stories(150):
        _front, body = synthetic.split_front_matter(story.text)
        fast, slow = _both_ways(body)
        assert fast == slow, story.slug


def test_the_table_of_contents_is_drawn_only_for_a_text_with_its_marker():
    renderer = ContentRenderer()
    html, _toc = renderer.render("## One\n\n[TOC]\n\n## Two")
    assert '<li><a href="#two"' in html and "[TOC]" not in html  # the sanitiser drops its <div>
    assert 'href="#two"' in renderer._md.toc
    html, toc = renderer.render("## One\n\n## Two")
    assert "toc" not in html and [t["id"] for t in toc] == ["one", "two"]
    assert renderer._md.toc == "<div></div>"  # not drawn: never used


def test_checklist_items_become_printed_boxes_and_other_html_is_untouched():
    html, _toc = ContentRenderer().render("- [ ] Ask residents\n- [ ] Share the plan\n- Done [ ] later")
    assert html.count('<span class="dw-checkbox" aria-hidden="true">☐</span> ') == 2
    assert "Done [ ] later" in html
    assert printable_checkboxes('<li><input type="checkbox" disabled> Box</li>').startswith(
        '<li><span class="dw-checkbox"'
    )
    assert printable_checkboxes("<p>No boxes [x] here, nor <input type='text'>.</p>") == (
        "<p>No boxes [x] here, nor <input type='text'>.</p>"
    )
