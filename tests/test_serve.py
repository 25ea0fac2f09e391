"""`make serve` (plain `mkdocs serve`): every edit rebuilds the whole site, so edits show
without a restart on every page they touch, and search in the preview finds them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import VALID_STORY, make_project


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def served(tmp_path):
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    temporary = tmp_path / "tmp"  # where `mkdocs serve` keeps the site it serves
    temporary.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DOINGWITH_SITE_URL": base, "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL,
        # A file, not a pipe nobody reads: a full pipe would stop the server mid-rebuild.
        stderr=(tmp_path / "serve.log").open("wb"),
        start_new_session=True,
        # Ctrl-C must reach it even when the tests themselves run in the background, where the
        # shell has them ignore SIGINT and the server would inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert wait_for(base + "stories/park-story/", "Residents and the council redesign"), "the server never served the story"
        yield root, base, server
    finally:
        # Stopped as Ctrl-C stops it, so it removes the site it served (SIGTERM would not).
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            raise
    assert not list(temporary.iterdir()), "mkdocs serve left its site behind"


def search_finds(page, base: str, word: str, slug: str) -> bool:
    """Whether the preview's search page lists the story ``slug`` for ``word``; the index
    is rebuilt after the pages, so a search is repeated until it catches up or time runs out."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page.goto(f"{base}search/?q={word}")
        page.wait_for_selector("[data-dw-search][data-ready=true]")
        page.wait_for_function("() => document.querySelector('[data-dw-status]').textContent.length > 0")
        if page.locator(f".dw-result__title a[href*='stories/{slug}/']").count():
            return True
    return False


@pytest.mark.browser
def test_edits_show_without_a_restart(served, page):
    root, base, server = served
    story = root / "stories" / "park-story.md"
    story.write_text(VALID_STORY.replace("Start with what people already do.", "Start with Quenderby."))
    assert wait_for(base + "stories/park-story/", "Quenderby"), "a body edit was not shown"
    assert "Residents and the council redesign a play park" in fetch(base + "data/stories.json")
    assert search_finds(page, base, "Quenderby", "park-story"), "search in the preview did not follow the edit"

    # A principle page's or a toolkit guide's text: the print packs drawn from them follow.
    principle = root / "docs" / "principles" / "people-as-assets.md"
    principle.write_text(principle.read_text(encoding="utf-8") + "\nA line about Brindlecombe.\n", encoding="utf-8")
    assert wait_for(base + "print/principles/people-as-assets/", "Brindlecombe"), "the print pack kept the old text"
    guide_text = root / "docs" / "toolkit" / "evaluating-co-production.md"
    guide_text.write_text(guide_text.read_text(encoding="utf-8") + "\nA line about Ottersley.\n", encoding="utf-8")
    assert wait_for(base + "print/toolkit/", "Ottersley"), "the toolkit print pack kept the old text"
    assert "Brindlecombe" in fetch(base + "print/principles/people-as-assets/")

    # A resource is not a story: an edit to one shows too, when no story changed.
    resource = sorted((root / "resources").glob("*.md"))[0]
    resource.write_text(resource.read_text(encoding="utf-8") + "\nA line about Wendlebury.\n", encoding="utf-8")
    assert wait_for(base + f"resources/{resource.stem}/", "Wendlebury"), "a resource edit was not shown"

    # So does a toolkit guide's new title, on the principle pages that list the guide.
    guide = root / "docs" / "toolkit" / "mapping-community-assets.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace('title: "Mapping community assets"', 'title: "Mapping Yarrowby assets"'))
    assert wait_for(base + "principles/people-as-assets/", "Mapping Yarrowby assets"), "a guide's new title was not listed"

    story.write_text(VALID_STORY.replace("redesign a play park", "rebuild a play park"))
    assert wait_for(base + "stories/park-story/", "Residents and the council rebuild a play park")
    # Pages that list the story were rebuilt too, print packs included.
    assert wait_for(base + "principles/people-as-assets/", "rebuild a play park")
    assert "rebuild a play park" in fetch(base + "print/principles/people-as-assets/")
    assert "rebuild a play park" in fetch(base + "stories/")
    assert "rebuild a play park" in fetch(base + "data/stories.json")  # the open data follows facts
    assert server.poll() is None
