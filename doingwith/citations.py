"""How to cite a page of the site: one record, written four ways.

A ``Citation`` holds what a reference manager needs (title, authors, dates, publisher,
address) and writes it as the text under "Cite this", as Highwire Press ``citation_*``
meta tags (which Zotero and others read from a page's <head>), as RIS and as BibTeX.
It knows nothing of stories: anything with a title, authors and dates can be cited.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from doingwith.content import Resource, Story

SITE_NAME = "Doing With"
SITE_TITLE = "Doing With: co-production stories for community planning"
CITE_FILES = ("cite.ris", "cite.bib")  # beside each cited page's index.html


def long_date(value: dt.date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


@dataclass(frozen=True)
class Citation:
    title: str
    authors: tuple[str, ...]
    published: dt.date  # first published online
    updated: dt.date  # last reviewed or revised
    url: str  # the page's public address ("" when the site's address is not known)
    publisher: str = SITE_NAME
    container: str = SITE_TITLE
    key: str = ""  # a BibTeX key; made from the title when empty

    # --- as words -------------------------------------------------------------------

    def text(self) -> str:
        names = ", ".join(self.authors)
        address = f" Available at: {self.url}" if self.url else ""
        return (
            f"{names} ({self.published.year}). {self.title}. {self.container}. "
            f"Published {long_date(self.published)}, last reviewed {long_date(self.updated)}.{address}"
        )

    # --- as Highwire Press meta tags ------------------------------------------------------

    def meta_tags(self) -> list[tuple[str, str]]:
        """(name, content) pairs, in the order reference managers expect; escape when writing."""
        tags = [("citation_title", self.title)]
        tags += [("citation_author", name) for name in self.authors]
        tags += [
            ("citation_publication_date", self.published.strftime("%Y/%m/%d")),
            ("citation_online_date", self.published.strftime("%Y/%m/%d")),
            ("citation_publisher", self.publisher),
        ]
        if self.url:
            tags.append(("citation_public_url", self.url))
        return tags

    # --- as open data -------------------------------------------------------------------

    def record(self) -> dict:
        """The same fields as the meta tags, for the open data."""
        return {
            "title": self.title,
            "authors": list(self.authors),
            "publication_date": self.published.isoformat(),
            "online_date": self.published.isoformat(),
            "last_reviewed": self.updated.isoformat(),
            "publisher": self.publisher,
            "container": self.container,
            "public_url": self.url,
        }

    # --- as RIS -------------------------------------------------------------------------

    def ris(self) -> str:
        """An RIS record (type ELEC, a web page), lines ending CRLF as the format asks."""
        lines = [("TY", "ELEC"), ("TI", self.title)]
        lines += [("AU", name) for name in self.authors]
        lines += [
            ("PY", str(self.published.year)),
            ("DA", self.published.strftime("%Y/%m/%d")),
            ("T2", self.container),
            ("PB", self.publisher),
        ]
        if self.url:
            lines.append(("UR", self.url))
        lines += [("N1", f"Last reviewed {long_date(self.updated)}."), ("ER", "")]
        return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\r\n" for tag, value in lines)

    # --- as BibTeX ----------------------------------------------------------------------

    def bibtex(self) -> str:
        """A BibTeX @misc entry. Every name is braced, so "Doing With editorial team"
        stays one name; every value is escaped, so nothing in a title can end the entry."""
        fields = [
            ("title", "{" + _bib(self.title) + "}"),
            ("author", " and ".join("{" + _bib(name) + "}" for name in self.authors)),
            ("year", str(self.published.year)),
            ("date", self.published.isoformat()),
            ("howpublished", _bib(self.container)),
            ("publisher", _bib(self.publisher)),
        ]
        if self.url:
            fields.append(("url", _bib_url(self.url)))
        fields.append(("note", _bib(f"Last reviewed {long_date(self.updated)}")))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.bibtex_key},\n{body}\n}}\n"

    @property
    def bibtex_key(self) -> str:
        words = re.findall(r"[A-Za-z0-9]+", self.key or self.title)
        return "doingwith-" + "-".join(words).lower()[:60].rstrip("-")


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip


def _bib(value: str) -> str:
    return "".join(_BIB_SPECIAL.get(c, c) for c in _one_line(value))


def _bib_url(url: str) -> str:
    # Addresses are checked on the way in; braces and backslashes could still unbalance a field.
    return "".join(c for c in url if c not in "{}\\ ")


def page_url(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else ""


# --- what the site cites ------------------------------------------------------------------


def for_story(story: Story, site_url: str) -> Citation:
    return Citation(
        title=story.title,
        authors=tuple(a["name"] for a in story.authors + story.co_authors),
        published=story.published,
        updated=story.last_reviewed,
        url=page_url(site_url, f"stories/{story.slug}/"),
        key=story.slug,
    )


def for_learning_note(note, site_url: str) -> Citation:
    return Citation(
        title=note.title,
        authors=tuple(a["name"] for a in note.authors),
        published=note.published,
        updated=note.last_reviewed,
        url=page_url(site_url, f"learning/{note.slug}/"),
        container="Doing With: learning log",
        key=note.slug,
    )


def for_resource(resource: Resource, site_url: str) -> Citation | None:
    """Our own resources only: a resource published by others is cited from its publisher."""
    if resource.publisher != SITE_NAME:
        return None
    return Citation(
        title=resource.title,
        authors=(SITE_NAME,),
        published=resource.last_reviewed,  # resources carry the date of their current version
        updated=resource.last_reviewed,
        url=page_url(site_url, f"resources/{resource.slug}/"),
        container=SITE_NAME,
        key=resource.slug,
    )


def site_cite_files(catalogue, site_url: str) -> dict[str, str]:
    """Every RIS and BibTeX file the site publishes: one pair per story, learning note and own resource."""
    files: dict[str, str] = {}
    for story in catalogue.stories:
        files.update(cite_files(f"stories/{story.slug}/", for_story(story, site_url)))
    for note in getattr(catalogue, "learning", []):
        files.update(cite_files(f"learning/{note.slug}/", for_learning_note(note, site_url)))
    for resource in catalogue.resources:
        cited = for_resource(resource, site_url)
        if cited:
            files.update(cite_files(f"resources/{resource.slug}/", cited))
    return files


def cite_files(folder: str, citation: Citation) -> dict[str, str]:
    """The RIS and BibTeX files for a page whose address is ``folder`` ("stories/x/")."""
    return {f"{folder}cite.ris": citation.ris(), f"{folder}cite.bib": citation.bibtex()}
