"""The search index made beside the render, from each page's search document, is the
index Pagefind makes from the finished site."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from doingwith import search_index
from doingwith.search_index import EarlyIndex, SearchIndexError, pagefind_command
from tests.helpers import EARLY_INDEX_FINISHED, VALID_STORY, build, make_project, run_cli, write


def _contents(index: Path, folder: str) -> dict[str, bytes]:
    return {path.name: gzip.decompress(path.read_bytes()) for path in sorted((index / folder).iterdir())}


def _stories(count: int) -> dict[str, str]:
    return {
        f"story-{n}.md": VALID_STORY.replace(
            'title: "Residents and the council redesign a play park"', f'title: "Play park story number {n}"'
        ).replace("## What happened\n", f"## What happened\n\n### Step {n}\n\nStory {n} mentions Quillbarrow{n}.\n")
        for n in range(6)
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("early"), _stories(6))
    result = build(root, env={"DOINGWITH_RENDER_HELPER_FROM": "1"})
    assert result.returncode == 0, result.stderr
    return root, result


def test_the_build_makes_the_index_beside_the_render_and_leaves_no_documents_behind(built):
    root, result = built
    assert EARLY_INDEX_FINISHED in result.stderr
    assert json.loads((root / "site" / "pagefind" / search_index.PARTS_FILE).read_text()) == {"merge": []}
    assert list(root.glob(".doingwith-search-*")) == []
    # Browsing by facets fetches no word index here either.
    assert search_index._NO_WORD_CHUNKS_WHEN_BROWSING in (root / "site" / "pagefind" / "pagefind.js").read_text()


def test_the_index_made_beside_the_render_is_the_one_made_from_the_finished_site(built, tmp_path):
    root, _result = built
    site = root / "site"
    again = tmp_path / "pagefind"
    subprocess.run(pagefind_command(site, again), check=True, capture_output=True)
    early = site / "pagefind"
    # Each page's fragment holds its address, title, text, metadata, filters and headings;
    # the word index, where each word is found. Both must be the same, file for file.
    for folder in ("fragment", "index"):
        assert _contents(early, folder) == _contents(again, folder), folder
    fragments = [json.loads(text.removeprefix(b"pagefind_dcd")) for text in _contents(early, "fragment").values()]
    urls = sorted(fragment["url"] for fragment in fragments)
    assert [u for u in urls if u.startswith("/stories/")] == [f"/stories/story-{n}/" for n in range(6)]
    assert any(u.startswith("/principles/") for u in urls) and any(u.startswith("/toolkit/") for u in urls)
    assert any(u.startswith("/resources/") for u in urls)
    # Filter files list the same pages for each value; Pagefind writes their entries in
    # no fixed order, so their bytes are compared as a whole.
    early_filters, again_filters = _contents(early, "filter"), _contents(again, "filter")
    assert len(early_filters) == len(again_filters)
    assert sorted(sorted(data) for data in early_filters.values()) == sorted(sorted(data) for data in again_filters.values())


def test_pagefind_starts_only_once_pages_are_read_and_bodies_rendered(tmp_path):
    for order in (("pages_read", "bodies_rendered"), ("bodies_rendered", "pages_read")):
        site = tmp_path / order[0] / "site"
        site.mkdir(parents=True)
        early = EarlyIndex(site)
        try:
            early.write("stories/a/index.html", '<article data-pagefind-body><h1>A story about Quillbarrow</h1></article>')
            getattr(early, order[0])()
            assert not early.started
            getattr(early, order[1])()
            assert early.started
            early.finish()
        finally:
            early.abandon()
        assert (site / "pagefind" / "pagefind-entry.json").is_file()
        assert not early.documents.exists()


def test_a_failed_index_says_what_pagefind_said_and_cleans_up(tmp_path):
    early = EarlyIndex(tmp_path / "site")
    early.pages_read()
    early.bodies_rendered()  # no search document was written: Pagefind has nothing to index
    with pytest.raises(SearchIndexError, match="(?s)Pagefind could not index the site:.*did not contain any html files"):
        early.finish()
    assert not early.documents.exists()
    assert list(tmp_path.glob(".doingwith-search-*")) == []


def test_pagefind_never_starts_once_the_index_is_abandoned(tmp_path):
    early = EarlyIndex(tmp_path / "site")
    early.write("stories/a/index.html", "<article data-pagefind-body><h1>A</h1></article>")
    early.pages_read()
    early.abandon()  # the build failed
    early.bodies_rendered()  # ... as the helper's last bodies arrived
    assert not early.started
    assert list(tmp_path.iterdir()) == []  # no documents, no log


def test_pagefind_that_cannot_start_is_an_error_at_finish(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "pagefind_command", lambda site, output: [str(tmp_path / "no-such-pagefind")])
    early = EarlyIndex(tmp_path / "site")
    early.pages_read()
    early.bodies_rendered()
    assert early.started
    with pytest.raises(SearchIndexError, match="Pagefind could not start"):
        early.finish()


def test_only_a_build_asks_to_yield_the_processor(tmp_path):
    before = os.getpriority(os.PRIO_PROCESS, threading.main_thread().native_id)
    early = EarlyIndex(tmp_path / "site")
    early.write("stories/a/index.html", "<article data-pagefind-body><h1>A</h1></article>")
    early.pages_read()
    early.bodies_rendered()
    early.finish()
    assert os.getpriority(os.PRIO_PROCESS, threading.main_thread().native_id) == before


def test_an_index_never_started_is_an_error_not_a_silent_gap(tmp_path):
    early = EarlyIndex(tmp_path / "site")
    early.pages_read()
    with pytest.raises(SearchIndexError, match="never started: bodies rendered"):
        early.finish()


def test_index_search_if_missing_leaves_a_made_index_alone_and_makes_a_missing_one(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", "<html><body><p>Home</p></body></html>")
    write(site / "stories" / "a" / "index.html", "<html><body><article data-pagefind-body><h1>Quillbarrow</h1></article></body></html>")
    made = run_cli("index-search", "--if-missing", str(site))
    assert made.returncode == 0, made.stderr
    assert "Indexed" in made.stdout
    entry = site / "pagefind" / "pagefind-entry.json"
    entry.write_text("left alone\n")
    again = run_cli("index-search", "--if-missing", str(site))
    assert again.returncode == 0 and "already has its search index" in again.stdout
    assert entry.read_text() == "left alone\n"
