"""One build of the site, in plain Python: everything the MkDocs hooks ask for.

A build runs in one line, each step after the one before:

1. check every story and resource (``SiteBuild(...)`` raises ``ContentProblems``);
2. make the catalogue and the pages generated from it;
3. MkDocs renders every page, asking ``page_content`` for each page's HTML;
4. Pagefind indexes the finished site (``search_index.index_site``).

The open data is made beside step 3, as files of the site. hooks/doingwith_hooks.py
turns MkDocs' events into these calls; nothing here knows of MkDocs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from doingwith import citations, exports, learning_pages, pages, problems, self_assessment
from doingwith.catalogue import Catalogue, load_toolkit
from doingwith.project import Project, check_project
from doingwith.render import ContentRenderer, printable_checkboxes
from doingwith.schema import IMAGE_EXTENSIONS, RESOURCE_FILE_EXTENSIONS
from doingwith.search_index import SEARCHABLE_PAGES, read_by_pagefind
from doingwith.vocabularies import VocabularyError, load_vocabularies

UrlFor = pages.UrlFor


class ContentProblems(Exception):
    """The content check failed: the message lists every problem, one to a line."""


class SiteBuild:
    """The state of one build: the checked content, its catalogue and generated pages."""

    def __init__(self, root: Path, site_url: str = "", today: dt.date | None = None, repo_url: str = "") -> None:
        self.project = Project(Path(root))
        self.site_url = site_url
        self.today = today or dt.date.today()
        try:
            vocabularies = load_vocabularies()
        except VocabularyError as error:
            raise ContentProblems(
                f"Doing With: the vocabularies are broken.\n{error}\n{problems.summary(error.problems, 0)}"
            ) from None
        result = check_project(self.project, today=self.today, vocabularies=vocabularies)
        toolkit, toolkit_problems = load_toolkit(
            self.project.docs_dir / "toolkit", vocabularies, {r.slug for r in result.resources}, self.project.display
        )
        self.warnings = [p for p in result.problems if p.warning]  # due for review: told, never blocking
        errors = result.errors + toolkit_problems
        if errors:
            report = "\n".join(str(p) for p in errors)
            raise ContentProblems(
                f"Doing With: the content check failed.\n{report}\n{problems.summary(errors, result.files_checked)}"
            )
        self.catalogue = Catalogue(vocabularies, result.stories, result.resources, toolkit, result.learning)
        renderer = ContentRenderer()
        generated = (
            pages.generated_pages(self.catalogue, renderer, site_url)
            + learning_pages.generated_pages(self.catalogue, renderer, site_url, repo_url)
            + self._print_packs()
        )
        self.pages = {page.path: page for page in generated}
        # Principle and toolkit pages as MkDocs rendered them (HTML, URL), for the print
        # packs: generated pages come last in MkDocs' list of files, so these are ready.
        self._rendered: dict[str, tuple[str, str]] = {}
        self._page_url = ""  # the URL of the page being drawn
        self.url_for: UrlFor | None = None  # the link maker of the page being drawn (for macros)

    # --- files -------------------------------------------------------------------------

    def published_files(self) -> list[tuple[str, Path]]:
        """(path in the site, file) for every image and resource download to publish."""
        found = []
        for folder, prefix, extensions in (
            (self.project.stories_dir / "media", "stories/media/", IMAGE_EXTENSIONS),
            (self.project.resources_dir / "files", "resources/files/", RESOURCE_FILE_EXTENSIONS),
            (self.project.resources_dir / "media", "resources/media/", IMAGE_EXTENSIONS),
        ):
            if not folder.is_dir() or folder.is_symlink():
                continue
            for item in sorted(folder.iterdir()):
                # Symlinks are refused: a story can never publish a file from elsewhere. Only
                # the allowed types are published: a .md here would be built as a page (macros
                # and all), and an .html or .svg would run script on the site's own address.
                if (
                    item.is_file()
                    and not item.is_symlink()
                    and not item.name.startswith(".")
                    and item.suffix.lower() in extensions
                ):
                    found.append((prefix + item.name, item))
        return found

    def open_data(self) -> dict[str, str]:
        """The open-data files (JSON, CSV, Atom feeds) and citation files, by path in the site."""
        files = exports.exported_files(self.catalogue, self.site_url, self.today)
        files.update(citations.site_cite_files(self.catalogue, self.site_url))
        return files

    def edit_path(self, src_path: str) -> str | None:
        """Where a generated page's source lives in the repository, if it has one."""
        page = self.pages[src_path]
        if page.kind == "story":
            return f"stories/{page.meta['slug']}.md"
        if page.kind == "learning":
            return f"learning/{page.meta['slug']}.md"
        if page.kind == "resource":
            return src_path
        return None

    # --- pages -------------------------------------------------------------------------

    def start_page(self, page_url: str, url_for: UrlFor) -> None:
        """The page about to be drawn: macros and print packs make their links from it."""
        self._page_url, self.url_for = page_url, url_for

    def page_content(
        self, src_path: str, built_path: str, html: str, meta: dict, url_for: UrlFor
    ) -> tuple[str, list[dict]]:
        """A page's HTML, given what MkDocs rendered from its Markdown, and the table of
        contents entries to add to the page's own (as Python-Markdown's toc_tokens)."""
        generated = self.pages.get(src_path)
        if generated is not None:  # its Markdown is an empty stub
            return generated.render(url_for)
        html = printable_checkboxes(html)
        principle = meta.get("principle")
        section = src_path.split("/", 1)[0]
        if principle or section == "toolkit":
            self._rendered[src_path] = (html, self._page_url)
        if principle:
            extra, toc = pages.principle_additions(principle, self.catalogue, url_for)
            name = self.catalogue.vocabularies.principles.name(principle)
            return self._searchable(src_path, built_path, html, pages.principle_filters(name)) + extra, toc
        if section == "toolkit" and src_path != "toolkit/index.md":
            # As the check read the guide's front matter (MkDocs' reading of it is unchecked).
            guide = next((t for t in self.catalogue.toolkit if f"toolkit/{t.slug}.md" == src_path), None)
            filters = pages.toolkit_filters(
                guide.principles if guide else [], guide.stages if guide else [], self.catalogue.vocabularies
            )
            return self._searchable(src_path, built_path, html, filters), []
        return html, []

    def _searchable(self, src_path: str, built_path: str, html: str, filters) -> str:
        if not read_by_pagefind(built_path):
            raise ContentProblems(
                f"docs/{src_path} is a principle or toolkit page, but the search index only reads "
                f"{', '.join(SEARCHABLE_PAGES)}: move it, or add its place to SEARCHABLE_PAGES "
                "in doingwith/search_index.py"
            )
        hidden = f"<div hidden data-pagefind-ignore>{pages.filter_spans(filters)}</div>"
        return f"<div data-pagefind-body>{hidden}{html}</div>"

    def _rendered_for_print(self, src_path: str) -> str:
        if src_path not in self._rendered:
            raise ContentProblems(f"the print pack needs docs/{src_path}, which was not rendered first")
        html, from_url = self._rendered[src_path]
        return pages.rebase_links(html, from_url, self._page_url)

    def _print_packs(self) -> list[pages.GeneratedPage]:
        """Printable packs, drawn from the principle and toolkit pages as rendered."""
        catalogue = self.catalogue
        packs = [
            pages.GeneratedPage(
                f"print/principles/{principle.id}.md",
                f"Print pack: {principle.name}",
                lambda url_for, p=principle.id: pages.print_principle(
                    p, self._rendered_for_print(f"principles/{p}.md"), catalogue, url_for, self.site_url
                ),
                description=f"A printable pack on the principle {principle.name}.",
            )
            for principle in catalogue.vocabularies.principles
        ]
        guides = sorted(catalogue.toolkit, key=lambda t: (t.slug != "getting-started-with-co-production", t.title))
        packs.append(
            pages.GeneratedPage(
                "print/toolkit.md",
                "Print pack: the whole toolkit",
                lambda url_for: pages.print_toolkit(
                    [(t.slug, t.title, self._rendered_for_print(f"toolkit/{t.slug}.md")) for t in guides], url_for
                ),
                description="Every toolkit guide on one page, to print.",
            )
        )
        return packs

    # --- macros for trusted hand-written pages in docs/ (never run on stories) ---------

    def macros(self) -> dict:
        def url_for(path: str) -> str:
            return self.url_for(path)

        catalogue = self.catalogue
        return {
            "principle_cards": lambda: pages.principle_cards(catalogue, url_for),
            "recent_stories": lambda limit=4: pages.recent_stories(catalogue, url_for, limit),
            "partnership_list": lambda: pages.partnership_list(catalogue, url_for),
            "count_stories": lambda key, term: catalogue.count(key, term),
            "self_assessment": lambda: self_assessment.form_html(catalogue, url_for),
            "search_facet_totals": lambda: pages.facet_totals_json(catalogue),
        }

    def macro_variables(self) -> dict:
        return {"story_count": len(self.catalogue.stories), "resource_count": len(self.catalogue.resources)}
