"""The command line: ``python -m doingwith <command>``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from doingwith import problems as problem_format
from doingwith.project import Project, check_project


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder above ``start`` with a mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "stories").is_dir():
            return folder
    return here


def command_check(args) -> int:
    project = Project(Path(args.root).resolve() if args.root else find_root())
    paths = [Path(p) for p in args.paths] if args.paths else None
    if paths:
        unreadable = [p for p in paths if not p.is_file()]
        for path in unreadable:
            what = "no such file" if not path.exists() else "this is not a file; name a story or resource file"
            print(f"{path}:1:1: {what}", file=sys.stderr)
        paths = [p for p in paths if p.is_file() and p.suffix == ".md"]
        if unreadable and not paths:
            return 2
    result = check_project(project, paths, titles_only=True)
    for problem in result.problems:
        if args.github and not problem.warning:
            print(github_annotation(problem))
        print(problem)
    print(problem_format.summary(result.problems, result.files_checked))
    return 0 if result.ok else 1


def command_index_search(args) -> int:
    from doingwith import search_index

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"index-search: {site} is not a built site (no index.html)", file=sys.stderr)
        return 2
    if args.if_missing and (site / "pagefind" / search_index.PARTS_FILE).is_file():
        print(f"{site} already has its search index (built beside the render).")
        return 0
    try:
        extra = search_index.index_site(site, args.part_size, args.single_up_to)
    except search_index.SearchIndexError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Indexed {site} for search" + (f" in {len(extra) + 1} parts." if extra else "."))
    return 0


def github_annotation(problem) -> str:
    """A GitHub Actions workflow command that puts the problem on the changed line."""
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = problem.path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    return f"::error file={path},line={problem.line},col={problem.col}::{message}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m doingwith",
        description="Check and publish the Doing With co-production library.",
    )
    parser.add_argument("--root", help="the project folder (default: found from here)")
    commands = parser.add_subparsers(dest="command", required=True)
    from doingwith import generate, new_story, search_index

    check = commands.add_parser("check", help="check stories and resources against the schema")
    check.add_argument("paths", nargs="*", help="files to check (default: all stories and resources)")
    check.add_argument(
        "--github", action="store_true", help="also print GitHub Actions annotations for each problem"
    )
    check.set_defaults(handler=command_check)

    index = commands.add_parser("index-search", help="build the Pagefind search index of a built site")
    index.add_argument("site", help="the built site folder")
    index.add_argument("--part-size", type=int, default=search_index.PART_SIZE, help="story pages per index part")
    index.add_argument(
        "--single-up-to", type=int, default=search_index.SINGLE_INDEX_UP_TO, help="one index up to this many stories"
    )
    index.add_argument(
        "--if-missing", action="store_true",
        help="do nothing if the build already made the index (by default it does for 200 to 3,500 stories)",
    )
    index.set_defaults(handler=command_index_search)

    generate.add_command(commands)
    new_story.add_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)
