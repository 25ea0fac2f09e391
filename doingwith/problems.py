"""Problems found in content files, reported as ``path:line:col: message``."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control and bidirectional-override characters but the newline, shown escaped: a value or file
# name quoted in a message must not drive the terminal (colours, window title, links) or
# reorder the line.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


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
