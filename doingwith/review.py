"""What a reviewer needs on a pull request's check run: the stories and resources it
changes, each with its title and problems, and where to find the built site.

``python -m doingwith summary --changed FILE`` reads the changed paths (one a line, or
NUL-separated as `git diff -z` writes them) and prints Markdown for the run's job summary
($GITHUB_STEP_SUMMARY). File names and titles come from the contributor: they are shown
as text, never as markup.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from doingwith.content import read_title
from doingwith.problems import markdown_text
from doingwith.project import Project, check_project, find_root

CONTENT_FILE = re.compile(r"^(stories|learning|resources)/[a-z0-9][a-z0-9-]*\.md$")
PREVIEW_PORT = 8000


def changed_content(paths: list[str]) -> list[str]:
    """The story and resource files among ``paths`` (repository-relative), in order, once each."""
    return list(dict.fromkeys(p for p in paths if CONTENT_FILE.match(p)))


def summary(project: Project, paths: list[str], artifact_url: str = "", artifact_name: str = "site-preview") -> str:
    files = [p for p in changed_content(paths) if (project.root / p).is_file()]
    lines = ["## Stories and resources in this pull request", ""]
    if not files:
        lines += ["This pull request changes no story or resource.", ""]
    else:
        result = check_project(project, [project.root / p for p in files])
        titles = {item.path: item.title for item in [*result.stories, *result.learning, *result.resources]}
        lines += ["| File | Title | Problems |", "| --- | --- | --- |"]
        for path in files:
            title = titles.get(path) or read_title(project.root / path) or "(no title yet)"
            problems = [p for p in result.problems if p.path == path]
            if problems:
                found = "<br>".join(
                    f"{p.line}:{p.col}: {'warning: ' if p.warning else ''}{markdown_text(p.message)}" for p in problems
                )
            else:
                found = "none"
            lines.append(f"| {markdown_text(path)} | {markdown_text(title)} | {found} |")
        errors = len(result.errors)
        lines += [
            "",
            f"**{errors} problem{'s' if errors != 1 else ''}** to fix; each is also marked on its line in "
            "the pull request's Files changed view."
            if errors
            else "Every changed file passed the check.",
            "",
        ]
    lines += ["## Preview the site", ""]
    if artifact_url:
        pages = [_page_of(p) for p in files]
        lines += [
            f"The site as this pull request builds it is the artifact **{artifact_name}** of this run: "
            f"[download it]({artifact_url}) (signed in to GitHub), or find it under Artifacts at the "
            "foot of the run's Summary page.",
            "",
            f"Unzip it, run `python3 -m http.server {PREVIEW_PORT}` in its folder, and open "
            + (
                ", ".join(f"<http://127.0.0.1:{PREVIEW_PORT}/{page}>" for page in pages)
                if pages
                else f"<http://127.0.0.1:{PREVIEW_PORT}/>"
            )
            + ". (Search needs the pages served like this; it does not work from files opened directly.)",
        ]
    else:
        lines.append("The site was not built, so there is no preview: fix the problems above and push again.")
    return "\n".join(lines) + "\n"


def _page_of(path: str) -> str:
    folder, name = path.split("/", 1)
    return f"{folder}/{name.removesuffix('.md')}/"


def _read_paths(source: str) -> list[str]:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8", errors="replace")
    return [p for p in re.split(r"[\0\n]", text) if p]


def command_summary(args) -> int:
    project = Project(Path(args.root).resolve() if args.root else find_root())
    try:
        changed = _read_paths(args.changed)
    except OSError as error:
        print(f"summary: could not read the list of changed files {args.changed} ({error.strerror})", file=sys.stderr)
        return 2
    print(summary(project, changed, args.artifact_url or "", args.artifact_name), end="")
    return 0


def add_command(commands) -> None:
    parser = commands.add_parser(
        "summary", help="Markdown for a pull request's job summary: changed stories and resources, their problems, the preview"
    )
    parser.add_argument("--changed", required=True, help="file of changed paths, one a line or NUL-separated ('-': stdin)")
    parser.add_argument("--artifact-url", help="where the built site's artifact is (empty if it was not built)")
    parser.add_argument("--artifact-name", default="site-preview", help="the artifact's name")
    parser.set_defaults(handler=command_summary)
