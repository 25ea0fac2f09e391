"""Reading a built site: its pages, their links and anchors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "name" in attributes and tag == "a":
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append((tag, name, attributes[name]))


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def resolve(site: Path, from_url: str, href: str, base_path: str = "/doingwith/") -> tuple[Path | None, str]:
    """The file a same-site link points to, and its fragment; (None, "") for other sites.

    Absolute links (only the 404 page has them) start with the site's base path.
    """
    if href.startswith(base_path):
        href = "/" + href[len(base_path) :]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None, ""
    target = urlsplit(urljoin("http://site" + from_url, href))
    path = site / unquote(target.path).lstrip("/")
    if target.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, target.fragment


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
JS_IMPORT = re.compile(r"""(?:\bimport\s*\(\s*|\bimport\s[^'"]*?from\s*|@import\s+)['"]((?:https?:)?//[^'"]+)""")
