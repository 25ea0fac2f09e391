"""Load stories and resources from their files, checking every rule on the way."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from doingwith import body_rules, frontmatter, schema, strict_yaml
from doingwith.problems import ProblemList, reports_internal_errors
from doingwith.vocabularies import Vocabularies

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80
RESERVED_SLUGS = {"index", "media", "files"}
# learning/lessons.md is a page of the site's own, written in docs/ (pages.LESSONS_PAGE): a
# note of that name would clash with it when the site is built.
RESERVED_LEARNING_SLUGS = RESERVED_SLUGS | {"lessons"}
REVIEW_AFTER_DAYS = 365
MAX_RESOURCE_FILE_BYTES = 10_000_000


class _Reviewed:
    """Stories and resources are due for review a year after they were last reviewed."""

    last_reviewed: dt.date

    @property
    def review_due(self) -> dt.date:
        return self.last_reviewed + dt.timedelta(days=REVIEW_AFTER_DAYS)


@dataclass
class Story(_Reviewed):
    slug: str
    path: str  # as given, for messages
    title: str
    summary: str
    nation: str
    places: list[str]
    organisations: list[str]
    principles: list[dict]  # {"id", "evidence"}
    stages: list[str]
    themes: list[str]
    period: dict  # {"start", "end"}
    published: dt.date
    last_reviewed: dt.date
    authors: list[dict]
    consent: dict
    sources: list[dict]
    body: str
    co_authors: list[dict] = field(default_factory=list)
    summary_cy: str | None = None
    contact: dict | None = None
    images: list[dict] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)  # {"measure", "figure", "baseline"?, "date", "source", "kind"}
    language: str = "en"
    status: str | None = None  # only ever None here: a story to classify is not published
    title_line: int = 2

    @property
    def has_measured_outcomes(self) -> bool:
        """Whether a source reports a change in services or people's lives, not only reach."""
        return any(o["kind"] == "outcome" for o in self.outcomes)

    @property
    def principle_ids(self) -> list[str]:
        return [p["id"] for p in self.principles]

    def evidence_for(self, principle_id: str) -> str | None:
        return next((p["evidence"] for p in self.principles if p["id"] == principle_id), None)


@dataclass
class Resource(_Reviewed):
    slug: str
    path: str
    title: str
    summary: str
    type: str
    principles: list[str]
    stages: list[str]
    licence: str
    publisher: str
    last_reviewed: dt.date
    body: str
    file: str | None = None
    url: str | None = None
    file_size: int | None = None
    language: str = "en"
    title_line: int = 2


@dataclass
class LearningNote(_Reviewed):
    """What a partnership tried, learned and would do differently, from public sources."""

    slug: str
    path: str
    title: str
    summary: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    nation: str
    places: list[str]
    principles: list[str]
    sources: list[dict]
    published: dt.date
    last_reviewed: dt.date
    authors: list[dict]
    body: str
    lessons: list[str] = field(default_factory=list)
    language: str = "en"
    title_line: int = 2


def _read_unless_link(path: Path) -> bytes | None:
    """The file's bytes, or None if it is a symbolic link (which could point anywhere).

    Where the system can, the file is opened refusing links, which asks once what
    is_symlink() and read_bytes() ask in three calls each story.
    """
    if not hasattr(os, "O_NOFOLLOW"):  # pragma: no cover - Windows
        return None if path.is_symlink() else path.read_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None
        raise
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) <= size:  # the whole file, as almost always
            return data
        chunks = [data]
        while chunks[-1]:  # the file grew while being read: take the rest too
            chunks.append(os.read(fd, 1 << 16))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read(path: Path, problems: ProblemList, kind: str):
    """The parsed front matter and split file, or None after reporting why not."""
    try:
        data = _read_unless_link(path)
    except OSError as error:  # gone since it was listed, a folder, no permission
        problems.add(1, 1, f"this {kind} file could not be read ({error.strerror}); check that it is a file you can open")
        return None
    if data is None:
        problems.add(1, 1, f"this {kind} file is a link to another file; commit the real file instead")
        return None
    slug = path.stem
    if slug in RESERVED_SLUGS:
        problems.add(
            1,
            1,
            f"the file name '{path.name}' is reserved for the site's own list page; give the {kind} a name of its own",
        )
    elif kind == "learning note" and slug in RESERVED_LEARNING_SLUGS:
        problems.add(
            1,
            1,
            f"the file name '{path.name}' is reserved for the site's own page of that name; give the {kind} a name of its own",
        )
    elif not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        problems.add(
            1,
            1,
            f"the file name '{path.name}' must be the {kind}'s slug: lower-case words joined by "
            f"hyphens, at most {MAX_SLUG_LENGTH} characters, ending .md "
            f"(for example {_suggest_slug(slug)}.md)",
        )
    text = frontmatter.decode(data, problems, plural={"story": "stories", "learning note": "learning notes"}.get(kind, "resources"))
    if text is None:
        return None
    split = frontmatter.split(text, problems)
    if split is None:
        return None
    if frontmatter.find_tabs(split.yaml_text, split.yaml_first_line, problems):
        return split, None
    root, yaml_problems = strict_yaml.parse(split.yaml_text, line_offset=split.yaml_first_line - 1)
    reported = {(p.line, p.col) for p in problems.items}  # a character decode already named
    for problem in yaml_problems:
        if (problem.line, problem.col) not in reported:
            problems.add(problem.line, problem.col, problem.message)
    if root is None and not yaml_problems:
        problems.add(2, 1, "the front matter is empty; fill in the fields from the story template")
    elif root is not None and not isinstance(root, strict_yaml.Mapping):
        problems.add(root.line, root.col, "the front matter must be a list of `field: value` lines")
        root = None
    return split, root


def slug_from(text: str) -> str:
    """Lower-case words joined by hyphens, at most MAX_SLUG_LENGTH characters (empty if
    ``text`` has no letters a to z or digits). The story form's slugify() mirrors it."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")[:MAX_SLUG_LENGTH].strip("-")


def read_title(path: Path) -> str | None:
    """The title a story or resource file gives, checking nothing else; None if it has no
    readable title (the full check says why)."""
    found = read_title_and_line(path)
    return found[0] if found else None


@reports_internal_errors
def read_title_and_line(path: Path) -> tuple[str, int] | None:
    """``read_title``, with the file line the title is on."""
    try:
        data = _read_unless_link(path)
    except OSError:  # unreadable: not this check's business
        return None
    if not data:
        return None
    # Read as the check reads it (a byte-order mark dropped, CRLF and CR made LF), but
    # leniently: a byte that is not UTF-8 is the full check's to report.
    return title_and_line(frontmatter.normalise(data.decode("utf-8", errors="replace")), str(path))


def title_and_line(text: str, display: str = "") -> tuple[str, int] | None:
    """The title the file ``text`` gives (as ``frontmatter.decode`` returns it), with the line
    it is on; None if it has no readable title. ``display`` names the file.

    Only the top-level `title:` line is read as YAML, a tenth of the cost of the whole
    front matter; a title written over several lines falls back to reading it all.
    """
    split = frontmatter.split(text, ProblemList(display)) if text else None
    if split is None:
        return None
    yaml_lines = split.yaml_text.split("\n")
    index = next((i for i, line in enumerate(yaml_lines) if line.startswith("title:")), None)
    if index is None:
        return None
    for yaml_text in (yaml_lines[index], split.yaml_text):
        root, problems = strict_yaml.parse(yaml_text)
        entry = root.items.get("title") if isinstance(root, strict_yaml.Mapping) and not problems else None
        value = entry[1] if entry else None
        if isinstance(value, strict_yaml.Scalar) and not value.refused and value.value.strip():
            return " ".join(value.value.split()), split.yaml_first_line + index
    return None


def _suggest_slug(name: str) -> str:
    return slug_from(name) or "my-story"


@reports_internal_errors
def load_story(
    path: Path,
    vocabularies: Vocabularies,
    today: dt.date,
    display: str | None = None,
) -> tuple[Story | None, list]:
    display = display or str(path)
    problems = ProblemList(display)
    read = _read(path, problems, "story")
    if read is None:
        return None, problems.items
    split, root = read
    media_root = path.parent / "media"
    values = None
    if root is not None:
        ctx = schema.Context(vocabularies, problems, today, split.lines)
        values = schema.check_fields(schema.STORY_FIELDS, root, ctx)
        _check_story_consistency(values, root, ctx, media_root)
    body_rules.check_body(
        split.body,
        split.body_first_line,
        problems,
        required_sections=schema.STORY_SECTIONS,
        media_root=media_root,
    )
    if problems.errors or values is None:
        return None, problems.items
    if values.get("status") == schema.TO_CLASSIFY:
        node = root.items["status"][1]
        problems.warn(
            node.line,
            node.col,
            "waiting for an editor to classify, so not published yet: choose its `stages` and `themes`, "
            "add `published` and `last_reviewed`, then delete `status`",
        )
        return None, problems.items
    story = Story(slug=path.stem, path=display, body=split.body, title_line=root.items["title"][1].line, **values)
    if story.review_due < today:
        problems.warn(
            root.items["last_reviewed"][1].line,
            root.items["last_reviewed"][1].col,
            f"last reviewed on {story.last_reviewed}; it was due for review on {story.review_due}. "
            "Check the story is still accurate and update `last_reviewed`",
        )
    return story, problems.items


def _value_node(root: strict_yaml.Mapping, *keys: str) -> strict_yaml.Node:
    node: strict_yaml.Node = root
    for key in keys:
        if isinstance(node, strict_yaml.Mapping) and key in node.items:
            node = node.items[key][1]
    return node


def _check_story_consistency(values: dict, root, ctx: schema.Context, media_root: Path) -> None:
    _check_places(values, root, ctx)
    principles = values.get("principles") or []
    seen = set()
    for entry, (_number, node) in zip(principles, _entries(root, "principles"), strict=False):
        if entry and entry.get("id") in seen:
            ctx.error(_value_node(node, "id"), f"`principles` lists '{entry['id']}' twice; keep one")
        if entry:
            seen.add(entry.get("id"))
    values["principles"] = [p for p in principles if p and p.get("id") and p.get("evidence")]
    _check_dates(values, root, ctx)
    period = values.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if start and end and end != "ongoing" and end < start:
        ctx.error(_value_node(root, "period", "end"), f"`period.end` ({end}) is before `period.start` ({start})")
    if start and start > ctx.today.isoformat():
        ctx.error(_value_node(root, "period", "start"), f"`period.start` ({start}) is in the future")
    _check_sources(values, root, ctx)

    sources = values.get("sources") or []
    outcomes = [o for o in values.get("outcomes") or [] if o]
    for outcome, (number, node) in zip(outcomes, _entries(root, "outcomes"), strict=False):
        if outcome.get("source") and outcome["source"] > len(sources):
            ctx.error(
                _value_node(node, "source"),
                f"`outcomes[{number}].source` is {outcome['source']}, but the story lists "
                f"{len(sources)} source{'s' if len(sources) != 1 else ''}; give the number of the source it comes from",
            )
    values["outcomes"] = outcomes

    images = []
    for image in values.get("images") or []:
        if not image or not image.get("src"):
            continue
        target, node = image["src"]
        problem = body_rules.media_problem(target, media_root, "media", "image")
        if problem:
            ctx.error(node, f"`images`: {problem}")
        else:
            images.append({**image, "src": target})
    values["images"] = images


def _check_places(values: dict, root, ctx: schema.Context) -> None:
    """Every place given is in the nation given."""
    nation, places = values.get("nation"), values.get("places") or []
    if nation:
        allowed = ctx.vocabularies.places_in(nation)
        node = _value_node(root, "places")
        written = {item.value.strip(): item for item in getattr(node, "items", []) if isinstance(item, strict_yaml.Scalar)}
        for place in places:
            if place not in allowed:
                other = ctx.vocabularies.places[place]["nation"]
                ctx.error(
                    written.get(place, node),
                    f"`places`: '{place}' is in {ctx.vocabularies.nations.name(other)}, but `nation` "
                    f"is {nation}; correct the nation or the place",
                )


def _check_dates(values: dict, root, ctx: schema.Context) -> None:
    """Published and reviewed dates are not in the future, and in that order."""
    published, reviewed = values.get("published"), values.get("last_reviewed")
    if published and published > ctx.today:
        ctx.error(_value_node(root, "published"), f"`published` ({published}) is in the future; use today's date or earlier")
    if published and reviewed and reviewed < published:
        ctx.error(
            _value_node(root, "last_reviewed"),
            f"`last_reviewed` ({reviewed}) is before `published` ({published}); it must be the same day or later",
        )
    if reviewed and reviewed > ctx.today:
        ctx.error(_value_node(root, "last_reviewed"), f"`last_reviewed` ({reviewed}) is in the future")


def _entries(root, key: str) -> list[tuple[int, strict_yaml.Mapping]]:
    """The entries of the list ``key`` written as groups of fields, each with its number in the
    list (1 for the first): in the order of the values checking made of them, to place problems."""
    node = _value_node(root, key)
    items = node.items if isinstance(node, strict_yaml.Sequence) else []
    return [(number, item) for number, item in enumerate(items, 1) if isinstance(item, strict_yaml.Mapping)]


def _check_sources(values: dict, root, ctx: schema.Context) -> None:
    # Each checked source beside its written entry: a `url` that was written but refused (say,
    # javascript:) is reported on its own line, not again as a missing one.
    for source, (_number, node) in zip(values.get("sources") or [], _entries(root, "sources"), strict=False):
        given = {key for key, (_k, v) in node.items.items() if not (isinstance(v, strict_yaml.Scalar) and v.is_null)}
        if source and source.get("title") and not {"url", "reference"} & given:
            ctx.error(
                node,
                f"source '{source['title']}' needs a `url` or a `reference` saying how to find it",
            )


@reports_internal_errors
def load_learning_note(
    path: Path,
    vocabularies: Vocabularies,
    today: dt.date,
    display: str | None = None,
) -> tuple[LearningNote | None, list]:
    """A learning note: checked as a story is, with its own fields and sections."""
    display = display or str(path)
    problems = ProblemList(display)
    read = _read(path, problems, "learning note")
    if read is None:
        return None, problems.items
    split, root = read
    values = None
    if root is not None:
        ctx = schema.Context(vocabularies, problems, today, split.lines)
        values = schema.check_fields(schema.LEARNING_FIELDS, root, ctx)
        _check_places(values, root, ctx)
        _check_dates(values, root, ctx)
        _check_sources(values, root, ctx)
        if values.get("date") and values["date"] > today.isoformat():
            ctx.error(_value_node(root, "date"), f"`date` ({values['date']}) is in the future")
    body_rules.check_body(
        split.body,
        split.body_first_line,
        problems,
        required_sections=schema.LEARNING_SECTIONS,
        media_root=path.parent / "media",
    )
    if problems.errors or values is None:
        return None, problems.items
    note = LearningNote(slug=path.stem, path=display, body=split.body, title_line=root.items["title"][1].line, **values)
    if note.review_due < today:
        node = root.items["last_reviewed"][1]
        problems.warn(
            node.line,
            node.col,
            f"last reviewed on {note.last_reviewed}; it was due for review on {note.review_due}. "
            "Check the note is still accurate and update `last_reviewed`",
        )
    return note, problems.items


@reports_internal_errors
def load_resource(
    path: Path,
    vocabularies: Vocabularies,
    today: dt.date,
    display: str | None = None,
) -> tuple[Resource | None, list]:
    display = display or str(path)
    problems = ProblemList(display)
    read = _read(path, problems, "resource")
    if read is None:
        return None, problems.items
    split, root = read
    values = None
    file_size = None
    if root is not None:
        ctx = schema.Context(vocabularies, problems, today, split.lines)
        values = schema.check_fields(schema.RESOURCE_FIELDS, root, ctx)
        given = {k for k, (_key, v) in root.items.items() if not (isinstance(v, strict_yaml.Scalar) and v.is_null)}
        has_file, has_url = "file" in given, "url" in given
        if has_file == has_url:
            ctx.error(
                root,
                "give exactly one of `file` (a file in resources/files/) or `url` (a resource "
                "published elsewhere)",
            )
        if values.get("file"):
            target, node = values["file"]
            problem = body_rules.media_problem(target, path.parent / "files", "files", "resource file")
            if problem:
                ctx.error(node, f"`file`: {problem}")
            else:
                file_size = (path.parent / target).stat().st_size
                if file_size > MAX_RESOURCE_FILE_BYTES:
                    ctx.error(
                        node,
                        f"`file` is {file_size:,} bytes, over the limit of {MAX_RESOURCE_FILE_BYTES:,}; "
                        "make it smaller or link to it with `url`",
                    )
            values["file"] = target
        reviewed = values.get("last_reviewed")
        if reviewed and reviewed > today:
            ctx.error(_value_node(root, "last_reviewed"), f"`last_reviewed` ({reviewed}) is in the future")
    body_rules.check_body(split.body, split.body_first_line, problems, media_root=path.parent / "media")
    if problems.errors or values is None:
        return None, problems.items
    resource = Resource(
        slug=path.stem,
        path=display,
        body=split.body,
        file_size=file_size,
        title_line=root.items["title"][1].line,
        **values,
    )
    return resource, problems.items
