"""One place for the address: mkdocs.yml's site_url and repo_url (or DOINGWITH_SITE_URL and
DOINGWITH_REPO_URL) make every link; files GitHub reads as they are are checked against them."""

from __future__ import annotations

import re

import pytest

from doingwith.address import AddressError, check_fixed_files, configured
from tests.helpers import REPO, build, run_cli, write

OLD = re.compile(r"doing-with\.github\.io|github\.com/doing-with|doing-with/doingwith|@doing-with/")
NEW_SITE = "https://example.org/co-production/"
NEW_REPO = "https://github.com/someone-else/their-copy"
OTHER = {"DOINGWITH_SITE_URL": NEW_SITE, "DOINGWITH_REPO_URL": NEW_REPO}


def test_mkdocs_yml_is_the_one_place_and_the_environment_overrides_it():
    default = configured(REPO, environ={})
    assert default.site_url == "https://doing-with.github.io/doingwith/"
    assert default.repository == "doing-with/doingwith"
    other = configured(REPO, environ=OTHER)
    assert (other.site_url, other.repo_url, other.repository) == (NEW_SITE, NEW_REPO, "someone-else/their-copy")


def test_a_repository_that_is_not_on_github_is_refused(tmp_path):
    write(tmp_path / "mkdocs.yml", "site_url: https://example.org/\nrepo_url: https://example.org/code\n")
    with pytest.raises(AddressError, match="must be a GitHub repository"):
        configured(tmp_path, environ={})


def test_the_files_github_reads_agree_with_the_configured_address():
    assert check_fixed_files(REPO, configured(REPO, environ={})) == []
    result = run_cli("check-address")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_address_names_each_disagreeing_file_at_line_and_column(tmp_path):
    write(tmp_path / "mkdocs.yml", f"site_url: {NEW_SITE}\nrepo_url: {NEW_REPO}\n")
    (tmp_path / "stories").mkdir()
    write(tmp_path / ".github" / "CODEOWNERS", "# @doing-with/maintainers in a comment is fine\n*  @doing-with/maintainers\n")
    write(
        tmp_path / ".github" / "ISSUE_TEMPLATE" / "config.yml",
        "contact_links:\n  - url: https://doing-with.github.io/doingwith/share/form/\n",
    )
    write(
        tmp_path / "CITATION.cff",
        f'repository-code: "https://github.com/doing-with/doingwith"\nurl: "{NEW_SITE}"\n',
    )
    write(
        tmp_path / "CONTRIBUTING.md",
        f"See [the repo]({NEW_REPO}/issues) and https://github.com/orgs/x and\n"
        "https://YOUR-NAME.github.io/YOUR-REPOSITORY/ https://github.com/YOUR-NAME/YOUR-REPOSITORY\n"
        "git clone https://github.com/doing-with/doingwith.git\n",
    )
    result = run_cli("check-address", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]
    assert [line.split(": ", 1)[0] for line in lines] == [
        ".github/CODEOWNERS:2:4",
        ".github/ISSUE_TEMPLATE/config.yml:2:10",
        "CITATION.cff:1:19",
        "CONTRIBUTING.md:3:11",
    ]
    assert "configured repository is someone-else/their-copy" in lines[2]
    assert f"write {NEW_REPO}" in lines[3]
    assert f"configured site is {NEW_SITE}" in lines[1]
    assert "@someone-else/TEAM" in lines[0]
    assert result.stdout.strip().endswith("4 problems in the files GitHub reads as they are.")


def test_a_site_built_for_another_address_never_mentions_the_old_one(tmp_path):
    """The real site, built for someone else's copy: every page, feed, open-data file and
    script names their address, and none names ours."""
    site = tmp_path / "site"
    result = build(REPO, "--site-dir", str(site), env=OTHER)
    assert result.returncode == 0, result.stderr
    slug = sorted((REPO / "stories").glob("*.md"))[0].stem
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json", ".csv", ".txt", ".js"}]
    assert len(files) > 50
    mentions = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        mentions += [f"{path.relative_to(site)}: {m.group(0)}" for m in OLD.finditer(text)]
    assert mentions == []

    # ...and the new address is really there, wherever the old one was.
    story = (site / "stories" / slug / "index.html").read_text(encoding="utf-8")
    assert f'href="{NEW_REPO}/edit/main/stories/{slug}.md"' in story  # the edit link
    assert f"Available at: {NEW_SITE}stories/{slug}/" in story  # the citation
    assert f'<link rel="canonical" href="{NEW_SITE}stories/{slug}/"' in story
    assert f'href="{NEW_REPO}"' in story  # the header's source link
    form = (site / "share" / "form" / "index.html").read_text(encoding="utf-8")
    assert f'data-repo="{NEW_REPO}"' in form  # the story form opens files in this repository
    share = (site / "share" / "index.html").read_text(encoding="utf-8")
    assert f"{NEW_REPO}/issues/new?template=propose-a-story.yml" in share
    assert f"{NEW_REPO}/issues" in (site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert f"{NEW_REPO}/security" in (site / "security" / "index.html").read_text(encoding="utf-8")
    assert f"{NEW_SITE}stories/" in (site / "feeds" / "stories.xml").read_text(encoding="utf-8")
    assert f"{NEW_SITE}stories/{slug}/" in (site / "data" / "stories.json").read_text(encoding="utf-8")
    assert f"<loc>{NEW_SITE}" in (site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("config", "words"),
    [
        (b"site_url: https://example.org/\nrepo_url: [unclosed\n", "YAML could not read it at line 3, column 1"),
        (b"site_url: https://example.org/caf\xe9\n", "this is not UTF-8 text (byte 0xe9)"),
        (b"- a list, not settings\n", "it must hold settings"),
    ],
    ids=["broken YAML", "not UTF-8", "a list"],
)
def test_a_mkdocs_yml_that_cannot_be_read_is_a_problem_not_an_internal_error(tmp_path, config, words):
    (tmp_path / "mkdocs.yml").write_bytes(config)
    result = run_cli("--root", str(tmp_path), "check-address")
    assert result.returncode == 1 and "internal error" not in result.stderr, result.stderr
    assert result.stdout.startswith("mkdocs.yml:1:1: ") and words in result.stdout, result.stdout


def test_a_file_github_reads_that_is_not_utf8_is_placed_not_an_internal_error(tmp_path):
    write(tmp_path / "mkdocs.yml", f"site_url: {NEW_SITE}\nrepo_url: {NEW_REPO}\n")
    (tmp_path / "CITATION.cff").write_bytes(b"title: Doing With\nauthors: caf\xe9\n")
    result = run_cli("--root", str(tmp_path), "check-address")
    assert result.returncode == 1 and "internal error" not in result.stderr, result.stderr
    assert "CITATION.cff:2:13: this is not UTF-8 text (byte 0xe9)" in result.stdout
