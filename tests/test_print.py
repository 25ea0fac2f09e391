"""Taking a story to a meeting: each story's one-page summary, printed by Chromium to an
A4 PDF, is one page; the principle print pack can carry the summaries."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from doingwith.project import Project, check_project
from tests.helpers import REPO

pytestmark = pytest.mark.browser

STORIES = check_project(Project(REPO)).stories


def pdf_pages(page) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))


@pytest.mark.parametrize("story", STORIES, ids=[s.slug for s in STORIES])
def test_a_storys_print_summary_fits_on_one_a4_page(page, site_url, story):
    page.goto(site_url + f"print/stories/{story.slug}/")
    text = page.inner_text(".dw-print-summary")
    for part in ("What happened", "The principles, and the evidence", "Outcomes", "Sources", "Cite as:"):
        assert part in text
    assert story.principles[0]["evidence"] in text
    pdf = pdf_pages(page)
    assert len(pdf.pages) == 1, f"{story.slug}: {len(pdf.pages)} pages"
    printed = pdf.pages[0].extract_text()
    assert "Cite as" in printed, "the citation, last on the page, is printed"


def test_a_story_page_links_to_its_summary(page, site_url):
    story = STORIES[0]
    page.goto(site_url + f"stories/{story.slug}/")
    page.get_by_role("link", name="One-page summary to print").click()
    page.wait_for_url(f"**/print/stories/{story.slug}/")


def test_the_principle_print_pack_includes_the_summaries_each_on_its_own_page(page, site_url):
    principle = "mutual-benefit"
    stories = [s for s in STORIES if principle in s.principle_ids]
    page.goto(site_url + f"print/principles/{principle}/")
    assert page.locator(".dw-print-summaries__story").count() == len(stories)
    with_summaries = len(pdf_pages(page).pages)
    assert with_summaries >= len(stories) + 1
    page.get_by_label("include them when printing").uncheck()
    without = len(pdf_pages(page).pages)
    assert without < with_summaries - len(stories) + 1
