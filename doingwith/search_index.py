"""Build the Pagefind search index for a built site.

Pagefind holds everything it indexes in memory (about 370 MB per 1,000 story pages
here). Up to ``SINGLE_INDEX_UP_TO`` stories there is one index, so a reader's first
search downloads the least; a larger library is indexed in parts of at most
``PART_SIZE`` stories, one after another, so indexing stays well under 2 GB, and the
search page merges the parts in the reader's browser (``pagefind/parts.json`` lists
them). Each extra part costs a reader about 75 KB more on a first search.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
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
        env={**os.environ, "NO_COLOR": "1"},
        # Under `mkdocs serve` the index is rebuilt behind the preview: let a rebuild
        # of the page being edited have the processor first.
        preexec_fn=(lambda: os.nice(15)) if background and hasattr(os, "nice") else None,
    )
    if completed.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index the site:\n{completed.stdout}\n{completed.stderr}")
    _fetch_no_words_for_browsing(output)


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
    (primary / PARTS_FILE).write_text(json.dumps({"merge": extra}) + "\n", encoding="utf-8")
    return extra


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system: copy instead
        shutil.copyfile(source, target)
