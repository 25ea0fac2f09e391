"""A strict YAML reader for front matter written by people, not programs.

PyYAML on its own keeps the last of two duplicate keys, expands alias bombs,
turns ``NO`` into False and ``012345`` into 5349 without a word. Here we read
the parser's *events* (libyaml's C parser where available) and build our own
tree, so that:

* anchors, aliases and explicit tags are refused on sight (nothing is expanded);
* duplicate keys are reported with both positions;
* every scalar stays text and remembers whether it was quoted, so the schema can
  say "put it in quotes" where YAML would have read a yes/no, number or date;
* every value keeps its line and column for the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# libyaml's C loader where PyYAML was built with it (only its parser's events are read):
# about six times faster than the pure-Python one, which reads the same grammar.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_FIRST_CHARACTERS = frozenset(_resolver.yaml_implicit_resolvers)
_ScalarEvent, _StreamEndEvent = yaml.ScalarEvent, yaml.StreamEndEvent
_COLLECTION_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)

# What YAML 1.1 would make of a plain (unquoted) scalar, in words a contributor knows.
_IMPLICIT_KINDS = {
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "an empty value",
}


@dataclass(slots=True)
class Node:
    line: int  # 1-based, in the file
    col: int  # 1-based


@dataclass(slots=True)
class Scalar(Node):
    value: str = ""
    plain: bool = True  # written without quotes or block style
    refused: bool = False  # stands in for an alias, already reported
    end_line: int = 0  # the line the value ends on (0: not known)

    def implicit_kind(self) -> str | None:
        """What YAML would have turned this plain scalar into, if not text."""
        if not self.plain or self.value[:1] not in _FIRST_CHARACTERS:
            return None  # as the resolver decides: no implicit type starts this way
        if self.value[:1].isalpha() and " " in self.value:
            return None  # the types that start with a letter (yes/no/on/off/true/false/null) are one word
        tag = _resolver.resolve(yaml.ScalarNode, self.value, (True, False))
        return _IMPLICIT_KINDS.get(tag)

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    # key text -> (key node, value node), in the order written
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


# No field nests deeper than a few levels. libyaml takes time quadratic in the depth of
# [[[[...]]]] (seconds for one 100 KB file), so reading stops well before that.
MAX_DEPTH = 20


# Characters YAML 1.1 takes for line breaks, though nothing else here does (Python's split on
# "\n", editors, Markdown): they would put every later position on the wrong line.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


class YamlProblem(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def parse(text: str, line_offset: int = 0) -> tuple[Node | None, list[YamlProblem]]:
    """Parse one YAML document into a tree of nodes.

    ``line_offset`` is added to every line so positions are those of the file
    the text was cut from. Returns the root (None if the text is empty or could
    not be parsed) and every problem found.
    """
    problems: list[YamlProblem] = []
    if _YAML_ONLY_BREAKS.search(text):
        text = _spaced_out_breaks(text, line_offset, problems)

    def at(mark) -> tuple[int, int]:
        return mark.line + 1 + line_offset, mark.column + 1

    stack: list[Node] = []
    pending_key: list[Scalar | None] = []
    root: Node | None = None

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if type(parent) is Sequence:
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:  # this node is a key
            if type(node) is not Scalar:
                problems.append(YamlProblem(node.line, node.col, "a key must be a plain name such as `title`"))
                pending_key[-1] = Scalar(node.line, node.col, value="?")
            else:
                pending_key[-1] = node
            return
        items = parent.items
        if key.value in items:
            first = items[key.value][0]
            problems.append(
                YamlProblem(
                    key.line,
                    key.col,
                    f"`{key.value}` appears twice (first at line {first.line}); keep one and delete the other",
                )
            )
        else:
            items[key.value] = (key, node)
        pending_key[-1] = None

    def refuse_extras(event) -> bool:
        if event.anchor is None and event.tag is None:  # the usual case: nothing to refuse
            return False
        line, col = at(event.start_mark)
        if getattr(event, "anchor", None):
            problems.append(
                YamlProblem(
                    line,
                    col,
                    f"anchors (`&{event.anchor}`) are not allowed; write the value out in full",
                )
            )
            return True
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", None)
        explicit_tag = tag and not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))
        if explicit_tag and tag not in ("!",):
            problems.append(
                YamlProblem(
                    line, col, f"YAML tags (`{tag}`) are not allowed; remove the tag"
                )
            )
            return True
        return False

    try:
        loader = _Loader(text)
    except UnicodeEncodeError as error:  # a lone surrogate: text that came from no UTF-8 file
        problems.append(_unreadable_character(text, error.start, line_offset))
        return None, problems
    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is _ScalarEvent:  # most events: the fast path first
                if event.anchor is not None or event.tag is not None:
                    refuse_extras(event)
                mark = event.start_mark
                # C parser: style "" for plain scalars; the Python parser: None.
                node = Scalar(
                    mark.line + 1 + line_offset, mark.column + 1, event.value, not event.style,
                    end_line=event.end_mark.line + 1 + line_offset,
                )  # fmt: skip
                # Inline for the commonest case, a value or key inside a mapping.
                if pending_key and type(stack[-1]) is Mapping:
                    key = pending_key[-1]
                    if key is None:
                        pending_key[-1] = node
                        continue
                    if key.value not in stack[-1].items:
                        stack[-1].items[key.value] = (key, node)
                        pending_key[-1] = None
                        continue
                attach(node)
            elif event is None or kind is _StreamEndEvent:
                break
            elif kind is yaml.AliasEvent:
                line, col = at(event.start_mark)
                problems.append(
                    YamlProblem(
                        line,
                        col,
                        f"aliases (`*{event.anchor}`) are not allowed; write the value out in full",
                    )
                )
                attach(Scalar(line, col, value="", plain=False, refused=True))
            elif kind in _COLLECTION_STARTS and len(stack) >= MAX_DEPTH:
                line, col = at(event.start_mark)
                problems.append(
                    YamlProblem(
                        line,
                        col,
                        f"the front matter is nested more than {MAX_DEPTH} levels deep here; "
                        "no field needs that, so check the brackets and indentation",
                    )
                )
                return None, problems
            elif kind is yaml.SequenceStartEvent:
                refuse_extras(event)
                node = Sequence(*at(event.start_mark))
                attach(node)
                stack.append(node)
                pending_key.append(None)
            elif kind is yaml.MappingStartEvent:
                refuse_extras(event)
                node = Mapping(*at(event.start_mark))
                attach(node)
                stack.append(node)
                pending_key.append(None)
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                stack.pop()
                pending_key.pop()
            elif kind is yaml.DocumentStartEvent and root is not None:
                line, col = at(event.start_mark)
                problems.append(
                    YamlProblem(line, col, "only one YAML document is allowed in front matter")
                )
                break
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = at(mark) if mark else (1 + line_offset, 1)
        problems.append(YamlProblem(line, col, _explain(error)))
        return None, problems
    except yaml.reader.ReaderError as error:
        # A character YAML refuses to read (a control character, U+FFFE...). libyaml gives
        # its place as a UTF-8 byte offset; the Python reader as a character offset.
        position = error.position
        if _Loader is not yaml.SafeLoader:
            position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace"))
        problems.append(_unreadable_character(text, position, line_offset))
        return None, problems
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises only the two above
        problems.append(YamlProblem(1 + line_offset, 1, f"YAML could not read this: {error}; check the front matter"))
        return None, problems
    finally:
        loader.dispose()
    return root, problems


def _spaced_out_breaks(text: str, line_offset: int, problems: list[YamlProblem]) -> str:
    """``text`` with each YAML-only line break reported and read as a space."""
    for line_no, line in enumerate(text.split("\n"), start=1 + line_offset):
        for match in _YAML_ONLY_BREAKS.finditer(line):
            problems.append(
                YamlProblem(
                    line_no,
                    match.start() + 1,
                    f"a hidden line-break character (U+{ord(match.group(0)):04X}) is here; replace it "
                    "with an ordinary line break or a space",
                )
            )
    return _YAML_ONLY_BREAKS.sub(" ", text)


def _unreadable_character(text: str, position: int, line_offset: int) -> YamlProblem:
    """The problem for a character YAML cannot read, at its place in ``text``."""
    position = max(0, min(position, len(text) - 1))
    line = text.count("\n", 0, position) + 1 + line_offset
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    char = text[position] if text else ""
    return YamlProblem(
        line,
        col,
        f"this character (U+{ord(char):04X}) cannot be read in front matter; delete it, or retype "
        "the text around it if it was pasted from another program",
    )


def _explain(error: yaml.MarkedYAMLError) -> str:
    """A YAML syntax error in words a contributor can act on."""
    text = " ".join(str(part) for part in (error.context, error.problem) if part)
    hint = "check the indentation and quoting on this line"
    if "mapping values are not allowed" in text:
        hint = 'a value contains ": "; put the whole value in double quotes'
    elif "found character '\\t'" in text or "tab" in text:
        hint = "use spaces, not tabs, to indent"
    elif "could not find expected ':'" in text:
        hint = "each line needs `key: value`; check for a missing colon or a stray line"
    elif "found undefined alias" in text or "found unhashable key" in text:
        hint = "write the value out in full"
    elif "while scanning a quoted scalar" in text:
        hint = "a quoted value is not closed; add the closing quote"
    elif "did not find expected key" in text:
        hint = (
            "often caused by an unclosed quote or a stray character; check the quotes on this "
            "line and the lines above it"
        )
    elif "expected <block end>" in text:
        hint = "the indentation is uneven; line up keys at the same level"
    return f"YAML could not read this: {text}; {hint}"
