"""The built site in headless Chromium (Debian's chromium, driven by Playwright):
search, the Content-Security-Policy, review dates, keyboard use, reflow and axe."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from doingwith.project import Project, check_project
from tests.helpers import REPO

pytestmark = pytest.mark.browser

CATALOGUE = check_project(Project(REPO))
STORIES = {s.slug: s for s in CATALOGUE.stories}


def story_slugs_in_results(page) -> list[str]:
    hrefs = page.locator(".dw-result__title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [m.group(1) for href in hrefs if (m := re.search(r"/stories/([^/]+)/", href))]


def open_search(page, site_url, query: str = "") -> None:
    page.goto(site_url + "search/" + query)
    page.wait_for_selector("[data-dw-search][data-ready=true]")


def wait_for_results(page, query: str | None = None) -> None:
    """Until the status line speaks; with ``query``, until it speaks of that query's results
    (while typing, it may first speak of a prefix: "Type at least 3 letters")."""
    if query is not None:
        page.wait_for_function(
            "(q) => document.querySelector('[data-dw-results]').getAttribute('data-dw-query') === q", arg=query
        )
    page.wait_for_function("() => document.querySelector('[data-dw-status]').textContent.length > 0")


def wait_for_results_of(page, parameter: str) -> None:
    """Until the address holds ``parameter`` and the results shown are those of the address."""
    page.wait_for_function(
        "(name) => new URLSearchParams(location.search).has(name) && "
        "document.querySelector('[data-dw-results]').getAttribute('data-dw-shown') === location.search",
        arg=parameter,
    )


# --- search ------------------------------------------------------------------------------


def test_a_distinctive_phrase_returns_its_story_first(page, site_url):
    open_search(page, site_url)
    page.fill("#dw-search-query", "Wee Green Grants")
    wait_for_results(page)
    assert story_slugs_in_results(page)[0] == "wee-green-grants-glasgow-parks-participatory-budgeting"
    # Results carry the story's summary and place as well as its title.
    first = page.locator(".dw-result").first
    assert "Glasgow City" in first.inner_text()


def test_a_principle_filter_leaves_only_stories_with_that_principle(page, site_url):
    open_search(page, site_url)
    page.fill("#dw-search-query", "community")
    wait_for_results(page)
    before = story_slugs_in_results(page)
    page.get_by_label(re.compile(r"^Developing networks of mutual support")).check()
    wait_for_results_of(page, "principle")
    after = story_slugs_in_results(page)
    assert after, "some stories show the principle"
    assert all("mutual-support-networks" in STORIES[slug].principle_ids for slug in after)
    assert set(after) < set(before) or len(after) < len(before)


def test_a_query_typed_while_search_is_still_starting_is_searched(page, site_url):
    held = []
    page.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    page.goto(site_url + "search/")
    page.fill("#dw-search-query", "participatory budgeting")
    # The page has tried to search, and says it is still starting.
    page.wait_for_function("() => document.querySelector('[data-dw-status]').textContent.includes('Search is starting')")
    assert len(held) == 1, "Pagefind's code is held back, so search is still starting"
    held[0].continue_()
    page.wait_for_selector("[data-dw-search][data-ready=true]")
    page.wait_for_function("() => document.querySelectorAll('.dw-result').length > 0")
    assert page.input_value("#dw-search-query") == "participatory budgeting"
    assert page.console_messages == []


def test_browsing_by_facets_alone_lists_exactly_the_right_stories(page, site_url):
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    open_search(page, site_url, "?type=Story&nation=Wales")
    wait_for_results(page)
    expected = {slug for slug, story in STORIES.items() if story.nation == "wales"}
    assert set(story_slugs_in_results(page)) == expected
    assert any(url.endswith(".pf_filter") for url in fetched)
    assert page.locator("#dw-facet-nation-2").is_checked() or page.get_by_label(re.compile(r"^Wales")).is_checked()


def test_learning_notes_are_their_own_content_type_in_search(page, site_url):
    notes = check_project(Project(REPO)).learning
    open_search(page, site_url, "?type=Learning+note")
    wait_for_results(page)
    hrefs = page.locator(".dw-result__title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(re.search(r"/learning/([^/]+)/", href).group(1) for href in hrefs) == sorted(n.slug for n in notes)


def test_the_address_reproduces_a_query_with_its_filters(page, site_url):
    open_search(page, site_url)
    page.fill("#dw-search-query", "participatory budgeting")
    wait_for_results(page)
    page.locator("details[data-facet=nation] > summary").click()
    page.get_by_label(re.compile(r"^Scotland")).check()
    wait_for_results_of(page, "nation")
    shared = page.url
    first_results = story_slugs_in_results(page)
    params = parse_qs(urlsplit(shared).query)
    assert params == {"q": ["participatory budgeting"], "nation": ["Scotland"]}
    page.goto(shared)
    page.wait_for_selector("[data-dw-search][data-ready=true]")
    wait_for_results(page)
    assert story_slugs_in_results(page) == first_results
    assert page.input_value("#dw-search-query") == "participatory budgeting"


def test_sort_by_date_is_available(page, site_url):
    open_search(page, site_url, "?type=Story&sort=date")
    wait_for_results(page)
    assert page.input_value("#dw-search-sort") == "date"
    assert len(story_slugs_in_results(page)) == min(len(STORIES), 10)
    if len(STORIES) > 10:
        page.click("[data-dw-more]")
        page.wait_for_function("() => document.querySelectorAll('.dw-result').length > 10")
        assert len(story_slugs_in_results(page)) == min(len(STORIES), 20)


def test_search_from_any_page_through_the_header(page, site_url):
    page.goto(site_url + "stories/carmarthenshire-time-credits/")
    page.fill("#dw-header-query", "time credits")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=time\+credits"))
    page.wait_for_selector("[data-dw-search][data-ready=true]")
    wait_for_results(page)
    assert "carmarthenshire-time-credits" in story_slugs_in_results(page)


def test_search_works_by_keyboard_alone(page, site_url):
    open_search(page, site_url)
    page.focus("#dw-search-query")
    page.keyboard.type("co-production", delay=50)  # as a person types: prefixes are searched too
    wait_for_results(page, "co-production")
    links = page.locator(".dw-result__title a")
    assert links.count() >= 2
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links.nth(0).get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links.nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "dw-search-query"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "dw-search-query"
    page.keyboard.press("ArrowDown")
    target = links.nth(0).get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path.rstrip("/").endswith(target.strip("./").rstrip("/").split("/")[-1])
    page.go_back()
    page.wait_for_selector("[data-dw-search][data-ready=true]")
    page.focus("#dw-search-query")
    page.keyboard.press("Escape")
    assert page.input_value("#dw-search-query") == ""


def facet_counts(page, facet: str) -> dict[str, int]:
    labels = page.locator(f"details[data-facet={facet}] label").all_inner_texts()
    return {m.group(1): int(m.group(2)) for text in labels if (m := re.match(r"^(.*) \((\d+)\)$", text.strip()))}


def test_facet_counts_follow_the_query_and_a_choice_with_none_stays_reachable(page, site_url):
    open_search(page, site_url)
    totals = facet_counts(page, "type")  # browsing with no query: the totals
    assert totals["Story"] == len(STORIES) and totals["Resource"] > 1
    page.fill("#dw-search-query", "Wee Green Grants")
    wait_for_results(page, "Wee Green Grants")
    found = story_slugs_in_results(page)
    counts = facet_counts(page, "type")
    assert counts["Story"] == len(found) < totals["Story"]
    assert counts["Resource"] == 0, "a value no result has reads (0)"
    resource_box = page.get_by_label(re.compile(r"^Resource \(0\)"))
    assert resource_box.is_visible() and resource_box.is_enabled()
    resource_box.check()
    page.wait_for_function("() => location.search.includes('type=Resource')")
    page.wait_for_function("() => /No results/.test(document.querySelector('[data-dw-status]').textContent)")
    # Within the chosen facet, counts ignore that facet's own choice: Story still says
    # how many ticking it would add, and Resource (0) can be unticked again.
    page.wait_for_function("() => /Story \\(\\d+\\)/.test(document.querySelector('details[data-facet=type]').textContent)")
    assert facet_counts(page, "type")["Story"] == len(found)
    page.get_by_label(re.compile(r"^Resource \(0\)")).uncheck()
    page.wait_for_function("() => document.querySelectorAll('.dw-result').length > 0")


def test_counts_in_one_facet_follow_the_choices_in_the_others(page, site_url):
    open_search(page, site_url, "?type=Story&nation=Scotland")
    wait_for_results(page)
    page.wait_for_function("() => document.querySelector('details[data-facet=nation]') !== null")
    nations = facet_counts(page, "nation")
    expected = {}
    for story in STORIES.values():
        name = {"northern-ireland": "Northern Ireland", "scotland": "Scotland", "wales": "Wales"}[story.nation]
        expected[name] = expected.get(name, 0) + 1
    assert {k: v for k, v in nations.items() if v} == expected  # Wales still counted: OR within a facet
    types = facet_counts(page, "type")
    assert types["Story"] == expected["Scotland"] and types["Place"] > 0  # places in Scotland


def test_show_more_is_neither_visible_nor_focusable_when_nothing_more_exists(page, site_url):
    open_search(page, site_url, "?q=Wee+Green+Grants")
    wait_for_results(page, "Wee Green Grants")
    assert page.locator(".dw-result").count() < 10
    more = page.locator("[data-dw-more]")
    assert not more.is_visible()
    assert more.evaluate("b => getComputedStyle(b).display") == "none"
    page.focus("#dw-search-query")
    stops = tab_stops(page, 40)
    assert not any("Show more results" in stop for stop in stops), stops
    # With more results than a page holds, it is there, and it works.
    open_search(page, site_url, "?type=Story")
    wait_for_results(page)
    assert more.is_visible()
    more.click()
    page.wait_for_function("() => document.querySelectorAll('.dw-result').length > 10")


@pytest.mark.parametrize("query, first", [
    ("Mid Ulster", "/places/mid-ulster/"),
    ("Magherafelt", "/places/mid-ulster/"),
    ("Dungannon", "/places/mid-ulster/"),
    ("Belfast", "/places/belfast/"),
    ("Enniskillen", "/places/fermanagh-and-omagh/"),
])  # fmt: skip
def test_a_place_or_town_name_finds_the_places_page_first(page, site_url, query, first):
    open_search(page, site_url)
    page.fill("#dw-search-query", query)
    wait_for_results(page, query)
    hrefs = page.locator(".dw-result__title a").evaluate_all("links => links.map(a => a.pathname)")
    assert hrefs[0] == first, hrefs


@pytest.mark.parametrize("query", ["Belfast", "Newry"])
def test_a_place_name_does_not_drown_in_partial_matches(page, site_url, query):
    open_search(page, site_url)
    page.fill("#dw-search-query", query)
    wait_for_results(page, query)
    texts = page.locator(".dw-result").all_inner_texts()
    assert 1 <= len(texts) <= 5, texts
    assert all(query.lower() in text.lower() for text in texts), texts


def test_a_word_in_no_page_says_so_rather_than_listing_pages_with_its_first_letters(page, site_url):
    # Pagefind would search "bellingham" as its longest indexed beginning ("bel..."): Belfast,
    # believe, below.
    open_search(page, site_url)
    page.fill("#dw-search-query", "Bellingham")
    wait_for_results(page, "Bellingham")
    assert page.locator(".dw-result").count() == 0
    assert "No page has the word “bellingham”" in page.inner_text("[data-dw-status]")


# --- browsing ------------------------------------------------------------------------------


BROKEN_WORDS = """() => {
    const broken = [];
    for (const card of document.querySelectorAll('.dw-story-card')) {
        const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            for (const match of node.textContent.matchAll(/[^\\s\\u2010-\\u2014\\/-]+/g)) {  // a break after a hyphen or slash is no broken word
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


def test_all_stories_on_a_390_px_phone_breaks_no_word_and_never_scrolls_sideways(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "stories/")
    assert page.locator(".dw-story-card").count() == len(STORIES)
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    card = page.locator(".dw-story-card").first
    for part in (".dw-card__title", ".dw-card__meta", ".dw-card__summary", ".dw-card__principles li"):
        assert card.locator(part).first.is_visible()
    context.close()


def test_all_stories_are_ordered_by_when_the_work_happened_and_say_so(page, site_url):
    page.goto(site_url + "stories/")
    assert "Ordered by when the work happened" in page.inner_text(".md-content")
    hrefs = page.locator(".dw-story-card .dw-card__title a").evaluate_all("links => links.map(a => a.pathname)")
    slugs = [h.rstrip("/").split("/")[-1] for h in hrefs]

    def key(story):
        end = "9999" if story.period["end"] == "ongoing" else str(story.period["end"])
        return end, str(story.period["start"])

    keys = [key(STORIES[slug]) for slug in slugs]
    assert keys == sorted(keys, reverse=True)
    for (a, b) in zip(slugs, slugs[1:], strict=False):  # ties: titles A to Z
        if key(STORIES[a]) == key(STORIES[b]):
            assert STORIES[a].title.lower() <= STORIES[b].title.lower()
    # The home page's recent stories are the first of the same order.
    page.goto(site_url)
    recent = page.locator(".dw-cards .dw-card__title a").evaluate_all("links => links.map(a => a.pathname)")
    assert [h.rstrip("/").split("/")[-1] for h in recent] == slugs[: len(recent)]


def test_quick_filters_on_all_stories(page, site_url):
    page.goto(site_url + "stories/")
    page.get_by_label("Has measured outcomes").check()
    measured = {slug for slug, story in STORIES.items() if story.has_measured_outcomes}
    page.wait_for_function("(n) => document.querySelectorAll('.dw-story-card:not([hidden])').length === n", arg=len(measured))
    assert f"Showing {len(measured)} of {len(STORIES)} stories." in page.inner_text(".dw-filter__status")
    page.select_option("#dw-stories-nation", "wales")
    both = {slug for slug in measured if STORIES[slug].nation == "wales"}
    page.wait_for_function("(n) => document.querySelectorAll('.dw-story-card:not([hidden])').length === n", arg=len(both))


def test_a_place_with_no_story_offers_similar_stories_with_reasons_and_its_plan(page, site_url):
    from doingwith.vocabularies import load_vocabularies

    places = load_vocabularies().places
    empty = next(p for p in places if p["nation"] == "scotland" and not any(p.id in s.places for s in STORIES.values()))
    page.goto(site_url + f"places/{empty.id}/")
    offered = page.locator(".dw-nearby .dw-card")
    assert offered.count() >= 1
    for text in offered.all_inner_texts():
        assert "Why it is here:" in text and "another Scotland" in text
    if empty.get("community_plan_source"):
        assert page.locator(".dw-nearby a", has_text="its community plan").get_attribute("href") == empty["community_plan_source"]


# --- the Content-Security-Policy and review dates -----------------------------------------


CSP_PAGES = [
    "",
    "principles/people-as-assets/",
    "stories/carmarthenshire-time-credits/",
    "places/",
    "resources/",
    "toolkit/mapping-community-assets/",
]


@pytest.mark.parametrize("path", CSP_PAGES)
def test_pages_load_under_their_csp_with_no_console_errors(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.console_messages == []


def test_search_returns_results_under_the_csp_with_no_console_errors(page, site_url):
    open_search(page, site_url, "?q=participatory")
    wait_for_results(page)
    assert story_slugs_in_results(page)
    assert page.console_messages == []


def test_a_story_past_its_review_date_says_so_without_a_rebuild(page, site_url):
    story = STORIES["carmarthenshire-time-credits"]
    page.goto(site_url + "stories/carmarthenshire-time-credits/")
    assert page.locator(".dw-review-due").is_hidden()
    page.clock.install(time=f"{story.review_due.year + 1}-01-01T12:00:00")
    page.reload()
    notice = page.locator(".dw-review-due")
    assert notice.is_visible()
    assert "due for review" in notice.inner_text()


# --- accessibility ----------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Rules we do not run, each with its reason. (None at present.)
AXE_EXCLUDED_RULES: dict[str, str] = {}

EVERY_KIND_OF_PAGE = [
    ("home", ""),
    ("principle", "principles/people-as-assets/"),
    ("principles index", "principles/"),
    ("story", "stories/carmarthenshire-time-credits/"),
    ("stories index", "stories/"),
    ("nation", "nations/wales/"),
    ("nations", "nations/"),
    ("places", "places/"),
    ("partnership with stories", "places/lisburn-and-castlereagh/"),
    ("partnership without stories", "places/fife/"),
    ("partnership with stories and towns", "places/mid-ulster/"),
    ("story print summary", "print/stories/carmarthenshire-time-credits/"),
    ("principle print pack", "print/principles/mutual-benefit/"),
    ("toolkit print pack", "print/toolkit/"),
    ("self-assessment", "self-assessment/"),
    ("open data", "open-data/"),
    ("story form", "share/form/"),
    ("search, empty", "search/"),
    ("search, a word in no page", "search/?q=Bellingham"),
    ("learning log", "learning/"),
    ("learning note", "learning/shared-leadership-twelve-indicators/"),
    ("lessons", "learning/lessons/"),
    ("stage", "stages/co-design/"),
    ("theme", "themes/health-and-wellbeing/"),
    ("toolkit", "toolkit/"),
    ("toolkit guide", "toolkit/mapping-community-assets/"),
    ("resource library", "resources/"),
    ("resource", "resources/co-design-session-plan/"),
    ("search with results and filters", "search/?q=community&type=Story"),
    ("share your story", "share/"),
    ("field reference", "share/fields/"),
    ("accessibility statement", "accessibility/"),
    ("about", "about/"),
]


def open_drawn(page, site_url: str, path: str) -> None:
    """Open a page and wait until its scripts have drawn it: the search its results, the
    story form its fields. (Everything else is in place at the load event.)"""
    page.goto(site_url + path)
    if path.startswith("search/"):
        page.wait_for_selector("[data-dw-search][data-ready=true]")
        if "?" in path:
            wait_for_results(page)
    if path == "share/form/":
        page.wait_for_selector("form[data-dw-story-form][data-ready=true]")


def axe_violations(page) -> list[str]:
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if AXE_EXCLUDED_RULES:
        options["rules"] = {rule: {"enabled": False} for rule in AXE_EXCLUDED_RULES}
    results = Axe().run(page, options=options)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name, path", EVERY_KIND_OF_PAGE, ids=[n for n, _ in EVERY_KIND_OF_PAGE])
def test_axe_finds_no_wcag_22_aa_or_best_practice_violations(page, site_url, name, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_drawn(page, site_url, path)
    if path.startswith("search/"):
        page.locator("details.dw-facet").first.evaluate("d => d.open = true")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["", "stories/carmarthenshire-time-credits/", "search/?q=community", "places/", "stories/", "resources/"])
def test_content_reflows_at_320_css_pixels(browser, site_url, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_drawn(page, site_url, path)
    overflow = page.evaluate(
        """() => Array.from(document.querySelectorAll('.md-content *'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                          && !el.closest('.dw-table-wrap, pre, table'))
            .map(el => el.tagName + '.' + el.className).slice(0, 5)"""
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320
    assert overflow == []


def tab_stops(page, count: int) -> list[str]:
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                """() => { const el = document.activeElement;
                    return (el.id ? '#' + el.id : el.tagName.toLowerCase()) + '|' + (el.className || '') + '|'
                           + (el.textContent || el.value || '').trim().slice(0, 40); }"""
            )
        )
    return stops


def test_keyboard_order_on_the_home_page(page, site_url):
    page.goto(site_url)
    stops = tab_stops(page, 20)
    assert "md-skip" in stops[0], stops
    search_at = next(i for i, s in enumerate(stops) if s.startswith("#dw-header-query"))
    first_principle = next(i for i, s in enumerate(stops) if "Recognising people as assets" in s)
    assert 0 < search_at < first_principle
    # The skip link jumps over the header into the content.
    page.goto(site_url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    in_content = page.evaluate("!!document.activeElement.closest('.md-content')")
    assert in_content


def test_keyboard_order_on_a_story_and_focus_is_visible(page, site_url):
    page.goto(site_url + "stories/carmarthenshire-time-credits/")
    stops = tab_stops(page, 40)
    assert "md-skip" in stops[0], stops
    assert any(s.startswith("#dw-header-query") for s in stops[:8])
    assert any("|Wales" in s for s in stops), "the facts panel's links are reachable"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_search_filters_are_reachable_by_keyboard(page, site_url):
    open_search(page, site_url, "?q=community")
    wait_for_results(page)
    page.focus("#dw-search-query")
    stops = tab_stops(page, 6)
    assert any("#dw-search-sort" in s for s in stops)
    assert any("summary" in s.split("|")[0] for s in stops), stops


@pytest.mark.parametrize("path", ["stories/carmarthenshire-time-credits/", "toolkit/mapping-community-assets/", "print/toolkit/"])
def test_story_and_toolkit_pages_print_cleanly(page, site_url, path):
    page.goto(site_url + path)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-footer', '.dw-header-search']
            .map(s => document.querySelector(s))
            .filter(el => el && getComputedStyle(el).display !== 'none')
            .map(el => el.className)"""
    )
    assert hidden == []
    external = page.locator(".md-content a[href^='http']").first
    shown = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert external.get_attribute("href") in shown


def test_facet_totals_written_at_build_time_match_pagefinds_own(page, site_url):
    open_search(page, site_url)
    written = page.evaluate("() => JSON.parse(document.getElementById('dw-facet-totals').textContent)")
    from_pagefind = page.evaluate(
        """async () => {
            const pagefind = await import(new URL('pagefind/pagefind.js', window.__md_scope).href);
            await pagefind.options({ baseUrl: window.__md_scope.pathname });
            return await pagefind.filters();
        }"""
    )
    assert written == from_pagefind


# --- the 404 page, served from the site's real base path -------------------------------------


class _PagesLikeHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    """Serves the site under /doingwith/ and answers a missing page with 404.html and status
    404, as GitHub Pages does for https://doing-with.github.io/doingwith/."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(site, tmp_path_factory):
    import functools
    import http.server
    import threading

    root = tmp_path_factory.mktemp("pages")
    (root / "doingwith").symlink_to(site, target_is_directory=True)
    handler = type("Handler", (_PagesLikeHandler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/doingwith/"
    server.shutdown()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_404_page_served_from_the_sites_base_path_works(page, pages_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 and not response.url.endswith("/no-such-page/") else None)
    response = page.goto(pages_url + "stories/no-such-page/")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert failed == [], "every style, script and image of the 404 page loads from /doingwith/"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    home = page.locator(".md-header__button.md-logo").evaluate("a => new URL(a.href).pathname")
    assert home == "/doingwith/"
    # Its links lead into the site: the first story linked from its navigation opens.
    links = page.locator(".md-content a[href], .md-nav a[href]").evaluate_all("links => links.map(a => a.href)")
    assert links and all(link.startswith(pages_url) for link in links if link.startswith("http://127.0.0.1"))
    assert page.request.get(links[0]).status == 200
    # The browser reports the page's own 404 status; nothing else goes wrong.
    assert [m for m in page.console_messages if "status of 404" not in m] == []
    assert axe_violations(page) == []
