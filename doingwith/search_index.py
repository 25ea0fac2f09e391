"""Build the Pagefind search index of a finished site.

The last step of every build: Pagefind reads the built pages and writes ``pagefind/``
beside them. Only the pages in ``SEARCHABLE_PAGES`` have a ``data-pagefind-body``
element; Pagefind is told to read just those, not the long generated lists.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

SEARCHABLE_PAGES = (
    "stories/*/index.html",
    "learning/*/index.html",
    "principles/*/index.html",
    "toolkit/*/index.html",
    "resources/*/index.html",
    "places/*/index.html",  # partnerships and council areas, by name and main towns
)


class SearchIndexError(RuntimeError):
    pass


def read_by_pagefind(path: str) -> bool:
    """Whether Pagefind reads the built page at ``path`` (relative to the site, / separated)."""
    depth = len(path.split("/"))
    return any(depth == len(pattern.split("/")) and PurePosixPath(path).match(pattern) for pattern in SEARCHABLE_PAGES)


def pagefind_command(site_dir: Path) -> list[str]:
    from pagefind_bin import get_executable

    return [
        str(get_executable()),
        "--site", str(site_dir),
        # One index for every language, so Welsh and Irish pages are found from the same box.
        "--force-language", "en",
        "--glob", "{" + ",".join(SEARCHABLE_PAGES) + "}",
        "--quiet",
    ]  # fmt: skip


def index_site(site_dir: Path) -> None:
    """Index the built site in ``site_dir``; raises SearchIndexError if Pagefind fails."""
    try:
        completed = subprocess.run(
            pagefind_command(Path(site_dir)),
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except OSError as error:
        raise SearchIndexError(f"Pagefind could not start: {error}") from error
    if completed.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index the site:\n{completed.stdout}\n{completed.stderr}")
