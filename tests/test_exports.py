"""Open data, feeds, Welsh and Irish pages and print packs, from a tiny real build."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from doingwith import exports
from doingwith.catalogue import Catalogue
from doingwith.project import Project, check_project
from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO, VALID_STORY, build, make_project

ATOM = "{http://www.w3.org/2005/Atom}"

WELSH_STORY = (
    VALID_STORY.replace('title: "Residents and the council redesign a play park"', 'title: "Trigolion a\'r cyngor yn ailgynllunio parc chwarae"')
    .replace("nation: northern-ireland", "nation: wales")
    .replace("places: [belfast]", "places: [cardiff]")
    .replace("language: en", "language: cy")
)
IRISH_STORY = (
    VALID_STORY.replace('title: "Residents and the council redesign a play park"', 'title: "Scéal samplach i nGaeilge faoi pháirc nua"')
    .replace("language: en", "language: ga")
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(
        tmp_path_factory.mktemp("exports"),
        {"park-story.md": VALID_STORY, "parc-chwarae.md": WELSH_STORY, "pairc-nua.md": IRISH_STORY},
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root, root / "site", check_project(Project(root))


def test_stories_json_matches_the_catalogue_and_the_schema(built):
    _root, site, result = built
    text = (site / "data" / "stories.json").read_text()
    data = json.loads(text)["stories"]
    assert sorted(s["slug"] for s in data) == sorted(s.slug for s in result.stories)
    # One story to a line, between the opening and closing lines: readable, and a changed
    # story shows as one changed line.
    lines = text.rstrip("\n").split("\n")  # not splitlines(): a story may hold U+2028
    assert lines[0] == '{"stories": [' and lines[-1] == "]}" and len(lines) == len(data) + 2
    assert [json.loads(line.rstrip(","))["slug"] for line in lines[1:-1]] == [s["slug"] for s in data]
    schema = json.loads((REPO / "docs" / "schema" / "story.schema.json").read_text())
    by_slug = {s.slug: s for s in result.stories}
    for record in data:
        story = by_slug[record["slug"]]
        assert record["title"] == story.title and record["places"] == story.places
        assert record["principles"] == story.principles
        assert record["review_due"] == story.review_due.isoformat()
        front_matter = {k: v for k, v in record.items() if k not in ("slug", "url", "review_due", "has_measured_outcomes", "citation")}
        jsonschema.validate(front_matter, schema)


def test_stories_csv_has_one_row_per_story_with_every_fact(built):
    _root, site, result = built
    rows = list(csv.DictReader(io.StringIO((site / "data" / "stories.csv").read_text())))
    assert len(rows) == len(result.stories)
    park = next(r for r in rows if r["slug"] == "park-story")
    assert park["principles"] == "people-as-assets; mutual-benefit"
    assert park["co_authors"] == "Greenfield Residents Group (community-member)"
    assert park["sources"] == "https://example.org/park-plan"
    assert park["consent_to_publish"] == "true"


def test_resources_json_lists_every_resource(built):
    _root, site, result = built
    data = json.loads((site / "data" / "resources.json").read_text())["resources"]
    assert sorted(r["slug"] for r in data) == sorted(r.slug for r in result.resources)
    schema = json.loads((REPO / "docs" / "schema" / "resource.schema.json").read_text())
    for record in data:
        front_matter = {k: v for k, v in record.items() if k not in ("slug", "url", "download", "file_size", "link", "citation")}
        if "link" in record:
            front_matter["url"] = record["link"]
        jsonschema.validate(front_matter, schema)
        if "download" in record:
            assert (site / "resources" / record["file"]).stat().st_size == record["file_size"]


@pytest.mark.parametrize("feed", ["feeds/stories.xml", "feeds/principles/people-as-assets.xml", "feeds/nations/wales.xml"])
def test_feeds_are_valid_atom(built, feed):
    _root, site, result = built
    root = ET.parse(site / feed).getroot()
    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{element}") is not None
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for element in ("id", "title", "updated", "link", "summary", "author"):
            assert entry.find(f"{ATOM}{element}") is not None, element
    expected = {
        "feeds/stories.xml": len(result.stories),
        "feeds/principles/people-as-assets.xml": 3,
        "feeds/nations/wales.xml": 1,
    }[feed]
    assert len(entries) == expected


def test_open_data_page_links_every_export(built):
    _root, site, _result = built
    page = (site / "open-data" / "index.html").read_text()
    for target in ("data/stories.json", "data/stories.csv", "data/resources.json", "feeds/stories.xml", "schema/story.schema.json"):
        assert target in page


def test_a_welsh_story_gets_lang_cy_and_welsh_interface_text(built):
    _root, site, _result = built
    page = (site / "stories" / "parc-chwarae" / "index.html").read_text()
    assert '<html lang="cy"' in page
    assert "Neidio i" in page  # Material's Welsh "skip to content"
    assert '<dl class="dw-facts" lang="en">' in page  # our English labels are marked as such
    english = (site / "stories" / "park-story" / "index.html").read_text()
    assert '<html lang="en"' in english and "Skip to content" in english


def test_an_irish_story_gets_lang_ga_and_irish_interface_text(built):
    _root, site, _result = built
    page = (site / "stories" / "pairc-nua" / "index.html").read_text()
    assert '<html lang="ga"' in page
    assert "Téigh go dtí an t-ábhar" in page


def test_welsh_pages_are_in_the_one_search_index(built):
    _root, site, _result = built
    indexes = sorted(p.name for p in (site / "pagefind").glob("pagefind.*.pf_meta"))
    assert len(indexes) == 1, indexes  # --force-language en: one index, so one search box finds all


def test_print_packs(built):
    _root, site, _result = built
    pack = (site / "print" / "principles" / "people-as-assets" / "index.html").read_text()
    assert "What it means" in pack and "Questions to ask yourselves" in pack
    assert "Residents and the council redesign a play park" in pack
    assert "Residents surveyed their own street" in pack
    assert "Mapping community assets" in pack
    toolkit = (site / "print" / "toolkit" / "index.html").read_text()
    for guide in ("Mapping community assets", "Evaluating co-production", "Building civic networks"):
        assert guide in toolkit
    assert toolkit.count('class="dw-print-guide"') == len(list((REPO / "docs" / "toolkit").glob("*.md"))) - 1


def test_every_principle_page_leads_to_two_stories_and_a_toolkit_guide(site):
    for principle in (REPO / "docs" / "principles").glob("*.md"):
        if principle.stem == "index":
            continue
        page = (site / "principles" / principle.stem / "index.html").read_text()
        stories = page.split('id="stories-that-show-it"', 1)[1].split("</section>", 1)[0]
        assert stories.count('class="dw-card"') >= 2, principle.stem
        assert 'id="toolkit-guides"' in page, principle.stem


def test_citation_file_is_valid():
    import yaml

    citation = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] and citation["message"] and citation["authors"]


def test_csv_cells_cannot_become_spreadsheet_formulas():
    from doingwith.exports import spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("https://evil.example","x")').startswith("'=")
    assert spreadsheet_safe("+1") == "'+1" and spreadsheet_safe("@sum") == "'@sum" and spreadsheet_safe("-x") == "'-x"
    assert spreadsheet_safe("A normal title") == "A normal title"


def test_the_real_sites_open_data_is_what_the_catalogue_makes(site):
    """Every open-data file of the built site is there, whole, as the catalogue makes it."""
    from mkdocs.config import load_config

    result = check_project(Project(REPO))
    catalogue = Catalogue(load_vocabularies(), result.stories, result.resources, learning=result.learning)
    site_url = load_config(config_file=str(REPO / "mkdocs.yml")).site_url or ""
    made = exports.exported_files(catalogue, site_url, dt.date.today())
    for path in exports.DATA_FILES:
        assert (site / path).read_text(encoding="utf-8") == made[path], path
    for path in made:
        assert ET.parse(site / path) if path.endswith(".xml") else (site / path).stat().st_size > 0, path
