"""The learning log's pages: one page per learning note, and the list of them all.

A learning note is a short, dated reflection from public sources: what a partnership
tried, what it learned, what it would do differently (content.LearningNote). Notes are
also listed on each partnership's page and each principle page (pages.learning_list).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from doingwith import citations, new_learning
from doingwith.catalogue import Catalogue
from doingwith.content import LearningNote
from doingwith.pages import (
    LESSONS_PAGE,
    GeneratedPage,
    UrlFor,
    cite_downloads,
    esc,
    filter_spans,
    learning_filters,
    learning_list,
    learning_path,
    long_date,
    people,
    source_html,
    term_links,
    term_path,
)
from doingwith.render import ContentRenderer

LEARNING_INDEX = "learning/index.md"
MEDIA_PREFIX = "../media/"


def lesson_links(note: LearningNote, catalogue: Catalogue, url_for: UrlFor) -> str:
    lessons = catalogue.vocabularies.lessons
    page = url_for(LESSONS_PAGE)
    return ", ".join(f'<a href="{esc(page)}#{esc(lesson)}">{esc(lessons.name(lesson))}</a>' for lesson in note.lessons)


def learning_page(
    note: LearningNote, catalogue: Catalogue, renderer: ContentRenderer, url_for: UrlFor, site_url: str = ""
) -> tuple[str, list[dict]]:
    v = catalogue.vocabularies
    body_html, toc = renderer.render(note.body, media_prefix=MEDIA_PREFIX, title_id=note.slug)
    en = ' lang="en"' if note.language != "en" else ""
    facts = [
        ("Nation", f'<a href="{esc(url_for(term_path("nations", note.nation)))}">{esc(v.nations.name(note.nation))}</a>'),
        ("Places", term_links("places", note.places, catalogue, url_for) or "Across the nation"),
        ("Principles", term_links("principles", note.principles, catalogue, url_for)),
    ]
    if note.lessons:
        facts.append(("Lessons", lesson_links(note, catalogue, url_for)))
    facts += [
        ("When", esc(note.date)),
        ("Written by", esc(people(note.authors, catalogue))),
        ("Published", f'<time datetime="{note.published}">{long_date(note.published)}</time>'),
        ("Last reviewed", f'<time datetime="{note.last_reviewed}">{long_date(note.last_reviewed)}</time>'),
    ]
    place_meta = ", ".join(v.places.name(p) for p in note.places) or v.nations.name(note.nation)
    parts = [
        f'<article class="dw-story dw-learning" data-pagefind-body data-pagefind-sort="date:{note.published}">',
        f'<h1 id="{esc(note.slug)}" data-pagefind-meta="title">{esc(note.title)}</h1>',
        f'<p class="dw-summary" data-pagefind-meta="summary">{esc(note.summary)}</p>',
        f'<div hidden data-pagefind-ignore><span data-pagefind-meta="place">{esc(place_meta)}</span>'
        f"{filter_spans(learning_filters(note, v))}</div>",
        f'<dl class="dw-facts"{en}>',
        *[f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts],
        "</dl>",
        f'<div class="dw-story__body">{body_html}</div>',
        f'<h2 id="sources"{en}>Sources</h2>',
        '<ol class="dw-sources">',
        *[f'<li id="source-{n}">{source_html(source)}</li>' for n, source in enumerate(note.sources, 1)],
        "</ol>",
        f'<section class="dw-cite" data-pagefind-ignore{en}>',
        '<h2 id="cite-this-note">Cite this note</h2>',
        f"<p>{esc(citations.for_learning_note(note, site_url).text())}</p>",
        cite_downloads(f"learning/{note.slug}/", url_for),
        "</section>",
        "</article>",
    ]
    toc_tokens = toc + [
        {"level": 2, "id": "sources", "name": "Sources", "children": []},
        {"level": 2, "id": "cite-this-note", "name": "Cite this note", "children": []},
    ]
    return "".join(parts), toc_tokens


def new_note_address(repo_url: str, today: dt.date) -> str:
    """GitHub's new-file page in the repository, holding a note skeleton to fill in: the
    web form a partnership officer uses to add a note (GitHub opens a pull request)."""
    skeleton = new_learning.render(
        title="[[Partnership: what was tried]]", nation="northern-ireland", places=[], principles=["people-as-assets"],
        lessons=[], date=today.isoformat()[:7], author="[[Your name]]", role="public-servant", today=today,
    )  # fmt: skip
    query = urlencode({"filename": "learning/your-note-title.md", "value": skeleton}, quote_via=quote)
    return f"{repo_url.rstrip('/')}/new/main?{query}"


def learning_index(catalogue: Catalogue, url_for: UrlFor, repo_url: str = "", today: dt.date | None = None) -> tuple[str, list[dict]]:
    notes = catalogue.learning
    add = ""
    if repo_url:
        add = (
            "<h2 id=\"add-a-note\">Add a learning note</h2><p>Partnership officers can add a note in about ten "
            f'minutes: <a href="{esc(new_note_address(repo_url, today or dt.date.today()))}">open a new note on '
            "GitHub</a>, already laid out, replace each [[...]] with your own words and cite the public page it "
            "comes from, then propose the change. The same checks as for stories run on it, and an editor "
            "reviews it. The fields are described in "
            f'<a href="{esc(url_for("share/fields.md"))}#learning-note-fields">the field reference</a>.</p>'
        )
    parts = [
        '<p class="dw-lead">Short, dated notes of what partnerships tried, what they learned and what '
        "they would do differently, each drawn from public sources and cited. Newest first, by the "
        "date of the learning; notes of the same date by title.</p>",
        f'<p>See also <a href="{esc(url_for(LESSONS_PAGE))}">What the partnerships learned</a>, the six '
        "lessons of the Embedding Wellbeing programme, and "
        f'<a href="{esc(url_for("feeds/learning.xml"))}">the learning log\'s Atom feed</a>. '
        "</p>",
        f'<h2 id="notes">{len(notes)} learning note{"s" if len(notes) != 1 else ""}</h2>',
        learning_list(notes, catalogue, url_for) or "<p>No learning notes yet.</p>",
        add,
    ]
    toc = [{"level": 2, "id": "notes", "name": "Learning notes", "children": []}]
    if add:
        toc.append({"level": 2, "id": "add-a-note", "name": "Add a learning note", "children": []})
    return "".join(parts), toc


def generated_pages(
    catalogue: Catalogue, renderer: ContentRenderer, site_url: str = "", repo_url: str = ""
) -> list[GeneratedPage]:
    pages = [
        GeneratedPage(
            learning_path(note),
            note.title,
            lambda url_for, n=note: learning_page(n, catalogue, renderer, url_for, site_url),
            description=note.summary,
            language=note.language,
            kind="learning",
            meta={"slug": note.slug},
            head_meta=citations.for_learning_note(note, site_url).meta_tags(),
        )
        for note in catalogue.learning
    ]
    pages.append(
        GeneratedPage(
            LEARNING_INDEX,
            "Learning log",
            lambda url_for: learning_index(catalogue, url_for, repo_url),
            description="What partnerships tried, learned and would do differently, from public sources.",
        )
    )
    return pages
