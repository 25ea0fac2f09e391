"""Render contributors' Markdown to HTML that is safe to publish.

Stories and resources are rendered here, not by MkDocs, with a small fixed set
of Markdown extensions (no attr_list, no md_in_html, no macros) and the result
is sanitised against an allow-list: the second wall behind the checker, which
already refuses raw HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "hr", "br", "del", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "loading"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"align"}, "td": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# An image address with a scheme, or starting with a slash or backslash (after the blanks
# a browser ignores), is dropped: images come only from the site's own media folders, so
# readers' browsers never fetch from another host, whatever route the address came by.
_FOREIGN_IMAGE = re.compile(r"^[\x00-\x20]*(?:[A-Za-z][A-Za-z0-9+.-]*:|[/\\])")


class _MediaLinks(Treeprocessor):
    """Point ``media/...`` images at the published media folder and load them lazily."""

    def __init__(self, md, prefix: str) -> None:
        super().__init__(md)
        self.prefix = prefix

    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            src = image.get("src", "")
            if src.startswith("media/"):
                image.set("src", self.prefix + src[len("media/") :])
            image.set("loading", "lazy")


class _MediaExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.processor: _MediaLinks | None = None

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Markdown's API
        self.processor = _MediaLinks(md, "")
        md.treeprocessors.register(self.processor, "doingwith-media", 5)


# Ids the page itself gives its own parts (story, resource and learning pages), and the theme's
# own elements (__config, __drawer...): a heading in the body must not take one of them. Material
# reads its settings from the first element with id __config.
PAGE_IDS = {
    "how-it-shows-the-principles", "measured-results", "sources", "related-stories", "cite-this-story",
    "contact", "cite-this-resource", "cite-this-note",
}  # fmt: skip
# The page's list of sources: source-1, source-2..., which the measured results link to.
SOURCE_ID = re.compile(r"source-\d+")


def heading_id(value: str, separator: str) -> str:
    """A body heading's id: Python-Markdown's, kept clear of the page's own and the theme's."""
    found = slugify(value, separator).lstrip("_") or "section"
    return f"{found}{separator}in-the-story" if found in PAGE_IDS or SOURCE_ID.fullmatch(found) else found


class ContentRenderer:
    """One reusable Markdown converter (building one per page is slow)."""

    def __init__(self) -> None:
        self._media = _MediaExtension()
        self._title_id = ""  # the id of the page's own title, for the text being rendered
        self._md = markdown.Markdown(
            extensions=[
                TocExtension(toc_depth="2-3", slugify=self._heading_id),
                "tables",
                "fenced_code",  # the checker treats fenced blocks as code, so must the renderer
                "sane_lists",
                self._media,
            ],
            output_format="html",
        )
        # Raw HTML is never published (the checker refuses it, nh3 removes it), so Markdown need
        # not look for blocks of it: that search took a minute over a story of "<a. <a. ...".
        self._md.preprocessors.deregister("html_block")

    def _heading_id(self, value: str, separator: str) -> str:
        found = heading_id(value, separator)
        return f"{found}{separator}in-the-story" if found == self._title_id else found

    def render(self, text: str, media_prefix: str = "", title_id: str = "") -> tuple[str, list[dict]]:
        """HTML for ``text`` and its table of contents (level-2 and -3 headings). ``title_id``
        is the id of the page's own <h1>, which no heading in the text may take."""
        self._md.reset()
        self._title_id = title_id
        self._media.processor.prefix = media_prefix
        html = self._md.convert(text)
        toc_tokens = getattr(self._md, "toc_tokens", [])
        return printable_checkboxes(sanitise(html)), toc_tokens


_TASK_BOX = re.compile(r'<input[^>]*type="checkbox"[^>]*>|(?<=<li>)\[ \] ')


def printable_checkboxes(html: str) -> str:
    """Checklist items as a printed box: "- [ ] item" is for ticking on paper, and a
    disabled form control with no label would only confuse screen readers."""
    return _TASK_BOX.sub('<span class="dw-checkbox" aria-hidden="true">☐</span> ', html)


def sanitise(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_drop_foreign_images,
    )


def _drop_foreign_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and _FOREIGN_IMAGE.match(re.sub(r"[\t\n\r]", "", value)):
        return None
    return value
