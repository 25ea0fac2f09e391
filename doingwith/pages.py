"""Pages generated from the catalogue, as HTML fragments.

Every value that came from a contributor passes through ``esc`` (or the
sanitiser, for Markdown bodies), so nothing in front matter can become markup.
Links are made by ``url_for(source_path)``, which the MkDocs adapter answers with
a URL relative to the page being built; the core knows nothing of MkDocs.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from doingwith import citations
from doingwith.catalogue import Catalogue, period_text
from doingwith.citations import long_date
from doingwith.content import Resource, Story
from doingwith.render import ContentRenderer

UrlFor = Callable[[str], str]
BROWSE_KEYS = ("nations", "places", "stages", "themes")
STORIES_ANCHOR = "stories-that-show-it"  # a principle page's list of stories; self-assessment links to it
BROWSE_TITLES = {
    "nations": ("Stories by nation", "nation"),
    "places": ("Stories by place", "place"),
    "stages": ("Stories by stage", "stage"),
    "themes": ("Stories by theme", "theme"),
}
SHARE_PAGE = "share/index.md"
LESSONS_PAGE = "learning/lessons.md"  # hand-written: the programme's six lessons


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


@dataclass
class GeneratedPage:
    """A page made from the catalogue: where it goes, its title, and how to draw it."""

    path: str  # source path, e.g. "nations/wales.md"
    title: str
    render: Callable[[UrlFor], tuple[str, list[dict]]]
    description: str = ""
    language: str = "en"
    kind: str = "browse"  # story | resource | browse
    meta: dict = field(default_factory=dict)
    head_meta: list[tuple[str, str]] = field(default_factory=list)  # <meta name content> for <head>


# --- small pieces ------------------------------------------------------------------


def story_path(story: Story) -> str:
    return f"stories/{story.slug}.md"


def term_path(key: str, term_id: str) -> str:
    return f"{key}/{term_id}.md"


def story_card(story: Story, catalogue: Catalogue, url_for: UrlFor, evidence_for: str | None = None) -> str:
    v = catalogue.vocabularies
    where = v.nations.name(story.nation)
    if story.places:
        where = ", ".join(v.places.name(p) for p in story.places) + f" ({where})"
    parts = [
        '<li class="dw-card">',
        f'<h3 class="dw-card__title"><a href="{esc(url_for(story_path(story)))}">{esc(story.title)}</a></h3>',
        f'<p class="dw-card__meta">{esc(where)} · {esc(period_text(story.period))}</p>',
    ]
    if evidence_for:
        evidence = story.evidence_for(evidence_for)
        parts.append(f'<p class="dw-card__evidence"><strong>How it shows this:</strong> {esc(evidence)}</p>')
    else:
        parts.append(f'<p class="dw-card__summary">{esc(story.summary)}</p>')
    parts.append("</li>")
    return "".join(parts)


def story_list(stories: list[Story], catalogue: Catalogue, url_for: UrlFor, evidence_for: str | None = None) -> str:
    if not stories:
        return ""
    cards = "".join(story_card(s, catalogue, url_for, evidence_for) for s in stories)
    return f'<ul class="dw-cards">{cards}</ul>'


def learning_path(note) -> str:
    return f"learning/{note.slug}.md"


def learning_list(notes: list, catalogue: Catalogue, url_for: UrlFor) -> str:
    """Learning notes as cards: title, where and when, summary."""
    v = catalogue.vocabularies
    cards = []
    for note in notes:
        where = ", ".join(v.places.name(p) for p in note.places) or v.nations.name(note.nation)
        cards.append(
            '<li class="dw-card dw-card--learning">'
            f'<h3 class="dw-card__title"><a href="{esc(url_for(learning_path(note)))}">{esc(note.title)}</a></h3>'
            f'<p class="dw-card__meta">Learning note · {esc(where)} · {esc(note.date)}</p>'
            f'<p class="dw-card__summary">{esc(note.summary)}</p></li>'
        )
    return f'<ul class="dw-cards">{"".join(cards)}</ul>' if cards else ""


def invitation(url_for: UrlFor, what: str) -> str:
    return (
        f'<p class="dw-empty">There are no stories {esc(what)} yet. '
        f'<a href="{esc(url_for(SHARE_PAGE))}">Share a story</a> if you know of co-production here.</p>'
    )


def term_links(key: str, ids: list[str], catalogue: Catalogue, url_for: UrlFor) -> str:
    vocabulary = catalogue.vocabularies.get(key)
    return ", ".join(
        f'<a href="{esc(url_for(term_path(key, term)))}">{esc(vocabulary.name(term))}</a>' for term in ids
    )


# --- search filters: what each indexed page gives Pagefind to filter on ---------------

Filters = list[tuple[str, str]]
MEASURED_OUTCOMES = "Has measured outcomes"  # the search filter for stories whose sources report a change


def story_filters(story: Story, v) -> Filters:
    filters = [("type", "Story"), ("nation", v.nations.name(story.nation))]
    filters += [("place", v.places.name(p)) for p in story.places]
    filters += [("principle", v.principles.name(p)) for p in story.principle_ids]
    filters += [("stage", v.stages.name(s)) for s in story.stages]
    filters += [("theme", v.themes.name(t)) for t in story.themes]
    if story.has_measured_outcomes:
        filters.append(("evidence", MEASURED_OUTCOMES))
    return filters


def learning_filters(note, v) -> Filters:
    filters = [("type", "Learning note"), ("nation", v.nations.name(note.nation))]
    filters += [("place", v.places.name(p)) for p in note.places]
    return filters + [("principle", v.principles.name(p)) for p in note.principles]


def resource_filters(resource, v) -> Filters:
    filters = [("type", "Resource")]
    filters += [("principle", v.principles.name(p)) for p in resource.principles]
    return filters + [("stage", v.stages.name(s)) for s in resource.stages]


def toolkit_filters(principles: list[str], stages: list[str], v) -> Filters:
    filters = [("type", "Toolkit")]
    filters += [("principle", v.principles.name(p)) for p in principles if p in v.principles]
    return filters + [("stage", v.stages.name(s)) for s in stages if s in v.stages]


def principle_filters(name: str) -> Filters:
    return [("type", "Principle"), ("principle", name)]


def place_filters(place, v) -> Filters:
    return [("type", "Place"), ("nation", v.nations.name(place["nation"])), ("place", place.name)]


def place_towns(place) -> list[str]:
    return [town.strip() for town in (place.get("towns") or "").split(",") if town.strip()]


def filter_spans(filters: Filters) -> str:
    return "".join(f'<span data-pagefind-filter="{esc(k)}:{esc(val)}"></span>' for k, val in filters)


# --- the story page ----------------------------------------------------------------


STORY_MEDIA_PREFIX = "../media/"  # from stories/<slug>/ to stories/media/


def story_page(
    story: Story,
    catalogue: Catalogue,
    renderer: ContentRenderer,
    url_for: UrlFor,
    site_url: str = "",
) -> tuple[str, list[dict]]:
    """A story's page."""
    v = catalogue.vocabularies
    body_html, toc = renderer.render(story.body, media_prefix=STORY_MEDIA_PREFIX, title_id=story.slug)
    nation_name = v.nations.name(story.nation)
    place_names = [v.places.name(p) for p in story.places]
    filter_html = filter_spans(story_filters(story, v))

    facts = [
        ("Nation", f'<a href="{esc(url_for(term_path("nations", story.nation)))}" data-pagefind-meta="nation">{esc(nation_name)}</a>'),
        ("Places", term_links("places", story.places, catalogue, url_for) or "Across the nation"),
        ("Principles", term_links("principles", story.principle_ids, catalogue, url_for)),
        ("Stages", term_links("stages", story.stages, catalogue, url_for)),
        ("Themes", term_links("themes", story.themes, catalogue, url_for)),
        ("When", esc(period_text(story.period))),
        ("Organisations", esc(", ".join(story.organisations))),
        ("Written by", esc(people(story.authors, catalogue))),
    ]
    if story.co_authors:
        facts.append(("Co-authors", esc(people(story.co_authors, catalogue))))
    facts += [
        ("Published", f'<time datetime="{story.published}">{long_date(story.published)}</time>'),
        ("Last reviewed", f'<time datetime="{story.last_reviewed}">{long_date(story.last_reviewed)}</time>'),
    ]
    if story.consent.get("anonymised"):
        facts.append(("Anonymised", "People in this story are not named, to protect their privacy."))
    place_meta = ", ".join(place_names) or nation_name
    # The site's own labels and vocabulary names are English; mark them so on a
    # page written in Welsh or Irish (WCAG 3.1.2, language of parts).
    en = ' lang="en"' if story.language != "en" else ""
    parts = [
        f'<article class="dw-story" data-pagefind-body data-pagefind-sort="date:{story.published}">',
        f'<h1 id="{esc(story.slug)}" data-pagefind-meta="title">{esc(story.title)}</h1>',
        f'<p class="dw-summary" data-pagefind-meta="summary">{esc(story.summary)}</p>',
    ]
    if story.summary_cy:
        parts.append(f'<p class="dw-summary-cy" lang="cy"><strong>Crynodeb:</strong> {esc(story.summary_cy)}</p>')
    parts += [
        f'<p class="dw-review-due" data-review-due="{story.review_due}" role="status" hidden data-pagefind-ignore{en}>'
        f"This story was last reviewed on {long_date(story.last_reviewed)} and is now due for review: "
        "some details may have changed since.</p>",
        f'<div hidden data-pagefind-ignore><span data-pagefind-meta="place">{esc(place_meta)}</span>{filter_html}</div>',
        f'<dl class="dw-facts"{en}>',
        *[f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts],
        "</dl>",
        f'<h2 id="how-it-shows-the-principles"{en}>How this story shows the principles</h2>',
        '<dl class="dw-evidence">',
    ]
    for entry in story.principles:
        link = url_for(term_path("principles", entry["id"]))
        parts.append(
            f'<dt{en}><a href="{esc(link)}">{esc(v.principles.name(entry["id"]))}</a></dt><dd>{esc(entry["evidence"])}</dd>'
        )
    parts.append("</dl>")
    for image in story.images:
        src = url_for("stories/media/") + image["src"][len("media/") :]
        caption = f"<figcaption>{esc(image['caption'])}</figcaption>" if image.get("caption") else ""
        parts.append(f'<figure class="dw-figure"><img src="{esc(src)}" alt="{esc(image["alt"])}" loading="lazy">{caption}</figure>')
    parts += [
        f'<div class="dw-story__body">{body_html}</div>',
        measured_results(story, en),
        f'<h2 id="sources"{en}>Sources</h2>',
        '<ol class="dw-sources">',
        *[f'<li id="source-{n}">{source_html(source)}</li>' for n, source in enumerate(story.sources, 1)],
        "</ol>",
    ]
    related = catalogue.related(story)
    if related:
        parts += [
            f'<section class="dw-related" data-pagefind-ignore{en}>',
            '<h2 id="related-stories">Related stories</h2>',
            story_list(related, catalogue, url_for),
            "</section>",
        ]
    if story.contact:
        contact = story.contact
        link = contact.get("url") or contact.get("email")
        name = esc(contact.get("name"))
        parts += [
            '<h2 id="contact">Contact</h2>',
            f'<p><a href="{esc(link)}" rel="noopener noreferrer">{name}</a></p>' if link else f"<p>{name}</p>",
        ]
    parts += [
        f'<section class="dw-cite" data-pagefind-ignore{en}>',
        '<h2 id="cite-this-story">Cite this story</h2>',
        f"<p>{esc(citations.for_story(story, site_url).text())}</p>",
        cite_downloads(f"stories/{story.slug}/", url_for),
        f'<p class="dw-print-link"><a href="{esc(url_for(f"print/stories/{story.slug}.md"))}">One-page summary to print</a> '
        "(what happened, the principles, outcomes, sources and this citation, on one A4 page)</p>",
        "</section>",
        "</article>",
    ]
    toc_tokens = [{"level": 2, "id": "how-it-shows-the-principles", "name": "How this story shows the principles", "children": []}]
    toc_tokens += toc
    toc_tokens.append({"level": 2, "id": "measured-results", "name": "Measured results", "children": []})
    toc_tokens.append({"level": 2, "id": "sources", "name": "Sources", "children": []})
    if related:
        toc_tokens.append({"level": 2, "id": "related-stories", "name": "Related stories", "children": []})
    toc_tokens.append({"level": 2, "id": "cite-this-story", "name": "Cite this story", "children": []})
    return "".join(parts), toc_tokens


OUTCOME_KINDS = {
    "reach": "Reach: how many took part or were served",
    "outcome": "Outcome: a change in services or in people's lives",
}


def measured_results(story: Story, en: str = "") -> str:
    """What changed, and how we know: the figures the sources state, each with its source,
    and a plain word where they report no change in services or people's lives."""
    parts = [f'<section class="dw-outcomes"{en}>', '<h2 id="measured-results">Measured results</h2>']
    if story.outcomes:
        rows = []
        for outcome in story.outcomes:
            figure = esc(outcome["figure"])
            if outcome.get("baseline"):
                figure += f" (before: {esc(outcome['baseline'])})"
            rows.append(
                f"<tr><td>{esc(outcome['measure'])}</td><td>{figure}</td><td>{esc(outcome['date'])}</td>"
                f"<td>{esc(OUTCOME_KINDS[outcome['kind']].split(':')[0])}</td>"
                f'<td><a href="#source-{outcome["source"]}">Source {outcome["source"]}</a></td></tr>'
            )
        parts += [
            '<div class="dw-table-wrap" tabindex="0" role="region" aria-label="Measured results">',
            "<table><caption>Figures stated by the story's sources</caption>",
            '<thead><tr><th scope="col">What was measured</th><th scope="col">Figure</th>'
            '<th scope="col">When</th><th scope="col">Kind</th><th scope="col">Source</th></tr></thead>',
            f"<tbody>{''.join(rows)}</tbody></table></div>",
        ]
    if not story.has_measured_outcomes:
        parts.append(
            "<p>The sources report no measured change in services or in people's lives"
            + (": the figures above show reach, how many took part." if story.outcomes else ".")
            + "</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def people(entries: list[dict], catalogue: Catalogue) -> str:
    roles = catalogue.vocabularies.roles
    return "; ".join(f"{p['name']} ({roles.name(p['role']).lower()})" for p in entries)


def source_html(source: dict) -> str:
    title = esc(source["title"])
    if source.get("url"):
        title = f'<a href="{esc(source["url"])}" rel="noopener noreferrer">{title}</a>'
    extra = [esc(source[k]) for k in ("publisher", "date") if source.get(k)]
    if source.get("reference"):
        extra.append(esc(source["reference"]))
    archived = source.get("archived")
    if archived:
        extra.append(
            f'<a href="{esc(archived["url"])}" rel="noopener noreferrer">archived copy, '
            f"{long_date(archived['date'])}</a>"
        )
    return title + (f" ({', '.join(extra)})" if extra else "")


def cite_downloads(folder: str, url_for: UrlFor) -> str:
    """Links to a page's RIS and BibTeX files (see doingwith/citations.py)."""
    ris, bib = (esc(url_for(folder + name)) for name in citations.CITE_FILES)
    return (
        f'<p class="dw-cite__files">For a reference manager: <a href="{ris}" download>RIS file</a> '
        f'(Zotero, EndNote, Mendeley) or <a href="{bib}" download>BibTeX file</a>.</p>'
    )


# --- browse pages ------------------------------------------------------------------


def browse_hub(key: str, catalogue: Catalogue, url_for: UrlFor) -> tuple[str, list[dict]]:
    v = catalogue.vocabularies
    if key == "places":
        return places_hub(catalogue, url_for)
    rows = []
    for term in v.get(key):
        count = catalogue.count(key, term.id)
        rows.append(
            f'<li><a href="{esc(url_for(term_path(key, term.id)))}">{esc(term.name)}</a> '
            f'<span class="dw-count">{plural(count, "story", "stories")}</span>'
            f'<p class="dw-term__description">{esc(term.description)}</p></li>'
        )
    return f'<ul class="dw-terms">{"".join(rows)}</ul>', []


def places_hub(catalogue: Catalogue, url_for: UrlFor) -> tuple[str, list[dict]]:
    v = catalogue.vocabularies
    parts, toc = [], []
    for nation in v.nations:
        anchor = f"places-in-{nation.id}"
        parts.append(f'<h2 id="{anchor}">{esc(nation.name)}</h2>')
        toc.append({"level": 2, "id": anchor, "name": nation.name, "children": []})
        if nation.id == "northern-ireland":
            parts.append(
                "<p>Each of Northern Ireland's 11 councils leads a Community Planning Partnership. "
                "The three marked took part in the Embedding Wellbeing in Northern Ireland project.</p>"
            )
        parts.append(place_list(nation.id, catalogue, url_for))
    return "".join(parts), toc


def browse_term(key: str, term_id: str, catalogue: Catalogue, url_for: UrlFor) -> tuple[str, list[dict]]:
    v = catalogue.vocabularies
    term = v.get(key)[term_id]
    stories = catalogue.stories_with(key, term_id)
    parts = [f'<p class="dw-lead">{esc(term.description)}</p>']
    if key == "places":
        # A place page is searchable by its name and towns (search_index.SEARCHABLE_PAGES);
        # its list of stories is not, so a place's name finds the place, then its stories.
        nation = v.nations[term["nation"]]
        parts = [
            f'<div class="dw-place" data-pagefind-body data-pagefind-meta="title:{esc(term.name)}">',
            f'<div hidden data-pagefind-ignore>{filter_spans(place_filters(term, v))}'
            f'<span data-pagefind-meta="place">{esc(term.name)}</span></div>',
            f'<p class="dw-lead"><strong data-pagefind-weight="10">{esc(term.name)}</strong>: {esc(term.description)}</p>',
        ]
        towns = place_towns(term)
        if towns:
            parts.append(f'<p class="dw-towns">Main towns: {esc(", ".join(towns))}.</p>')
        parts.append(
            f'<p>Nation: <a href="{esc(url_for(term_path("nations", nation.id)))}">{esc(nation.name)}</a>.</p>'
        )
        if term.get("embedding_wellbeing"):
            parts.append(
                '<p class="dw-badge-line"><span class="dw-badge">Embedding Wellbeing</span> This partnership '
                "took part in Carnegie UK Trust's Embedding Wellbeing in Northern Ireland project.</p>"
            )
        if term.get("community_plan") and term.get("community_plan_source"):
            parts.append(
                f'<p class="dw-plan">{esc(term["community_plan"])} Source: '
                f'<a href="{esc(term["community_plan_source"])}" rel="noopener noreferrer">'
                f'{esc(term.get("community_plan_source_title") or term["community_plan_source"])}</a>.</p>'
            )
        parts.append("</div>")
    parts.append(f'<h2 id="stories">{plural(len(stories), "story", "stories").capitalize()}</h2>')
    if stories:
        parts.append(story_list(stories, catalogue, url_for))
    else:
        parts.append(invitation(url_for, f"from {term.name}" if key in ("places", "nations") else f"for {term.name}"))
        if key == "places":
            parts.append(stories_for_an_empty_place(term, catalogue, url_for))
    notes = catalogue.learning_for(key, term_id) if key in ("places", "principles") else []
    if notes:
        parts += [f'<h2 id="learning">What was learned here ({len(notes)})</h2>', learning_list(notes, catalogue, url_for)]
    if key == "stages":
        resources = catalogue.resources_for("stages", term_id)
        if resources:
            parts += ['<h2 id="resources">Resources for this stage</h2>', resource_list(resources, catalogue, url_for)]
    return "".join(parts), [{"level": 2, "id": "stories", "name": "Stories", "children": []}]


ORDER_NOTE = (
    "Ordered by when the work happened: work still going on first, then by the year it ended, "
    "most recent first. Where those tie, the work that began later comes first, then titles A to Z."
)


def by_when_the_work_happened(stories: list[Story]) -> list[Story]:
    """Stories by when the work happened: ongoing first, then latest end, then latest start,
    then title. Periods are years or dates written YYYY[-MM[-DD]], so text order is date order."""
    by_title = sorted(stories, key=lambda story: story.title.lower())
    # Python's sort is stable, reversed too: stories whose dates tie stay in title order.
    return sorted(
        by_title,
        key=lambda story: ("9999" if story.period["end"] == "ongoing" else story.period["end"], story.period["start"]),
        reverse=True,
    )


def stories_near(place, catalogue: Catalogue, limit: int = 6) -> list[tuple[Story, str]]:
    """Stories for a place that has none, each with why it is offered: first those from
    partnerships that shared its programme (Embedding Wellbeing), then those from the
    other places of its nation; the most recent work first within each."""
    v = catalogue.vocabularies
    nation = v.nations.name(place["nation"])
    chosen: list[tuple[Story, str]] = []
    seen: set[str] = set()

    def offer(stories, reason):
        for story in by_when_the_work_happened(stories):
            if story.slug not in seen and len(chosen) < limit:
                seen.add(story.slug)
                chosen.append((story, reason(story)))

    def where(story):
        return " and ".join(v.places.name(p) for p in story.places if v.places[p]["nation"] == place["nation"])

    if place.get("embedding_wellbeing"):
        partners = [p for p in v.places if p.get("embedding_wellbeing") and p.id != place.id]
        offer(
            [s for s in catalogue.stories if any(p.id in s.places for p in partners)],
            lambda s: f"From {where(s)}, which also took part in the Embedding Wellbeing in Northern Ireland project.",
        )
    neighbours = [s for s in catalogue.stories_with("nations", place["nation"]) if s.places]
    kind = "Community Planning Partnership" if place["nation"] in ("northern-ireland", "scotland") else "council area"
    offer(neighbours, lambda s: f"From {where(s) or nation}, another {nation} {kind}, under the same law and guidance.")
    return chosen


def stories_for_an_empty_place(place, catalogue: Catalogue, url_for: UrlFor) -> str:
    offered = stories_near(place, catalogue)
    if not offered:
        return ""
    v = catalogue.vocabularies
    items = "".join(
        f'<li class="dw-card"><h3 class="dw-card__title"><a href="{esc(url_for(story_path(story)))}">{esc(story.title)}</a></h3>'
        f'<p class="dw-card__meta">{esc(", ".join(v.places.name(p) for p in story.places))} · {esc(period_text(story.period))}</p>'
        f'<p class="dw-card__why"><strong>Why it is here:</strong> {esc(reason)}</p>'
        f'<p class="dw-card__summary">{esc(story.summary)}</p></li>'
        for story, reason in offered
    )
    plan = ""
    if place.get("community_plan_source"):
        plan = (
            f' For what {esc(place.name)} has planned, start with <a href="{esc(place["community_plan_source"])}" '
            f'rel="noopener noreferrer">its community plan</a>.'
        )
    return (
        '<section class="dw-nearby" data-pagefind-ignore><h3 id="stories-from-nearby">Stories from similar places</h3>'
        f"<p>Until there is a story from {esc(place.name)}, these come from places that work under the "
        f"same duties.{plan}</p>"
        f'<ul class="dw-cards">{items}</ul></section>'
    )


def stories_index(catalogue: Catalogue, url_for: UrlFor) -> tuple[str, list[dict]]:
    v = catalogue.vocabularies
    stories = by_when_the_work_happened(catalogue.stories)
    cards = []
    for story in stories:
        places = ", ".join(v.places.name(p) for p in story.places) or "Across the nation"
        principles = "".join(f"<li>{esc(v.principles.name(p))}</li>" for p in story.principle_ids)
        cards.append(
            f'<li class="dw-card dw-story-card" data-nation="{esc(story.nation)}" '
            f'data-principles="{esc(" ".join(story.principle_ids))}" '
            f'data-evidence="{"measured" if story.has_measured_outcomes else ""}">'
            f'<h2 class="dw-card__title"><a href="{esc(url_for(story_path(story)))}">{esc(story.title)}</a></h2>'
            f'<p class="dw-card__meta">{esc(places)} ({esc(v.nations.name(story.nation))}) · '
            f"When: {esc(period_text(story.period))} · Last reviewed "
            f'<time datetime="{story.last_reviewed}">{long_date(story.last_reviewed)}</time></p>'
            f'<p class="dw-card__summary">{esc(story.summary)}</p>'
            f'<ul class="dw-card__principles" aria-label="Principles">{principles}</ul></li>'
        )

    def options(vocabulary, used) -> str:
        return "".join(f'<option value="{esc(t.id)}">{esc(t.name)}</option>' for t in vocabulary if t.id in used)

    form = (
        '<form class="dw-filter" data-dw-story-filter hidden aria-label="Filter stories">'
        '<label for="dw-stories-nation">Nation</label>'
        f'<select id="dw-stories-nation" data-filter="nation"><option value="">All nations</option>'
        f"{options(v.nations, {s.nation for s in stories})}</select>"
        '<label for="dw-stories-principle">Principle</label>'
        f'<select id="dw-stories-principle" data-filter="principles"><option value="">All principles</option>'
        f"{options(v.principles, {p for s in stories for p in s.principle_ids})}</select>"
        '<div class="dw-filter__check"><input type="checkbox" id="dw-stories-measured" data-filter="evidence" value="measured">'
        f'<label for="dw-stories-measured">{esc(MEASURED_OUTCOMES)}</label></div>'
        '<p class="dw-filter__status" role="status" aria-live="polite"></p>'
        "</form>"
    )
    intro = (
        f"<p>{plural(len(stories), 'story', 'stories').capitalize()} of co-production in community "
        f"planning. {ORDER_NOTE} You can also browse by "
        f'<a href="{esc(url_for("principles/index.md"))}">principle</a>, '
        f'<a href="{esc(url_for("nations/index.md"))}">nation</a>, <a href="{esc(url_for("places/index.md"))}">place</a>, '
        f'<a href="{esc(url_for("stages/index.md"))}">stage</a> or <a href="{esc(url_for("themes/index.md"))}">theme</a>.</p>'
    )
    return intro + form + f'<ul class="dw-cards dw-cards--stories">{"".join(cards)}</ul>', []


# --- principle pages (hand-written, with generated lists appended) -------------------


def principle_additions(principle_id: str, catalogue: Catalogue, url_for: UrlFor) -> tuple[str, list[dict]]:
    stories = catalogue.stories_with("principles", principle_id)
    toolkit = catalogue.toolkit_for(principle_id)
    resources = catalogue.resources_for("principles", principle_id)
    parts = [
        '<section class="dw-principle-stories" data-pagefind-ignore>',
        f'<h2 id="{STORIES_ANCHOR}">Stories that show it ({len(stories)})</h2>',
    ]
    parts.append(
        story_list(stories, catalogue, url_for, evidence_for=principle_id)
        if stories
        else invitation(url_for, "that show this principle")
    )
    parts.append("</section>")
    parts.append(
        f'<p class="dw-print-link"><a href="{esc(url_for(f"print/principles/{principle_id}.md"))}">'
        "Printable pack for this principle</a> (the principle, its stories' summaries and toolkit guides)</p>"
    )
    toc = [{"level": 2, "id": STORIES_ANCHOR, "name": "Stories that show it", "children": []}]
    if toolkit:
        items = "".join(
            f'<li><a href="{esc(url_for(f"toolkit/{t.slug}.md"))}">{esc(t.title)}</a>'
            f'{": " + esc(t.description) if t.description else ""}</li>'
            for t in toolkit
        )
        parts.append(f'<section data-pagefind-ignore><h2 id="toolkit-guides">Toolkit guides</h2><ul>{items}</ul></section>')
        toc.append({"level": 2, "id": "toolkit-guides", "name": "Toolkit guides", "children": []})
    if resources:
        parts.append(
            f'<section data-pagefind-ignore><h2 id="resources">Resources</h2>{resource_list(resources, catalogue, url_for)}</section>'
        )
        toc.append({"level": 2, "id": "resources", "name": "Resources", "children": []})
    notes = catalogue.learning_for("principles", principle_id)
    parts.append(
        f'<section data-pagefind-ignore><h2 id="learning">What partnerships learned</h2>'
        f'<p><a href="{esc(url_for(LESSONS_PAGE))}">What the partnerships learned</a>: the six lessons of '
        "the Embedding Wellbeing programme.</p>"
        f"{learning_list(notes, catalogue, url_for)}</section>"
    )
    toc.append({"level": 2, "id": "learning", "name": "What partnerships learned", "children": []})
    return "".join(parts), toc


# --- resources ---------------------------------------------------------------------


def resource_path(resource: Resource) -> str:
    return f"resources/{resource.slug}.md"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def file_format(resource: Resource) -> str:
    if resource.file:
        suffix = resource.file.rsplit(".", 1)[-1].lower()
        names = {"docx": "Word document", "xlsx": "Excel workbook", "pptx": "PowerPoint slides",
                 "odt": "OpenDocument text", "ods": "OpenDocument spreadsheet", "odp": "OpenDocument slides",
                 "pdf": "PDF", "csv": "CSV spreadsheet", "txt": "Plain text", "rtf": "Rich text document"}
        return names.get(suffix, suffix.upper())
    return "Web page"


def resource_list(resources: list[Resource], catalogue: Catalogue, url_for: UrlFor) -> str:
    v = catalogue.vocabularies
    items = []
    for r in resources:
        principles = " ".join(r.principles)
        items.append(
            f'<li class="dw-card" data-type="{esc(r.type)}" data-principles="{esc(principles)}" '
            f'data-stages="{esc(" ".join(r.stages))}">'
            f'<h3 class="dw-card__title"><a href="{esc(url_for(resource_path(r)))}">{esc(r.title)}</a></h3>'
            f'<p class="dw-card__meta">{esc(v.resource_types.name(r.type))} · {esc(file_format(r))}'
            f" · {esc(r.publisher)}</p>"
            f'<p class="dw-card__summary">{esc(r.summary)}</p></li>'
        )
    return f'<ul class="dw-cards">{"".join(items)}</ul>'


def citation_tags(cited: citations.Citation | None) -> list[tuple[str, str]]:
    return cited.meta_tags() if cited else []


def resource_page(
    resource: Resource, catalogue: Catalogue, renderer: ContentRenderer, url_for: UrlFor, site_url: str = ""
) -> tuple[str, list[dict]]:
    v = catalogue.vocabularies
    media_prefix = url_for("resources/media/") if "media/" in resource.body else ""
    body_html, toc = renderer.render(resource.body, media_prefix=media_prefix, title_id=resource.slug)
    if resource.file:
        name = resource.file.split("/", 1)[1]
        action = (
            f'<p class="dw-download"><a class="md-button md-button--primary" href="{esc(url_for("resources/" + resource.file))}" '
            f'download="{esc(name)}">Download: {esc(resource.title)} ({esc(file_format(resource))}, '
            f"{esc(human_size(resource.file_size or 0))})</a></p>"
        )
    else:
        action = (
            f'<p class="dw-download"><a class="md-button md-button--primary" href="{esc(resource.url)}" '
            f'rel="noopener noreferrer">Go to {esc(resource.title)} on the publisher\'s site</a></p>'
        )
    filter_html = filter_spans(resource_filters(resource, v))
    facts = [
        ("Type", esc(v.resource_types.name(resource.type))),
        ("Format", esc(file_format(resource))),
        ("Principles", term_links("principles", resource.principles, catalogue, url_for)),
        ("Stages", term_links("stages", resource.stages, catalogue, url_for)),
        ("Licence", esc(v.licences.name(resource.licence))),
        ("Publisher", esc(resource.publisher)),
        ("Last reviewed", f'<time datetime="{resource.last_reviewed}">{long_date(resource.last_reviewed)}</time>'),
    ]
    html_parts = [
        f'<article class="dw-resource" data-pagefind-body data-pagefind-sort="date:{resource.last_reviewed}">',
        f'<h1 id="{esc(resource.slug)}" data-pagefind-meta="title">{esc(resource.title)}</h1>',
        f'<p class="dw-summary" data-pagefind-meta="summary">{esc(resource.summary)}</p>',
        f'<div hidden data-pagefind-ignore>{filter_html}</div>',
        action,
        '<dl class="dw-facts">',
        *[f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts],
        "</dl>",
        f'<div class="dw-resource__body">{body_html}</div>',
    ]
    cited = citations.for_resource(resource, site_url)
    if cited:
        html_parts += [
            '<section class="dw-cite" data-pagefind-ignore>',
            '<h2 id="cite-this-resource">Cite this resource</h2>',
            f"<p>{esc(cited.text())}</p>",
            cite_downloads(f"resources/{resource.slug}/", url_for),
            "</section>",
        ]
        toc = toc + [{"level": 2, "id": "cite-this-resource", "name": "Cite this resource", "children": []}]
    html_parts.append("</article>")
    return "".join(html_parts), toc


def resources_index(catalogue: Catalogue, url_for: UrlFor) -> tuple[str, list[dict]]:
    v = catalogue.vocabularies

    def options(key: str) -> str:
        used = {t for r in catalogue.resources for t in ([r.type] if key == "resource_types" else getattr(r, key))}
        return "".join(f'<option value="{esc(t.id)}">{esc(t.name)}</option>' for t in v.get(key) if t.id in used)

    form = (
        '<form class="dw-filter" data-dw-filter hidden aria-label="Filter resources">'
        '<label for="dw-filter-type">Type</label>'
        f'<select id="dw-filter-type" data-filter="type"><option value="">All types</option>{options("resource_types")}</select>'
        '<label for="dw-filter-principle">Principle</label>'
        f'<select id="dw-filter-principle" data-filter="principles"><option value="">All principles</option>{options("principles")}</select>'
        '<label for="dw-filter-stage">Stage</label>'
        f'<select id="dw-filter-stage" data-filter="stages"><option value="">All stages</option>{options("stages")}</select>'
        '<p class="dw-filter__status" role="status" aria-live="polite"></p>'
        "</form>"
    )
    intro = (
        f"<p>{plural(len(catalogue.resources), 'resource')}: templates, checklists, guides and plans written "
        "here to download, adapt and print, and links to public resources by others, each with its licence.</p>"
    )
    heading = '<h2 id="the-resources">The resources</h2>'
    return intro + form + heading + resource_list(catalogue.resources, catalogue, url_for), [
        {"level": 2, "id": "the-resources", "name": "The resources", "children": []}
    ]


# --- all generated pages -------------------------------------------------------------


def with_frame(draw, frame: tuple[str, list[dict]]):
    """A nation's page with its legal frame (nations.yml `frame`: what the law asks of its
    public services) after the opening paragraph."""

    def draw_with_frame(url_for: UrlFor) -> tuple[str, list[dict]]:
        html, toc = draw(url_for)
        lead, rest = html.split("</p>", 1)
        return f'{lead}</p><section class="dw-frame">{frame[0]}</section>{rest}', frame[1] + toc

    return draw_with_frame


def generated_pages(
    catalogue: Catalogue,
    renderer: ContentRenderer,
    site_url: str = "",
) -> list[GeneratedPage]:
    """Every page made from the catalogue."""
    v = catalogue.vocabularies
    pages = [
        GeneratedPage(
            story_path(story),
            story.title,
            lambda url_for, s=story: story_page(s, catalogue, renderer, url_for, site_url),
            description=story.summary,
            language=story.language,
            kind="story",
            meta={"slug": story.slug},
            head_meta=citations.for_story(story, site_url).meta_tags(),
        )
        for story in catalogue.stories
    ]
    for story in catalogue.stories:
        pages.append(
            GeneratedPage(
                f"print/stories/{story.slug}.md",
                f"Summary: {story.title}",
                lambda url_for, s=story: print_story(s, catalogue, url_for, site_url),
                description=f"A one-page summary of the story {story.title}, to print.",
                language=story.language,
            )
        )
    pages.append(
        GeneratedPage("stories/index.md", "All stories", lambda url_for: stories_index(catalogue, url_for),
                      description="Every story in the library, with its facts.")
    )
    for key in BROWSE_KEYS:
        title, noun = BROWSE_TITLES[key]
        pages.append(
            GeneratedPage(f"{key}/index.md", title, lambda url_for, k=key: browse_hub(k, catalogue, url_for),
                          description=f"Browse the stories by {noun}.")
        )
        for term in v.get(key):
            prefix = {"nations": "Stories from", "places": "Stories from", "stages": "Stories of", "themes": "Stories about"}[key]
            draw = lambda url_for, k=key, t=term.id: browse_term(k, t, catalogue, url_for)  # noqa: E731
            if term.get("frame"):
                draw = with_frame(draw, renderer.render(term["frame"]))
            pages.append(
                GeneratedPage(
                    term_path(key, term.id),
                    f"{prefix} {term.name}" if key != "stages" else f"{term.name}: stories",
                    draw,
                    description=term.description,
                )
            )
    for resource in catalogue.resources:
        pages.append(
            GeneratedPage(
                resource_path(resource),
                resource.title,
                lambda url_for, r=resource: resource_page(r, catalogue, renderer, url_for, site_url),
                description=resource.summary,
                language=resource.language,
                kind="resource",
                head_meta=citation_tags(citations.for_resource(resource, site_url)),
            )
        )
    pages.append(
        GeneratedPage("resources/index.md", "Resource library", lambda url_for: resources_index(catalogue, url_for),
                      description="Templates, checklists, guides and links for co-production.")
    )
    return pages


# --- print packs ---------------------------------------------------------------------


RELATIVE_LINK = re.compile(r'(href|src)="(?![a-z][a-z0-9+.-]*:|#|/)([^"]*)"')


def rebase_links(html_text: str, from_url: str, to_url: str) -> str:
    """Relative links in HTML rendered for one page, made right for another."""

    def rebase(match):
        target, _, fragment = match.group(2).partition("#")
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(from_url.rstrip("/") + "/x"), target))
        absolute = "" if absolute == "." else absolute + ("/" if target.endswith("/") else "")
        relative = relative_url(absolute, to_url) or "./"
        return f'{match.group(1)}="{relative}{"#" + fragment if fragment else ""}"'

    return RELATIVE_LINK.sub(rebase, html_text)


def relative_url(target: str, from_url: str) -> str:
    """``target`` (a site path) as seen from the page at ``from_url``; both directory-style."""
    base = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else ""
    relative = posixpath.relpath(target or ".", base or ".")
    return relative + ("/" if target.endswith("/") and not relative.endswith("/") else "")



PRINT_BUTTON = '<p class="dw-print-actions"><button type="button" class="md-button" data-dw-print hidden>Print this pack</button></p>'


def print_principle(
    principle_id: str, principle_html: str, catalogue: Catalogue, url_for: UrlFor, site_url: str = ""
) -> tuple[str, list[dict]]:
    """One principle on paper: what it means, its stories' summaries, its toolkit guides."""
    v = catalogue.vocabularies
    stories = catalogue.stories_with("principles", principle_id)
    parts = [
        PRINT_BUTTON,
        f'<p class="dw-lead">A printable pack on <a href="{esc(url_for(term_path("principles", principle_id)))}">'
        f"{esc(v.principles.name(principle_id))}</a>: what it means, the stories that show it, and "
        "toolkit guides to use at your next meeting.</p>",
        f'<section class="dw-print-principle">{principle_html}</section>',
        f'<h2 id="stories">Stories ({len(stories)})</h2>',
    ]
    if stories:
        items = []
        for story in stories:
            items.append(
                f'<li><strong><a href="{esc(url_for(story_path(story)))}">{esc(story.title)}</a></strong> '
                f"({esc(v.nations.name(story.nation))}, {esc(period_text(story.period))}). {esc(story.summary)} "
                f"<em>How it shows this principle:</em> {esc(story.evidence_for(principle_id))}</li>"
            )
        parts.append(f'<ol class="dw-print-stories">{"".join(items)}</ol>')
    else:
        parts.append("<p>No stories yet.</p>")
    toolkit = catalogue.toolkit_for(principle_id)
    if stories:
        parts.append(
            '<p class="dw-print-actions"><a href="#story-summaries">One-page summaries of these stories</a> '
            "follow the toolkit guides, each on its own page; "
            '<label><input type="checkbox" data-dw-print-optional="story-summaries" checked> include them when printing</label></p>'
        )
    if toolkit:
        parts.append('<h2 id="toolkit">Toolkit guides</h2><ul>')
        parts += [
            f'<li><a href="{esc(url_for(f"toolkit/{t.slug}.md"))}">{esc(t.title)}</a>: {esc(t.description)}</li>'
            for t in toolkit
        ]
        parts.append("</ul>")
    toc = [{"level": 2, "id": "stories", "name": "Stories", "children": []}]
    if stories:
        parts.append('<section id="story-summaries" class="dw-print-summaries"><h2>One-page story summaries</h2>')
        for story in stories:
            parts.append(
                f'<section class="dw-print-summaries__story"><h3><a href="{esc(url_for(story_path(story)))}">'
                f"{esc(story.title)}</a></h3>{story_print_summary(story, catalogue, url_for, site_url, heading=4)}</section>"
            )
        parts.append("</section>")
        toc.append({"level": 2, "id": "story-summaries", "name": "One-page story summaries", "children": []})
    return "".join(parts), toc


MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKS = re.compile(r"[*_`>#]+")
SUMMARY_WORDS = 130  # what happened, on the one-page summary: a paragraph or two


def what_happened(story: Story, words: int = SUMMARY_WORDS) -> str:
    """The opening of the story's "What happened" section as plain text, ended at a
    sentence within ``words`` words (the first section, when there is no such heading)."""
    sections: dict[str, list[str]] = {}
    heading = ""
    for line in story.body.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip().lower()
        else:
            sections.setdefault(heading, []).append(line)
    lines = sections.get("what happened") or next(iter(sections.values()), [])
    text = " ".join(MARKDOWN_MARKS.sub("", MARKDOWN_LINK.sub(r"\1", " ".join(lines))).split())
    chosen = text.split()
    if len(chosen) <= words:
        return text
    cut = " ".join(chosen[:words])
    end = max(cut.rfind(". "), cut.rfind(".”"), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > len(cut) // 3 else cut + "…"


def story_print_summary(story: Story, catalogue: Catalogue, url_for: UrlFor, site_url: str, heading: int = 2) -> str:
    """A story on one A4 page, for a meeting pack: what happened, the principles with their
    evidence, outcomes, sources and a citation. ``heading``: the level of its sections
    (the title is the page's own h1 when it stands alone)."""
    v = catalogue.vocabularies
    h = f"h{heading}"
    where = ", ".join(v.places.name(p) for p in story.places) or "Across the nation"
    parts = [
        '<article class="dw-print-summary">',
        f'<p class="dw-print-summary__facts">{esc(where)} ({esc(v.nations.name(story.nation))}) · '
        f"{esc(period_text(story.period))} · Organisations: {esc(', '.join(story.organisations))}</p>",
        f'<p class="dw-print-summary__lead">{esc(story.summary)}</p>',
        f"<{h}>What happened</{h}>",
        f"<p>{esc(what_happened(story))}</p>",
        f"<{h}>The principles, and the evidence</{h}>",
        '<dl class="dw-print-summary__principles">',
    ]
    for entry in story.principles:
        parts.append(f"<dt>{esc(v.principles.name(entry['id']))}</dt><dd>{esc(entry['evidence'])}</dd>")
    parts += ["</dl>", f"<{h}>Outcomes</{h}>"]
    if story.outcomes:
        items = "".join(
            f"<li>{esc(o['measure'])}: {esc(o['figure'])} ({esc(o['date'])}; source {o['source']})</li>"
            for o in story.outcomes
        )
        parts.append(f"<ul>{items}</ul>")
    if not story.has_measured_outcomes:
        parts.append(
            "<p>The sources report no measured change in services or in people's lives"
            + (": the figures above show reach." if story.outcomes else ".") + "</p>"
        )
    sources = "".join(
        f"<li>{esc(src['title'])}"
        + (f" ({esc(src['publisher'])})" if src.get("publisher") else "")
        + (f' <span class="dw-print-summary__url">{esc(src["url"])}</span>' if src.get("url") else "")
        + "</li>"
        for src in story.sources
    )
    parts += [
        f"<{h}>Sources</{h}>",
        f'<ol class="dw-print-summary__sources">{sources}</ol>',
        f'<p class="dw-print-summary__cite"><strong>Cite as:</strong> {esc(citations.for_story(story, site_url).text())}</p>',
        "</article>",
    ]
    return "".join(parts)


def print_story(story: Story, catalogue: Catalogue, url_for: UrlFor, site_url: str) -> tuple[str, list[dict]]:
    """The page print/stories/<slug>/: one story's one-page summary."""
    intro = (
        '<p class="dw-print-actions"><button type="button" class="md-button" data-dw-print hidden>Print this summary</button> '
        f'<a href="{esc(url_for(story_path(story)))}">The whole story</a></p>'
    )
    return intro + story_print_summary(story, catalogue, url_for, site_url), []


def print_toolkit(guides: list[tuple[str, str, str]], url_for: UrlFor) -> tuple[str, list[dict]]:
    """Every toolkit guide on one page, for printing. ``guides`` is (slug, title, html)."""
    parts = [PRINT_BUTTON, '<p class="dw-lead">The whole toolkit on one page, to print or save as PDF.</p>']
    toc = []
    for slug, title, html_text in guides:
        anchor = f"guide-{slug}"
        toc.append({"level": 2, "id": anchor, "name": title, "children": []})
        parts.append(
            f'<section class="dw-print-guide"><h2 id="{esc(anchor)}"><a href="{esc(url_for(f"toolkit/{slug}.md"))}">'
            f"{esc(title)}</a></h2>{demote_headings(html_text)}</section>"
        )
    return "".join(parts), toc


def demote_headings(html_text: str) -> str:
    """Shift h2-h5 down a level so a guide's sections sit under its own heading,
    and drop ids (they would repeat across guides)."""
    html_text = re.sub(r'\s(id)="[^"]*"', "", html_text)
    html_text = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", html_text)
    return re.sub(r"<(/?)h([2-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html_text)


# --- pieces for hand-written pages (used through macros) -------------------------------


def facet_totals(catalogue: Catalogue) -> dict[str, dict[str, int]]:
    """How many indexed pages carry each search filter value, from the same functions that
    give the pages their filters. The search page shows these before the first search, so
    the reader's browser need not fetch every filter's index to count them."""
    v = catalogue.vocabularies
    every_page = [story_filters(s, v) for s in catalogue.stories]
    every_page += [resource_filters(r, v) for r in catalogue.resources]
    every_page += [learning_filters(n, v) for n in catalogue.learning]
    every_page += [toolkit_filters(g.principles, g.stages, v) for g in catalogue.toolkit]
    every_page += [principle_filters(p.name) for p in v.principles]
    every_page += [place_filters(p, v) for p in v.places]
    totals: dict[str, dict[str, int]] = {}
    for filters in every_page:
        for key, value in filters:
            totals.setdefault(key, {})
            totals[key][value] = totals[key].get(value, 0) + 1
    return totals


def facet_totals_json(catalogue: Catalogue) -> str:
    """The totals as JSON inside a non-executable script element (allowed by the CSP)."""
    import json

    data = json.dumps(facet_totals(catalogue), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/json" id="dw-facet-totals">{data}</script>'



def principle_cards(catalogue: Catalogue, url_for: UrlFor) -> str:
    cards = []
    for number, principle in enumerate(catalogue.vocabularies.principles, 1):
        count = catalogue.count("principles", principle.id)
        cards.append(
            f'<li class="dw-principle-card"><a href="{esc(url_for(term_path("principles", principle.id)))}">'
            f'<span class="dw-principle-card__number" aria-hidden="true">{number}</span>'
            f'<span class="dw-principle-card__name">{esc(principle.name)}</span></a>'
            f'<p>{esc(principle.description)}</p>'
            f'<p class="dw-count">{plural(count, "story", "stories")}</p></li>'
        )
    return f'<ul class="dw-principle-cards">{"".join(cards)}</ul>'


def recent_stories(catalogue: Catalogue, url_for: UrlFor, limit: int = 4) -> str:
    """The home page's stories: the most recent work, in the all-stories page's order."""
    stories = by_when_the_work_happened(catalogue.stories)[:limit]
    return story_list(stories, catalogue, url_for) or invitation(url_for, "in the library")


def partnership_list(catalogue: Catalogue, url_for: UrlFor) -> str:
    return place_list("northern-ireland", catalogue, url_for)


def place_list(nation_id: str, catalogue: Catalogue, url_for: UrlFor) -> str:
    """A nation's places (in Northern Ireland, its partnerships), each with its count of stories."""
    v = catalogue.vocabularies
    items = []
    for place_id in v.places_in(nation_id):
        place = v.places[place_id]
        badge = ' <span class="dw-badge">Embedding Wellbeing</span>' if place.get("embedding_wellbeing") else ""
        count = catalogue.count("places", place_id)
        items.append(
            f'<li><a href="{esc(url_for(term_path("places", place_id)))}">{esc(place.name)}</a>{badge} '
            f'<span class="dw-count">{plural(count, "story", "stories")}</span></li>'
        )
    return f'<ul class="dw-terms dw-terms--places">{"".join(items)}</ul>'
