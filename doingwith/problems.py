"""Problems found in content files, reported as ``path:line:col: message``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Control characters (the newline too: one problem, one line), the line and paragraph
# separators and the bidirectional overrides, shown escaped: a value or file name quoted in
# a message must not drive the terminal (colours, window title, links), reorder the line or
# break it, which would leave the rest of the message with no path:line:col.
# Lone surrogates stand for bytes of a file name that are not UTF-8: a terminal can't print them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: ascii(m.group(0))[1:-1], text)


def markdown_text(text: str) -> str:
    """Text shown as itself in GitHub Markdown (an issue, a job summary): on one line, with no
    markup, links, mentions (@team) or references (#12), and safe inside a table cell."""
    text = printable(" ".join(str(text).split()))
    return re.sub(r"([\\`*_\[\]<>|@#!~])", r"\\\1", text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    warning: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{printable(self.path)}:{self.line}:{self.col}: {prefix}{self.message}"


class ProblemList:
    """Collects problems for one file; line and column are 1-based."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def add(self, line: int, col: int, message: str) -> None:
        self.items.append(Problem(self.path, line, col, message))

    def warn(self, line: int, col: int, message: str) -> None:
        self.items.append(Problem(self.path, line, col, message, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]


def summary(problems: list[Problem], files_checked: int) -> str:
    """The closing line of a check: a count of problems, or that all is well."""
    errors = [p for p in problems if not p.warning]
    warnings = len(problems) - len(errors)
    tail = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    if not errors:
        return f"All {files_checked} file{'s' if files_checked != 1 else ''} passed the check{tail}."
    files = len({p.path for p in errors})
    return (
        f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in "
        f"{files} file{'s' if files != 1 else ''}{tail}"
    )


class InternalError(Exception):
    """A bug in Doing With's own code, met while checking ``path``: never the contributor's fault."""

    def __init__(self, path: str) -> None:
        super().__init__(f"internal error while checking {printable(path)}; please report it")
        self.path = path


def reports_internal_errors(load):
    """Turn any exception escaping ``load(path, ..., display)`` into an InternalError that
    names the file. Every mistake in a file is a Problem; an exception is our bug."""

    @functools.wraps(load)
    def guarded(path, *args, **kwargs):
        try:
            return load(path, *args, **kwargs)
        except InternalError:
            raise
        except Exception as error:
            display = kwargs.get("display") or (args[2] if len(args) > 2 else None) or str(path)
            raise InternalError(display) from error

    return guarded
