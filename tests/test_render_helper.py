"""Story bodies rendered with a second process come out exactly as rendered here."""

from __future__ import annotations

import filecmp
import multiprocessing
import os
import signal
import sys
import threading
import time

import pytest

from doingwith.render import BackgroundRenderer, ContentRenderer
from tests.helpers import VALID_STORY, build, make_project

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
    result = build(root, "-d", str(site), env={"DOINGWITH_RENDER_HELPER_FROM": str(helper_from)})
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


def _tagged(results: dict) -> dict:
    """An after_render that says which process ran it."""
    return {key: (f"{os.getpid()}:{html}", toc) for key, (html, toc) in results.items()}


def test_what_after_render_makes_is_handed_over_and_all_rendered_is_told_once():
    told = []
    helper = BackgroundRenderer(BODIES, "../media/", after_render=_tagged, all_rendered=lambda: told.append(1))
    try:
        # Claims are made in order: once the helper holds one, it renders that chunk.
        _wait_for_a_claim(helper)
        got = {key: helper.get(key) for key, _body in BODIES}
        helper.render_the_rest()  # nothing is left: renders nothing, tells nothing again
        time.sleep(0.2)
    finally:
        helper.close()
    assert told == [1]
    makers = {html.split(":", 1)[0] for html, _toc in got.values()}
    assert str(helper._helper.pid) in makers  # the helper ran after_render on what it rendered
    for key, (html, toc) in got.items():
        assert html.split(":", 1)[1] == expected(key)[0]
        assert toc == expected(key)[1]


def test_render_the_rest_leaves_no_body_unclaimed_and_serves_what_it_rendered():
    many = [(f"long-{n}", "Some words in a paragraph. " * 200 + f"\n\n## Heading {n}\n") for n in range(400)]
    told = threading.Event()
    helper = BackgroundRenderer(many, "", after_render=_tagged, all_rendered=told.set)
    try:
        helper._helper.kill()  # at most a few chunks were rendered there
        helper._helper.join()
        helper.render_the_rest()
        assert helper._next.value == helper._chunks  # every chunk claimed, by one or the other
        got = {}
        asking = threading.Thread(target=lambda: got.update((key, helper.get(key)) for key, _body in many), daemon=True)
        asking.start()
        asking.join(timeout=60)
        assert len(got) == len(many)
        assert told.is_set()
    finally:
        helper.close()
    here = sum(html.startswith(f"{os.getpid()}:") for html, _toc in got.values())
    assert here > len(many) // 2
    renderer = ContentRenderer()
    for key, body in many[::50]:
        assert got[key][0].split(":", 1)[1] == renderer.render(body, "")[0]


def test_all_rendered_is_told_when_the_helper_dies_and_pages_are_asked_for_one_by_one():
    told = threading.Event()
    helper = BackgroundRenderer(BODIES, "../media/", all_rendered=told.set)
    try:
        helper._helper.kill()
        helper._helper.join()
        assert_every_body_comes_back(helper, [key for key, _body in BODIES])
        assert told.wait(timeout=5)
    finally:
        helper.close()


def _wait_for_a_claim(helper: BackgroundRenderer) -> None:
    deadline = time.monotonic() + 10
    while helper._next.value == 0 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert helper._next.value > 0, "the helper never claimed a chunk"


def test_a_helper_stuck_on_a_chunk_it_claimed_is_stopped_and_the_rest_rendered_here():
    here = os.getpid()

    def never_send_from_the_helper(results: dict) -> dict:
        if os.getpid() != here:
            time.sleep(3600)  # claimed, and never sent: stuck, as in a lock it will not get
        return results

    helper = BackgroundRenderer(BODIES, "../media/", after_render=never_send_from_the_helper)
    helper.STUCK_AFTER = 1.0
    try:
        _wait_for_a_claim(helper)
        assert_every_body_comes_back(helper, [key for key, _body in BODIES])
        assert not helper._helper.is_alive()
    finally:
        helper.close()


def test_closing_stops_a_helper_deaf_to_sigterm(tmp_path):
    here = os.getpid()
    deaf = tmp_path / "deaf"

    def ignore_sigterm_and_hang(results: dict) -> dict:
        if os.getpid() != here:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            deaf.touch()
            time.sleep(3600)
        return results

    helper = BackgroundRenderer(BODIES, "../media/", after_render=ignore_sigterm_and_hang)
    deadline = time.monotonic() + 10
    while not deaf.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert deaf.exists(), "the helper never reached its first chunk"
    closing = threading.Thread(target=helper.close, daemon=True)
    closing.start()
    closing.join(timeout=30)
    stuck = closing.is_alive()
    if helper._helper.is_alive():
        os.kill(helper._helper.pid, signal.SIGKILL)  # or this test process would wait for it at exit
    assert not stuck, "close() waited for a helper that ignores SIGTERM"


# Slow bodies (a chunk takes a tenth of a second or more), so a helper stopped just after
# it claims a chunk is surely still rendering it.
SLOW = "Some *words* in a [paragraph](https://example.org/). " * 150
MANY_SLOW = [(f"long-{n}", f"{SLOW}\n\n## Heading {n}\n") for n in range(100)]


def _stop_helper_mid_chunk(helper: BackgroundRenderer) -> int:
    """Stop the helper while it renders a chunk it claimed, and not while it holds the
    claim lock; returns how many chunks it had claimed."""
    for _attempt in range(20):
        deadline = time.monotonic() + 10
        while helper._next.value == 0 and time.monotonic() < deadline:
            time.sleep(0.001)
        os.kill(helper._helper.pid, signal.SIGSTOP)
        lock = helper._next.get_lock()
        if lock.acquire(timeout=0.05):
            lock.release()
            return helper._next.value
        os.kill(helper._helper.pid, signal.SIGCONT)
    raise AssertionError("the helper held the claim lock every time it was stopped")


def test_while_the_helper_renders_the_chunk_asked_for_this_process_renders_others_rather_than_wait():
    helper = BackgroundRenderer(MANY_SLOW, "", after_render=_tagged)
    try:
        claimed = _stop_helper_mid_chunk(helper)
        wanted = MANY_SLOW[(claimed - 1) * helper.CHUNK][0]  # in the chunk the helper is on
        got = {}
        asking = threading.Thread(target=lambda: got.update({wanted: helper.get(wanted)}), daemon=True)
        asking.start()
        deadline = time.monotonic() + 30
        while helper._next.value < helper._chunks and time.monotonic() < deadline:
            time.sleep(0.01)
        assert helper._next.value == helper._chunks  # every other chunk claimed here meanwhile
        assert asking.is_alive()  # still waiting for the helper's chunk
        os.kill(helper._helper.pid, signal.SIGCONT)
        asking.join(timeout=30)
        assert not asking.is_alive()
        got.update((key, helper.get(key)) for key, _body in MANY_SLOW if key != wanted)
    finally:
        os.kill(helper._helper.pid, signal.SIGCONT)
        helper.close()
    here = f"{os.getpid()}:"
    rendered_here = sum(html.startswith(here) for html, _toc in got.values())
    assert rendered_here >= len(MANY_SLOW) - claimed * helper.CHUNK
    assert not got[wanted][0].startswith(here)


def test_a_failure_in_a_chunk_rendered_ahead_is_raised_for_its_own_page():
    bad = MANY_SLOW[-1][0]  # in the last chunk, which this process renders ahead

    def fail_on_bad(results: dict) -> dict:
        if bad in results:
            raise ValueError(f"cannot draw {bad}")
        return results

    helper = BackgroundRenderer(MANY_SLOW, "", after_render=fail_on_bad)
    try:
        claimed = _stop_helper_mid_chunk(helper)  # and kept stopped: it is not gone
        helper.render_the_rest()  # renders every other chunk here; the failure is kept, not raised
        outcomes = {}

        def ask_for_pages_rendered_here() -> None:
            for key, _body in MANY_SLOW[claimed * helper.CHUNK :]:
                try:
                    helper.get(key)
                    outcomes[key] = "its body"
                except ValueError as error:
                    outcomes[key] = str(error)

        asking = threading.Thread(target=ask_for_pages_rendered_here, daemon=True)
        asking.start()
        asking.join(timeout=60)
        assert not asking.is_alive(), f"stuck after {len(outcomes)} pages"
        assert outcomes.pop(bad) == f"cannot draw {bad}"
        assert set(outcomes.values()) == {"its body"}  # its chunk's other pages included
    finally:
        os.kill(helper._helper.pid, signal.SIGCONT)
        helper.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are set on Linux only")
def test_the_helper_can_send_several_chunks_before_this_process_takes_them():
    import fcntl

    from doingwith.render import PIPE_BYTES, pipe_bytes_allowed

    helper = BackgroundRenderer(BODIES, "../media/")
    try:
        # Each chunk of drawn pages is 100 to 200 KiB: at the usual 64 KiB, the helper
        # would wait for this process between every chunk and the next.
        assert pipe_bytes_allowed() > 64 * 1024
        assert fcntl.fcntl(helper._receiver_end.fileno(), fcntl.F_GETPIPE_SZ) >= pipe_bytes_allowed()
        assert pipe_bytes_allowed() <= PIPE_BYTES
        assert_every_body_comes_back(helper, [key for key, _body in BODIES])
    finally:
        helper.close()
