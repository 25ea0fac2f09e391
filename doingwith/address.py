"""Where the site lives and where its repository is: set once, in mkdocs.yml.

`site_url` and `repo_url` in mkdocs.yml (each overridable by an environment variable,
DOINGWITH_SITE_URL and DOINGWITH_REPO_URL, through MkDocs' `!ENV` tag) are the one place
for the address. The site's pages, feeds, citations, edit links and the story form all
take it from there when the site is built.

A few files GitHub reads as they are, never built: CODEOWNERS, the issue forms'
configuration, CITATION.cff and the contributor documents. They cannot derive the address,
so ``python -m doingwith check-address`` reports each mention in them of another
repository or site as ``path:line:col``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from doingwith.frontmatter import decode_utf8
from doingwith.problems import Problem, ProblemList

CONFIG = "mkdocs.yml"

# Files that name the repository or the site and are read by GitHub, not built.
FIXED_FILES = (
    ".github/CODEOWNERS",
    ".github/ISSUE_TEMPLATE/config.yml",
    ".github/ISSUE_TEMPLATE/propose-a-story.yml",
    ".github/pull_request_template.md",
    "CITATION.cff",
    "CONTRIBUTING.md",
    "SECURITY.md",
    "README.md",
)

_GITHUB_REPO = re.compile(r"(?<![\w.-])(?:https?://)?github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?=\.git\b|[/?#)\s>\"'`]|$)")
_PAGES_SITE = re.compile(r"(?<![\w.-])(?:https?://)?([A-Za-z0-9-]+)\.github\.io(/[A-Za-z0-9._-]*)?")
_TEAM = re.compile(r"(?<![\w.])@([A-Za-z0-9-]+)/[A-Za-z0-9_.-]+")
# github.com paths that are GitHub's own pages, not a repository.
_NOT_OWNERS = {"orgs", "settings", "features", "apps", "marketplace", "sponsors", "topics", "login", "new"}


class AddressError(Exception):
    """mkdocs.yml does not give a usable site or repository address."""


@dataclass(frozen=True)
class Address:
    site_url: str  # ends with "/"
    repo_url: str  # no trailing "/"

    @property
    def repository(self) -> str:
        """``owner/name`` of a GitHub repository address."""
        parts = urlsplit(self.repo_url).path.strip("/").split("/")
        return "/".join(parts[:2])

    @property
    def owner(self) -> str:
        return self.repository.split("/")[0]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for the two keys we need: `!ENV` takes the first
    variable that is set, else the default; any other tag is left unread."""


def _env_tag(loader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = [loader.construct_scalar(child) for child in node.value]
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    for name in names:
        if loader.environ.get(name):  # set and not empty: an unset Actions variable is empty
            return loader.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def configured(root: Path, environ: dict[str, str] | None = None) -> Address:
    """The site and repository addresses mkdocs.yml in ``root`` gives, with the overrides
    in ``environ`` (default: this process's environment)."""
    unreadable = ProblemList(CONFIG)
    text = decode_utf8((root / CONFIG).read_bytes(), unreadable)
    if text is None:
        raise AddressError(unreadable.items[0].message)
    loader = _ConfigLoader(text)
    loader.environ = os.environ if environ is None else environ
    try:
        config = loader.get_single_data() or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise AddressError(f"YAML could not read it{where}: {getattr(error, 'problem', None) or error}") from None
    finally:
        loader.dispose()
    if not isinstance(config, dict):
        raise AddressError("it must hold settings, such as site_url: and repo_url:")
    site_url, repo_url = str(config.get("site_url") or ""), str(config.get("repo_url") or "")
    for key, value in (("site_url", site_url), ("repo_url", repo_url)):
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise AddressError(f"{CONFIG}: `{key}` must be a full http or https address, not {value!r}")
    if urlsplit(repo_url).netloc != "github.com" or len(urlsplit(repo_url).path.strip("/").split("/")) != 2:
        raise AddressError(f"{CONFIG}: `repo_url` must be a GitHub repository, https://github.com/OWNER/NAME")
    return Address(site_url.rstrip("/") + "/", repo_url.rstrip("/"))


def check_fixed_files(root: Path, address: Address) -> list[Problem]:
    """Every mention, in the files GitHub reads as they are, of a repository, team or
    GitHub Pages site other than the configured ones."""
    problems = []
    site = urlsplit(address.site_url)
    own_pages = site.netloc.endswith(".github.io")
    for name in FIXED_FILES:
        path = root / name
        if not path.is_file():
            continue
        unreadable = ProblemList(name)
        text = decode_utf8(path.read_bytes(), unreadable)
        problems += unreadable.items
        for number, line in enumerate((text or "").splitlines(), 1):
            for match in _GITHUB_REPO.finditer(line):
                owner, repo = match.group(1), match.group(2)
                if (
                    owner.lower() in _NOT_OWNERS
                    or owner.isupper()  # a placeholder, as in "https://github.com/YOUR-NAME/..."
                    or f"{owner}/{repo}".lower() == address.repository.lower()
                ):
                    continue
                problems.append(
                    Problem(
                        name,
                        number,
                        match.start() + 1,
                        f"names the repository {owner}/{repo}, but the configured repository is "
                        f"{address.repository} (`repo_url` in {CONFIG}); write {address.repo_url}",
                    )
                )
            for match in _PAGES_SITE.finditer(line):
                found = f"https://{match.group(1)}.github.io{match.group(2) or '/'}".lower()
                if match.group(1).isupper() or (own_pages and found.startswith(address.site_url.lower().rstrip("/"))):
                    continue
                problems.append(
                    Problem(
                        name,
                        number,
                        match.start() + 1,
                        f"names the site {match.group(0)}, but the configured site is {address.site_url} "
                        f"(`site_url` in {CONFIG}); write that address instead",
                    )
                )
            if name.endswith("CODEOWNERS") and not line.lstrip().startswith("#"):
                for match in _TEAM.finditer(line):
                    if match.group(1).lower() != address.owner.lower():
                        problems.append(
                            Problem(
                                name,
                                number,
                                match.start() + 1,
                                f"names a team of {match.group(1)}, but the configured repository belongs "
                                f"to {address.owner}; name a team of {address.owner} (@{address.owner}/TEAM)",
                            )
                        )
    return problems


def command_check_address(args) -> int:
    from doingwith.project import find_root

    root = Path(args.root).resolve() if args.root else find_root()
    try:
        address = configured(root)
    except AddressError as error:
        print(f"{CONFIG}:1:1: {error}")
        return 1
    problems = check_fixed_files(root, address)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the files GitHub reads as they are.")
        return 1
    print(f"Every file names the configured repository {address.repository} and site {address.site_url}.")
    return 0


def add_command(commands) -> None:
    parser = commands.add_parser(
        "check-address",
        help="report files GitHub reads as they are (CODEOWNERS, issue forms, CITATION.cff) "
        "that name another repository or site than mkdocs.yml",
    )
    parser.set_defaults(handler=command_check_address)
