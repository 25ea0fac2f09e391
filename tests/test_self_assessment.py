"""The self-assessment: the checklist the core draws (unit tests) and, in headless
Chromium, scoring, results, following a gap, saving a file, and the page without JavaScript."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from doingwith import pages, self_assessment
from doingwith.catalogue import Catalogue, ToolkitPage, load_toolkit
from doingwith.project import Project, check_project
from doingwith.vocabularies import Term, Vocabulary, load_vocabularies
from tests.helpers import REPO, write

VOCABULARIES = load_vocabularies()
PRINCIPLES = VOCABULARIES.principles
ASSESSMENT = self_assessment.load(PRINCIPLES)


def real_catalogue() -> Catalogue:
    result = check_project(Project(REPO))
    toolkit, problems = load_toolkit(
        REPO / "docs" / "toolkit", VOCABULARIES, {r.slug for r in result.resources}, str
    )
    assert not problems
    return Catalogue(VOCABULARIES, result.stories, result.resources, toolkit)


CATALOGUE = real_catalogue()


def url_for(source_path: str) -> str:
    """A stand-in for the MkDocs adapter: the page's URL from its source path."""
    return "/" + source_path.removesuffix(".md").removesuffix("index") + "/"


class Form(HTMLParser):
    """The parts of the form the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.principles: list[dict] = []  # the attributes of each principle's fieldset
        self.radios: list[dict] = []
        self.labels_for: list[str] = []
        self.ids: list[str] = []
        self.legends: list[str] = []
        self.statement_groups = 0
        self._legend: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "fieldset" and "data-principle" in attributes:
            self.principles.append(attributes)
        if tag == "fieldset" and "data-statement" in attributes:
            self.statement_groups += 1
        if tag == "input" and attributes.get("type") == "radio":
            self.radios.append(attributes)
        if tag == "label" and "for" in attributes:
            self.labels_for.append(attributes["for"])
        if tag == "legend":
            self._legend = []

    def handle_endtag(self, tag):
        if tag == "legend" and self._legend is not None:
            self.legends.append(" ".join("".join(self._legend).split()))
            self._legend = None

    def handle_data(self, data):
        if self._legend is not None:
            self._legend.append(data)


# --- the data ------------------------------------------------------------------------------


def test_every_principle_has_three_or_four_statements_and_a_scale_of_four():
    assert list(ASSESSMENT.statements) == PRINCIPLES.ids
    assert all(3 <= len(s) <= 4 for s in ASSESSMENT.statements.values())
    assert ASSESSMENT.scale == ("Not yet", "Starting", "Mostly", "Fully")
    assert ASSESSMENT.max_score == 3


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace("  mutual-benefit:", "  mutual-benefits:"), "'mutual-benefits' is not a known principle"),
        (lambda t: t.replace('    - "Disagreement is recorded and taken seriously, not smoothed over."\n', ""), None),
        (lambda t: re.sub(r"  mutual-support-networks:\n(    - .*\n)+", "", t), "principle 'mutual-support-networks' has no statements"),
        (lambda t: t.replace('  - "Fully"', "  - yes"), "would be read as a yes/no value; put it in quotes"),
        (lambda t: t.replace("statements:", "statement:"), "`statement` is not known"),
        (lambda t: t.replace("  mutual-benefit:\n", '  people-as-assets:\n    - "Again"\n  mutual-benefit:\n'), "appears twice"),
    ],
    ids=["unknown principle", "three is enough", "missing principle", "unquoted yes", "unknown key", "duplicate"],
)
def test_the_data_file_is_checked_strictly(tmp_path, change, message):
    path = write(tmp_path / "self_assessment.yml", change(self_assessment.DATA_FILE.read_text(encoding="utf-8")))
    if message is None:
        assert len(self_assessment.load(PRINCIPLES, path).statements["all-perspectives-and-skills"]) == 3
        return
    with pytest.raises(self_assessment.SelfAssessmentError) as raised:
        self_assessment.load(PRINCIPLES, path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", str(raised.value))
    assert message in str(raised.value)


def test_too_few_or_too_many_statements_are_refused(tmp_path):
    text = self_assessment.DATA_FILE.read_text(encoding="utf-8")
    two = re.sub(r"(  mutual-benefit:\n)(    - .*\n){4}", r'\1    - "One"\n    - "Two"\n', text)
    five = text.replace("  mutual-benefit:\n", '  mutual-benefit:\n    - "A fifth"\n')
    for changed, count in ((two, 2), (five, 5)):
        path = write(tmp_path / "self_assessment.yml", changed)
        with pytest.raises(self_assessment.SelfAssessmentError, match=f"'mutual-benefit' has {count} statements; give 3 to 4"):
            self_assessment.load(PRINCIPLES, path)


# --- form_html -----------------------------------------------------------------------------


def test_every_principle_is_a_fieldset_in_vocabulary_order_with_its_statements_as_radio_groups():
    form = Form(self_assessment.form_html(CATALOGUE, url_for))
    assert [p["data-principle"] for p in form.principles] == PRINCIPLES.ids
    assert [p["data-principle-name"] for p in form.principles] == [t.name for t in PRINCIPLES]
    total = sum(len(s) for s in ASSESSMENT.statements.values())
    assert form.statement_groups == total
    assert len(form.radios) == total * 4 + 2  # and the choice of wording
    # Each principle's legend is its name; each statement's legend is the statement.
    for number, term in enumerate(PRINCIPLES, 1):
        assert f"{number}. {term.name}" in form.legends
        for index, statement in enumerate(ASSESSMENT.statements[term.id], 1):
            assert f"{number}.{index} {statement}" in form.legends
    # Every radio has its own label; one group per statement, scored 0 to 3.
    notes = [f"dw-sa-{p}-{i}-note" for p, st in ASSESSMENT.statements.items() for i in range(1, len(st) + 1)]
    assert sorted(form.labels_for) == sorted([r["id"] for r in form.radios] + ["dw-sa-work", "dw-sa-import"] + notes)
    assert len(form.ids) == len(set(form.ids)), "ids are unique"
    groups: dict[str, list[str]] = {}
    for radio in form.radios:
        groups.setdefault(radio["name"], []).append(radio["value"])
    wording = groups.pop("dw-sa-wording")
    assert wording == ["partnership", "service"]
    assert len(groups) == total
    assert all(values == ["0", "1", "2", "3"] for values in groups.values())


def test_each_principle_carries_links_to_its_page_stories_and_toolkit():
    form = Form(self_assessment.form_html(CATALOGUE, url_for))
    for attributes in form.principles:
        principle = attributes["data-principle"]
        assert attributes["data-principle-url"] == f"/principles/{principle}/"
        assert attributes["data-stories-url"] == f"/principles/{principle}/#{self_assessment.STORIES_ANCHOR}"
        assert int(attributes["data-stories-count"]) == len(CATALOGUE.stories_with("principles", principle))
        toolkit = json.loads(attributes["data-toolkit"])
        assert toolkit == [
            {"title": t.title, "url": f"/toolkit/{t.slug}/"} for t in CATALOGUE.toolkit_for(principle)
        ]
        assert toolkit, f"{principle} has at least one toolkit guide to suggest"


def test_the_stories_anchor_is_the_one_the_principle_page_uses():
    extra, _toc = pages.principle_additions("mutual-benefit", CATALOGUE, url_for)
    assert f'id="{self_assessment.STORIES_ANCHOR}"' in extra


def test_names_titles_and_statements_are_escaped():
    nasty = '<script>alert("x")</script> & \'quoted\''
    terms = {
        t.id: Term(t.id, nasty if t.id == "mutual-benefit" else t.name, nasty, t.extra) for t in PRINCIPLES
    }
    vocabularies = dataclasses.replace(VOCABULARIES, principles=Vocabulary("principles", "principle", terms))
    guide = ToolkitPage("a-guide", nasty, "", ["mutual-benefit"], [], [])
    catalogue = Catalogue(vocabularies, [], [], [guide])
    statements = dict(ASSESSMENT.statements, **{"mutual-benefit": (nasty, "Two", "Three")})
    assessment = self_assessment.SelfAssessment(("<i>No</i>", "Yes"), statements)
    text = self_assessment.form_html(catalogue, url_for, assessment)
    assert "<script>" not in text and "<i>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;" in text
    form = Form(text)
    benefit = next(p for p in form.principles if p["data-principle"] == "mutual-benefit")
    assert benefit["data-principle-name"] == nasty
    assert json.loads(benefit["data-toolkit"]) == [{"title": nasty, "url": "/toolkit/a-guide/"}]
    assert f"5.1 {nasty}" in form.legends
    assert 'data-max-score="1"' in text
    assert len(form.radios) == sum(len(s) for s in statements.values()) * 2 + 2


def test_there_is_no_form_to_submit_so_nothing_can_be_sent():
    text = self_assessment.form_html(CATALOGUE, url_for)
    assert "<form" not in text
    assert 'type="submit"' not in text
    # Markdown passes raw HTML through untouched only while it has no blank line.
    assert "\n\n" not in text


# --- in the browser ------------------------------------------------------------------------

LOW = "meaningful-participation"


def open_assessment(page, site_url) -> None:
    page.goto(site_url + "self-assessment/")
    page.wait_for_selector("[data-dw-sa-show]", state="visible")


def answer_all(page, low: str = LOW, high: str = "Mostly", low_answer: str = "Not yet") -> None:
    """Answer every statement: `high` for every principle but `low`, which gets `low_answer`."""
    for group in page.locator("fieldset[data-statement]").all():
        principle = group.get_attribute("data-statement").rsplit("-", 1)[0]
        group.get_by_label(low_answer if principle == low else high, exact=True).check()


def see_results(page) -> None:
    page.get_by_role("button", name="See your results").click()
    page.wait_for_selector("[data-dw-sa-results]:not([hidden])")


@pytest.mark.browser
def test_answering_shows_strengths_and_the_gap_and_the_gap_leads_to_its_principle(page, site_url):
    open_assessment(page, site_url)
    answer_all(page)
    see_results(page)
    assert page.evaluate("document.activeElement.id") == "dw-sa-results-heading"
    page.wait_for_function("() => document.querySelector('[data-dw-sa-status]').textContent.length > 0")
    assert "24 of 24 statements: 5 strengths and 1 gap" in page.locator("[data-dw-sa-status]").inner_text()
    name = PRINCIPLES.name(LOW)
    gaps = page.locator(".dw-sa__gap")
    assert gaps.count() == 1
    gap = gaps.first
    assert gap.get_attribute("data-principle") == LOW
    assert name in gap.inner_text()
    assert "0 of 12" in gap.inner_text()
    stories = len(CATALOGUE.stories_with("principles", LOW))
    assert f"Read the {stories} stories that show it" in gap.inner_text()
    guides = [t.title for t in CATALOGUE.toolkit_for(LOW)]
    assert [a.inner_text() for a in gap.locator(".dw-sa__next a").all()][1:] == guides
    strengths = page.locator(".dw-sa__strengths li").all_inner_texts()
    assert len(strengths) == 5 and all("8 of 12" in s for s in strengths)
    assert not any(name in s for s in strengths)
    # Changing an answer redraws the results: the gap becomes a strength.
    for group in page.locator(f"fieldset[data-statement^='{LOW}-']").all():
        group.get_by_label("Fully", exact=True).check()
    assert page.locator(".dw-sa__gap").count() == 0
    for group in page.locator(f"fieldset[data-statement^='{LOW}-']").all():
        group.get_by_label("Not yet", exact=True).check()
    # Follow the gap to its principle page.
    with page.expect_navigation():
        page.locator(".dw-sa__gap [data-dw-sa-gap-link]").click()
    assert page.url.rstrip("/").endswith(f"/principles/{LOW}")
    assert page.locator("h1").inner_text() == name
    page.wait_for_load_state("networkidle")
    assert page.console_messages == []


@pytest.mark.browser
def test_a_gaps_story_and_toolkit_links_land_on_the_right_pages(page, site_url):
    open_assessment(page, site_url)
    answer_all(page, low="mutual-support-networks", low_answer="Starting")
    see_results(page)
    links = page.locator(".dw-sa__gap .dw-sa__next a")
    with page.expect_navigation():
        links.first.click()
    assert page.url.endswith(f"/principles/mutual-support-networks/#{self_assessment.STORIES_ANCHOR}")
    page.go_back()
    page.wait_for_selector("[data-dw-sa-show]", state="visible")
    guide = CATALOGUE.toolkit_for("mutual-support-networks")[0]
    see_results(page)  # the browser kept the answers
    with page.expect_navigation():
        page.locator(".dw-sa__gap .dw-sa__next a", has_text=guide.title).click()
    assert page.url.rstrip("/").endswith(f"/toolkit/{guide.slug}")
    assert page.locator("h1").inner_text() == guide.title


@pytest.mark.browser
def test_with_nothing_answered_the_results_say_so(page, site_url):
    open_assessment(page, site_url)
    see_results(page)
    assert "not answered any statements" in page.locator("[data-dw-sa-results]").inner_text()
    assert page.locator(".dw-sa__gap").count() == 0


@pytest.mark.browser
def test_without_javascript_the_statements_are_a_printable_checklist(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "self-assessment/")
    total = sum(len(s) for s in ASSESSMENT.statements.values())
    statements = page.locator("fieldset[data-statement] legend")
    assert statements.count() == total
    assert all(statements.nth(i).is_visible() for i in range(total))
    for term in PRINCIPLES:
        assert page.get_by_role("heading", name=term.name).is_visible()
    assert page.locator("input[type=radio]:visible").count() == total * 4
    assert page.get_by_text("To use this as a paper checklist").is_visible()
    assert page.get_by_role("button", name="See your results").is_hidden()
    # On paper: the statements and their circles, without the screen-only parts.
    page.emulate_media(media="print")
    assert page.locator("input[type=radio]:visible").count() == total * 4
    assert page.get_by_text("To use this as a paper checklist").is_hidden()
    assert page.locator(".md-header").is_hidden()
    context.close()


@pytest.mark.browser
def test_print_button_prints_the_answers_and_results_without_buttons(page, site_url):
    open_assessment(page, site_url)
    answer_all(page)
    see_results(page)
    page.evaluate("() => { window.print = () => { window.dwPrinted = (window.dwPrinted || 0) + 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.dwPrinted") == 1
    page.emulate_media(media="print")
    assert page.locator(".dw-sa__gap").is_visible()
    assert page.locator("fieldset[data-statement] input[type=radio]:checked").first.is_visible()
    assert page.get_by_role("button", name="Print").is_hidden()
    assert page.get_by_role("button", name="Save as CSV").is_hidden()


@pytest.mark.browser
def test_axe_finds_no_violations_before_or_after_results(page, site_url):
    from tests.test_browser import axe_violations

    open_assessment(page, site_url)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    answer_all(page)
    see_results(page)
    assert axe_violations(page) == []


@pytest.mark.browser
def test_the_form_and_results_reflow_at_320_css_pixels(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_assessment(page, site_url)
    answer_all(page)
    see_results(page)
    overflow = page.evaluate(
        """() => Array.from(document.querySelectorAll('.md-content *'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.tagName + '.' + el.className).slice(0, 5)"""
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert overflow == []
    assert width <= 320


# --- for a board: notes, kept answers, exports, comparing, wording, partly answered -----------


def principle_statements(page, principle: str):
    return page.locator(f"fieldset[data-statement^='{principle}-']").all()


@pytest.mark.browser
def test_round_trip_answers_and_notes_survive_a_reload_and_an_export_reimported_shows_the_change(
    page, site_url, tmp_path
):
    from tests.test_browser import axe_violations

    open_assessment(page, site_url)
    page.fill("#dw-sa-work", "Our health and wellbeing action group")
    answer_all(page, low="services-as-change-agents", high="Mostly", low_answer="Not yet")
    page.fill("#dw-sa-people-as-assets-2-note", "Two residents co-chair the group (minutes, May 2026).")
    page.fill("#dw-sa-services-as-change-agents-1-note", "=SUM(A1) no change to any budget yet, \"so far\"")

    # Kept in this browser: a reload brings back every answer and note.
    page.reload()
    page.wait_for_selector("[data-dw-sa-show]", state="visible")
    assert page.locator("#dw-sa-work").input_value() == "Our health and wellbeing action group"
    assert page.locator("fieldset[data-statement] input[type=radio]:checked").count() == 24
    assert page.locator("#dw-sa-people-as-assets-2-note").input_value() == "Two residents co-chair the group (minutes, May 2026)."
    assert page.locator("#dw-sa-services-as-change-agents-1-3").is_checked() is False
    assert page.locator("#dw-sa-services-as-change-agents-1-0").is_checked()
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    see_results(page)
    assert axe_violations(page) == []

    # Saved as CSV: date, answers, notes and scores.
    with page.expect_download() as info:
        page.get_by_role("button", name="Save as CSV").click()
    download = info.value
    assert re.fullmatch(r"self-assessment-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    import csv

    rows = list(csv.reader(saved.read_text(encoding="utf-8-sig").splitlines()))
    today = page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()")
    assert rows[0] == ["Doing With self-assessment", today]
    assert rows[1] == ["What was checked", "Our health and wellbeing action group"]
    statement = ASSESSMENT.statements["people-as-assets"][1]
    assert ["1.2", PRINCIPLES.name("people-as-assets"), statement, "Mostly", "2", "3",
            "Two residents co-chair the group (minutes, May 2026)."] in rows
    # A note that a spreadsheet would run as a formula is written as text.
    assert any(r[:1] == ["4.1"] and r[6] == "'=SUM(A1) no change to any budget yet, \"so far\"" for r in rows), rows
    assert [PRINCIPLES.name("services-as-change-agents"), "Gap", "0", "12", "4 of 4"] in rows
    assert [PRINCIPLES.name("mutual-benefit"), "Strength", "8", "12", "4 of 4"] in rows

    # Saved for Word: the same date, answers, notes and scores, as a document.
    with page.expect_download() as info:
        page.get_by_role("button", name="Save for Word").click()
    word = info.value
    assert word.suggested_filename.endswith(".doc")
    document = Path(word.path()).read_text(encoding="utf-8")
    assert "<h1>Self-assessment against the six principles of co-production</h1>" in document
    assert "Two residents co-chair the group (minutes, May 2026)." in document
    assert "=SUM(A1) no change to any budget yet, &quot;so far&quot;" in document
    from html import escape

    assert f"<td>{escape(PRINCIPLES.name('services-as-change-agents'))}</td><td>Gap</td><td>0 of 12</td>".replace("&#x27;", "&#39;") in document

    # Six months on: the change principle, re-imported, shows the change principle by principle.
    for group in principle_statements(page, "services-as-change-agents"):
        group.get_by_label("Mostly", exact=True).check()
    for group in principle_statements(page, "mutual-benefit"):
        group.get_by_label("Starting", exact=True).check()
    page.set_input_files("[data-dw-sa-import]", str(saved))
    change = page.locator("[data-dw-sa-change]")
    change.get_by_role("heading", name=f"Change since {today}").wait_for()
    assert page.evaluate("document.activeElement.id") == "dw-sa-change"
    row = lambda p: change.locator(f"tr[data-principle='{p}'] td").all_inner_texts()  # noqa: E731
    assert row("services-as-change-agents") == ["0 of 12", "8 of 12", "Up 67 points in 100"]
    assert row("mutual-benefit") == ["8 of 12", "4 of 12", "Down 33 points in 100"]
    assert row("people-as-assets") == ["8 of 12", "8 of 12", "No change"]
    assert axe_violations(page) == []

    # A file that is not an export is refused in plain words.
    other = tmp_path / "other.csv"
    other.write_text("name,value\nx,1\n", encoding="utf-8")
    page.set_input_files("[data-dw-sa-import]", str(other))
    assert page.get_by_role("alert").inner_text().startswith("That file is not a CSV saved from this self-assessment")

    # Nothing left the browser: no request after the page came back but the downloads' own blobs.
    assert [url for url in requests if not url.startswith("blob:")] == []
    assert page.console_messages == []


@pytest.mark.browser
def test_one_answered_statement_of_four_reads_partly_answered_and_is_not_a_gap(page, site_url):
    from tests.test_browser import axe_violations

    open_assessment(page, site_url)
    answer_all(page, low="meaningful-participation", high="Fully")
    for group in principle_statements(page, "meaningful-participation")[1:]:
        group.locator("input:checked").evaluate("input => input.checked = false")
    see_results(page)
    name = PRINCIPLES.name("meaningful-participation")
    assert page.locator(".dw-sa__gap").count() == 0
    assert "21 of 24 statements: 5 strengths, 0 gaps and 1 partly answered" in page.locator(".dw-sa__summary").inner_text()
    cell = page.locator(".dw-sa__table-wrap tr", has_text=name).locator("td")
    assert " ".join(cell.inner_text().split()) == "Partly answered 1 of 4 statements answered, scoring 0 of 3 so far"
    assert page.locator("#dw-sa-partly").is_visible()
    assert page.locator(".dw-sa__partly li").inner_text() == f"{name}: partly answered, 1 of 4 statements answered, scoring 0 of 3 so far."
    assert not any(name in s for s in page.locator(".dw-sa__strengths li").all_inner_texts())
    assert axe_violations(page) == []


@pytest.mark.browser
def test_the_statements_can_be_worded_for_a_service_and_the_choice_is_kept(page, site_url):
    open_assessment(page, site_url)
    legend = page.locator("fieldset[data-statement='people-as-assets-4'] legend")
    assert "decision our partnership made" in legend.inner_text()
    page.get_by_label("A service", exact=True).check()
    assert "decision our service made" in legend.inner_text()
    assert "Our service has changed" in page.locator("fieldset[data-statement='services-as-change-agents-1'] legend").inner_text()
    page.reload()
    page.wait_for_selector("[data-dw-sa-show]", state="visible")
    assert page.get_by_label("A service", exact=True).is_checked()
    assert "decision our service made" in legend.inner_text()


@pytest.mark.browser
def test_clear_my_answers_empties_the_page_and_the_browsers_storage(page, site_url):
    open_assessment(page, site_url)
    answer_all(page)
    page.fill("#dw-sa-mutual-benefit-1-note", "We asked in March.")
    assert "We asked in March." in page.evaluate("localStorage.getItem('doingwith-self-assessment')")
    page.get_by_role("button", name="Clear my answers").click()
    assert page.evaluate("localStorage.length") == 0
    assert page.locator("input[type=radio]:checked").count() == 1  # the wording, back to "A partnership"
    assert page.locator("#dw-sa-mutual-benefit-1-note").input_value() == ""
    page.reload()
    page.wait_for_selector("[data-dw-sa-show]", state="visible")
    assert page.locator("fieldset[data-statement] input:checked").count() == 0
