"""Build the Pagefind search index for a built site.

Pagefind holds everything it indexes in memory (about 370 MB per 1,000 story pages
here). Up to ``SINGLE_INDEX_UP_TO`` stories there is one index, so a reader's first
search downloads the least; a larger library is indexed in parts of at most
``PART_SIZE`` stories, one after another, so indexing stays well under 2 GB, and the
search page merges the parts in the reader's browser (``pagefind/parts.json`` lists
them). Each extra part costs a reader about 75 KB more on a first search.

When ``mkdocs build`` renders stories with a helper process (from 200 stories, see
hooks/doingwith_hooks.py) and there are at most ``EARLY_INDEX_UP_TO``, it does not
wait for the finished site: ``EarlyIndex`` indexes each page's search document while
the theme is drawn.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path, PurePosixPath

# The only pages with a data-pagefind-body element: Pagefind reads just these, not the
# long generated lists (the index of every story alone is 0.5 MB at 1,000 stories).
SEARCHABLE_PAGES = ("stories/*/index.html", "principles/*/index.html", "toolkit/*/index.html", "resources/*/index.html")


def read_by_pagefind(path: str) -> bool:
    """Whether Pagefind reads the built page at ``path`` (relative to the site, / separated)."""
    parts = path.split("/")
    return any(
        len(parts) == len(pattern.split("/")) and PurePosixPath(path).match(pattern) for pattern in SEARCHABLE_PAGES
    )


SINGLE_INDEX_UP_TO = 5_000
PART_SIZE = 3_500
PARTS_FILE = "parts.json"
# Pagefind beside the build adds its memory to MkDocs' own (about 0.36 GB and 0.1 GB a
# thousand stories): up to one part's worth of stories, together they stay under 2 GB.
EARLY_INDEX_UP_TO = PART_SIZE
YIELD_TO_PAGEFIND = 10  # niceness added to the build's main thread once Pagefind runs beside it


class SearchIndexError(RuntimeError):
    pass


def pagefind_command(site: Path, output: Path) -> list[str]:
    from pagefind_bin import get_executable

    return [
        str(get_executable()), "--site", str(site), "--output-path", str(output),
        # One index for every language, so Welsh and Irish pages are found from the same box.
        "--force-language", "en",
        "--glob", "{" + ",".join(SEARCHABLE_PAGES) + "}",
        "--quiet",
    ]


def _run(site: Path, output: Path, background: bool = False) -> None:
    completed = subprocess.run(
        pagefind_command(site, output),
        capture_output=True,
        text=True,
        env=_pagefind_env(),
        # Under `mkdocs serve` the index is rebuilt behind the preview: let a rebuild
        # of the page being edited have the processor first.
        preexec_fn=(lambda: os.nice(15)) if background and hasattr(os, "nice") else None,
    )
    if completed.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index the site:\n{completed.stdout}\n{completed.stderr}")
    _fetch_no_words_for_browsing(output)


def _pagefind_env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1"}


# Pagefind 1.5.2 fetches every chunk of the word index for a search with filters and no
# words, as browsing by facets is: 9.9 MB at 5,000 stories, and 1.7 s before any result.
# Pagefind fixed it after 1.5.2 (pull request 1317, "Don't request index chunks for an
# empty search term"); until a release on PyPI has it, the browser code gets the same
# change, which leaves results and facet counts as they were (tests/test_browser.py).
_WORD_CHUNKS_REQUEST = "let index_resp=this.backend.request_indexes(ptr,term);"
_NO_WORD_CHUNKS_WHEN_BROWSING = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'


def _fetch_no_words_for_browsing(output: Path) -> None:
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = output / name
        try:
            code = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SearchIndexError(f"{path}: Pagefind's browser code could not be read: {error}") from error
        if code.count(_WORD_CHUNKS_REQUEST) != 1:
            raise SearchIndexError(
                f"{path}: Pagefind's browser code is not what doingwith/search_index.py expects; "
                "if this Pagefind release no longer fetches the whole index when browsing by "
                "facets, remove _fetch_no_words_for_browsing, otherwise update it"
            )
        # Replaced whole, never half-written: `mkdocs serve` may be serving it.
        fixed = path.with_name(path.name + ".new")
        fixed.write_text(code.replace(_WORD_CHUNKS_REQUEST, _NO_WORD_CHUNKS_WHEN_BROWSING), encoding="utf-8")
        os.replace(fixed, path)


def index_site(
    site_dir: Path, part_size: int = PART_SIZE, single_up_to: int = SINGLE_INDEX_UP_TO, background: bool = False
) -> list[str]:
    """Index ``site_dir``; returns the folders of the extra parts (empty for one index).
    ``background``: run Pagefind at low priority."""
    site_dir = Path(site_dir)
    stories = sorted(site_dir.glob("stories/*/index.html"))
    primary = site_dir / "pagefind"
    extra: list[str] = []
    if len(stories) <= single_up_to:
        _run(site_dir, primary, background)
    else:
        chunks = [stories[i : i + part_size] for i in range(0, len(stories), part_size)]
        in_parts = {path for chunk in chunks[1:] for path in chunk}
        # The first part is the whole site but the stories of the later parts; each later
        # part is a folder of hard links to its stories, at the same paths, so result
        # addresses are those of the real site.
        with tempfile.TemporaryDirectory(dir=site_dir.parent) as scratch:
            first = Path(scratch) / "part-1"
            for path in site_dir.rglob("*.html"):
                if path not in in_parts and "pagefind" not in path.parts:
                    _link(path, first / path.relative_to(site_dir))
            _run(first, primary, background)
            for number, chunk in enumerate(chunks[1:], start=2):
                folder = Path(scratch) / f"part-{number}"
                for path in chunk:
                    _link(path, folder / path.relative_to(site_dir))
                _run(folder, site_dir / f"pagefind-{number}", background)
                extra.append(f"pagefind-{number}/")
                shutil.rmtree(folder)
    _list_parts(primary, extra)
    return extra


def _list_parts(primary: Path, extra: list[str]) -> None:
    (primary / PARTS_FILE).write_text(json.dumps({"merge": extra}) + "\n", encoding="utf-8")


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system: copy instead
        shutil.copyfile(source, target)


def _yield_to_pagefind() -> None:
    """The build ends when Pagefind does, and Pagefind has more left to do than the
    build's main thread (drawing pages): let Pagefind have the processor first. The
    priority cannot be raised again, but the build is nearly done by then."""
    try:
        if sys.platform.startswith("linux"):
            # Linux keeps a niceness per thread, and this may run on another thread.
            thread = threading.main_thread().native_id
            os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + YIELD_TO_PAGEFIND)
        else:
            os.nice(YIELD_TO_PAGEFIND)
    except (AttributeError, OSError):
        pass  # only a matter of speed


class EarlyIndex:
    """Index a site's searchable pages while the site is still being built.

    Pagefind reads only the element marked ``data-pagefind-body`` of each page. So each
    searchable page's content is written, as soon as it is rendered, to a search document
    holding that element alone at the page's own path, and Pagefind indexes those
    documents beside the rest of the build instead of the finished site after it: the
    same index (tests/test_search_early.py compares the two), without the wait.

    Pagefind starts once every page has been read (``pages_read``) and every story body
    has been rendered (``bodies_rendered``), in either order; ``finish`` waits for it
    and puts the index in the site. ``yield_priority``: once Pagefind runs, lower the
    priority of this process's main thread (the build's), see _yield_to_pagefind.
    """

    def __init__(self, site_dir: Path, yield_priority: bool = False) -> None:
        site_dir = Path(site_dir).absolute()
        self._output = site_dir / "pagefind"
        # Beside the site, so on the same disk as it: a slow system temporary folder
        # would add its own writes' cost to the build.
        beside = site_dir.parent if site_dir.parent.is_dir() else None
        self.documents = Path(tempfile.mkdtemp(prefix=".doingwith-search-", dir=beside))
        self._waiting_for = {"pages read", "bodies rendered"}
        self._yield_priority = yield_priority
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._start_error: OSError | None = None
        self._abandoned = False
        self._log = self.documents.with_name(self.documents.name + ".log")
        # Whatever ends the build (an error, Ctrl-C), no documents or Pagefind outlive it.
        atexit.register(self.abandon)

    def write(self, page_path: str, searchable_html: str) -> None:
        """The search document of the page built at ``page_path`` (relative to the site);
        safe to call from any process, and again for the same page."""
        path = self.documents / page_path
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(f"<!doctype html><html><body>{searchable_html}</body></html>", encoding="utf-8")
        os.replace(partial, path)  # whole, never half-written, whichever process wrote it

    def pages_read(self) -> None:
        self._ready("pages read")

    def bodies_rendered(self) -> None:
        self._ready("bodies rendered")

    @property
    def started(self) -> bool:
        """Whether Pagefind was started (or tried to start: ``finish`` says why it failed)."""
        return self._process is not None or self._start_error is not None

    def _ready(self, what: str) -> None:
        with self._lock:
            self._waiting_for.discard(what)
            if self._waiting_for or self.started or self._abandoned:
                return
            try:
                with open(self._log, "wb") as log:
                    self._process = subprocess.Popen(
                        pagefind_command(self.documents, self._output),
                        stdout=log, stderr=subprocess.STDOUT, env=_pagefind_env(),
                    )
            except OSError as error:  # told by finish(), on the build's own thread
                self._start_error = error
                return
            if self._yield_priority:
                _yield_to_pagefind()

    def finish(self) -> None:
        """Wait for Pagefind and finish the index; raises SearchIndexError if it failed."""
        try:
            if self._start_error is not None:
                raise SearchIndexError(f"Pagefind could not start: {self._start_error}")
            if self._process is None:
                raise SearchIndexError("the search index was never started: " + ", ".join(sorted(self._waiting_for)))
            if self._process.wait() != 0:
                output = self._log.read_text(encoding="utf-8", errors="replace")
                raise SearchIndexError(f"Pagefind could not index the site:\n{output}")
            _fetch_no_words_for_browsing(self._output)
            _list_parts(self._output, [])
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Stop Pagefind if it runs, and remove the search documents; Pagefind never
        starts after this (a thread may still report the last bodies rendered)."""
        with self._lock:
            self._abandoned = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            shutil.rmtree(self.documents, ignore_errors=True)
            self._log.unlink(missing_ok=True)
        atexit.unregister(self.abandon)
