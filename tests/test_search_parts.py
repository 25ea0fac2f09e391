"""A large library's search index is built in parts and merged in the browser."""

from __future__ import annotations

import json
import re

import pytest

from doingwith.search_index import index_site
from tests.conftest import serve
from tests.helpers import VALID_STORY, build, make_project


def story(n: int, word: str) -> str:
    return (
        VALID_STORY.replace(
            'title: "Residents and the council redesign a play park"',
            f'title: "Story number {n} about a park and its residents"',
        ).replace("Glimmerwick zebra-crossing", f"{word} zebra-crossing")
    )


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    root = make_project(
        tmp_path_factory.mktemp("parts"),
        {
            "story-one.md": story(1, "Quillbarrow"),
            "story-two.md": story(2, "Zephyrnook"),
            "story-three.md": story(3, "Marrowgate"),
        },
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    extra = index_site(site, part_size=1, single_up_to=1)
    return site, extra


def test_the_index_is_split_into_parts_listed_for_the_browser(parted_site):
    site, extra = parted_site
    assert extra == ["pagefind-2/", "pagefind-3/"]
    assert json.loads((site / "pagefind" / "parts.json").read_text()) == {"merge": extra}
    for part in extra:
        assert (site / part / "pagefind-entry.json").is_file()


@pytest.mark.browser
def test_search_finds_stories_in_every_part_and_counts_all_of_them(parted_site, page):
    site, _extra = parted_site
    base, server = serve(site)
    try:
        page.goto(base + "search/?type=Story")
        page.wait_for_selector("[data-dw-search][data-ready=true]")
        page.wait_for_function("() => document.querySelector('[data-dw-status]').textContent.length > 0")
        assert page.inner_text("[data-dw-status]").startswith("3 results")
        for word, slug in (("Quillbarrow", "story-one"), ("Zephyrnook", "story-two"), ("Marrowgate", "story-three")):
            page.fill("#dw-search-query", word)
            page.wait_for_function(
                "(slug) => { const links = document.querySelectorAll('.dw-result__title a');"
                " return links.length === 1 && links[0].href.includes(slug); }",
                arg=slug,
            )
            hrefs = page.locator(".dw-result__title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert re.search(rf"/stories/{slug}/", hrefs[0])
        assert page.console_messages == []
    finally:
        server.shutdown()
