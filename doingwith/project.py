"""The project on disk: where content lives, and checking all of it at once."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from doingwith.content import (
    LearningNote,
    Resource,
    Story,
    load_learning_note,
    load_resource,
    load_story,
    read_title_and_line,
)
from doingwith.problems import Problem
from doingwith.vocabularies import Vocabularies, load_vocabularies


@dataclass
class Project:
    root: Path

    @property
    def stories_dir(self) -> Path:
        return self.root / "stories"

    @property
    def resources_dir(self) -> Path:
        return self.root / "resources"

    @property
    def learning_dir(self) -> Path:
        return self.root / "learning"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def display(self, path: Path) -> str:
        """A path as contributors see it: relative to the project."""
        text, root = str(path), str(self.root)
        if text.startswith(root + os.sep) and ".." not in text:  # the usual case, without relpath's cost
            return text[len(root) + 1 :]
        try:
            return os.path.relpath(path, self.root)
        except ValueError:  # pragma: no cover - other drive on Windows
            return str(path)

    def story_files(self) -> list[Path]:
        return _markdown_files(self.stories_dir)

    def resource_files(self) -> list[Path]:
        return _markdown_files(self.resources_dir)

    def learning_files(self) -> list[Path]:
        return _markdown_files(self.learning_dir)


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder above ``start`` with a mkdocs.yml and stories/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "stories").is_dir():
            return folder
    return here


def _markdown_files(folder: Path) -> list[Path]:
    """The .md files in ``folder``, in name order, without a stat call apiece.

    Links are listed, for the loader to refuse with its own message; a folder or a pipe
    named like a story is not, since reading it would fail or wait for ever
    (stray_files reports it).
    """
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if e.name.endswith(".md") and (e.is_symlink() or e.is_file())]
    return [folder / name for name in sorted(names)]


@dataclass
class CheckResult:
    stories: list[Story] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    learning: list[LearningNote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors


def stray_files(folder: Path, allowed_dirs: tuple[str, ...], display) -> list[Problem]:
    """Anything in a content folder that is neither a content file nor a media folder."""
    problems = []
    if not folder.is_dir():
        return problems
    # os.scandir knows each entry's type without a stat call apiece (10,000 stories).
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            link = entry.is_symlink()
            if not link and entry.is_dir() and name in allowed_dirs:
                continue
            # A link named like a story is the loader's to refuse (following a link that
            # points at itself would raise here).
            if name.endswith(".md") and (link or entry.is_file()):
                continue
            what = "link" if link else "folder" if entry.is_dir() else "file"
            problems.append(
                Problem(
                    display(Path(entry.path)),
                    1,
                    1,
                    f"this {what} does not belong in {folder.name}/: only .md files"
                    + (
                        f" and the {' and '.join(d + '/' for d in allowed_dirs)} folder{'s' if len(allowed_dirs) > 1 else ''}"
                        if allowed_dirs
                        else ""
                    )
                    + " do; move or delete it",
                )
            )
    return sorted(problems, key=lambda p: p.path)


# Each kind of content: its folder, the folders allowed inside it, its loader, and where
# the checked files go in CheckResult.
KINDS = (
    ("stories", "stories_dir", "story_files", ("media",), load_story),
    ("learning", "learning_dir", "learning_files", (), load_learning_note),
    ("resources", "resources_dir", "resource_files", ("files", "media"), load_resource),
)


def check_project(
    project: Project,
    paths: list[Path] | None = None,
    today: dt.date | None = None,
    vocabularies: Vocabularies | None = None,
) -> CheckResult:
    """Check every story, learning note and resource (or just ``paths``), reporting every problem."""
    today = today or dt.date.today()
    vocabularies = vocabularies or load_vocabularies()
    result = CheckResult()
    chosen: dict[str, list[Path]] = {kind: [] for kind, *_ in KINDS}
    if paths is None:
        for kind, folder, files, allowed, _load in KINDS:
            chosen[kind] = getattr(project, files)()
            result.problems += stray_files(getattr(project, folder), allowed, project.display)
    else:
        folders = {getattr(project, folder).resolve(): kind for kind, folder, *_ in KINDS}
        for path in paths:
            kind = folders.get(path.resolve().parent)
            if kind:
                chosen[kind].append(path)
            else:
                result.problems.append(
                    Problem(
                        project.display(path), 1, 1,
                        "not a story, learning note or resource: stories go in stories/, learning "
                        "notes in learning/, resources in resources/",
                    )
                )
    for kind, _folder, files, _allowed, load in KINDS:
        checked, unfinished = getattr(result, kind), []  # unfinished: files with other problems
        for path in chosen[kind]:
            item, problems = load(path, vocabularies, today, project.display(path))
            result.problems += problems
            if item:
                checked.append(item)
            else:
                unfinished.append(path)
        result.files_checked += len(chosen[kind])
        # A file with other problems may also reuse a title: said now, with the rest.
        titled = [*checked, *_titles_of(unfinished, project)]
        # When only some files are checked, the others still hold titles they must not reuse.
        elsewhere = _titles_elsewhere(getattr(project, files)(), chosen[kind], project) if paths is not None else []
        result.problems += _unique_titles(titled, elsewhere)
    result.problems.sort(key=lambda p: (p.path, p.line, p.col))
    return result


@dataclass
class StoryTitle:
    """What the check across files needs of a story or resource: see ``_unique_titles``."""

    title: str
    path: str
    title_line: int


def _titles_of(paths: list[Path], project: Project) -> list[StoryTitle]:
    """The titles of ``paths``, where a title can be read, without checking anything else."""
    titles = []
    for path in paths:
        if found := read_title_and_line(path):
            titles.append(StoryTitle(found[0], project.display(path), found[1]))
    return titles


def _titles_elsewhere(all_paths: list[Path], checked: list[Path], project: Project) -> list[StoryTitle]:
    """The titles of the files in ``all_paths`` other than those being ``checked``."""
    if not checked:
        return []
    skip = {path.resolve() for path in checked}
    return _titles_of([path for path in all_paths if path.resolve() not in skip], project)


def _unique_titles(items, elsewhere: list[StoryTitle] = ()) -> list[Problem]:
    """A problem for each item whose title an earlier item, or a file ``elsewhere``, has."""
    problems = []
    seen = {" ".join(other.title.lower().split()): other.path for other in elsewhere}
    for item in items:
        key = " ".join(item.title.lower().split())
        if key in seen:
            problems.append(
                Problem(
                    item.path,
                    item.title_line,
                    1,
                    f"the title '{item.title}' is already used by {seen[key]}; give this one a distinct title",
                )
            )
        else:
            seen[key] = item.path
    return problems
