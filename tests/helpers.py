"""Shared test helpers: a valid story to vary, and tiny real projects to build."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)

VALID_STORY = """\
---
title: "Residents and the council redesign a play park"
summary: >-
  Parents, children and council officers planned a new play park together, and the
  residents' group now helps to look after it.
nation: northern-ireland
places: [belfast]
organisations:
  - "Belfast City Council"
  - "Greenfield Residents Group"
principles:
  - id: people-as-assets
    evidence: "Residents surveyed their own street and led the design workshops."
  - id: mutual-benefit
    evidence: "The council got a park people use; residents got the park they asked for."
stages: [co-design, co-delivery]
themes: [children-and-young-people, environment-and-place]
period:
  start: "2021"
  end: ongoing
published: 2026-01-15
last_reviewed: 2026-06-01
authors:
  - name: "Test Author"
    role: practitioner
co_authors:
  - name: "Greenfield Residents Group"
    role: community-member
consent:
  to_publish: true
  anonymised: false
  basis: written-consent
sources:
  - title: "Park plan consultation"
    url: "https://example.org/park-plan"
    publisher: "Example Council"
language: en
---

## What happened

Residents asked for a better park. Glimmerwick zebra-crossing workshops followed.

## Who was involved and how

Parents, children and officers met every month.

## What changed

The park opened in 2023.

## What we learned

Start with what people already do.

## Find out more

- [The park plan consultation](https://example.org/park-plan)
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def make_project(root: Path, stories: dict[str, str | bytes] | None = None, copy_resources: bool = True) -> Path:
    """A real project in ``root``: the repository's config, hooks, theme and pages,
    with the given stories in place of the real ones."""
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    for folder in ("hooks", "overrides", "docs"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "stories" / "media").mkdir(parents=True)
    (root / "learning").mkdir()
    if copy_resources:
        shutil.copytree(REPO / "resources", root / "resources")
    else:
        (root / "resources").mkdir()
    for name, text in (stories or {}).items():
        write(root / "stories" / name, text)
    return root


def build(
    root: Path, *extra: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` on a project (``env``: more environment
    variables); a build that hangs fails the test after ``timeout`` seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), *extra],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=timeout,
    )


def run_cli(
    *args: str, cwd: Path | None = None, input_text: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """``python -m doingwith`` with ``args``; a run that hangs fails the test after ``timeout`` seconds."""
    return subprocess.run(
        [sys.executable, "-m", "doingwith", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        input=input_text,
        timeout=timeout,
    )
