"""Citations: Highwire Press meta tags in every story's <head>, RIS and BibTeX files beside
"Cite this story" that real parsers read back, and the same fields in the open data."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import pytest
import rispy
from pybtex.database import parse_string

from doingwith import citations
from doingwith.project import Project, check_project
from tests.helpers import REPO, VALID_STORY, build, make_project

CATALOGUE = check_project(Project(REPO))
SITE_URL = "https://doing-with.github.io/doingwith/"  # mkdocs.yml's site_url, as the tests build


class HeadMeta(HTMLParser):
    """The <meta name=... content=...> pairs inside <head>, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head, self.meta = False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta" and self.in_head and attrs.get("name", "").startswith("citation_"):
            self.meta.append((attrs["name"], attrs.get("content")))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_meta(path) -> list[tuple[str, str]]:
    parser = HeadMeta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.meta


@pytest.mark.parametrize("story", CATALOGUE.stories, ids=[s.slug for s in CATALOGUE.stories])
def test_every_story_page_carries_citation_meta_tags_in_its_head(site, story):
    meta = head_meta(site / "stories" / story.slug / "index.html")
    names = {name for name, _ in meta}
    assert {"citation_title", "citation_author", "citation_publication_date", "citation_online_date",
            "citation_publisher", "citation_public_url"} <= names  # fmt: skip
    values = dict(meta)
    assert values["citation_title"] == story.title
    assert [v for n, v in meta if n == "citation_author"] == [a["name"] for a in story.authors + story.co_authors]
    assert values["citation_publication_date"] == story.published.strftime("%Y/%m/%d")
    assert values["citation_publisher"] == "Doing With"
    assert values["citation_public_url"] == f"{SITE_URL}stories/{story.slug}/"


@pytest.mark.parametrize("story", CATALOGUE.stories[:5], ids=[s.slug for s in CATALOGUE.stories[:5]])
def test_the_ris_and_bibtex_files_beside_cite_this_story_parse(site, story):
    folder = site / "stories" / story.slug
    page = (folder / "index.html").read_text(encoding="utf-8")
    cite_section = page.split('id="cite-this-story"', 1)[1]
    assert 'href="cite.ris"' in cite_section and 'href="cite.bib"' in cite_section

    (ris,) = rispy.loads((folder / "cite.ris").read_text(encoding="utf-8"))
    assert ris["type_of_reference"] == "ELEC"
    assert ris["title"] == story.title
    assert ris["authors"] == [a["name"] for a in story.authors + story.co_authors]
    assert ris["year"] == str(story.published.year)
    assert ris["publisher"] == "Doing With"
    assert ris["urls"] == [f"{SITE_URL}stories/{story.slug}/"]

    entries = parse_string((folder / "cite.bib").read_text(encoding="utf-8"), "bibtex").entries
    (entry,) = entries.values()
    assert entry.type == "misc"
    assert entry.fields["title"] == "{" + story.title.replace("&", r"\&") + "}"
    assert [str(p) for p in entry.persons["author"]] == ["{" + a["name"] + "}" for a in story.authors + story.co_authors]
    assert entry.fields["year"] == str(story.published.year)
    assert entry.fields["url"] == f"{SITE_URL}stories/{story.slug}/"


@pytest.mark.parametrize("note", CATALOGUE.learning, ids=[n.slug for n in CATALOGUE.learning])
def test_every_learning_note_carries_citation_meta_tags_and_files(site, note):
    folder = site / "learning" / note.slug
    values = dict(head_meta(folder / "index.html"))
    assert values["citation_title"] == note.title
    assert values["citation_public_url"] == f"{SITE_URL}learning/{note.slug}/"
    assert rispy.loads((folder / "cite.ris").read_text(encoding="utf-8"))[0]["title"] == note.title
    (entry,) = parse_string((folder / "cite.bib").read_text(encoding="utf-8"), "bibtex").entries.values()
    assert entry.fields["year"] == str(note.published.year)


def test_our_own_resources_are_citable_and_others_are_not(site):
    own = [r for r in CATALOGUE.resources if r.publisher == "Doing With"]
    others = [r for r in CATALOGUE.resources if r.publisher != "Doing With"]
    assert own and others
    for resource in own:
        values = dict(head_meta(site / "resources" / resource.slug / "index.html"))
        assert values["citation_title"] == resource.title
        assert rispy.loads((site / "resources" / resource.slug / "cite.ris").read_text())[0]["title"] == resource.title
    for resource in others:
        assert head_meta(site / "resources" / resource.slug / "index.html") == []
        assert not (site / "resources" / resource.slug / "cite.ris").exists()


def test_the_open_data_carries_the_same_citation_fields(site):
    records = {r["slug"]: r for r in json.loads((site / "data" / "stories.json").read_text())["stories"]}
    for story in CATALOGUE.stories:
        cited = records[story.slug]["citation"]
        assert cited["title"] == story.title
        assert cited["publication_date"] == story.published.isoformat()
        assert cited["public_url"] == f"{SITE_URL}stories/{story.slug}/"
    header = (site / "data" / "stories.csv").read_text().splitlines()[0]
    assert "citation_publication_date" in header and "citation_publisher" in header


AWKWARD = 'Residents & "the council" {redesign} a 100% play_park #2'


def test_awkward_titles_stay_text_in_meta_tags_ris_and_bibtex(tmp_path):
    story = VALID_STORY.replace('title: "Residents and the council redesign a play park"', f"title: '{AWKWARD}'")
    real = {path.name: path.read_text(encoding="utf-8") for path in (REPO / "stories").glob("*.md")}
    root = make_project(tmp_path, {**real, "park-story.md": story})  # the toolkit links to real stories
    result = build(root)
    assert result.returncode == 0, result.stderr
    folder = root / "site" / "stories" / "park-story"
    assert dict(head_meta(folder / "index.html"))["citation_title"] == AWKWARD
    assert rispy.loads((folder / "cite.ris").read_text())[0]["title"] == AWKWARD
    (entry,) = parse_string((folder / "cite.bib").read_text(), "bibtex").entries.values()
    assert entry.fields["title"] == r'{Residents \& "the council" \{redesign\} a 100\% play\_park \#2}'
    assert list(entry.fields) == ["title", "year", "date", "howpublished", "publisher", "url", "note"]


def test_the_citation_is_generic_over_any_titled_dated_page():
    cited = citations.Citation(
        title="A learning note", authors=("A. Writer", "Community Places"), published=dt.date(2021, 9, 1),
        updated=dt.date(2026, 1, 2), url="https://example.org/learning/a-note/", key="a-note",
    )  # fmt: skip
    assert ("citation_online_date", "2021/09/01") in cited.meta_tags()
    assert cited.text().startswith("A. Writer, Community Places (2021). A learning note.")
    assert rispy.loads(cited.ris())[0]["authors"] == ["A. Writer", "Community Places"]
    assert cited.bibtex_key == "doingwith-a-note"
