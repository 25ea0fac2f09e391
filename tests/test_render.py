"""The renderer: Python-Markdown with a small fixed set of extensions, then the sanitiser."""

from __future__ import annotations

import dataclasses

import pytest

from doingwith import learning_pages, pages
from doingwith.catalogue import Catalogue
from doingwith.project import Project, check_project
from doingwith.render import ContentRenderer, printable_checkboxes
from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO


def test_headings_get_ids_and_a_table_of_contents_of_levels_two_and_three():
    html, toc = ContentRenderer().render("## What happened\n\nText.\n\n### In detail\n\n#### Too deep\n\n## Same\n\n## Same")
    assert '<h2 id="what-happened">What happened</h2>' in html
    assert [t["id"] for t in toc] == ["what-happened", "same", "same_1"]
    assert [c["id"] for c in toc[0]["children"]] == ["in-detail"]


def test_the_toc_marker_draws_no_markup_the_sanitiser_would_keep():
    html, _toc = ContentRenderer().render("## One\n\n[TOC]\n\n## Two")
    assert "[TOC]" not in html and "<div" not in html


def test_media_images_point_at_the_published_folder_and_load_lazily():
    html, _toc = ContentRenderer().render("![A park](media/park.png)", media_prefix="../media/")
    assert '<img alt="A park" loading="lazy" src="../media/park.png">' in html


def test_one_renderer_renders_text_after_text_without_carrying_anything_over():
    renderer = ContentRenderer()
    renderer.render("## First\n\n[a link][one]\n\n[one]: https://example.org/one")
    html, toc = renderer.render("## Second\n\n[a link][one]")
    assert [t["id"] for t in toc] == ["second"] and "example.org" not in html


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


def test_a_body_heading_never_takes_an_id_of_the_page_or_the_theme():
    # "### __config" took the id Material reads its settings from; "## Sources" the id of
    # the story page's own list of sources.
    html, toc = ContentRenderer().render("### __config\n\n## Sources\n\n## What happened\n")
    assert [t["id"] for t in toc] == ["config", "sources-in-the-story", "what-happened"]
    assert '<h3 id="config">__config</h3>' in html and 'id="__config"' not in html


def test_a_body_heading_never_takes_the_id_of_one_of_the_pages_sources():
    # "## Source 1" took source-1, the id of the first entry in the page's list of sources:
    # the measured results' link to Source 1 led to the heading instead.
    _html, toc = ContentRenderer().render("## Source 1\n\n## Source 12b\n\n### source-2\n")
    assert [t["id"] for t in toc] == ["source-1-in-the-story", "source-12b"]
    assert toc[1]["children"][0]["id"] == "source-2-in-the-story"


def test_a_body_heading_never_takes_the_id_of_the_pages_own_title():
    # The page's <h1> has the file's name as its id: "## Park story" in park-story.md took it too.
    _html, toc = ContentRenderer().render("## Park story\n\n## Park\n", title_id="park-story")
    assert [t["id"] for t in toc] == ["park-story-in-the-story", "park"]
    _html, toc = ContentRenderer().render("## Park story\n")  # another page: its own id is not taken
    assert [t["id"] for t in toc] == ["park-story"]


@pytest.mark.parametrize("kind", ["story", "learning note", "resource"])
def test_a_page_has_one_element_with_its_titles_id_whatever_its_headings(kind):
    result = check_project(Project(REPO))
    catalogue = Catalogue(load_vocabularies(), result.stories, result.resources, [], result.learning)
    item, draw = {
        "story": (result.stories[0], pages.story_page),
        "learning note": (result.learning[0], learning_pages.learning_page),
        "resource": (result.resources[0], pages.resource_page),
    }[kind]
    item = dataclasses.replace(item, body=item.body + f"\n\n### {item.slug}\n")  # a heading named as the file
    html, _toc = draw(item, catalogue, ContentRenderer(), lambda path: "../x/")
    assert html.count(f'id="{item.slug}"') == 1
    assert f'<h3 id="{item.slug}-in-the-story">' in html


def test_markdown_is_not_asked_to_find_blocks_of_raw_html():
    # Raw HTML is never published, and Markdown's search for blocks of it read on from each "<a"
    # to the end of the text: a story of "<a. <a. ..." (no tag, so the check passes it) took over a
    # minute to render, and now takes a moment (bench, not a timed test). Without that search, a
    # would-be block is read as the text around it is, and the sanitiser drops the tags.
    html, _toc = ContentRenderer().render("<div>\n*x*\n</div>")
    assert "<em>x</em>" in html and "<div" not in html
    html, _toc = ContentRenderer().render("<a. " * 50)
    assert html == "<p>" + "&lt;a. " * 50 + "</p>"
