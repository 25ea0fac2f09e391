"""The story form's optional "What changed, and how you know" part (issue 20: the schema's
`outcomes` list), in headless Chromium on the real built site: an entry typed as people write
it reaches the file exactly and passes the real checker, a bad entry is refused with the
checker's rules in plain words, an empty entry is left out, the draft keeps the entries, and
axe finds nothing wrong with the part open."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from tests.test_story_form import (
    AXE_TAGS,
    TECHNICAL,
    check_story,
    checker_messages,
    fill_valid_story,
    open_all,
    open_form,
    plain,
    story_file_text,
)

pytestmark = pytest.mark.browser

SECOND_SOURCE = "Garden survey results, autumn 2023"
MEASURE = "Households who said they now eat more fresh vegetables"
ENTRY = {
    "measure": MEASURE,
    "figure": "31 of 40",
    "baseline": "9 of 40",
    "date": "2023-03",
    "source": 2,
    "kind": "outcome",
}


def add_second_source(page) -> None:
    page.get_by_role("button", name="Add another source").click()
    page.locator("[name=source-title]").nth(1).fill(SECOND_SOURCE)
    page.locator("[name=source-url]").nth(1).fill("https://example.org/garden-survey")


def add_result(page, measure=MEASURE, figure="31 of 40", baseline="9 of 40", date="March 2023", source="2", kind="outcome"):
    page.get_by_role("button", name="Add a result").click()
    n = page.locator("[name=outcome-measure]").count() - 1
    page.locator("[name=outcome-measure]").nth(n).fill(measure)
    page.locator("[name=outcome-figure]").nth(n).fill(figure)
    page.locator("[name=outcome-baseline]").nth(n).fill(baseline)
    page.locator("[name=outcome-date]").nth(n).fill(date)
    if source:
        page.locator("[name=outcome-source]").nth(n).select_option(source)
    if kind:
        page.locator("[name=outcome-kind]").nth(n).select_option(kind)


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_a_result_dated_march_2023_from_source_2_reaches_the_file_exactly_and_passes_the_checker(page, site_url, tmp_path):
    open_form(page, site_url)
    open_all(page)
    fill_valid_story(page)
    add_second_source(page)
    add_result(page)
    # The sources entered so far are offered by number and title.
    offered = page.locator("[name=outcome-source]").first.locator("option").all_inner_texts()
    assert offered == ["Choose a source", "1: Community garden plan: 'Our Green Space' (2023)", f"2: {SECOND_SOURCE}"]
    assert page.get_by_text("In the story file: 2023-03").is_visible()
    # A second result, added and left completely empty, is simply left out.
    page.get_by_role("button", name="Add a result").click()
    assert page.locator("[name=outcome-measure]").count() == 2
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    shown = story_file_text(page)

    with page.expect_download() as info:
        page.locator("[data-dw-download]").click()
    download = info.value
    project = tmp_path / "project"
    (project / "stories").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("")
    saved = project / "stories" / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text == shown
    result = subprocess.run(
        [sys.executable, "-m", "doingwith", "--root", str(project), "check"], capture_output=True, text=True, cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr

    data = front_matter(text)
    assert data["outcomes"] == [ENTRY]
    assert [s["title"] for s in data["sources"]] == ["Community garden plan: 'Our Green Space' (2023)", SECOND_SOURCE]
    # After the sources, in the schema's order, written as the stories in the library are.
    assert (
        '    url: "https://example.org/garden-survey"\n'
        "outcomes:\n"
        f'  - measure: "{MEASURE}"\n'
        '    figure: "31 of 40"\n'
        '    baseline: "9 of 40"\n'
        '    date: "2023-03"\n'
        "    source: 2\n"
        "    kind: outcome\n"
        "language: en\n"
    ) in text
    assert MEASURE + ": 31 of 40 (before: 9 of 40)" in page.locator(".dw-sf-preview").inner_text()
    assert page.console_messages == []


def test_a_story_with_no_results_has_no_outcomes_in_its_file(page, site_url):
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert "outcomes" not in front_matter(story_file_text(page))


def test_the_chosen_source_follows_when_a_source_above_it_is_removed(page, site_url):
    open_form(page, site_url)
    open_all(page)
    fill_valid_story(page)
    add_second_source(page)
    add_result(page)
    page.get_by_role("button", name="Remove source 1").click()
    select = page.locator("[name=outcome-source]")
    assert select.input_value() == "1"
    assert select.locator("option:checked").inner_text() == f"1: {SECOND_SOURCE}"
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert front_matter(story_file_text(page))["outcomes"][0]["source"] == 1


def test_a_bad_result_is_named_in_plain_words_by_the_checkers_rules_and_blocks_sending(page, site_url, tmp_path):
    open_form(page, site_url)
    open_all(page)
    fill_valid_story(page)
    add_second_source(page)
    add_result(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    good_text = story_file_text(page)
    assert checker_messages(tmp_path, good_text) == []

    # The figure left out, and what was measured too short.
    page.locator("[name=outcome-measure]").fill("Gardeners")
    page.locator("[name=outcome-figure]").fill("")
    assert page.locator(".dw-sf-output").is_hidden()
    check_story(page)

    # The checker, given the same values (the figure given as nothing at all), says the same,
    # named for the contributor.
    bad_text = good_text.replace(f'measure: "{MEASURE}"', 'measure: "Gardeners"').replace('figure: "31 of 40"', "figure:")
    said = checker_messages(tmp_path, bad_text)
    names = {"`outcomes[1].measure`": "What was measured in result 1", "`outcomes[1].figure`": "The figure in result 1"}
    expected = []
    for message in said:
        for technical, name in names.items():
            message = message.replace(technical, name, 1)
        expected.append(plain(page, message))
    assert expected == [
        "What was measured in result 1 is 9 characters long; it must be 10 to 200",
        "The figure in result 1 is empty: write 1 to 60 characters",
    ], said
    assert not any(TECHNICAL.search(m) for m in expected), expected

    summary = page.locator(".dw-sf-summary")
    assert summary.is_visible()
    assert summary.get_by_role("link").all_inner_texts() == expected
    for selector, message in zip(("[name=outcome-measure]", "[name=outcome-figure]"), expected, strict=True):
        field = page.locator(selector)
        assert field.get_attribute("aria-invalid") == "true"
        error_id = field.get_attribute("aria-describedby").split()[-1]
        assert page.locator(f"#{error_id}").text_content() == "Error: " + message
    # Nothing can be sent while there is a problem.
    assert page.locator(".dw-sf-output").is_hidden()
    assert page.locator("[data-dw-download]").get_attribute("href") is None

    # A result half given is named too: no source, no kind, no date.
    page.locator("[name=outcome-measure]").fill(MEASURE)
    page.locator("[name=outcome-figure]").fill("31 of 40")
    page.locator("[name=outcome-date]").fill("")
    page.locator("[name=outcome-source]").select_option("")
    page.locator("[name=outcome-kind]").select_option("")
    check_story(page)
    messages = summary.get_by_role("link").all_inner_texts()
    assert messages == [
        "When result 1 was measured is empty: write a year, such as 2021, or a month, such as March 2021",
        "Result 1 does not say which source gives it; choose one of the sources you listed",
        "Result 1 does not say what it shows; choose reach or outcome",
    ]
    page.locator("[name=outcome-date]").fill("soon")
    check_story(page)
    date_message = summary.get_by_role("link").first.inner_text()
    assert date_message == plain(page, "When result 1 was measured: 'soon' is not a year or date; write YYYY, YYYY-MM or YYYY-MM-DD")
    assert not TECHNICAL.search(date_message)
    assert page.console_messages == []


def test_a_reload_keeps_the_result(page, site_url, tmp_path):
    open_form(page, site_url)
    open_all(page)
    fill_valid_story(page)
    add_second_source(page)
    add_result(page)
    page.wait_for_function("() => (localStorage.getItem('doingwith-story-form-draft') || '').includes('31 of 40')")
    page.reload()
    page.wait_for_selector("form[data-dw-story-form][data-ready=true]")
    assert page.locator("[data-dw-draft]").inner_text().startswith("We have brought back the draft")
    open_all(page)
    assert page.locator("[name=outcome-measure]").count() == 1
    assert page.locator("[name=outcome-measure]").input_value() == MEASURE
    assert page.locator("[name=outcome-figure]").input_value() == "31 of 40"
    assert page.locator("[name=outcome-baseline]").input_value() == "9 of 40"
    assert page.locator("[name=outcome-date]").input_value() == "March 2023"
    assert page.get_by_text("In the story file: 2023-03").is_visible()
    source = page.locator("[name=outcome-source]")
    assert source.input_value() == "2"
    assert source.locator("option:checked").inner_text() == f"2: {SECOND_SOURCE}"
    assert page.locator("[name=outcome-kind]").input_value() == "outcome"
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert front_matter(story_file_text(page))["outcomes"] == [ENTRY]
    assert page.console_messages == []


def test_axe_finds_no_violations_with_the_results_part_open(page, site_url):
    def violations() -> list[str]:
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        results = Axe().run(page, options=options)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]

    open_form(page, site_url)
    part = page.locator(".dw-sf-section", has=page.get_by_role("button", name=re.compile("^What changed, and how you know")))
    if part.get_by_role("button", name=re.compile("^What changed")).get_attribute("aria-expanded") != "true":
        part.get_by_role("button", name=re.compile("^What changed")).click()
    assert part.get_by_role("button", name="Add a result").is_visible()
    assert violations() == []
    fill_valid_story(page)
    add_second_source(page)
    add_result(page, measure="Too short", figure="")
    check_story(page)
    assert part.locator("[name=outcome-measure]").get_attribute("aria-invalid") == "true"
    assert violations() == []


def test_a_result_fits_a_390px_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_form(page, site_url)
    open_all(page)
    fill_valid_story(page)
    page.locator("[name=source-title]").first.fill("A source with a very long title " * 6)
    add_second_source(page)
    add_result(page, measure="Too short", figure="")
    check_story(page)
    overflow = page.evaluate(
        """() => Array.from(document.querySelectorAll('.md-content *'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('pre'))
            .map(el => el.tagName + '.' + el.className).slice(0, 5)"""
    )
    wide = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert overflow == [] and wide <= 390, (overflow, wide)
