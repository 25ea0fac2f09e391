"""Render contributors' Markdown to HTML that is safe to publish.

Stories and resources are rendered here, not by MkDocs, with a small fixed set
of Markdown extensions (no attr_list, no md_in_html, no macros) and the result
is sanitised against an allow-list: the second wall behind the checker, which
already refuses raw HTML.
"""

from __future__ import annotations

import functools
import re
import time
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "hr", "br", "del", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "loading"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"align"}, "td": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# An image address with a scheme, or starting with a slash or backslash (after the blanks
# a browser ignores), is dropped: images come only from the site's own media folders, so
# readers' browsers never fetch from another host, whatever route the address came by.
_FOREIGN_IMAGE = re.compile(r"^[\x00-\x20]*(?:[A-Za-z][A-Za-z0-9+.-]*:|[/\\])")


class _MediaLinks(Treeprocessor):
    """Point ``media/...`` images at the published media folder and load them lazily."""

    def __init__(self, md, prefix: str) -> None:
        super().__init__(md)
        self.prefix = prefix

    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            src = image.get("src", "")
            if src.startswith("media/"):
                image.set("src", self.prefix + src[len("media/") :])
            image.set("loading", "lazy")


class _MediaExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.processor: _MediaLinks | None = None

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Markdown's API
        self.processor = _MediaLinks(md, "")
        md.treeprocessors.register(self.processor, "doingwith-media", 5)


# Python-Markdown's inline pass tries each of its patterns in turn on every piece of
# text, and most text matches none: plain sentences. Each pattern below needs one of
# these characters (or a line break's two spaces) to match, so text without them is
# marked final (AtomicString) beforehand and skipped, with the same HTML as a result
# (tests/test_render.py renders every story both ways). Another Markdown release, or
# another set of patterns, turns the shortcut off until this is checked against it.
_CHECKED_WITH_MARKDOWN = (3, 11)
_INLINE_PATTERNS = {
    "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong",
}
_EMPHASIS_DELIMITERS = {"*", "_"}
_MAY_BE_MARKUP = re.compile(r"[`\\\[<&*_]|  \n")


class _PlainTextShortcut(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and not isinstance(text, AtomicString) and not _MAY_BE_MARKUP.search(text):
                element.text = AtomicString(text)
            if tail and not isinstance(tail, AtomicString) and not _MAY_BE_MARKUP.search(tail):
                element.tail = AtomicString(tail)


# Python-Markdown asks each block processor in turn whether a block is its kind, and these
# three search the whole block to answer; each kind needs a character that most prose
# lacks, so a block without it is not searched (the same release check as above).
_BLOCKS_NEED = {
    "hashheader": ("HashHeaderProcessor", "#"),
    "quote": ("BlockQuoteProcessor", ">"),
    "table": ("TableProcessor", "|"),
}


def _quicker_block_tests(md: markdown.Markdown) -> bool:
    """Skip the searches of _BLOCKS_NEED where they cannot match; False if this is not the
    release or the set of processors that was checked, and nothing was changed."""
    processors = md.parser.blockprocessors
    if tuple(markdown.__version_info__[:2]) != _CHECKED_WITH_MARKDOWN or any(
        name not in processors or type(processors[name]).__name__ != kind for name, (kind, _) in _BLOCKS_NEED.items()
    ):
        return False
    for name, (_kind, needed) in _BLOCKS_NEED.items():
        processor = processors[name]
        processor.test = functools.partial(_test_if_present, needed, processor.test)
    return True


def _test_if_present(needed: str, test: Callable, parent: etree.Element, block: str) -> bool:
    return needed in block and test(parent, block)


def plain_text_shortcut_applies(md: markdown.Markdown) -> bool:
    """Whether the inline patterns are the ones _MAY_BE_MARKUP was written for."""
    if tuple(markdown.__version_info__[:2]) != _CHECKED_WITH_MARKDOWN:
        return False
    patterns = md.inlinePatterns
    same_patterns = len(patterns) == len(_INLINE_PATTERNS) and all(name in patterns for name in _INLINE_PATTERNS)
    delimiters = getattr(getattr(md, "delimiters", None), "tokens", None)
    return same_patterns and set(delimiters or ()) == _EMPHASIS_DELIMITERS


class _HeadingsOnlyToc(TocTreeprocessor):
    """Python-Markdown's table of contents, less the part never used here: its HTML
    (``md.toc``; pages take ``md.toc_tokens``), drawn only when the text holds the marker
    that places it in the page. That HTML was a tenth of the rendering time. The
    headings' ids and ``toc_tokens`` are made exactly as before (tests/test_render.py)."""

    drawn = True  # set for each text by ContentRenderer.render

    def build_toc_div(self, toc_list: list) -> etree.Element:
        return super().build_toc_div(toc_list) if self.drawn else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self.drawn:
            super().replace_marker(root, elem)


class _TocExtension(TocExtension):
    TreeProcessorClass = _HeadingsOnlyToc


class ContentRenderer:
    """One reusable Markdown converter (building one per page is slow)."""

    def __init__(self) -> None:
        self._media = _MediaExtension()
        self._md = markdown.Markdown(
            extensions=[
                _TocExtension(toc_depth="2-3"),
                "tables",
                "fenced_code",  # the checker treats fenced blocks as code, so must the renderer
                "sane_lists",
                self._media,
            ],
            output_format="html",
        )
        if plain_text_shortcut_applies(self._md):
            self._md.treeprocessors.register(_PlainTextShortcut(self._md), "doingwith-plain-text", 25)
        _quicker_block_tests(self._md)
        self._toc = self._md.treeprocessors["toc"]

    def render(self, text: str, media_prefix: str = "") -> tuple[str, list[dict]]:
        """HTML for ``text`` and its table of contents (level-2 and -3 headings)."""
        self._md.reset()
        self._media.processor.prefix = media_prefix
        # The marker is replaced only where a paragraph's text is the marker alone, and
        # escapes and entities stay hidden until after the table of contents is made.
        self._toc.drawn = bool(self._toc.marker) and self._toc.marker in text
        html = self._md.convert(text)
        toc_tokens = getattr(self._md, "toc_tokens", [])
        return printable_checkboxes(sanitise(html)), toc_tokens


_TASK_BOX = re.compile(r'<input[^>]*type="checkbox"[^>]*>|(?<=<li>)\[ \] ')


def printable_checkboxes(html: str) -> str:
    """Checklist items as a printed box: "- [ ] item" is for ticking on paper, and a
    disabled form control with no label would only confuse screen readers."""
    if "[ ] " not in html and 'type="checkbox"' not in html:
        return html  # nothing to match, and far quicker to tell than the pattern's scan
    return _TASK_BOX.sub('<span class="dw-checkbox" aria-hidden="true">☐</span> ', html)


def sanitise(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_drop_foreign_images,
    )


def _drop_foreign_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and _FOREIGN_IMAGE.match(re.sub(r"[\t\n\r]", "", value)):
        return None
    return value


# Room in the pipe for several chunks of drawn pages. At the usual 64 KiB, the helper
# waited for this process's receiving thread (which needs the interpreter lock, busy with
# the build) for up to a seventh of its time, between one chunk and the next.
PIPE_BYTES = 1 << 20


def pipe_bytes_allowed() -> int:
    """PIPE_BYTES, or the system's limit if lower (0 where pipes cannot be resized)."""
    try:
        with open("/proc/sys/fs/pipe-max-size") as limit:
            return min(PIPE_BYTES, int(limit.read()))
    except (OSError, ValueError):
        return 0


def _widen(connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, pipe_bytes_allowed())
    except (ImportError, AttributeError, OSError):
        pass  # not Linux: only a matter of speed


class BackgroundRenderer:
    """Render many bodies with the help of a second process, sharing the work.

    A site build spends about a third of its time turning stories into HTML; with two
    cores, a forked process renders bodies while this one draws the theme. Work is
    handed out in small chunks, in the order given: the helper claims the next chunk
    whenever it is free, and ``get`` renders a chunk here itself when the helper has not
    reached it yet, so neither process waits for the other.
    """

    CHUNK = 8
    # A chunk takes the helper milliseconds. One that has sent nothing for this long
    # while a chunk it claimed is waited for is taken to be stuck, and is stopped: the
    # rest is rendered here. A build may be slow, but it never waits forever.
    STUCK_AFTER = 30.0

    def __init__(
        self,
        bodies: list[tuple[str, str]],
        media_prefix: str,
        after_render: Callable[[dict[str, tuple[str, list[dict]]]], dict] | None = None,
        all_rendered: Callable[[], None] | None = None,
    ) -> None:
        """``after_render``, if given, is called with each batch of rendered bodies (key:
        (HTML, contents)) in the process that rendered them, and what it returns is
        handed over instead; ``all_rendered`` is called once, in this process, when
        every body has been rendered and handed over (or is ready to be)."""
        import multiprocessing
        import threading

        context = multiprocessing.get_context("fork")
        self._bodies = bodies
        self._media_prefix = media_prefix
        self._after_render = after_render
        self._all_rendered = all_rendered
        self._rendered: set[str] = set()
        self._index = {key: index for index, (key, _body) in enumerate(bodies)}
        self._chunks = -(-len(bodies) // self.CHUNK)
        self._next = context.Value("i", 0)  # the next chunk nobody has claimed
        self._ready: dict[str, tuple[str, list[dict]]] = {}
        self._failed: set[int] = set()  # chunks that failed when rendered whole here
        self._served: set[str] = set()
        self._arrived = threading.Condition()
        self._last_heard = time.monotonic()  # when the helper last sent a chunk
        receiver, sender = context.Pipe(duplex=False)
        _widen(sender)
        # Forked: the helper starts with the bodies already in its memory.
        self._helper = context.Process(target=self._help, args=(sender,), daemon=True)
        self._helper.start()
        sender.close()
        # Results are taken off the pipe as they come, so the helper seldom waits for us.
        self._receiver_end = receiver
        self._receiver = threading.Thread(target=self._receive, args=(receiver,), daemon=True)
        self._receiver.start()
        self._renderer: ContentRenderer | None = None

    def _claim(self, chunk: int | None = None) -> tuple[str, int]:
        """Try to claim ``chunk`` (default: the next one). Returns (status, chunk), status
        being "mine", "taken" (already claimed), "ahead" (asked out of order, or past the
        end) or "busy" (the lock was not free in time: the helper may have died holding it)."""
        lock = self._next.get_lock()
        if not lock.acquire(timeout=0.2):
            return "busy", -1
        try:
            following = self._next.get_obj().value
            wanted = following if chunk is None else chunk
            if wanted < following:
                return "taken", wanted
            if wanted > following or wanted >= self._chunks:
                return "ahead", wanted
            self._next.get_obj().value = wanted + 1
            return "mine", wanted
        finally:
            lock.release()

    def _render(self, chunk: int, renderer: ContentRenderer) -> dict[str, tuple[str, list[dict]]]:
        start = chunk * self.CHUNK
        return self._render_bodies(self._bodies[start : start + self.CHUNK], renderer)

    def _render_bodies(self, bodies: list[tuple[str, str]], renderer: ContentRenderer) -> dict:
        results = {key: renderer.render(body, self._media_prefix) for key, body in bodies}
        return results if self._after_render is None else self._after_render(results)

    def _help(self, sender) -> None:
        renderer = ContentRenderer()
        while True:
            claim, chunk = self._claim()
            if claim == "mine":
                sender.send(self._render(chunk, renderer))
            elif claim != "busy":
                break
        sender.close()

    def _receive(self, receiver) -> None:
        try:
            while True:
                try:
                    results = receiver.recv()
                except (EOFError, OSError):
                    break
                with self._arrived:
                    self._keep(results)
                    self._arrived.notify_all()
        finally:
            # However the helper ended, nothing more will come: `get` renders the rest.
            with self._arrived:
                self._helper_gone = True
                self._arrived.notify_all()

    def _keep(self, results: dict) -> None:
        self._last_heard = time.monotonic()
        self._ready.update((key, value) for key, value in results.items() if key not in self._served)
        self._note_rendered(results)

    def _note_rendered(self, results: dict) -> None:
        complete = len(self._rendered) == len(self._index)
        self._rendered.update(results)
        if not complete and len(self._rendered) == len(self._index) and self._all_rendered is not None:
            self._all_rendered()

    _helper_gone = False

    def get(self, key: str):
        """``key``'s rendered body (or what ``after_render`` made of it); asked for in
        the order given, each key once."""
        chunk = self._index[key] // self.CHUNK
        with self._arrived:
            waiting_since = time.monotonic()
            while key not in self._ready and not self._helper_gone:
                if chunk in self._failed:  # failed when rendered whole: render just this one, below
                    break
                claim, _chunk = self._claim(chunk)
                if claim == "mine":  # the helper has not reached it: render it here
                    self._render_here(chunk)
                elif claim == "taken":  # the helper has it, or had it
                    # Rather than wait for it, render a chunk nobody has claimed yet, that
                    # this process will want later; wait only when none is left.
                    if not self._render_next_unclaimed():
                        self._arrived.wait(timeout=1.0)
                elif claim == "ahead":  # asked out of order: render just this one, below
                    break
                # "busy" (the work counter's lock was not free in time) asks again.
                if time.monotonic() - max(waiting_since, self._last_heard) > self.STUCK_AFTER:
                    self._stop_helper()
            self._served.add(key)
            if key in self._ready:
                return self._ready.pop(key)
        self._renderer = self._renderer or ContentRenderer()
        results = self._render_bodies([self._bodies[self._index[key]]], self._renderer)
        with self._arrived:
            self._note_rendered(results)
        return results[key]

    def _render_next_unclaimed(self) -> bool:
        """Claim the next chunk nobody has claimed and render it here; False if there was
        none to claim."""
        claim, chunk = self._claim()
        if claim != "mine":
            return False
        self._render_here(chunk)
        return True

    def _render_here(self, chunk: int) -> None:
        """Render a chunk this process has claimed; called holding ``_arrived``, which is
        released while rendering."""
        self._arrived.release()
        try:
            self._renderer = self._renderer or ContentRenderer()
            results = self._render(chunk, self._renderer)
        except Exception:  # noqa: BLE001 - each of its bodies is rendered alone when asked
            self._failed.add(chunk)  # for, so an error is raised for its own page only
            return
        finally:
            self._arrived.acquire()
        self._keep(results)

    def render_the_rest(self) -> None:
        """Render here every chunk the helper has not claimed yet, rather than as each is
        asked for: for when all bodies are wanted as soon as possible."""
        with self._arrived:
            while self._render_next_unclaimed():
                pass

    def _stop_helper(self) -> None:
        """Stop a helper that is stuck; called holding ``_arrived``. What it sent is
        kept; every body not yet here is rendered here."""
        self._helper.kill()
        self._helper.join(timeout=5)
        self._helper_gone = True

    def close(self) -> None:
        if self._helper.is_alive():
            self._helper.terminate()
            self._helper.join(timeout=5)
        if self._helper.is_alive():  # deaf to SIGTERM, perhaps stuck in a lock
            self._helper.kill()
        self._helper.join()
        self._receiver.join(timeout=5)  # it ends once the helper's end of the pipe is closed
        if not self._receiver.is_alive():
            # Never closed under a thread still reading it: the number could be reused
            # for another pipe, which that thread would then read from.
            self._receiver_end.close()
