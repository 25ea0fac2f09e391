"""The "Share your story" form (docs/share/form.md, docs/assets/story-form.js) in headless
Chromium: its choices come from the schema and vocabularies, it speaks with the checker's own
words, and the file it makes passes `python -m doingwith check` as it stands."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from doingwith.content import load_story
from doingwith.schema import STORY_SECTIONS
from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO

pytestmark = pytest.mark.browser

FORM = "share/form/"
VOCABULARIES = load_vocabularies()
def _configured_repo_url() -> str:
    from mkdocs.config import load_config

    return load_config(config_file=str(REPO / "mkdocs.yml")).repo_url.rstrip("/")


REPO_URL = _configured_repo_url()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # as in test_browser.py

TITLE = "Neighbours and the council plan a community garden at Gŵyl Park"
SECTIONS = [
    "Neighbours asked the council for somewhere to grow food. The \"Tuesday group\" met for a year.\n\n"
    "- they mapped empty land\n- they chose a site together",
    "Residents, the council's parks team and a local school planned the garden with each other.",
    "A garden opened in 2023; 40 households now share it, and the council *maintains* the paths.",
    "Start small, meet where people already are, and pay for childcare so parents can come.",
    "The [council's community plan for the area](https://example.org/community-plan) has the details.",
]


def open_form(page, site_url) -> None:
    page.goto(site_url + FORM)
    page.wait_for_selector("form[data-dw-story-form][data-ready=true]")


def open_all(page) -> None:
    """Open every part of the form (on a phone, only the first is open at the start)."""
    toggle = page.locator("[data-dw-open-all]")
    if toggle.inner_text() == "Open every part":
        toggle.click()
    assert page.locator(".dw-sf-section__body[hidden]").count() == 0


def plain(page, message: str) -> str:
    """The checker's message in the form's plain words (the form's own rewriting)."""
    return page.evaluate("(m) => window.DoingWithStoryForm.plain(m)", message)


# Words a contributor should not have to know.
TECHNICAL = re.compile(r"`|\[\d|\bids?\b|YAML|YYYY|template syntax|Markdown|raw HTML|\bslug\b")


def fill_valid_story(page) -> None:
    page.fill("[name=title]", TITLE)
    page.fill(
        "[name=summary]",
        "Neighbours and council officers planned a shared garden together; forty households now "
        "grow food there and help to run it.",
    )
    page.select_option("[name=nation]", "northern-ireland")
    page.check("input[name=places][value=lisburn-and-castlereagh]")
    page.fill("[name=organisations]", "Lisburn & Castlereagh City Council\n  Gŵyl Park Neighbours  \n")
    page.check("input[name=principles][value=people-as-assets]")
    page.fill("[name=evidence-people-as-assets]", "Neighbours mapped the land and chose the site themselves.")
    page.check("input[name=principles][value=mutual-benefit]")
    page.fill("[name=evidence-mutual-benefit]", "The council gained a cared-for site; neighbours got their garden.")
    page.check("input[name=stages][value=co-design]")
    page.check("input[name=themes][value=environment-and-place]")
    page.fill("[name=period-start]", "2022-03")
    page.check("input[name=ongoing]")
    page.fill("[name=author-name]", "Test Author")
    page.select_option("[name=author-role]", "practitioner")
    if page.locator("[name=co-author-name]").count() == 0:
        page.get_by_role("button", name="Add a co-author").click()
    page.fill("[name=co-author-name]", "Tuesday group")
    page.select_option("[name=co-author-role]", "community-member")
    page.check("[name=to_publish]")
    page.select_option("[name=basis]", "written-consent")
    page.fill("[name=source-title]", "Community garden plan: 'Our Green Space' (2023)")
    page.fill("[name=source-url]", "https://example.org/garden-plan?year=2023&lang=en")
    for index, text in enumerate(SECTIONS):
        page.fill(f"[name=section-{index}]", text)


def check_story(page) -> None:
    page.get_by_role("button", name="Check my story").click()


def story_file_text(page) -> str:
    return page.locator(".dw-sf-file code").text_content()


def checker_messages(tmp_path: Path, text: str) -> list[str]:
    """What the real checker says about a story file."""
    path = tmp_path / "stories" / "checked.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _story, problems = load_story(path, VOCABULARIES, dt.date.today())
    return [p.message for p in problems if not p.warning]


# --- a valid story, downloaded and checked --------------------------------------------------


def test_a_valid_story_downloads_as_a_file_the_checker_passes(page, site_url, tmp_path):
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "dw-sf-output-title"
    shown = story_file_text(page)

    with page.expect_download() as info:
        page.locator("[data-dw-download]").click()
    download = info.value
    assert download.suggested_filename == "neighbours-and-the-council-plan-a-community-garden-at-gwyl-park.md"
    project = tmp_path / "project"
    (project / "stories").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("")
    saved = project / "stories" / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text == shown

    result = subprocess.run(
        [sys.executable, "-m", "doingwith", "--root", str(project), "check"],
        capture_output=True, text=True, cwd=project,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    # The layout of `python -m doingwith new-story` (new_story.render), with the answers in.
    today = dt.date.today().isoformat()
    assert text.startswith(
        "---\n# yaml-language-server: $schema=../docs/schema/story.schema.json\n"
        f"title: {json.dumps(TITLE, ensure_ascii=False)}\n"
    )
    assert (
        "nation: northern-ireland\nplaces: [lisburn-and-castlereagh]\norganisations:\n"
        '  - "Lisburn & Castlereagh City Council"\n  - "Gŵyl Park Neighbours"\nprinciples:\n'
        "  - id: people-as-assets\n"
    ) in text
    assert (
        'period:\n  start: "2022-03"\n  end: "ongoing"\n'
        f"published: {today}\nlast_reviewed: {today}\n"
        'authors:\n  - name: "Test Author"\n    role: practitioner\n'
        'co_authors:\n  - name: "Tuesday group"\n    role: community-member\n'
        "consent:\n  to_publish: true\n  anonymised: false\n  basis: written-consent\n"
    ) in text
    assert text.endswith("## Find out more\n\n" + SECTIONS[4] + "\n")
    assert [line for line in text.splitlines() if line.startswith("## ")] == ["## " + s for s in STORY_SECTIONS]

    # The GitHub link opens the new-file page of mkdocs.yml's repo_url with the same file.
    href = page.locator("[data-dw-github]").get_attribute("href")
    address = urlsplit(href)
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{REPO_URL}/new/main"
    query = parse_qs(address.query)
    assert query == {"filename": [f"stories/{download.suggested_filename}"], "value": [text]}
    assert page.console_messages == []


def test_the_rendered_preview_is_text_only(page, site_url):
    open_form(page, site_url)
    fill_valid_story(page)
    page.fill("[name=section-1]", "Residents wrote **bold** and `<script>alert(1)</script>` in code.")
    check_story(page)
    preview = page.locator(".dw-sf-preview")
    preview.wait_for()
    assert TITLE in preview.inner_text()
    assert "`<script>alert(1)</script>`" in preview.inner_text()
    assert preview.locator("script, strong, code").count() == 0


# --- wrong values: the checker's rule in plain words, next to the field and in the summary --

WRONG_VALUES = [
    # (what, form field, wrong value, how the same value reads in the file, checker name, form name)
    ("a 4-character title", "[name=title]", "Park", lambda t, v: re.sub(r'^title: .*$', f"title: {json.dumps(v)}", t, count=1, flags=re.M), "`title`", "Title"),
    ("HTML in the summary", "[name=summary]", "Parents and officers planned a <b>new</b> play park together, and it opened in 2023.",
     lambda t, v: re.sub(r'^summary: .*$', f"summary: {json.dumps(v)}", t, count=1, flags=re.M), "`summary`", "Summary"),
    ("template syntax in evidence", "[name=evidence-people-as-assets]", "Residents ran the {{ survey }} themselves.",
     lambda t, v: re.sub(r'^    evidence: .*$', f"    evidence: {json.dumps(v)}", t, count=1, flags=re.M),
     "`principles[1].evidence`", "Evidence for 'Recognising people as assets'"),
    ("a placeholder in an organisation", "[name=organisations]", "[[Organisation name]]",
     lambda t, v: re.sub(r'^organisations:\n(  - .*\n)+', f"organisations:\n  - {json.dumps(v)}\n", t, count=1, flags=re.M),
     "`organisations[1]`", "Organisation 1"),
    ("a javascript: source", "[name=source-url]", "javascript:alert(1)",
     lambda t, v: re.sub(r'^    url: .*$', f"    url: {json.dumps(v)}", t, count=1, flags=re.M),
     "`sources[1].url`:", "Source 1's web address:"),
    ("a month that does not exist", "[name=period-start]", "2022-13",
     lambda t, v: re.sub(r'^  start: .*$', f"  start: {json.dumps(v)}", t, count=1, flags=re.M),
     "`period.start`:", "When it started:"),
]


@pytest.mark.parametrize(
    "what, selector, value, in_file, checker_name, form_name", WRONG_VALUES, ids=[w[0] for w in WRONG_VALUES]
)
def test_a_wrong_value_is_reported_by_the_checkers_rule_in_plain_words(
    page, site_url, tmp_path, what, selector, value, in_file, checker_name, form_name
):
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    good_text = story_file_text(page)
    assert checker_messages(tmp_path, good_text) == []

    page.fill(selector, value)
    # A changed answer takes the old file away at once.
    assert page.locator(".dw-sf-output").is_hidden()
    check_story(page)

    said = checker_messages(tmp_path, in_file(good_text, value))
    expected = [plain(page, m.replace(checker_name, form_name, 1)) for m in said]
    assert len(expected) == 1 and expected[0].startswith(form_name), expected
    assert not TECHNICAL.search(expected[0]), expected

    # Inline, next to the field: linked to it, and the field marked invalid.
    field = page.locator(selector)
    error_id = page.evaluate(
        "(s) => document.querySelector(s).getAttribute('aria-describedby').split(' ').pop()", selector
    )
    error = page.locator(f"#{error_id}")
    assert error.is_visible()
    assert error.text_content() == "Error: " + expected[0]
    assert field.get_attribute("aria-invalid") == "true"

    # In the summary at the top, which has the focus, linking to the field.
    summary = page.locator(".dw-sf-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('dw-sf-summary')")
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == expected
    assert page.title().startswith("Error: ")

    # No file is offered while there is a problem.
    assert page.locator(".dw-sf-output").is_hidden()
    assert page.locator("[data-dw-download]").get_attribute("href") is None

    # The summary's link takes you to the field; fixing it brings the file back.
    links.first.click()
    assert page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector)
    page.fill(selector, "")
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert summary.is_hidden()
    assert field.get_attribute("aria-invalid") is None
    assert page.console_messages == []


def test_raw_html_in_a_section_gets_the_body_checkers_rule_in_plain_words(page, site_url, tmp_path):
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    good_text = story_file_text(page)
    wrong = "Residents met every week.\nThey wrote <b>bold</b> words, and [click here](page.html)."
    page.fill("[name=section-0]", wrong)
    check_story(page)
    bad_text = good_text.replace(SECTIONS[0], wrong)
    expected = ["What happened, line 2: " + plain(page, m) for m in checker_messages(tmp_path, bad_text)]
    assert len(expected) == 4, expected  # <b>, </b>, vague link text, not a full address
    assert page.locator(".dw-sf-summary").get_by_role("link").all_inner_texts() == expected
    assert expected[0] == "What happened, line 2: <b> is web code, which the site does not accept; take it out (for bold words, write **bold words**)"


@pytest.mark.parametrize(
    "wrong",
    [
        "Residents met every week.\nThey drew a line: " + "*" * 150,
        "Residents met every week.\n> " + "- " * 30 + "x",
        "Residents met every week.\n``` two words\n<b>bold</b>\n``` two words",
        "Residents met every week.\nEscaped \\`<b>bold</b>\\` backticks.",
        "Residents met every week.\n" + "[" * 210,
        "Residents met every week.\nSee [click here](<#the plan>) and [](<https://example.org/park plan>).",
        "Residents met every week.\nSee [click  here][plan], [here] and [read more][none].\n\n"
        "[plan]: https://example.org/plan\n[HERE]: https://example.org/here",
        "Residents met every week.\n" + "١. " * 30 + "x",
        "Residents met every week.\n[Update]: the park opened in May.\nSee [click here][plan] and [here][js].\n\n"
        "[plan]:\n  https://example.org/plan\n[js]:\n javascript:alert(1)",
        "Residents met every week. See [click\nhere](https://example.org/x), [the plan](\n  example.org/plan)\n"
        "and [the council's\nnew  park](javascript:alert(1)).\n\n- [a list item\n- b](example.org)",
    ],
    ids=[
        "a run of emphasis marks", "a list in a quotation", "a fence Markdown does not take", "escaped backticks",
        "unmatched brackets", "link addresses in <>", "reference links",
        "numbers in other digits", "[label]: lines as Markdown reads them",
        "links over two lines",
    ],
)
def test_what_markdown_reads_otherwise_gets_the_body_checkers_rule(page, site_url, tmp_path, wrong):
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    good_text = story_file_text(page)
    page.fill("[name=section-0]", wrong)
    check_story(page)
    bad_text = good_text.replace(SECTIONS[0], wrong)
    path = tmp_path / "stories" / "checked.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bad_text, encoding="utf-8")
    _story, problems = load_story(path, VOCABULARIES, dt.date.today())
    first = bad_text.split("\n").index(wrong.split("\n")[0])  # the section's first line, counted from 0
    assert problems, "the checker refuses it"
    problems = sorted(problems, key=lambda p: (p.line, p.col))  # as the checker prints them
    expected = [f"What happened, line {p.line - first}: " + plain(page, p.message) for p in problems if not p.warning]
    assert page.locator(".dw-sf-summary").get_by_role("link").all_inner_texts() == expected


def test_an_empty_form_lists_every_missing_answer_in_plain_words_in_the_order_of_the_form(page, site_url):
    open_form(page, site_url)
    check_story(page)
    links = page.locator(".dw-sf-summary").get_by_role("link")
    messages = links.all_inner_texts()
    assert "Title is empty: write 10 to 120 characters" in messages
    assert "Nation is empty; choose one of: Northern Ireland, Scotland, Wales" in messages
    assert "Stages of co-production: choose at least one, or tick the box to leave them to an editor" in messages
    assert "When it started is empty: write a year, such as 2021, or a month, such as March 2021" in messages
    assert any(m.startswith("Consent to publish must be given") for m in messages)
    assert "What happened is empty; write this part of the story" in messages
    # Nothing a non-programmer would not understand: no field ids, list syntax or formats.
    assert not any(TECHNICAL.search(m) for m in messages), messages
    # Only what blocks sending: nothing about the optional questions (co-authors, a source's note,
    # the Welsh summary); and in the order of the form, top to bottom.
    assert not any(re.search(r"Co-author|Welsh|how to find it", m) for m in messages), messages
    targets = links.evaluate_all("links => links.map(a => document.getElementById(a.hash.slice(1)))"
                                 ".map(t => Array.from(document.querySelectorAll('form [id]')).indexOf(t))")
    assert -1 not in targets and targets == sorted(targets), targets
    assert page.console_messages == []


# --- built from the schema and vocabularies -------------------------------------------------


def test_the_places_offered_follow_the_nation(page, site_url):
    open_form(page, site_url)
    places = page.locator("input[name=places]")
    assert places.count() == 0
    assert page.get_by_text("Choose the nation first").is_visible()
    for nation in ("wales", "scotland", "northern-ireland"):
        page.select_option("[name=nation]", nation)
        offered = places.evaluate_all("boxes => boxes.map(b => b.value)")
        assert offered == VOCABULARIES.places_in(nation)
    assert page.get_by_label("Lisburn and Castlereagh").is_visible()
    assert page.get_by_text("Choose the nation first").is_hidden()


def test_choices_and_lengths_come_from_the_schema(page, site_url):
    open_form(page, site_url)
    schema = json.loads((REPO / "docs" / "schema" / "story.schema.json").read_text())
    props = schema["properties"]
    values = lambda selector: page.locator(selector).evaluate_all("els => els.map(e => e.value).filter(Boolean)")  # noqa: E731
    assert values("input[name=principles]") == props["principles"]["items"]["properties"]["id"]["enum"]
    assert values("input[name=stages]") == props["stages"]["items"]["enum"]
    assert values("input[name=themes]") == props["themes"]["items"]["enum"]
    assert values("[name=nation] option") == props["nation"]["enum"]
    # Every role but the editor's: editors write up stories from published sources.
    roles = props["authors"]["items"]["properties"]["role"]["enum"]
    assert "editor" in roles
    assert values("[name=author-role] option") == [r for r in roles if r != "editor"]
    assert values("[name=basis] option") == props["consent"]["properties"]["basis"]["enum"]
    assert values("[name=language] option") == props["language"]["enum"]
    title_hint = page.locator("#" + page.get_attribute("[name=title]", "aria-describedby").split()[0]).inner_text()
    assert title_hint == f"{props['title']['description']} 10 to 120 characters."
    # Each principle reveals its own evidence box, labelled with the principle's name.
    evidence = page.locator("[name=evidence-mutual-benefit]")
    assert evidence.is_hidden()
    page.check("input[name=principles][value=mutual-benefit]")
    assert evidence.is_visible()
    assert page.get_by_label(re.compile(r"How does your story show this\? \(Everyone benefiting from working together\)")).count() == 1


def test_the_form_loads_under_the_csp_with_no_console_errors_and_no_other_requests(page, site_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    page.locator("[data-dw-copy]").click()
    page.wait_for_load_state("networkidle")
    assert page.console_messages == []
    assert all(url.startswith(site_url) or url.startswith("blob:") or url.startswith("data:") for url in requests), requests


def test_axe_finds_no_violations_with_errors_shown_or_with_the_file_ready(page, site_url):
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

    def violations() -> list[str]:
        # Let transitions end first (the theme's "Back to top" button fades in as the page scrolls up).
        # One cancelled on the way (the fade turned back) rejects its promise: it has ended too.
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        results = Axe().run(page, options=options)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]

    open_form(page, site_url)
    page.select_option("[name=nation]", "scotland")
    page.check("input[name=principles][value=people-as-assets]")
    page.get_by_role("button", name="Add a co-author").click()
    check_story(page)
    assert violations() == []
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert violations() == []


@pytest.mark.parametrize("width", [320, 390])
def test_the_form_reflows_on_a_narrow_screen(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()

    def overflow() -> list[str]:
        return page.evaluate(
            """() => Array.from(document.querySelectorAll('.md-content *'))
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('pre'))
                .map(el => el.tagName + '.' + el.className).slice(0, 5)"""
        ) + ([] if page.evaluate("document.documentElement.scrollWidth") <= width else ["the page"])

    open_form(page, site_url)
    open_all(page)
    page.select_option("[name=nation]", "scotland")
    page.get_by_role("button", name="Check my story").click()
    with_errors = overflow()
    fill_valid_story(page)
    page.fill("[name=title]", "Supercalifragilisticexpialidociouslylongwordsinatitlethatnobodywouldeverwrite")
    page.get_by_role("button", name="Check my story").click()
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    with_file = overflow()
    context.close()
    assert with_errors == []
    assert with_file == []


def test_a_title_already_used_by_a_story_is_reported_as_the_checker_does(page, site_url, tmp_path):
    from doingwith.project import Project, check_project

    existing = check_project(Project(REPO)).stories[0]
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    good_text = story_file_text(page)
    used = existing.title.upper()
    page.fill("[name=title]", used)
    check_story(page)
    shown = page.locator(".dw-sf-summary").get_by_role("link").all_inner_texts()
    assert page.locator(".dw-sf-output").is_hidden()

    # The checker, given both files, says the same (from its path:line:col: prefix, in lower case).
    project = tmp_path / "project"
    (project / "stories").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("")
    (project / "stories" / f"{existing.slug}.md").write_text((REPO / existing.path).read_text(encoding="utf-8"), encoding="utf-8")
    mine = re.sub(r"^title: .*$", f"title: {json.dumps(used)}", good_text, count=1, flags=re.M)
    (project / "stories" / "zzz-mine.md").write_text(mine, encoding="utf-8")
    said = [p.message for p in check_project(Project(project)).problems if "already used" in p.message]
    assert len(said) == 1
    assert shown == [said[0][0].upper() + said[0][1:]]


def test_a_title_that_makes_a_reserved_file_name_is_refused(page, site_url, tmp_path):
    open_form(page, site_url)
    fill_valid_story(page)
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    good_text = story_file_text(page)
    page.fill("[name=title]", "Index: (((( ))))")
    check_story(page)
    shown = page.locator(".dw-sf-summary").get_by_role("link").all_inner_texts()
    project = tmp_path / "project"
    (project / "stories").mkdir(parents=True)
    (project / "stories" / "index.md").write_text(good_text, encoding="utf-8")
    from doingwith.project import Project, check_project

    said = [p.message for p in check_project(Project(project)).problems if "reserved" in p.message]
    assert len(said) == 1 and len(shown) == 1
    assert shown[0].startswith(said[0][0].upper() + said[0][1:])


# --- the same rules as the Python checker, input by input ------------------------------------
# The form's rule functions (window.DoingWithStoryForm) against doingwith/schema.py and
# doingwith/body_rules.py on inputs chosen to find the edges.

BODY_LINES = [
    "Plain words, with a < b and c > d.",
    "Residents wrote <b>bold</b> and <i>",
    "<!-- a comment --> and <?php echo 1 ?> and <!DOCTYPE html>",
    "x <br/> y <img src=x onerror=alert(1)>",
    "an autolink <https://example.org/page> and <someone@example.org>",
    "a bad autolink <javascript:alert(1)> and <ftp://example.org>",
    "`<b>` in code, ``a`b`` and then <i> and `unclosed <u>",
    "{{ config }} and {% if x %} and {# note #}",
    "`{{ shown as code }}` is fine",
    "[[Describe what happened]] and [[another one]]",
    "# A page title",
    "#### Too deep",
    "### Just right\n#### And deeper\n## Back up",
    "[here](https://example.org) and [Read more.](https://example.org)",
    "[](https://example.org)",
    "[The council plan](example.org/plan)",
    "[The council plan](javascript:alert(1))",
    "[Email us](mailto:not-an-email) and [Email](mailto:team@example.org)",
    "[The plan](https://localhost/plan) and [The plan]( <https://example.org/x> \"Title\")",
    "[The plan](HTTPS://EXAMPLE.ORG) and [x](https:example.org) and [y](//example.org)",
    "[The plan](https://user@[::1]:80/) and [z](data:text/html,hi)",
    "[ref]: ftp://example.org/file",
    "  [ref]: <https://example.org> \"fine\"",
    "[ref-ref]: ref-ref",
    "```\n<b>inside a fence</b> {{ x }}\n```\nafter <i>",
    "~~~~\nnot closed <b>",
    "```\n~~~\n<b>still fenced</b>",
    "A paragraph written as one very long line. " * 120,
    "```\n" + "x" * 5001 + "\n```\n<b>",
    "é" * 5000,
    # Found by tests/test_story_form_agrees.py: rules the form did not have, or had in JavaScript's terms.
    "a \x16 control, a \u202e reversal and a \u2028 separator",
    "- " * 21 + "too deep",
    " " * 101 + "indented too far",
    "\t" * 26 + "- tabs count as four",
    "١. ٢. ٣. " * 7 + "Arabic-Indic list markers",
    "[[" + "😀" * 70 + "]]",
    "😀😀 <b" + "😀" * 30,
    "x <b\ufeff> and <i\x1c and [text\x85](https://example.org)",
    # Between ( and the address, what Python's \s takes and JavaScript's does not: the column was one short.
    "[The plan](\x1cftp://example.org) and [The plan](\x85ftp://example.org)",
]

URLS = [
    "https://example.org", "http://x", "example.org", "ftp://example.org", "javascript:alert(1)",
    "JavaScript:alert(1)", "https://user@host.example.org:8080/p?q#f", "https://[::1]/", "HTTPS://EXAMPLE.ORG",
    "mailto:a@b.co", "mailto:nobody", "https:example.org", "//example.org", "https://exa mple.org", " ",
    "data:text/html,hi", "1http://x.org", "https://example", "https://ex.ample:notaport/",
    # The checker's tightened rules (schema.url_problem) and urlsplit's errors.
    "", "https://example.org.", "https://example.org.:8080/x", "https://example.org..", "https://", "https:///path",
    "http://?q", "https://[example.org", "https://example.org]/", "https://[1.2.3.4]/", "https://[::1%25eth0]/",
    "https://[v1.x]/", "https://[vz.x]/", "https://[::ffff:1.2.3.4]/", "https://[1:2:3:4:5:6:7:8]/",
    "https://[1::2::3]/", "https://ex..ample.org", "https://.example.org", "https://exa_mple.org",
    "https://例え.jp/", "https://a\uff0fb.org", "https://ℂ.org", "https://user@example.org:80/",
    "https://example.org/a\u3000b", "https://example.org/\ufeff", "\x01https://example.org",
    "mailto:a\ufeff@b.co", "https://example.org.:١٢/", "HTTP://EXAMPLE.ORG./",
]

TEXTS = [
    "", "Park", "A title of a good length", "A title with <b>bold</b> in it", "A title with {{ x }} in it",
    "A title with {% x %} in it", "A title with [[placeholder]]", "Tabs\tand  spaces   here", "x" * 121, "é" * 10,
    "😀" * 10, "< b > is not a tag but <b is", "a <3 heart title here", "Nation 2019: a plain title",
    "An invisible \u202e reversal", "A \x16 control character", "A \x85 next line and \x1c here", "A <b\ufeff> tag?",
]


def js_rules(page, expression: str, argument):
    return page.evaluate(f"(arg) => {{ const R = window.DoingWithStoryForm; return {expression}; }}", argument)


def test_body_rules_match_the_python_checker(page, site_url):
    from doingwith.body_rules import check_body
    from doingwith.frontmatter import decode
    from doingwith.problems import ProblemList

    open_form(page, site_url)
    for text in BODY_LINES:
        problems = ProblemList("x")
        # The form writes each section under its own ## heading: line 0 here, so the text starts at 1.
        check_body("## What happened\n" + text, 0, problems)
        # The invisible characters the checker finds in the whole file, as it reads it.
        read = ProblemList("x")
        decode(("## What happened\n" + text).encode("utf-8"), read, max_bytes=10**9)
        expected = sorted([(p.line, p.col, p.message) for p in problems.items] +
                          [(p.line - 1, p.col, p.message) for p in read.items])
        got = js_rules(page, "R.bodyProblems(arg, [], {}).map(p => [p.line, p.col, R.printable(p.message)])", text)
        assert [tuple(p) for p in got] == expected, text


def test_url_rules_match_the_python_checker(page, site_url):
    from doingwith.schema import url_problem

    open_form(page, site_url)
    for url in URLS:
        for schemes in (("https", "http", "mailto"), ("https", "http")):
            got = js_rules(page, "R.urlProblem(arg[0], arg[1])", [url, list(schemes)])
            assert got == url_problem(url, schemes), (url, schemes)


def test_text_and_date_rules_match_the_python_checker(page, site_url):
    from doingwith import strict_yaml
    from doingwith.problems import ProblemList
    from doingwith.schema import Context, PartialDate, Text

    def python(kind, value: str) -> list[str]:
        problems = ProblemList("x")
        written = re.sub("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group(0)):04x}",
                         json.dumps(value, ensure_ascii=False))
        root, _ = strict_yaml.parse("v:" if value == "" else f"v: {written}")
        kind.check("`v`", root.items["v"][1], Context(VOCABULARIES, problems, dt.date.today()))
        return [p.message.replace("``v``", "`v`") for p in problems.items]

    open_form(page, site_url)
    for value in TEXTS:
        got = js_rules(page, "R.textProblems('`v`', R.collapse(arg), {min: 10, max: 120}).map(R.printable)", value)
        assert got == python(Text(10, 120), value), value
    pattern = json.loads((REPO / "docs" / "schema" / "story.schema.json").read_text())["properties"]["period"]["properties"]
    for value in ["2019", "2019-02", "2019-02-29", "2020-02-29", "2019-13", "2019-00", "0000", "19", "2019/02", "ongoing", "2019-04-31"]:
        got = js_rules(page, "R.partialDateProblems('`v`', arg[0], new RegExp(arg[1]))", [value, pattern["start"]["pattern"]])
        assert got == python(PartialDate(), value), value
        got = js_rules(page, "R.partialDateProblems('`v`', arg[0], new RegExp(arg[1]), ' or \"ongoing\"')", [value, pattern["end"]["pattern"]])
        assert got == python(PartialDate(allow_ongoing=True), value), value


def test_quoted_text_reads_back_exactly_and_file_names_are_valid_slugs(page, site_url):
    import yaml

    from doingwith.content import MAX_SLUG_LENGTH, SLUG
    from doingwith.content import slug_from as slugify

    open_form(page, site_url)
    for text in ['say "hi"', "back\\slash", "tab\there", "line\u2028sep", "next\x85line", "del\x7f", "bom\ufeff",
                 "emoji 😀", "Gŵyl — ‘quotes’", "yes", "null", "2019", "#not a comment", "key: value", "- dash"]:
        written = js_rules(page, "R.quoted(arg)", text)
        assert yaml.safe_load(f"v: {written}")["v"] == text, written
    for title in ["Residents and council redesign a play park", "It's a 'test' -- with   dashes!", "x" * 200,
                  "Armagh: 2019/20 (phase 2)", "a" + "-b" * 60]:
        assert js_rules(page, "R.slugify(arg)", title) == slugify(title), title
    for title in ["Gŵyl y Gymuned yng Nghaerdydd", "Ár bpobal, ár bplean", "¿¿??", "日本語のタイトル", "ﬁne ligatures"]:
        slug = js_rules(page, "R.slugify(arg)", title)
        assert SLUG.match(slug) and len(slug) <= MAX_SLUG_LENGTH, (title, slug)
