"""Real `mkdocs build --strict` runs: tiny sites made in a temporary folder, and the
repository's own site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest

from doingwith.project import Project, check_project
from tests import site_tools
from tests.helpers import REPO, VALID_STORY, build, make_project

SECOND_STORY = (
    VALID_STORY.replace('title: "Residents and the council redesign a play park"', 'title: "Young people co-design a youth café in Omagh"')
    .replace("places: [belfast]", "places: [fermanagh-and-omagh]")
    .replace(
        "  - id: people-as-assets\n    evidence: \"Residents surveyed their own street and led the design workshops.\"\n",
        "  - id: meaningful-participation\n    evidence: \"Young people were paid for their time and met after school hours.\"\n",
    )
    .replace("Glimmerwick zebra-crossing", "Café")
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = make_project(
        tmp_path_factory.mktemp("tiny"),
        {"park-story.md": VALID_STORY, "youth-cafe.md": SECOND_STORY},
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


def read(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_story_pages_are_generated_from_stories_outside_docs(tiny):
    page = read(tiny, "stories/park-story")
    assert "<h1" in page and "Residents and the council redesign a play park" in page
    assert "Residents surveyed their own street and led the design workshops." in page
    assert 'href="../../places/belfast/"' in page
    assert 'href="../../principles/people-as-assets/"' in page
    assert "Greenfield Residents Group (community member)" in page  # co-authors credited
    assert "Cite this story" in page and "Test Author, Greenfield Residents Group (2026)." in page
    assert 'data-review-due="2027-06-01"' in page
    # Related stories: the other story shares principles, themes and stages.
    related = page.split('id="related-stories"', 1)[1]
    assert "Young people co-design a youth café in Omagh" in related


def test_principle_page_lists_exactly_the_stories_that_name_it_with_evidence(tiny):
    page = read(tiny, "principles/people-as-assets")
    section = page.split('id="stories-that-show-it"', 1)[1].split("</section>", 1)[0]
    titles = re.findall(r'class="dw-card__title"><a href="[^"]+">([^<]+)</a>', section)
    assert titles == ["Residents and the council redesign a play park"]
    assert "Residents surveyed their own street and led the design workshops." in section
    other = read(tiny, "principles/meaningful-participation")
    other_section = other.split('id="stories-that-show-it"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'class="dw-card__title"><a href="[^"]+">([^<]+)</a>', other_section) == [
        "Young people co-design a youth café in Omagh"
    ]
    assert "Stories that show it (1)" in other


def test_empty_partnership_page_invites_a_story(tiny):
    page = read(tiny, "places/mid-ulster")
    assert "There are no stories from Mid Ulster yet." in page
    assert 'href="../../share/">Share a story</a>' in page


def test_embedding_wellbeing_partnerships_are_marked(tiny):
    hub = read(tiny, "places")
    for name in ("Armagh City, Banbridge and Craigavon", "Derry City and Strabane", "Lisburn and Castlereagh"):
        assert re.search(re.escape(name) + r'</a> <span class="dw-badge">Embedding Wellbeing</span>', hub)
    assert hub.count('class="dw-badge">Embedding Wellbeing') == 3
    assert "Embedding Wellbeing" in read(tiny, "places/derry-city-and-strabane")
    assert "Embedding Wellbeing" not in read(tiny, "places/belfast").split("md-content", 1)[1].split("md-footer")[0]


def test_every_northern_ireland_partnership_has_a_page(tiny):
    for place in Project(REPO).root.joinpath("doingwith/vocabularies/places.yml").read_text().split("- id: ")[1:12]:
        place_id = place.split("\n", 1)[0]
        assert (tiny / "places" / place_id / "index.html").is_file(), place_id


def test_browse_pages_count_stories(tiny):
    assert "2 stories" in read(tiny, "nations").split("Northern Ireland", 1)[1][:200]
    assert "0 stories" in read(tiny, "nations").split("Wales", 1)[1][:200]
    stage = read(tiny, "stages/co-design")
    assert "2 stories" in stage


def test_resource_file_is_served_for_download(tiny):
    page = read(tiny, "resources/co-design-session-plan")
    link = re.search(r'href="([^"]+\.docx)" download=', page)
    assert link, "the resource page links to its file"
    target = (tiny / "resources" / "co-design-session-plan" / link.group(1)).resolve()
    assert target.read_bytes() == (REPO / "resources" / "files" / "co-design-session-plan.docx").read_bytes()


def test_one_bad_story_fails_the_build_with_the_checkers_message(tmp_path):
    bad = VALID_STORY.replace("nation: northern-ireland", "nation: ulster").replace(
        "redesign a play park", "redesign a bus stop"
    )
    root = make_project(tmp_path, {"park-story.md": VALID_STORY, "bad-story.md": bad})
    result = build(root)
    assert result.returncode == 1
    assert "stories/bad-story.md:6:9: `nation`: 'ulster' is not a known nation" in result.stderr
    assert "1 problem in 1 file" in result.stderr
    assert not (root / "site").exists(), "nothing is written when the check fails"


def test_macros_never_run_in_a_story_even_if_it_asks(tmp_path):
    marker = tmp_path / "pwned"
    payload = VALID_STORY.replace("language: en", "language: en\nrender_macros: true").replace(
        "The park opened in 2023.",
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}",
    )
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", {"park-story.md": payload})
    result = build(root)
    assert result.returncode == 1
    assert "`render_macros` is not allowed" in result.stderr
    assert "{{ is template syntax" in result.stderr
    assert not marker.exists()


# --- the repository's own site -------------------------------------------------------


def test_repository_content_passes_the_check():
    result = check_project(Project(REPO))
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert len(result.stories) >= 12
    assert len(result.resources) >= 12


def test_no_broken_internal_links_or_anchors(site):
    broken = []
    pages = site_tools.html_pages(site)
    parsed = {path: site_tools.parse(path) for path in pages}
    for path, parser in parsed.items():
        url = site_tools.page_url(site, path)
        for tag, _attribute, value in parser.links:
            target, fragment = site_tools.resolve(site, url, value)
            if target is None:
                continue
            if not target.exists():
                broken.append(f"{url}: {tag} -> {value}")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else site_tools.parse(target).ids
                if fragment not in ids:
                    broken.append(f"{url}: {tag} -> {value} (no such anchor)")
    assert broken == []


def test_every_generated_page_is_within_three_clicks_of_home(site):
    depth = {"/": 0}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if depth[url] == 3:
            continue
        path = site / url.lstrip("/") / "index.html" if url.endswith("/") else site / url.lstrip("/")
        if path.suffix != ".html" or not path.exists():
            continue
        for tag, _attribute, value in site_tools.parse(path).links:
            if tag != "a":
                continue
            target, _fragment = site_tools.resolve(site, url, value)
            if target is None or not target.exists() or target.suffix != ".html":
                continue
            target_url = site_tools.page_url(site, target)
            if target_url not in depth:
                depth[target_url] = depth[url] + 1
                queue.append(target_url)
    generated = [
        site_tools.page_url(site, p)
        for folder in ("stories", "nations", "places", "stages", "themes", "resources", "principles")
        for p in (site / folder).rglob("index.html")
    ]
    unreachable = [url for url in generated if url not in depth]
    assert unreachable == []


ACTIVE_NAV_LINK = re.compile(r'<a href="([^"]*)" class="md-nav__link md-nav__link--active"[^>]*>(.*?)</a>', re.S)


@pytest.mark.parametrize(
    ("folder", "label"),
    [
        ("stories", "Stories"),  # a section's own page takes the section's name (navigation.indexes)
        ("nations", "Stories by nation"),
        ("places", "Stories by place"),
        ("stages", "Stories by stage"),
        ("themes", "Stories by theme"),
        ("resources", "Resources"),
        ("principles", "Principles"),
        ("toolkit", "Toolkit"),
    ],
)
def test_a_page_in_the_navigation_is_the_one_marked_current_there(site, folder, label):
    # Pages outside the navigation share one rendering of it (overrides/partials/nav.html);
    # a page in it must never borrow another page's, with that page marked current.
    html = (site / folder / "index.html").read_text(encoding="utf-8")
    current = [
        (href, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for href, text in ACTIVE_NAV_LINK.findall(html)
    ]
    assert current == [("./", label)]


def test_a_page_outside_the_navigation_marks_nothing_current(site):
    story = next(p for p in sorted((site / "stories").glob("*/index.html")))
    html = story.read_text(encoding="utf-8")
    assert ACTIVE_NAV_LINK.findall(html) == []
    assert "md-tabs__item--active" not in html


def test_built_site_requests_nothing_from_other_hosts(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            parser = site_tools.parse(path)
            for tag, attribute, value in parser.links:
                external = site_tools.EXTERNAL.match(value)
                if external and tag not in ("a", "link"):
                    offenders.append(f"{path.relative_to(site)}: <{tag} {attribute}={value}>")
            for tag, attributes in parser.tags:
                if tag == "link" and attributes.get("rel") not in ("canonical", "alternate") and site_tools.EXTERNAL.match(attributes.get("href", "")):
                    offenders.append(f"{path.relative_to(site)}: <link href={attributes['href']}>")
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.relative_to(site)}: url({u})" for u in site_tools.CSS_URL.findall(text) if site_tools.EXTERNAL.match(u)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(site)}: url({u})" for u in site_tools.CSS_URL.findall(text) if site_tools.EXTERNAL.match(u)]
            offenders += [f"{path.relative_to(site)}: @import {u}" for u in site_tools.JS_IMPORT.findall(text)]
        elif path.suffix in (".js", ".mjs"):
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(site)}: import {u}" for u in site_tools.JS_IMPORT.findall(text)]
    assert offenders == []


def test_every_page_carries_the_content_security_policy(site):
    missing = []
    for path in site_tools.html_pages(site):
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        if path.name == "404.html" or 'http-equiv="Content-Security-Policy"' in head:
            policy = head.split('http-equiv="Content-Security-Policy" content="', 1)[-1]
            if path.name != "404.html" and "script-src 'self' 'wasm-unsafe-eval'" not in policy:
                missing.append(str(path))
            if "<script>" in head:
                missing.append(f"{path}: inline script")
        else:
            missing.append(str(path))
    assert missing == []


def test_pagefind_reads_every_searchable_page_and_no_other(site):
    from pathlib import PurePosixPath

    from doingwith.search_index import SEARCHABLE_PAGES

    searchable, read = set(), set()
    for path in site.rglob("*.html"):
        relative = PurePosixPath(path.relative_to(site).as_posix())
        if relative.parts[0].startswith("pagefind"):
            continue
        if "data-pagefind-body" in path.read_text(encoding="utf-8"):
            searchable.add(str(relative))
        if any(relative.match(pattern) and len(relative.parts) == 3 for pattern in SEARCHABLE_PAGES):
            read.add(str(relative))
    assert searchable and searchable <= read
    # Every story, principle, toolkit guide and resource is in the index, and nothing else.
    fragments = len(list((site / "pagefind" / "fragment").iterdir()))
    assert fragments == len(searchable)


def test_a_searchable_page_pagefind_would_not_read_stops_the_build(tmp_path):
    root = make_project(tmp_path, {"park-story.md": VALID_STORY})
    guide = next(p for p in sorted((root / "docs" / "toolkit").glob("*.md")) if p.name != "index.md")
    nested = root / "docs" / "toolkit" / "more" / guide.name
    nested.parent.mkdir()
    nested.write_text(guide.read_text(encoding="utf-8").replace("# ", "# More: ", 1), encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert f"docs/toolkit/more/{guide.name} is a principle or toolkit page" in result.stderr


GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_same_site_as_mkdocs(site, tmp_path):
    """ProperDocs, the maintained fork of MkDocs 1.x, builds the real site unchanged: every
    page and open-data file is the same as MkDocs makes it, but for the generator tag."""
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "--site-dir", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ProperDocs 1.6.7" in (out / "index.html").read_text(encoding="utf-8")
    ours = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.parts[len(site.parts)] != "pagefind")
    theirs = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and p.parts[len(out.parts)] != "pagefind")
    assert ours == theirs
    for path in ours:
        mine, fork = (site / path).read_bytes(), (out / path).read_bytes()
        if path.suffix == ".html":
            mine, fork = (GENERATOR.sub("", text.decode("utf-8")) for text in (mine, fork))
        assert mine == fork, path
    assert (out / "pagefind" / "pagefind.js").is_file()


def test_each_nation_page_sets_out_the_duties_that_ask_its_services_to_involve_people(tiny):
    expected = {
        "northern-ireland": ("Local Government Act (Northern Ireland) 2014", "legislation.gov.uk/nia/2014/8"),
        "scotland": ("Community Empowerment (Scotland) Act 2015", "legislation.gov.uk/asp/2015/6"),
        "wales": ("Well-being of Future Generations (Wales) Act 2015", "legislation.gov.uk/anaw/2015/2"),
    }
    for nation, (act, source) in expected.items():
        page = read(tiny, f"nations/{nation}")
        frame = page.split('<section class="dw-frame">', 1)[1].split("</section>", 1)[0]
        assert act in frame and f'href="https://www.{source}' in frame, nation
    wales = read(tiny, "nations/wales")
    assert "Social Services and Well-being (Wales) Act 2014" in wales
    assert "Health and Social Care (Quality and Engagement) (Wales) Act 2020" in wales


def test_the_library_has_stories_from_every_northern_ireland_partnership_and_each_nation(site):
    from doingwith.vocabularies import load_vocabularies

    result = check_project(Project(REPO))
    assert len(result.stories) >= 25
    for nation in ("northern-ireland", "scotland", "wales"):
        assert sum(story.nation == nation for story in result.stories) >= 7, nation
    for place in load_vocabularies().places_in("northern-ireland"):
        page = (site / "places" / place / "index.html").read_text(encoding="utf-8")
        stories = page.split('id="stories"', 1)[1]
        assert 'class="dw-card"' in stories and "There are no stories" not in stories, place


def test_every_page_of_the_real_site_has_a_title_of_its_own(site):
    # The home page was titled "Doing With - Doing With": a title should say what the page is.
    titles = {}
    for path in site_tools.html_pages(site):
        found = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
        if found:
            titles[site_tools.page_url(site, path)] = found.group(1).strip()
    assert titles["/"] == "Co-production for community planning - Doing With"
    assert [url for url, title in titles.items() if title == "Doing With - Doing With"] == []
