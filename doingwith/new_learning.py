"""``python -m doingwith new-learning``: write a learning note skeleton in learning/.

It passes every rule but the prose placeholders, which the checker names line by line
until they are written: the quickest way for a partnership officer to add a note.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from doingwith import schema
from doingwith.content import slug_from
from doingwith.new_story import quoted, slug_problem, typed_text_problems, write_new_file
from doingwith.project import find_root
from doingwith.schema import LEARNING_SECTIONS
from doingwith.vocabularies import load_vocabularies

# The title's limits, from the schema itself.
_TITLE = next(f for f in schema.LEARNING_FIELDS if f.name == "title").kind
TITLE_LENGTH = (_TITLE.min_length, _TITLE.max_length)

SECTION_PROMPTS = {
    "What they tried": "[[What the partnership tried, where and when, and who took part.]]",
    "What they learned": "[[What they learned, as the source says it: what worked, and what did not.]]",
    "What they would do differently": "[[What they would do differently, if the source says; if not, say so.]]",
    "Find out more": "[[Links to the public pages this note is drawn from: a short description of each and its address.]]",
}


def render(*, title: str, nation: str, places: list[str], principles: list[str], lessons: list[str],
           date: str, author: str, role: str, today: dt.date) -> str:  # fmt: skip
    lines = [
        "---",
        "# yaml-language-server: $schema=../docs/schema/learning.schema.json",
        f"title: {quoted(title)}",
        "summary: >-",
        "  [[One to three plain sentences: what was tried, and the main lesson.]]",
        f"date: {quoted(date)}",
        f"nation: {nation}",
        f"places: [{', '.join(places)}]",
        f"principles: [{', '.join(principles)}]",
        f"lessons: [{', '.join(lessons)}]",
        "sources:",
        '  - title: "[[The title of the public page or document this note draws on]]"',
        '    reference: "[[Its web address, or how to find it]]"',
        f"published: {today.isoformat()}",
        f"last_reviewed: {today.isoformat()}",
        "authors:",
        f"  - name: {quoted(author)}",
        f"    role: {role}",
        "language: en",
        "---",
        "",
    ]
    for section in LEARNING_SECTIONS:
        lines += [f"## {section}", "", SECTION_PROMPTS[section], ""]
    return "\n".join(lines)


def command_new_learning(args) -> int:
    vocabularies = load_vocabularies()
    typed = {
        "title": args.title, "nation": args.nation, "place": args.place or [], "principle": args.principle or [],
        "lesson": args.lesson or [], "date": args.date, "author": args.author, "role": args.role,
    }  # fmt: skip
    errors = typed_text_problems(typed)
    if errors:
        for error in errors:
            print(f"new-learning: {error}", file=sys.stderr)
        return 2
    if not TITLE_LENGTH[0] <= len(args.title) <= TITLE_LENGTH[1]:
        errors.append(f"--title needs {TITLE_LENGTH[0]} to {TITLE_LENGTH[1]} characters")
    for flag, key, values in (
        ("nation", "nations", [args.nation]),
        ("place", "places", args.place or []),
        ("principle", "principles", args.principle or []),
        ("lesson", "lessons", args.lesson or []),
        ("role", "roles", [args.role]),
    ):
        vocabulary = vocabularies.get(key)
        errors += [f"--{flag}: {vocabulary.unknown_message(v)}" for v in values if v not in vocabulary]
    if not args.principle:
        errors.append(f"--principle is required; choose from: {', '.join(vocabularies.principles.ids)}")
    if args.nation in vocabularies.nations:
        allowed = vocabularies.places_in(args.nation)
        errors += [f"--place: '{p}' is not in {args.nation}" for p in args.place or [] if p not in allowed]
    if errors:
        for error in errors:
            print(f"new-learning: {error}", file=sys.stderr)
        return 2
    slug = args.slug or slug_from(args.title)
    problem = slug_problem(slug, "learning")
    if problem:
        print(f"new-learning: {problem}", file=sys.stderr)
        return 2
    root = Path(args.root).resolve() if args.root else find_root()
    target = root / "learning" / f"{slug}.md"
    today = dt.date.today()
    text = render(
        title=args.title, nation=args.nation, places=args.place or [], principles=args.principle,
        lessons=args.lesson or [], date=args.date or today.isoformat()[:7], author=args.author, role=args.role,
        today=today,
    )  # fmt: skip
    if not write_new_file("new-learning", target, text, args.force):
        return 2
    print(f"Wrote {target}. Replace each [[...]] with your own words, then run: make check")
    return 0


def add_command(commands) -> None:
    parser = commands.add_parser(
        "new-learning",
        help="write a new learning note skeleton in learning/",
        description="Write a learning note skeleton in learning/: what a partnership tried, learned and would do differently.",
    )
    parser.add_argument("--title", required=True)
    parser.add_argument("--nation", required=True)
    parser.add_argument("--place", action="append", help="repeat for several")
    parser.add_argument("--principle", action="append", help="repeat for several (at least one)")
    parser.add_argument("--lesson", action="append", help="one of the programme's six lessons; repeat for several")
    parser.add_argument("--date", help="when the learning was recorded: YYYY, YYYY-MM or YYYY-MM-DD (default: this month)")
    parser.add_argument("--author", default="[[Your name]]")
    parser.add_argument("--role", default="practitioner")
    parser.add_argument("--slug", help="file name without .md (default: from the title)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(handler=command_new_learning)
