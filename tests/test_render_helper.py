"""Story bodies rendered with a second process come out exactly as rendered here."""

from __future__ import annotations

import filecmp
import multiprocessing
import os
import subprocess
import sys
import threading
import time

import pytest

from doingwith.render import BackgroundRenderer, ContentRenderer
from tests.helpers import VALID_STORY, make_project

BODIES = [
    (f"story-{n}", f"## Part {n}\n\nParagraph {n} with a [link](https://example.org/{n}) and ![a picture](media/p{n}.png).\n")
    for n in range(37)  # not a multiple of the chunk size: the last chunk is short
]


def expected(key: str) -> tuple[str, list[dict]]:
    body = dict(BODIES)[key]
    return ContentRenderer().render(body, "../media/")


def assert_every_body_comes_back(helper: BackgroundRenderer, keys: list[str]) -> None:
    """Ask for each key in turn; a helper that hangs fails the test in seconds, not never."""
    got: dict[str, tuple] = {}
    asking = threading.Thread(target=lambda: got.update((key, helper.get(key)) for key in keys), daemon=True)
    asking.start()
    asking.join(timeout=30)
    assert not asking.is_alive(), f"stuck after {len(got)} of {len(keys)} bodies"
    for key in keys:
        assert got[key] == expected(key), key


@pytest.mark.parametrize("order", ["in order", "reversed", "every third"])
def test_every_body_comes_back_as_rendered_here_in_any_order(order):
    keys = [key for key, _body in BODIES]
    if order == "reversed":
        keys.reverse()
    elif order == "every third":
        keys = keys[::3] + [k for i, k in enumerate(keys) if i % 3]
    helper = BackgroundRenderer(BODIES, "../media/")
    try:
        assert_every_body_comes_back(helper, keys)
    finally:
        helper.close()


def test_bodies_still_come_back_if_the_helper_process_dies():
    helper = BackgroundRenderer(BODIES, "../media/")
    try:
        helper._helper.kill()
        helper._helper.join()
        assert_every_body_comes_back(helper, [key for key, _body in BODIES])
    finally:
        helper.close()


def test_bodies_still_come_back_if_a_dead_process_left_the_work_counter_locked():
    helper = BackgroundRenderer(BODIES, "../media/")
    try:
        helper._helper.kill()
        helper._helper.join()
        lock = helper._next.get_lock()
        holder = multiprocessing.get_context("fork").Process(target=lambda: (lock.acquire(), time.sleep(60)))
        holder.start()
        time.sleep(0.3)
        holder.kill()  # dies holding the lock, as a helper killed while claiming work would
        holder.join()
        assert_every_body_comes_back(helper, [key for key, _body in BODIES])
    finally:
        helper.close()


def _build(root, site, helper_from: int) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DOINGWITH_RENDER_HELPER_FROM": str(helper_from)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, cwd=root, env=env,
    )
    assert result.returncode == 0, result.stderr


def test_a_site_built_with_the_helper_is_the_same_as_one_built_without(tmp_path):
    stories = {
        f"story-{n}.md": VALID_STORY.replace(
            'title: "Residents and the council redesign a play park"', f'title: "Play park story number {n}"'
        ).replace("## What happened\n", f"## What happened\n\n### Step {n}\n\nStory {n} begins here.\n")
        for n in range(12)
    }
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", stories)
    _build(root, tmp_path / "with-helper", helper_from=1)
    _build(root, tmp_path / "without", helper_from=10**9)
    for n in range(12):
        page = f"stories/story-{n}/index.html"
        with_helper = (tmp_path / "with-helper" / page).read_text(encoding="utf-8")
        assert f"Story {n} begins here." in with_helper
        assert f'href="#step-{n}"' in with_helper  # the body's headings reach the page's contents list
    comparison = filecmp.dircmp(tmp_path / "with-helper", tmp_path / "without", ignore=["pagefind", "sitemap.xml.gz"])
    differing = []

    def walk(c, prefix=""):
        differing.extend(prefix + name for name in c.diff_files + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    assert differing == []
