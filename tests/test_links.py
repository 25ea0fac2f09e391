"""Sources that last: the link check, with the real lychee, against a local HTTP server that
answers 200, 301, 404, 410 and 500, and one address that never answers in time. No request
leaves 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import http.server
import threading

import pytest

from doingwith import links
from doingwith.project import Project
from tests.helpers import REPO, VALID_STORY, run_cli, write

ANSWERS = {"/ok": 200, "/moved": 301, "/gone": 404, "/removed": 410, "/broken": 500}


@pytest.fixture(scope="module")
def server():
    released = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/slow":
                released.wait(timeout=60)  # longer than the checker waits; let go at the end
            code = ANSWERS.get(self.path, 200)
            self.send_response(code)
            if code == 301:
                self.send_header("Location", "/ok")
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_HEAD = do_GET

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    released.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


def story_citing(base: str) -> str:
    sources = f"""\
sources:
  - title: "A page that is there"
    url: "{base}/ok"
  - title: "A page that moved"
    url: "{base}/moved"
  - title: "A page that is gone"
    url: "{base}/gone"
    archived:
      url: "https://web.archive.org/web/20240512000000/{base}/gone"
      date: 2024-05-12
  - title: "A server in trouble"
    url: "{base}/broken"
  - title: "A server that never answers"
    url: "{base}/slow"
  - title: "A report on paper"
    reference: "Held by the council's library"
"""
    start = VALID_STORY.index("sources:\n")
    end = VALID_STORY.index("language: en")
    return VALID_STORY[:start] + sources + VALID_STORY[end:]


RESOURCE = """\
---
title: "A guide that was withdrawn"
summary: "A guide to co-production that its publisher has since withdrawn from the web."
type: guide
principles: [people-as-assets]
stages: [co-design]
licence: all-rights-reserved
url: "{base}/removed"
publisher: "Example Network"
last_reviewed: 2026-11-26
language: en
---

## What it is

A guide.
"""


@pytest.fixture(scope="module")
def project(server, tmp_path_factory):
    root = tmp_path_factory.mktemp("links-project")
    write(root / "mkdocs.yml", "site_url: https://example.org/\nrepo_url: https://github.com/someone/copy\n")
    write(root / "stories" / "park-story.md", story_citing(server))
    write(root / "resources" / "withdrawn-guide.md", RESOURCE.format(base=server))
    return root


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_every_cited_source_and_resource_link_is_found_with_its_line(project, server):
    story = (project / "stories" / "park-story.md").read_text(encoding="utf-8")
    found = links.collect(Project(project))
    assert [(link.path, link.line, link.col, link.url) for link in found] == [
        ("stories/park-story.md", line_of(story, f"{server}/{path}\""), 10, f"{server}/{path}")
        for path in ("ok", "moved", "gone", "broken", "slow")
    ] + [("resources/withdrawn-guide.md", 8, 6, f"{server}/removed")]
    gone = found[2]
    assert gone.source == "A page that is gone"
    assert gone.title == "Residents and the council redesign a play park"
    assert (gone.archived, gone.archived_date) == (f"https://web.archive.org/web/20240512000000/{server}/gone", "2024-05-12")


def test_lychee_finds_404_410_500_and_the_timeout_and_follows_the_redirect(server):
    urls = [f"{server}{path}" for path in ("/ok", "/moved", "/gone", "/removed", "/broken", "/slow")]
    failures = links.check(urls + [f"{server}/gone"], timeout=2, retries=0)
    assert {url.removeprefix(server): (f.code, f.status) for url, f in failures.items()} == {
        "/gone": (404, "404 Not Found"),
        "/removed": (410, "410 Gone"),
        "/broken": (500, "500 Internal Server Error"),
        "/slow": (None, "Timeout: Request timed out"),
    }


def test_the_command_writes_one_issue_listing_each_broken_link(project, server, tmp_path):
    output = tmp_path / "issue.md"
    result = run_cli("links", "--output", str(output), "--timeout", "2", "--retries", "0", cwd=project)
    assert result.returncode == 1, result.stderr
    body = output.read_text(encoding="utf-8")
    story = (project / "stories" / "park-story.md").read_text(encoding="utf-8")
    rows = [line for line in body.splitlines() if line.startswith("| [")]
    assert len(rows) == 4  # 404, 500, timeout in the story; 410 in the resource
    gone_line = line_of(story, f"{server}/gone\"")
    gone = next(row for row in rows if f"{server}/gone>" in row)
    assert f"[stories/park-story.md:{gone_line}:10](https://github.com/someone/copy/blob/main/stories/park-story.md#L{gone_line})" in gone
    assert "404 Not Found" in gone
    assert f"use the archived copy, 2024-05-12: <https://web.archive.org/web/20240512000000/{server}/gone>" in gone
    assert "(source: A page that is gone)" in gone
    broken = next(row for row in rows if f"{server}/broken>" in row)
    assert "500 Internal Server Error" in broken and "none recorded" in broken
    assert any("Timeout" in row and f"{server}/slow>" in row for row in rows)
    removed = next(row for row in rows if f"{server}/removed>" in row)
    assert "resources/withdrawn-guide.md:8:6" in removed and "410 Gone" in removed
    assert not any(f"{server}/ok>" in row or f"{server}/moved>" in row for row in rows)
    assert f"stories/park-story.md:{gone_line}:10: {server}/gone 404 Not Found" in result.stderr


def test_an_issue_body_with_nothing_broken_says_so():
    found = [links.Link("stories/a.md", 40, 10, "https://example.org/a", "A story")]
    body = links.issue_body(found, {}, dt.date(2026, 12, 1))
    assert body == "The weekly link check on 2026-12-01 asked 1 web address cited by stories and resources.\n\nEvery one answered.\n"


def test_titles_in_the_issue_stay_text():
    """A title can't ping people, link issues or break the table."""
    found = [links.Link("stories/a.md", 40, 10, "https://example.org/a", "Hi @org/team | see #1 [x](javascript:alert(1))")]
    failures = {"https://example.org/a": links.Failure("https://example.org/a", "404 Not Found", 404)}
    row = next(line for line in links.issue_body(found, failures, dt.date(2026, 12, 1)).splitlines() if line.startswith("| stories"))
    assert "\\@org/team \\| see \\#1 \\[x\\](javascript:alert(1))" in row
    assert row.count(" | ") == 4


def test_the_real_stories_cite_web_addresses_the_check_reads():
    found = links.collect(Project(REPO))
    assert len(found) > 100
    assert all(link.url.startswith(("http://", "https://")) for link in found)
    assert {link.kind for link in found} == {"story", "resource"}
