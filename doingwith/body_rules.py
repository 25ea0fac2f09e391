"""Rules for the Markdown body of a story or resource.

Contributors write Markdown, not HTML: raw HTML, template syntax and unsafe
links are refused with line and column, headings must be in order, images need
alt text and must live in the content's own media folder.
"""

from __future__ import annotations

import bisect
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from doingwith.schema import (
    IMAGE_EXTENSIONS,
    JINJA,
    PLACEHOLDER,
    RESOURCE_FILE_EXTENSIONS,
    quote_placeholder,
    url_problem,
)

# A code block as Python-Markdown's fenced_code reads one: the fence at the start of the line,
# at most one word after it, and closed by the very same fence. The checker passes over the
# lines of a code block, so it must never see one where Markdown does not.
FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*(?:\.?[\w#.+-]*[ ]*)?$")
# A code span opens at the start of a run of backticks, never inside one, nor after a
# backslash (Markdown shows \` as a backtick), and closes on a run of the same length: the
# looser (`+)(.+?)\1 took minutes to fail on a long line of backticks.
CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# The closing #s are stripped in code: (.*?)[ \t]*#*[ \t]*$ backtracked for hours on a
# long heading of #s and spaces.
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
HTML = re.compile(r"<(?:!--|!\[CDATA\[|![A-Za-z]|\?|/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$))")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
# The target is group 3 when written in <...>, which Markdown lets hold spaces ([a](<#x y>)),
# and group 4 otherwise. The text and the plain target take what they match for good (*+): what
# follows each can never be inside it, and giving characters back took 0.4 s a line of "![a](".
LINK = re.compile(r"(!?)\[([^\]]*+)\]\(\s*(?:<([^<>\n]*)>|<?([^)\s>]*+)>?)(?:\s+[\"'(][^)]*[\"')])?\s*\)")
# A reference definition, as Python-Markdown reads one: [label]: address, then at most a title
# in quotes or brackets. Its address may be on the next line (group 2 is then None); words
# after it ("[Update]: the park opened") make it ordinary text.
REFERENCE_DEFINITION = re.compile(r"""^ {0,3}\[([^\[\]]*)\]: *(?:<?(\S+?)>? *(?:(["']).*\3 *|\(.*\) *)?)?$""")
DEFINITION_ADDRESS = re.compile(r"""^ *<?(\S+?)>? *(?:(["']).*\2 *|\(.*\) *)?$""")  # on the next line
# A reference link: [text][label], [text][] or [text], whose address is on a line of its own
# ([label]: https://...). It is a link only where that line exists, so its text is checked at the end.
REFERENCE_LINK = re.compile(r"(?<![!\\\]])\[([^\[\]]+)\](?:\s?\[([^\[\]]*)\])?(?![(:])")
VAGUE_LINK_TEXT = {
    "click here", "here", "read more", "more", "click", "this link", "link", "this page",
    "this", "learn more", "find out more",
}


MAX_LINE_LENGTH = 5_000
# Python-Markdown nests a list in a list for each marker or level of indentation, one call
# deeper each time: about 500 markers on one line, or 400 levels down the page, and the build
# stops with a RecursionError. No story needs a tenth of that.
MAX_LIST_MARKERS = 20
MAX_INDENT = 100
# Likewise each * or _ in a row opens emphasis one level deeper: about 1,500 and the build
# stops. A dividing line is ---, on a line of its own.
MAX_EMPHASIS_RUN = 100
EMPHASIS_RUN = re.compile(rf"[*_]{{{MAX_EMPHASIS_RUN + 1},}}")
LIST_MARKERS = re.compile(r"^(?:[ \t]*(?:[-*+]|\d+[.)])[ \t]+)+")
LIST_MARKER = re.compile(r"(?:[-*+]|\d+[.)])[ \t]+")
# A dividing line, as Python-Markdown reads one (spaces, never tabs, at most two between the
# marks); the lookahead and back-reference keep a long line of dashes from backtracking.
THEMATIC_BREAK = re.compile(r"^ {0,3}(?=((?:-+ {0,2}){3,}|(?:_+ {0,2}){3,}|(?:\*+ {0,2}){3,}))\1 *$")
# The > marks of a quotation: the lines inside are read again as Markdown, lists and all.
BLOCKQUOTE = re.compile(r"^(?: {0,3}> ?)+")
# Python-Markdown looks ahead from every [ for its closing ], over the whole paragraph: a
# paragraph of thousands of unmatched [ took minutes to build.
MAX_BRACKETS = 200


@dataclass
class BodyFacts:
    headings: list[tuple[int, str, int]] = field(default_factory=list)  # (level, text, line)
    written: list[int] = field(default_factory=list)  # lines with something on them, in order


def check_body(
    body: str,
    first_line: int,
    problems,
    *,
    required_sections: tuple[str, ...] = (),
    media_root: Path | None = None,
) -> BodyFacts:
    facts = BodyFacts()
    labels: set[str] = set()  # of the reference definitions, as Markdown matches them
    reference_links: list[tuple[int, int, str, str]] = []  # (line, column, text, label)
    in_fence: str | None = None
    brackets, brackets_told = 0, False  # [ in this paragraph, and whether that was reported
    previous_level = 1  # the page title is the only level-1 heading
    next_line_label = None  # a [label]: line whose address may be on the next line
    block: list[tuple[int, str]] = []  # (line, text) of the paragraph, list item or heading being read

    def end_block() -> None:
        _check_links(block, problems, media_root)
        block.clear()

    for offset, raw in enumerate(body.split("\n")):
        line_no = first_line + offset
        defining, next_line_label = next_line_label, None
        if len(raw) > MAX_LINE_LENGTH:
            # Very long lines are refused before any pattern or Markdown sees them:
            # some inputs make pattern matching and Markdown itself very slow.
            problems.add(
                line_no,
                1,
                f"this line is {len(raw):,} characters long, over the limit of {MAX_LINE_LENGTH:,}; "
                "break it into shorter paragraphs",
            )
            facts.written.append(line_no)  # something is written here, though it is refused
            end_block()
            continue
        if not raw or raw.isspace():
            brackets, brackets_told = 0, False  # a blank line ends a paragraph
            end_block()
        if not raw:
            continue  # a blank line opens, closes and contains nothing
        if not raw.isspace():
            facts.written.append(line_no)
        # Each pattern below is tried only on lines holding the character it starts with.
        if in_fence:
            if raw.rstrip(" ") == in_fence:
                in_fence = None
            continue
        fence = FENCE.match(raw) if raw[0] in "`~" else None
        if fence:
            in_fence = fence.group(1)
            end_block()
            continue
        # A list marker's number may be in any digits Markdown's \d takes, such as ١٢.
        if raw[0] in " \t-*+>" or raw[0].isdecimal():
            _check_nesting(BLOCKQUOTE.sub("", raw) if raw.lstrip(" ").startswith(">") else raw, line_no, problems)
        if "[" in raw:
            brackets += raw.count("[")
            if brackets > MAX_BRACKETS and not brackets_told:
                brackets_told = True
                problems.add(
                    line_no,
                    1,
                    f"this paragraph has over {MAX_BRACKETS} [ brackets; Markdown takes minutes over so many, "
                    "so split it, or take some out",
                )
        # Blank out inline code so its contents are not taken for markup.
        line = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw) if "`" in raw else raw
        if "*" in line or "_" in line:
            for match in EMPHASIS_RUN.finditer(line):
                problems.add(
                    line_no,
                    match.start() + 1,
                    f"{len(match.group(0)):,} * or _ in a row, over the limit of {MAX_EMPHASIS_RUN}; "
                    "for a dividing line, put --- on a line of its own",
                )

        if "{" in line:
            for match in JINJA.finditer(line):
                problems.add(
                    line_no,
                    match.start() + 1,
                    f"{match.group(0)} is template syntax, which never runs in stories, "
                    "resources or learning notes; remove it, or put it in `backticks` if you are showing code",
                )
        if "[[" in line:
            for match in PLACEHOLDER.finditer(line):
                problems.add(
                    line_no,
                    match.start() + 1,
                    f"placeholder text still here: replace {quote_placeholder(match.group(0))} with your own words",
                )
        if "<" in line:
            _check_angle_brackets(line, line_no, problems)

        heading = HEADING.match(line) if line.startswith("#") else None
        if heading:
            level, text = len(heading.group(1)), heading.group(2).rstrip(" \t").rstrip("#").strip()
            if level == 1:
                problems.add(
                    line_no,
                    1,
                    "a # heading is not allowed in the body: the page title comes from `title:`; "
                    "start headings at ##",
                )
            elif level > previous_level + 1:
                problems.add(
                    line_no,
                    1,
                    f"heading level jumps from {'#' * previous_level} to {'#' * level}; "
                    f"use {'#' * (previous_level + 1)} so headings stay in order",
                )
            previous_level = max(level, 2)
            facts.headings.append((level, text, line_no))

        # A link's text and address may run over the lines of its block, but not past a heading
        # or into the next list item.
        if not raw.isspace():
            starts_block = heading or (raw[0] in " \t-*+" or raw[0].isdecimal()) and LIST_MARKERS.match(raw)
            if starts_block:
                end_block()
            block.append((line_no, line))
            if heading:
                end_block()
        definition = REFERENCE_DEFINITION.match(line) if "]:" in line else None
        address = DEFINITION_ADDRESS.match(line) if defining is not None and not definition else None
        if definition and definition.group(2) is None:
            next_line_label = definition.group(1)
        elif definition or address:
            found = definition or address
            labels.add((defining if address else definition.group(1)).strip().lower())
            problem = url_problem(found.group(1 if address else 2))
            if problem:
                problems.add(line_no, found.start(1 if address else 2) + 1, problem)
        elif "]" in line:
            for match in REFERENCE_LINK.finditer(line):
                label = match.group(2) or match.group(1)  # [text][] and [text] use the text as label
                reference_links.append((line_no, match.start() + 1, match.group(1), label))

    end_block()
    for line_no, col, text, label in reference_links:
        if " ".join(label.split()).lower() in labels:
            _check_link_text(text, line_no, col, problems)

    if in_fence:
        problems.add(
            first_line + body.count("\n"),
            1,
            f"a code block opened with {in_fence} is never closed; add a closing {in_fence} line",
        )
    if required_sections:
        _check_sections(facts, required_sections, first_line, problems)
    return facts


def _check_nesting(raw: str, line_no: int, problems) -> None:
    indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip(" "))
    if indent > MAX_INDENT:
        problems.add(
            line_no, 1, f"this line is indented {indent} spaces, over the limit of {MAX_INDENT}; indent it less"
        )
        return
    markers = LIST_MARKERS.match(raw)
    if markers and not THEMATIC_BREAK.match(raw):
        count = len(LIST_MARKER.findall(markers.group(0)))
        if count > MAX_LIST_MARKERS:
            problems.add(
                line_no,
                1,
                f"this line starts with {count} list markers, a list nested {count} deep; the limit is "
                f"{MAX_LIST_MARKERS}: start it with one marker, such as - or 1.",
            )


def _check_angle_brackets(line: str, line_no: int, problems) -> None:
    autolinks = {m.start(): m for m in AUTOLINK.finditer(line)}
    for match in HTML.finditer(line):
        if match.start() in autolinks:
            continue
        snippet = line[match.start() : match.start() + 20].split(">")[0] + ">"
        problems.add(
            line_no,
            match.start() + 1,
            f"raw HTML is not allowed ({snippet}); write it in Markdown instead "
            "(for example **bold**, [link text](https://...)), or leave it out",
        )
    for match in autolinks.values():
        target = match.group(1)
        if "@" in target and ":" not in target:
            target = "mailto:" + target
        problem = url_problem(target)
        if problem:
            problems.add(line_no, match.start() + 1, problem)


def _check_links(block: list[tuple[int, str]], problems, media_root) -> None:
    """The links of one block (its lines and their numbers), whose text or address may run
    from one line to the next, as Markdown reads them."""
    text = "\n".join(line for _line_no, line in block)
    if "](" not in text or text.count("[") > MAX_BRACKETS:  # too many [ is refused already
        return
    starts = [0]
    for _line_no, line in block[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def place(at: int) -> tuple[int, int]:
        """The line and column of a place in ``text``."""
        index = bisect.bisect_right(starts, at) - 1
        return block[index][0], at - starts[index] + 1

    for match in LINK.finditer(text):
        _check_link(match, place, problems, media_root)


def _check_link(match, place, problems, media_root) -> None:
    is_image, text = match.group(1) == "!", match.group(2).strip()
    target_group = 3 if match.group(3) is not None else 4
    target, target_at = match.group(target_group), place(match.start(target_group))
    line_no, col = place(match.start())
    if is_image:
        if not text:
            problems.add(
                line_no,
                col,
                "this image has no alt text; describe what it shows inside the brackets: "
                "![Children planting bulbs](media/photo.jpg)",
            )
        problem = media_problem(target, media_root, "media", "image")
        if problem:
            problems.add(*target_at, problem)
        return
    _check_link_text(text, line_no, col, problems)
    problem = url_problem(target)
    if problem:
        problems.add(*target_at, problem)


def _check_link_text(text: str, line_no: int, col: int, problems) -> None:
    text = " ".join(text.split())  # as the page shows it, over one line or two
    if text.lower().strip(" .!") in VAGUE_LINK_TEXT:
        problems.add(
            line_no,
            col,
            f"link text '{text}' does not say where the link goes; use words that describe "
            "the page, such as [the council's community plan](https://...)",
        )
    if not text:
        problems.add(line_no, col, "this link has no text; write what the link leads to inside the brackets")


def media_problem(target: str, media_root: Path | None, folder: str, what: str) -> str | None:
    """Why a reference to a file in a media folder is refused, or None if it is fine.

    The file must be a regular file inside ``media_root`` (no ``..``, no absolute
    path, no link to elsewhere) so a story can never reach another file.
    """
    extensions = IMAGE_EXTENSIONS if what == "image" else RESOURCE_FILE_EXTENSIONS
    if "://" in target or target.startswith(("//", "data:", "javascript:")):
        return (
            f"the {what} must be a file in the {folder}/ folder beside your file, not a web "
            f"address; add the file to {folder}/ and write {folder}/<file name>"
        )
    if target.startswith("/") or "\\" in target or ".." in target.split("/"):
        return f"'{target}' reaches outside the {folder}/ folder; write {folder}/<file name>"
    parts = target.split("/")
    if len(parts) != 2 or parts[0] != folder or not parts[1]:
        return f"'{target}' must be written {folder}/<file name>"
    suffix = Path(parts[1]).suffix.lower()
    if suffix not in extensions:
        return f"files of type '{suffix or 'none'}' are not allowed; use one of {', '.join(extensions)}"
    if media_root is not None:
        try:
            mode = (media_root / parts[1]).lstat().st_mode  # one look, not following a link
        except (OSError, ValueError):
            mode = 0
        if stat.S_ISLNK(mode):
            return f"'{target}' is a link to another file; put the real file in {folder}/"
        if not stat.S_ISREG(mode):
            return f"'{target}' does not exist; add the file to {folder}/ or fix the name"
    return None


def _check_sections(facts: BodyFacts, required: tuple[str, ...], first_line: int, problems) -> None:
    present = [(text, line) for level, text, line in facts.headings if level == 2]
    names = [text.lower() for text, _ in present]
    position = -1
    for index, section in enumerate(required):
        wanted = section.lower()
        if wanted in names:
            found = names.index(wanted)
            if found < position:
                problems.add(
                    present[found][1],
                    1,
                    f"the section '## {section}' must come after '## {required[index - 1]}'; "
                    f"the order is: {' / '.join(required)}",
                )
            position = max(position, found)
            _check_not_empty(facts, section, present[found][1], problems)
            continue
        after = f" after '## {required[index - 1]}'" if index else ""
        problems.add(
            first_line,
            1,
            f"the section '## {section}' is missing; add a heading '## {section}'{after} "
            "and write that part of the story under it",
        )


def _check_not_empty(facts: BodyFacts, section: str, line: int, problems) -> None:
    """A required section has something written under it before the next ## heading."""
    after = [other for level, _text, other in facts.headings if level <= 2 and other > line]
    end = min(after, default=float("inf"))
    if not any(line < written < end for written in facts.written):
        problems.add(line, 1, f"the section '## {section}' is empty; write that part of the story under it")
