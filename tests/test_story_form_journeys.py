"""The story form as contributors use it (issue 22), in headless Chromium on the real built
site: a story typed on a phone from empty, with a reload in the middle, sent by email to the
editors as a file that passes `python -m doingwith check`; dates and addresses written as
people write them; a long story that still has a working GitHub route; and axe in every
state these journeys reach."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.helpers import REPO
from tests.test_story_form import (
    AXE_TAGS,
    REPO_URL,
    SECTIONS,
    TECHNICAL,
    check_story,
    fill_valid_story,
    open_form,
)

pytestmark = pytest.mark.browser

EDITORS_EMAIL = re.search(r"^  editors_email:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.M).group(1)


def axe_violations(page) -> list[str]:
    # Transitions end first; one cancelled on the way rejects its promise, and has ended too.
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def run_checker(tmp_path, name: str, text: str) -> subprocess.CompletedProcess:
    """The real checker, on the file as it would be added to stories/."""
    project = tmp_path / "project"
    (project / "stories").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("")
    (project / "stories" / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "doingwith", "--root", str(project), "check"], capture_output=True, text=True, cwd=project
    )


def part(page, name: str):
    return page.locator(".dw-sf-section", has=page.get_by_role("button", name=re.compile("^" + re.escape(name))))


def is_open(page, name: str) -> bool:
    return part(page, name).locator(".dw-sf-section__body").is_visible()


def go_next(page, name: str) -> None:
    """The button at the foot of an open part, which opens the next one."""
    page.get_by_role("button", name=f"Next: {name}").click()
    assert is_open(page, name)


def check_button_in_view(page) -> bool:
    return page.evaluate(
        """() => { const r = document.querySelector('.dw-sf-submit button').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }"""
    )


# --- the phone journey ----------------------------------------------------------------------

PHONE_TITLE = "Shankill women's group and the council co-design a safer walking route"
PHONE_SECTIONS = [
    "Women in our group said the walk to the shops felt unsafe after dark. We walked the route "
    "together with council officers and marked every dark corner on a map.",
    "Our group of twelve women led the walks. The council's community safety team and two "
    "councillors came along, and a youth club drew the map with us.",
    "Six new lights went up in 2024, and more of us now walk to the shops in winter.",
    "Walk the route with the people who make decisions. Meet in the evening, when it is dark.",
    "The [council's community safety plan for the area](https://example.org/safety-plan) "
    "mentions the walks.",
]


def test_phone_journey_from_empty_with_a_reload_to_the_email_route_and_a_file_the_checker_passes(
    browser, site_url, tmp_path
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_form(page, site_url)

    # On a phone the form is in parts: only the first is open, and the check is always in reach.
    assert is_open(page, "The story in brief")
    assert not is_open(page, "Where it happened") and not is_open(page, "Your story")
    assert check_button_in_view(page)
    assert page.get_by_role("button", name="Clear this draft").is_visible()
    assert "never sent" in page.locator("[data-dw-draft]").inner_text()
    assert axe_violations(page) == []

    # Typed, key by key, from empty.
    page.locator("[name=title]").press_sequentially(PHONE_TITLE)
    page.locator("[name=summary]").press_sequentially(
        "Our women's group walked a dark route with council officers; six new street lights "
        "followed, and more of us walk to the shops in winter."
    )
    # The check works with most of the form still to do: only what blocks sending, in form order.
    page.mouse.wheel(0, 600)
    assert check_button_in_view(page)
    check_story(page)
    summary = page.locator(".dw-sf-summary")
    summary.wait_for()
    messages = summary.get_by_role("link").all_inner_texts()
    assert messages[0] == "Nation is empty; choose one of: Northern Ireland, Scotland, Wales"
    assert not any(m.startswith(("Title", "Summary")) for m in messages), messages
    assert not any(TECHNICAL.search(m) for m in messages), messages
    assert is_open(page, "Where it happened") and is_open(page, "Your story")  # parts with a problem open
    assert axe_violations(page) == []
    # The optional "What changed" part has no problem, so stays closed: open every part, then close them all.
    page.get_by_role("button", name="Open every part").click()
    page.get_by_role("button", name="Close every part").click()
    part(page, "Where it happened").get_by_role("button").first.click()

    page.select_option("[name=nation]", "northern-ireland")
    # A story from Northern Ireland is not asked for a Welsh summary.
    assert page.locator("[name=summary_cy]").is_hidden()
    page.get_by_label("Belfast", exact=True).check()
    go_next(page, "Who was involved")
    page.locator("[name=organisations]").press_sequentially("Shankill Women's Group\nBelfast City Council")
    go_next(page, "Co-production")
    principle = page.locator("input[name=principles][value=people-as-assets]")
    principle.check()
    # Each principle: its one plain line and a real example from a story in the library.
    example = page.locator("#" + principle.get_attribute("id") + "-example")
    assert example.inner_text().startswith("For example: \u201c")
    page.locator("[name=evidence-people-as-assets]").press_sequentially("The women chose the route and led every walk themselves.")
    # A community contributor leaves the stages and themes to an editor.
    page.get_by_label("I am not sure: leave the stages and themes for an editor to choose").check()
    assert page.locator("input[name=stages]").first.is_hidden()
    go_next(page, "When it happened")
    page.locator("[name=period-start]").press_sequentially("March 2023")
    assert part(page, "When it happened").get_by_text("In the story file: 2023-03").is_visible()

    # Reloaded in the middle (say the phone's browser dropped the tab): the draft comes back.
    page.reload()
    page.wait_for_selector("form[data-dw-story-form][data-ready=true]")
    draft = page.locator("[data-dw-draft]")
    assert draft.inner_text().startswith("We have brought back the draft you were writing")
    assert page.get_by_role("button", name="Clear this draft").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Open every part").click()
    assert page.locator("[name=title]").input_value() == PHONE_TITLE
    assert page.locator("[name=nation]").input_value() == "northern-ireland"
    assert page.get_by_label("Belfast", exact=True).is_checked()
    assert page.locator("[name=organisations]").input_value() == "Shankill Women's Group\nBelfast City Council"
    assert page.locator("[name=evidence-people-as-assets]").is_visible()
    assert page.locator("[name=period-start]").input_value() == "March 2023"
    assert page.get_by_text("In the story file: 2023-03").is_visible()
    assert page.locator("input[name=stages]").first.is_hidden()

    # The rest, after the reload.
    page.get_by_label("It is still going on").check()
    page.locator("[name=author-name]").press_sequentially("Mary Quinn")
    # Contributors are not offered the editor's role.
    assert "editor" not in page.locator("[name=author-role] option").evaluate_all("os => os.map(o => o.value)")
    page.select_option("[name=author-role]", "volunteer")
    page.get_by_label("Everyone named or shown in the story has agreed to it being published").check()
    page.select_option("[name=basis]", "written-consent")
    page.locator("[name=source-title]").press_sequentially("Safer streets walk: our map")
    url = page.locator("[name=source-url]")
    url.press_sequentially("shankillwomen.example.org/map")
    url.blur()
    assert url.input_value() == "https://shankillwomen.example.org/map"
    for index, text in enumerate(PHONE_SECTIONS):
        page.locator(f"[name=section-{index}]").fill(text)
    check_story(page)

    # The email route comes first: a file to download in one step, and a prepared email.
    output = page.locator(".dw-sf-output")
    output.wait_for()
    routes = output.locator(".dw-sf-route h3").all_inner_texts()
    assert routes[0] == "Email it to the editors" and "GitHub" in routes[1]
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the story file").click()
    download = info.value
    assert download.suggested_filename == "shankill-womens-group-and-the-council-co-design-a-safer-walking-route.md"
    text = download.path().read_text(encoding="utf-8")
    assert page.get_by_text("Saved. Now choose \u201cWrite the email\u201d.").is_visible()

    mailto = urlsplit(page.get_by_role("link", name="Write the email").get_attribute("href"))
    assert mailto.scheme == "mailto" and unquote(mailto.path) == EDITORS_EMAIL
    query = parse_qs(mailto.query)
    assert query["subject"] == [f"Story for Doing With: {PHONE_TITLE}"]
    body = query["body"][0]
    assert download.suggested_filename in body and "Mary Quinn" in body
    assert len(body) < 400  # a short message: the story goes as the file
    assert output.get_by_role("link", name=EDITORS_EMAIL).get_attribute("href") == f"mailto:{EDITORS_EMAIL}"

    # The real checker passes the file: an unpublished story, waiting for an editor to classify.
    result = run_checker(tmp_path, download.suggested_filename, text)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "waiting for an editor to classify" in result.stdout + result.stderr
    assert 'start: "2023-03"\n  end: "ongoing"\n' in text
    assert "status: to-classify\n" in text and "published:" not in text
    assert 'url: "https://shankillwomen.example.org/map"' in text
    assert "role: volunteer" in text
    assert errors == []
    context.close()


# --- natural input --------------------------------------------------------------------------


def test_march_2023_is_accepted_and_a_bare_address_gains_https(page, site_url, tmp_path):
    open_form(page, site_url)
    fill_valid_story(page)
    page.fill("[name=period-start]", "March 2023")
    assert page.get_by_text("In the story file: 2023-03").is_visible()
    page.get_by_label("It is still going on").uncheck()
    page.fill("[name=period-end]", "5th June 2024")
    assert page.get_by_text("In the story file: 2024-06-05").is_visible()
    url = page.locator("[name=source-url]")
    url.fill("www.example.org/garden-plan")
    url.blur()
    assert url.input_value() == "https://www.example.org/garden-plan"
    assert page.get_by_text("We added https:// to the start: https://www.example.org/garden-plan").is_visible()
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    text = page.locator(".dw-sf-file code").text_content()
    assert 'period:\n  start: "2023-03"\n  end: "2024-06-05"\n' in text
    assert 'url: "https://www.example.org/garden-plan"' in text
    assert run_checker(tmp_path, "garden.md", text).returncode == 0
    assert page.console_messages == []


@pytest.mark.parametrize(
    "typed, read",
    [
        ("2023", "2023"), ("March 2023", "2023-03"), ("march, 2023", "2023-03"), ("Mar 2023", "2023-03"),
        ("Sept 2021", "2021-09"), ("30 September 2021", "2021-09-30"), ("September 30, 2021", "2021-09-30"),
        ("1st May 2022", "2022-05-01"), ("3/2023", "2023-03"), ("05/03/2023", "2023-03-05"), ("2023/3/5", "2023-03-05"),
        ("Mawrth 2023", "2023-03"), ("  2023-03  ", "2023-03"), ("Spring 2023", "Spring 2023"), ("soon", "soon"),
    ],
)
def test_natural_dates_are_read_as_the_schema_writes_them(page, site_url, typed, read):
    open_form(page, site_url)
    assert page.evaluate("(t) => window.DoingWithStoryForm.naturalDate(t)", typed) == read


def test_an_unreadable_date_is_refused_in_plain_words(page, site_url):
    open_form(page, site_url)
    fill_valid_story(page)
    page.fill("[name=period-start]", "Spring 2023")
    check_story(page)
    messages = page.locator(".dw-sf-summary").get_by_role("link").all_inner_texts()
    assert messages == [
        "When it started: 'Spring 2023' is not a date we can read; write a year, a month and year, or a date, "
        "such as 2021, March 2021 or 30 September 2021"
    ]


# --- a long story ---------------------------------------------------------------------------


def test_a_story_of_6000_characters_still_has_a_working_github_route(page, site_url, tmp_path):
    page.context.route("https://github.com/**", lambda route: route.fulfill(status=200, body="GitHub"))
    open_form(page, site_url)
    fill_valid_story(page)
    paragraph = "Residents met every week in the community hall and planned the garden together. " * 15
    page.fill("[name=section-0]", "\n\n".join([paragraph.strip()] * 5))
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    text = page.locator(".dw-sf-file code").text_content()
    story = sum(len(page.locator(f"[name=section-{i}]").input_value()) for i in range(len(SECTIONS)))
    assert story >= 6000, story

    github = page.locator("[data-dw-github]")
    href = github.get_attribute("href")
    assert href == f"{REPO_URL}/upload/main/stories"  # a short link that GitHub accepts
    assert github.get_attribute("aria-disabled") is None
    note = page.locator("[data-dw-github-long]")
    assert note.is_visible() and "drag the file onto that page" in note.inner_text()
    # One click saves the file and opens GitHub's upload page in a new tab.
    with page.expect_download() as info, page.expect_popup() as popup:
        github.click()
    assert popup.value.url == href
    assert info.value.path().read_text(encoding="utf-8") == text
    assert run_checker(tmp_path, info.value.suggested_filename, text).returncode == 0

    # A story of ordinary length is filled in on GitHub's new-file page, as before.
    page.fill("[name=section-0]", SECTIONS[0])
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert github.get_attribute("href").startswith(f"{REPO_URL}/new/main?filename=stories/")
    assert note.is_hidden()


# --- the editors' address, the draft and the Welsh summary -----------------------------------


def test_the_editors_address_is_in_the_footer_and_on_the_sharing_pages(page, site_url):
    for path in ("", "share/", "share/form/"):
        page.goto(site_url + path)
        footer = page.locator(".md-footer").get_by_role("link", name=EDITORS_EMAIL)
        assert footer.get_attribute("href") == f"mailto:{EDITORS_EMAIL}"
    page.goto(site_url + "share/")
    assert page.locator(".md-content").get_by_role("link", name=EDITORS_EMAIL).count() >= 1


def test_clear_this_draft_empties_the_form_and_the_browsers_storage(page, site_url):
    open_form(page, site_url)
    fill_valid_story(page)
    page.get_by_role("button", name="Add another source").click()
    page.locator("[name=source-title]").nth(1).fill("A second source")
    assert "Gŵyl Park" in page.evaluate("localStorage.getItem('doingwith-story-form-draft')")
    page.reload()
    page.wait_for_selector("form[data-dw-story-form][data-ready=true]")
    assert page.locator("[name=source-title]").count() == 2
    assert page.locator("[name=co-author-name]").input_value() == "Tuesday group"
    page.get_by_role("button", name="Clear this draft").click()
    assert page.get_by_text("Your draft has been cleared from this browser").is_visible()
    assert page.evaluate("localStorage.length") == 0
    assert page.locator("[name=title]").input_value() == ""
    assert page.locator("[name=nation]").input_value() == ""
    assert page.locator("input[name=principles]:checked").count() == 0
    assert page.locator("[name=source-title]").count() == 1
    assert page.locator("[name=co-author-name]").count() == 0
    page.reload()
    page.wait_for_selector("form[data-dw-story-form][data-ready=true]")
    assert not page.locator("[data-dw-draft]").inner_text().startswith("We have brought back")
    assert page.locator("[name=title]").input_value() == ""
    assert page.console_messages == []


def test_the_welsh_summary_is_asked_for_only_for_a_story_from_wales(page, site_url):
    open_form(page, site_url)
    welsh = page.locator("[name=summary_cy]")
    assert welsh.is_hidden()
    page.select_option("[name=nation]", "wales")
    assert welsh.is_visible()
    page.select_option("[name=nation]", "scotland")
    assert welsh.is_hidden()
    page.select_option("[name=nation]", "wales")
    fill_valid_story(page)  # northern-ireland again: a Welsh summary typed earlier is not sent
    page.select_option("[name=nation]", "wales")
    page.check("input[name=places][value=cardiff]")
    welsh.fill("Cymdogion a swyddogion y cyngor a gynlluniodd ardd gymunedol gyda'i gilydd, ac mae deugain cartref yn tyfu bwyd yno.")
    page.select_option("[name=nation]", "northern-ireland")
    page.check("input[name=places][value=lisburn-and-castlereagh]")
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert "summary_cy" not in page.locator(".dw-sf-file code").text_content()


def test_axe_finds_no_violations_with_parts_closed_a_draft_restored_or_the_email_route_shown(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_form(page, site_url)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Open every part").click()
    fill_valid_story(page)
    page.get_by_label("I am not sure: leave the stages and themes for an editor to choose").check()
    page.fill("[name=period-start]", "March 2022")
    page.reload()
    page.wait_for_selector("form[data-dw-story-form][data-ready=true]")
    assert axe_violations(page) == []
    check_story(page)
    page.wait_for_selector(".dw-sf-output:not([hidden])")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Download the story file").click()
    page.get_by_text("Saved. Now choose").wait_for()
    assert axe_violations(page) == []
    context.close()
