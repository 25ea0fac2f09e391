"""The command line: ``python -m doingwith <command>``."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from doingwith import problems as problem_format
from doingwith.problems import InternalError
from doingwith.project import Project, check_project, find_root
from doingwith.vocabularies import VocabularyError


def command_check(args) -> int:
    project = Project(Path(args.root).resolve() if args.root else find_root())
    paths = [Path(p) for p in args.paths] if args.paths else None
    if paths:
        # Each file once, however it was named: twice, it would clash with itself.
        paths = list({os.path.realpath(p): p for p in paths}.values())
        refused = [p for p in paths if not p.is_file() or p.suffix != ".md"]
        for path in refused:
            what = (
                "no such file" if not path.exists()
                else "this is not a file; name a story or resource file" if not path.is_file()
                else "this is not a .md file; name a story, learning note or resource file"
            )  # fmt: skip
            print(f"{path}:1:1: {what}", file=sys.stderr)
        if refused:  # a misspelt name must not pass unnoticed among the others
            return 2
    result = check_project(project, paths)
    for problem in result.problems:
        if args.github and not problem.warning:
            print(github_annotation(problem))
        print(problem)
    print(problem_format.summary(result.problems, result.files_checked))
    return 0 if result.ok else 1


def github_annotation(problem) -> str:
    """A GitHub Actions workflow command that puts the problem on the changed line."""
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = problem_format.printable(problem.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    return f"::error file={path},line={problem.line},col={problem.col}::{message}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m doingwith",
        description="Check and publish the Doing With co-production library.",
    )
    parser.add_argument("--root", help="the project folder (default: found from here)")
    commands = parser.add_subparsers(dest="command", required=True)
    from doingwith import address, generate, links, new_learning, new_story, review

    check = commands.add_parser("check", help="check stories, learning notes and resources against the schema")
    check.add_argument("paths", nargs="*", help="files to check (default: all stories and resources)")
    check.add_argument(
        "--github", action="store_true", help="also print GitHub Actions annotations for each problem"
    )
    check.set_defaults(handler=command_check)

    generate.add_command(commands)
    address.add_command(commands)
    links.add_command(commands)
    review.add_command(commands)
    new_story.add_command(commands)
    new_learning.add_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command: 0 when all is well, 1 for problems in the content (each located, with
    its fix), 2 for a mistake on the command line or a bug in Doing With itself."""
    parser = build_parser()
    args = parser.parse_args(argv)
    root = Path(args.root).resolve() if args.root else find_root()
    if not (root / "mkdocs.yml").is_file():  # else a typing slip would check nothing and pass
        where = "--root" if args.root else "this folder or any above it"
        print(f"{args.command}: {root} is not a Doing With project ({where} has no mkdocs.yml); "
              "run this in the project's folder, or give --root", file=sys.stderr)  # fmt: skip
        return 2
    args.root = str(root)  # found once: each command takes it from here
    try:
        return args.handler(args)
    except VocabularyError as error:  # the project's own lists are broken: located like any file
        for problem in error.problems:
            print(problem)
        print(problem_format.summary(error.problems, len({p.path for p in error.problems})))
        return 1
    except Exception as error:  # a bug of ours: say so, never pass it off as a content problem
        traceback.print_exc()  # for the report
        if isinstance(error, InternalError):
            print(f"{error}, with the lines above", file=sys.stderr)
        else:
            print(f"internal error while running `{args.command}`; please report it, with the lines above", file=sys.stderr)
        return 2
