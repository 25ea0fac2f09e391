"""Open data written with every build: the catalogue as JSON and CSV, and Atom feeds.

Every fact a story page shows is in ``stories.json``; ``stories.csv`` has one
row per story with list values joined by "; ". Feeds cover the whole site and
each principle and nation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

from doingwith import citations
from doingwith.catalogue import Catalogue
from doingwith.content import Resource, Story

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
CSV_COLUMNS = [
    "slug", "title", "summary", "summary_cy", "nation", "places", "organisations", "principles",
    "evidence", "stages", "themes", "period_start", "period_end", "published", "last_reviewed",
    "review_due", "authors", "co_authors", "consent_to_publish", "anonymised", "consent_basis",
    "sources", "outcomes", "has_measured_outcomes", "language", "url",
    "citation_authors", "citation_publication_date", "citation_online_date", "citation_publisher",
]


def story_record(story: Story, site_url: str = "") -> dict:
    """Everything known about a story, in the schema's own field names."""
    record = {
        "slug": story.slug,
        "url": _url(site_url, f"stories/{story.slug}/"),
        "title": story.title,
        "summary": story.summary,
        "nation": story.nation,
        "places": story.places,
        "organisations": story.organisations,
        "principles": [{"id": p["id"], "evidence": p["evidence"]} for p in story.principles],
        "stages": story.stages,
        "themes": story.themes,
        "period": {"start": story.period["start"], "end": story.period["end"]},
        "published": story.published.isoformat(),
        "last_reviewed": story.last_reviewed.isoformat(),
        "review_due": story.review_due.isoformat(),
        "authors": story.authors,
        "co_authors": story.co_authors,
        "consent": story.consent,
        "sources": [_source_record(s) for s in story.sources],
        "images": [{k: v for k, v in i.items() if v is not None} for i in story.images],
        "outcomes": [{k: v for k, v in o.items() if v is not None} for o in story.outcomes],
        "has_measured_outcomes": story.has_measured_outcomes,
        "language": story.language,
        "citation": citations.for_story(story, site_url).record(),
    }
    if story.summary_cy:
        record["summary_cy"] = story.summary_cy
    if story.contact:
        record["contact"] = {k: v for k, v in story.contact.items() if v is not None}
    return record


def _source_record(source: dict) -> dict:
    record = {k: v for k, v in source.items() if v is not None}
    if source.get("archived"):
        record["archived"] = {"url": source["archived"]["url"], "date": source["archived"]["date"].isoformat()}
    return record


def learning_record(note, site_url: str = "") -> dict:
    """Everything known about a learning note, in the schema's own field names."""
    return {
        "slug": note.slug,
        "url": _url(site_url, f"learning/{note.slug}/"),
        "title": note.title,
        "summary": note.summary,
        "date": note.date,
        "nation": note.nation,
        "places": note.places,
        "principles": note.principles,
        "lessons": note.lessons,
        "sources": [_source_record(s) for s in note.sources],
        "published": note.published.isoformat(),
        "last_reviewed": note.last_reviewed.isoformat(),
        "review_due": note.review_due.isoformat(),
        "authors": note.authors,
        "language": note.language,
    }


def resource_record(resource: Resource, site_url: str = "") -> dict:
    record = {
        "slug": resource.slug,
        "url": _url(site_url, f"resources/{resource.slug}/"),
        "title": resource.title,
        "summary": resource.summary,
        "type": resource.type,
        "principles": resource.principles,
        "stages": resource.stages,
        "licence": resource.licence,
        "publisher": resource.publisher,
        "last_reviewed": resource.last_reviewed.isoformat(),
        "language": resource.language,
    }
    cited = citations.for_resource(resource, site_url)
    if cited:
        record["citation"] = cited.record()
    if resource.file:
        record["file"] = resource.file
        record["download"] = _url(site_url, f"resources/{resource.file}")
        record["file_size"] = resource.file_size
    else:
        record["link"] = resource.url
    return record


def _url(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def spreadsheet_safe(value: str) -> str:
    """Spreadsheets run a cell starting =, +, - or @ as a formula: make it text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def stories_csv(records: list[dict]) -> str:
    """The stories' records (see ``story_record``) as CSV."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({key: spreadsheet_safe(value) for key, value in _csv_row(r).items()})
    return buffer.getvalue()


def _csv_row(r: dict) -> dict:
    return (
            {
                "slug": r["slug"], "title": r["title"], "summary": r["summary"],
                "summary_cy": r.get("summary_cy", ""), "nation": r["nation"],
                "places": "; ".join(r["places"]), "organisations": "; ".join(r["organisations"]),
                "principles": "; ".join(p["id"] for p in r["principles"]),
                "evidence": "; ".join(f"{p['id']}: {p['evidence']}" for p in r["principles"]),
                "stages": "; ".join(r["stages"]), "themes": "; ".join(r["themes"]),
                "period_start": r["period"]["start"], "period_end": r["period"]["end"],
                "published": r["published"], "last_reviewed": r["last_reviewed"],
                "review_due": r["review_due"],
                "authors": "; ".join(f"{a['name']} ({a['role']})" for a in r["authors"]),
                "co_authors": "; ".join(f"{a['name']} ({a['role']})" for a in r["co_authors"]),
                "consent_to_publish": "true" if r["consent"]["to_publish"] else "false",
                "anonymised": "true" if r["consent"]["anonymised"] else "false",
                "consent_basis": r["consent"]["basis"],
                "sources": "; ".join(s.get("url") or s.get("reference", "") for s in r["sources"]),
                "outcomes": "; ".join(f"{o['measure']}: {o['figure']} ({o['date']}, {o['kind']})" for o in r["outcomes"]),
                "has_measured_outcomes": "true" if r["has_measured_outcomes"] else "false",
                "language": r["language"], "url": r["url"],
                "citation_authors": "; ".join(r["citation"]["authors"]),
                "citation_publication_date": r["citation"]["publication_date"],
                "citation_online_date": r["citation"]["online_date"],
                "citation_publisher": r["citation"]["publisher"],
            }
    )


def atom_feed(
    title: str, feed_path: str, stories: list, site_url: str, updated: dt.date, folder: str = "stories"
) -> str:
    """An Atom feed of stories (or of learning notes, with ``folder`` "learning")."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    feed_id = _url(site_url or "https://doingwith.invalid/", feed_path)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_id)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=_url(site_url or "https://doingwith.invalid/", ""))
    newest = max((s.published for s in stories), default=updated)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{newest.isoformat()}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Doing With"
    for story in stories[:FEED_SIZE]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        link = _url(site_url or "https://doingwith.invalid/", f"{folder}/{story.slug}/")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = story.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = link
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = f"{story.published.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{story.last_reviewed.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = story.summary
        for person in story.authors:
            entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(entry_author, f"{{{ATOM}}}name").text = person["name"]
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feeds(catalogue: Catalogue, site_url: str, today: dt.date) -> dict[str, str]:
    """Feed path -> Atom XML: the whole site, then one per principle and per nation."""
    v = catalogue.vocabularies
    result = {"feeds/stories.xml": atom_feed("Doing With: new stories", "feeds/stories.xml", catalogue.stories, site_url, today)}
    by_publication = sorted(catalogue.learning, key=lambda n: n.published, reverse=True)
    result["feeds/learning.xml"] = atom_feed(
        "Doing With: learning log", "feeds/learning.xml", by_publication, site_url, today, folder="learning"
    )
    for key in FEED_VOCABULARIES:
        for term in v.get(key):
            path = f"feeds/{key}/{term.id}.xml"
            result[path] = atom_feed(
                f"Doing With: {term.name}", path, catalogue.stories_with(key, term.id), site_url, today
            )
    return result


def _json_list(key: str, records: list[dict]) -> str:
    """``{key: records}`` as JSON, one record to a line: easy to read and compare, and
    written by the json module's fast encoder, which indented output would not use."""
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f'{{"{key}": [\n{lines}\n]}}\n' if records else f'{{"{key}": []}}\n'


DATA_FILES = ("data/stories.json", "data/stories.csv", "data/resources.json", "data/learning.json")
FEED_VOCABULARIES = ("principles", "nations")


def exported_files(catalogue: Catalogue, site_url: str, today: dt.date) -> dict[str, str]:
    records = [story_record(s, site_url) for s in catalogue.stories]
    files = dict(
        zip(
            DATA_FILES,
            (
                _json_list("stories", records),
                stories_csv(records),
                _json_list("resources", [resource_record(r, site_url) for r in catalogue.resources]),
                _json_list("learning", [learning_record(n, site_url) for n in catalogue.learning]),
            ),
            strict=True,
        )
    )
    files.update(feeds(catalogue, site_url, today))
    return files

