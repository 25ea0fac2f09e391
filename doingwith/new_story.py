"""``python -m doingwith new-story``: write a story skeleton that passes every rule
except the prose placeholders, which the checker names line by line until they
are written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from pathlib import Path

from doingwith import schema
from doingwith.content import MAX_SLUG_LENGTH, RESERVED_LEARNING_SLUGS, RESERVED_SLUGS, SLUG, slug_from
from doingwith.frontmatter import INVISIBLE
from doingwith.problems import printable
from doingwith.project import find_root
from doingwith.schema import STORY_SECTIONS
from doingwith.vocabularies import Vocabularies, load_vocabularies

SECTION_PROMPTS = {
    "What happened": "[[Describe what happened, in plain words: the problem or opportunity, and what people did about it.]]",
    "Who was involved and how": "[[Who took part: residents, groups, services. How did each shape the work, and how were people supported to take part?]]",
    "What changed": "[[What was different afterwards, for people, for services, for the partnership? Say how you know.]]",
    "What we learned": "[[What would you tell another partnership trying this? What would you do differently?]]",
    "Find out more": "[[Add links to public pages about this work: a short description of each page and its web address.]]",
}


# The limits a new story must meet, from the schema itself.
_STORY_FIELDS = {f.name: f for f in schema.STORY_FIELDS}
TITLE_LENGTH = (_STORY_FIELDS["title"].kind.min_length, _STORY_FIELDS["title"].kind.max_length)
MOST_PRINCIPLES = _STORY_FIELDS["principles"].kind.max_items
CONSENT_BASES = next(f for f in _STORY_FIELDS["consent"].kind.fields if f.name == "basis").kind.values


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render(
    *,
    title: str,
    nation: str,
    places: list[str],
    principles: list[str],
    stages: list[str],
    themes: list[str],
    author: str,
    role: str,
    organisations: list[str],
    start: str,
    end: str,
    anonymised: bool,
    basis: str,
    language: str,
    today: dt.date,
) -> str:
    lines = [
        "---",
        "# yaml-language-server: $schema=../docs/schema/story.schema.json",
        f"title: {quoted(title)}",
        "summary: >-",
        "  [[One to three plain sentences: what happened and why it matters to other partnerships.]]",
        f"nation: {nation}",
        f"places: [{', '.join(places)}]",
        "organisations:",
        *[f"  - {quoted(name)}" for name in organisations],
        "principles:",
    ]
    for principle in principles:
        lines += [
            f"  - id: {principle}",
            "    evidence: \"[[One sentence: how this story shows this principle.]]\"",
        ]
    lines += [
        f"stages: [{', '.join(stages)}]",
        f"themes: [{', '.join(themes)}]",
        "period:",
        f"  start: {quoted(start)}",
        f"  end: {quoted(end)}",
        f"published: {today.isoformat()}",
        f"last_reviewed: {today.isoformat()}",
        "authors:",
        f"  - name: {quoted(author)}",
        f"    role: {role}",
        "co_authors: []",
        "consent:",
        "  to_publish: true",
        f"  anonymised: {'true' if anonymised else 'false'}",
        f"  basis: {basis}",
        "sources:",
        "  - title: \"[[The title of a public page or document about this work]]\"",
        "    reference: \"[[Its web address, or how to find it]]\"",
        f"language: {language}",
        "---",
        "",
    ]
    for section in STORY_SECTIONS:
        lines += [f"## {section}", "", SECTION_PROMPTS[section], ""]
    return "\n".join(lines)


def _ask(prompt: str, default: str | None = None, reader=input) -> str:
    suffix = f" [{default}]" if default else ""
    answer = reader(f"{prompt}{suffix}: ").strip()
    return answer or (default or "")


def _choose(vocabularies: Vocabularies, key: str, prompt: str, many: bool, reader, allowed=None) -> list[str]:
    vocab = vocabularies.get(key)
    terms = [t for t in vocab if allowed is None or t.id in allowed]
    print(f"\n{prompt}")
    for number, term in enumerate(terms, 1):
        print(f"  {number:>2}. {term.name} ({term.id})")
    while True:
        hint = "numbers or ids, separated by commas" if many else "a number or id"
        answer = _ask(f"Choose {hint}", reader=reader)
        chosen = []
        for part in filter(None, (p.strip() for p in answer.split(","))):
            if part.isdigit() and 1 <= int(part) <= len(terms):
                chosen.append(terms[int(part) - 1].id)
            elif part in {t.id for t in terms}:
                chosen.append(part)
            else:
                print(f"  '{part}' is not one of the choices above; try again.")
                chosen = None
                break
        if chosen is not None and (chosen or (many and key == "places")) and (many or len(chosen) == 1):
            return list(dict.fromkeys(chosen))
        if chosen is not None:
            print("  Please choose " + ("at least one." if many else "exactly one."))


def interactive(vocabularies: Vocabularies, reader=input) -> dict:
    print("Let's start a new story. Press Enter to accept a [default].")
    title = _ask("Title (what happened, and where)", reader=reader)
    while not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        print(f"  A title needs {TITLE_LENGTH[0]} to {TITLE_LENGTH[1]} characters.")
        title = _ask("Title", reader=reader)
    nation = _choose(vocabularies, "nations", "Which nation is it from?", False, reader)[0]
    places = _choose(
        vocabularies, "places", "Which council areas? (leave empty for nation-wide work)", True, reader,
        allowed=vocabularies.places_in(nation),
    )
    principles = _choose(vocabularies, "principles", "Which principles does it show?", True, reader)
    stages = _choose(vocabularies, "stages", "Which stages of co-production?", True, reader)
    themes = _choose(vocabularies, "themes", "Which themes?", True, reader)
    organisations = [o.strip() for o in _ask("Organisations involved (comma-separated)", reader=reader).split(",") if o.strip()]
    author = _ask("Your name, as you wish to be credited", reader=reader)
    role = _choose(vocabularies, "roles", "Your role", False, reader)[0]
    start = _ask("Year the work started (YYYY)", str(dt.date.today().year), reader=reader)
    end = _ask('Year it ended, or "ongoing"', "ongoing", reader=reader)
    return {
        "title": title, "nation": nation, "places": places, "principles": principles,
        "stages": stages, "themes": themes, "organisations": organisations or ["[[Organisation name]]"],
        "author": author or "[[Your name]]", "role": role, "start": start, "end": end,
    }


def from_file(source: Path, root: Path, slug: str | None, force: bool) -> int:
    """An emailed story file into stories/, named after its title, then checked: an editor's
    first step in opening a pull request for someone without a GitHub account."""
    from doingwith.content import title_and_line
    from doingwith.frontmatter import decode
    from doingwith.problems import ProblemList, summary
    from doingwith.project import Project, check_project

    if not source.is_file():
        print(f"new-story: {source} is not a file", file=sys.stderr)
        return 2
    try:
        data = source.read_bytes()
    except OSError as error:
        print(f"new-story: could not read {source} ({error.strerror})", file=sys.stderr)
        return 2
    # A file that is not UTF-8 (a mail program's or a word processor's own encoding), or is
    # over the size limit, is not copied: the checker's own message says where, and what to do.
    unreadable = ProblemList(str(source))
    text = decode(data, unreadable)
    if text is None:
        for problem in unreadable.items:
            print(problem)
        print(f"new-story: nothing was written; change {source} as the line above says, then run this again")
        return 1
    found = title_and_line(text, str(source))  # as decoded: a byte-order mark or CR line ends do not hide it
    slug = slug or (slug_from(found[0]) if found else None)
    if not slug:
        print(f"new-story: {source} has no `title:` in its front matter to name it by; give --slug", file=sys.stderr)
        return 2
    problem = slug_problem(slug)
    if problem:
        print(f"new-story: {problem}", file=sys.stderr)
        return 2
    target = root / "stories" / f"{slug}.md"
    # As sent, but with the line endings a mail program may have changed put back (decode did
    # that, and dropped a byte-order mark); invisible characters are the check's to report.
    if not write_new_file("new-story", target, text, force):
        return 2
    print(f"Wrote {target} from {source}.")
    result = check_project(Project(root), [target])
    for problem in result.problems:
        print(problem)
    print(summary(result.problems, result.files_checked))
    return 1 if result.errors else 0


def command_new_story(args) -> int:
    vocabularies = load_vocabularies()
    root = Path(args.root).resolve() if args.root else find_root()
    if args.from_file:
        return from_file(Path(args.from_file), root, args.slug, args.force)
    if args.title is None:
        if not sys.stdin.isatty():
            print("new-story: give --title and the other choices as flags, or run it in a terminal to be asked.", file=sys.stderr)
            return 2
        try:
            answers = {**interactive(vocabularies), "language": args.language}
        except (EOFError, KeyboardInterrupt):
            print("\nnew-story: stopped before the last question; nothing was written.", file=sys.stderr)
            return 2
        errors = typed_text_problems(answers)
        if errors:
            for error in errors:
                print(f"new-story: {error}", file=sys.stderr)
            return 2
    else:
        answers = {
            "title": args.title, "nation": args.nation, "places": args.place or [],
            "principles": args.principle or [], "stages": args.stage or [], "themes": args.theme or [],
            "organisations": args.organisation or ["[[Organisation name]]"], "author": args.author,
            "role": args.role, "start": args.start, "end": args.end, "language": args.language,
        }
        errors = typed_text_problems(answers) or _check_flags(answers, vocabularies)
        if errors:
            for error in errors:
                print(f"new-story: {error}", file=sys.stderr)
            return 2
    slug = args.slug or slug_from(answers["title"])
    problem = None if args.output else slug_problem(slug)
    if problem:
        print(f"new-story: {problem}", file=sys.stderr)
        return 2
    target = Path(args.output) if args.output else root / "stories" / f"{slug}.md"
    text = render(
        **answers, anonymised=args.anonymised, basis=args.basis,
        today=dt.date.today(),
    )
    if not write_new_file("new-story", target, text, args.force):
        return 2
    print(f"Wrote {target}. Replace each [[...]] with your own words, then run: make check")
    return 0


def write_new_file(command: str, target: Path, text: str, force: bool) -> bool:
    """Write ``text`` to ``target``, never over a file that is there unless ``force``; False,
    after one line saying why, if it was not written."""
    # Written beside the target, then renamed onto it: a full disk leaves no half-written file.
    partial = target.with_name(f".{target.name}.partial")
    try:
        if target.exists() and not force:
            print(f"{command}: {target} already exists; choose another --slug or use --force", file=sys.stderr)
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        print(
            f"{command}: could not write {target} ({error.strerror}); check that its folder can be "
            "written to and the disk has room, or choose another --slug",
            file=sys.stderr,
        )
        return False
    return True


def slug_problem(slug: str, folder: str = "stories") -> str | None:
    """Why ``slug`` cannot name a new file in ``folder``, or None. A slug is the file's name
    there: never a path, never empty, never a name the site uses for its own pages."""
    example = {"stories": "my-story", "learning": "my-note"}[folder]
    if slug in (RESERVED_LEARNING_SLUGS if folder == "learning" else RESERVED_SLUGS):
        return (
            f"the file name '{slug}.md' is reserved for the site's own use in {folder}/; give the file a name "
            f"of its own with --slug, such as --slug {example}"
        )
    if not (SLUG.match(slug) and len(slug) <= MAX_SLUG_LENGTH):
        return (
            f"the file name '{printable(slug)}' must be lower-case words a to z and digits joined "
            f"by hyphens, at most {MAX_SLUG_LENGTH} characters; give one with --slug, such as --slug "
            f"{slug_from(slug) or example}"
        )
    return None


def typed_text_problems(answers: dict) -> list[str]:
    """What is wrong with the words typed in (``answers``, by name: a string or a list of them),
    which must be plain text: no control characters, nothing that is not UTF-8."""
    errors = []
    for key, value in answers.items():
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                errors.append(f"the {key} is not UTF-8 text; type it again, or set your terminal to UTF-8")
                continue
            found = INVISIBLE.search(text)
            if found:
                errors.append(
                    f"the {key} has an invisible character (U+{ord(found.group(0)):04X}) in it; type it again without it"
                )
    return errors


def _check_flags(answers: dict, vocabularies: Vocabularies) -> list[str]:
    errors = []
    if not TITLE_LENGTH[0] <= len(answers["title"]) <= TITLE_LENGTH[1]:
        errors.append(f"--title needs {TITLE_LENGTH[0]} to {TITLE_LENGTH[1]} characters")
    checks = [
        ("nation", "nations", [answers["nation"]] if answers["nation"] else []),
        ("place", "places", answers["places"]),
        ("principle", "principles", answers["principles"]),
        ("stage", "stages", answers["stages"]),
        ("theme", "themes", answers["themes"]),
        ("role", "roles", [answers["role"]]),
        ("language", "languages", [answers["language"]]),
    ]
    for flag, key, values in checks:
        vocab = vocabularies.get(key)
        if not values and key not in ("places",):
            errors.append(f"--{flag} is required; choose from: {', '.join(vocab.ids[:12])}")
        for value in values:
            if value not in vocab:
                errors.append(f"--{flag}: {vocab.unknown_message(value)}")
    if answers["nation"] in vocabularies.nations:
        allowed = vocabularies.places_in(answers["nation"])
        errors += [f"--place: '{p}' is not in {answers['nation']}" for p in answers["places"] if p in vocabularies.places and p not in allowed]
    if len(answers["principles"]) > MOST_PRINCIPLES:
        errors.append(f"--principle: choose at most {MOST_PRINCIPLES}")
    return errors


def add_command(commands) -> None:
    parser = commands.add_parser(
        "new-story",
        help="write a new story skeleton (asks questions, or takes flags)",
        description="Write a story skeleton in stories/. Run it with no flags to be asked, step by step.",
    )
    parser.add_argument(
        "--from", dest="from_file", metavar="FILE",
        help="a finished story file (say, one sent by email): put it in stories/ under its title's name, and check it",
    )
    parser.add_argument("--title")
    parser.add_argument("--slug", help="file name without .md (default: from the title)")
    parser.add_argument("--nation")
    parser.add_argument("--place", action="append", help="repeat for several")
    parser.add_argument("--principle", action="append", help="repeat for several")
    parser.add_argument("--stage", action="append", help="repeat for several")
    parser.add_argument("--theme", action="append", help="repeat for several")
    parser.add_argument("--organisation", action="append", help="repeat for several")
    parser.add_argument("--author", default="[[Your name]]")
    parser.add_argument("--role", default="practitioner")
    parser.add_argument("--start", default=str(dt.date.today().year))
    parser.add_argument("--end", default="ongoing")
    parser.add_argument("--anonymised", action="store_true")
    parser.add_argument("--basis", default=CONSENT_BASES[0], choices=CONSENT_BASES)
    parser.add_argument("--language", default="en", help="en, cy or ga (from the languages list)")
    parser.add_argument("--output", help="write here instead of stories/<slug>.md")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(handler=command_new_story)
