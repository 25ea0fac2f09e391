"""The story and resource schemas: the one source of truth.

Each field is declared once here. The same declarations

* check front matter (``check_fields``), with a message a contributor can act on;
* generate the published JSON Schema (``json_schema``) that editors use;
* generate the field-by-field reference page (``generate.reference_markdown``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from doingwith.strict_yaml import Mapping, Node, Scalar, Sequence
from doingwith.vocabularies import Vocabularies

SCHEMA_BASE_URL = "https://doingwith.github.io/doingwith/schema/"

# ASCII digits, as the JSON Schema's patterns read them: Python's \d alone also takes ٢٠٢١.
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", re.ASCII)
JINJA = re.compile(r"\{[{%#]")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)")
PLACEHOLDER = re.compile(r"\[\[.*?\]\]")
PLACEHOLDER_QUOTE_LENGTH = 80  # longer placeholders are quoted up to a word, then "…"
WHITESPACE = re.compile(r"\s")
# scheme://host.name followed by nothing, a path, a query or a fragment: no user, no port.
_PLAIN_WEB_ADDRESS = re.compile(r"([A-Za-z]+)://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?=[/?#]|\Z)")
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
# frontmatter.INVISIBLE but for the whitespace among them, which free text collapses to spaces.
INVISIBLE_IN_TEXT = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# A story's review state: sent in for an editor to choose its stages and themes. Such a story
# is not published yet, so it has no `published` or `last_reviewed` date either.
TO_CLASSIFY = "to-classify"


def quote_placeholder(text: str) -> str:
    """A placeholder as a message quotes it: whole if short, else cut at a word and ended with "…"."""
    if len(text) <= PLACEHOLDER_QUOTE_LENGTH:
        return text
    cut = text[: PLACEHOLDER_QUOTE_LENGTH - 1]
    if " " in cut[2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


class Context:
    """What a field needs to know while it checks a value."""

    def __init__(self, vocabularies: Vocabularies, problems, today: dt.date, lines: list[str] | None = None) -> None:
        self.vocabularies = vocabularies
        self.problems = problems
        self.today = today
        self.lines = lines or []  # the file's lines, to point inside values that span lines

    def error(self, node: Node, message: str) -> None:
        self.problems.add(node.line, node.col, message)

    def error_at(self, node: Node, needle: str, message: str) -> None:
        """Report at ``needle`` inside the value, which may run over several lines; at the
        value's start if it is not written there (it came from an escape such as \\x3C)."""
        last = getattr(node, "end_line", 0) or node.line + 39
        for line_no in range(node.line, min(last + 1, len(self.lines) + 1)):
            start = node.col - 1 if line_no == node.line else 0
            col = self.lines[line_no - 1].find(needle, start)
            if col >= 0:
                self.problems.add(line_no, col + 1, message)
                return
        self.error(node, message)


# --- field kinds -----------------------------------------------------------------


@dataclass
class Kind:
    def check(self, name: str, node: Node, ctx: Context):  # pragma: no cover - abstract
        raise NotImplementedError

    def json(self, vocabularies: Vocabularies) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _scalar(name: str, node: Node, ctx: Context, what: str) -> Scalar | None:
    if isinstance(node, Scalar):
        return node
    shape = "a list" if isinstance(node, Sequence) else "a group of fields"
    ctx.error(node, f"`{name}` should be {what}, not {shape}")
    return None


def check_free_text(name: str, node: Scalar, ctx: Context) -> bool:
    """Rules for every piece of free text in front matter. True when clean."""
    value = node.value
    kind = node.implicit_kind()
    if kind:
        ctx.error(
            node,
            f"`{name}`: YAML would read {value} as {kind}, not text; "
            f'put it in quotes: "{value}"',
        )
        return False
    clean = True
    invisible = INVISIBLE_IN_TEXT.search(value)
    if invisible:
        # Written as an escape ("\u202e") it passes the file's own check; it is no less invisible.
        ctx.error(
            node,
            f"`{name}` has an invisible control character (U+{ord(invisible.group(0)):04X}) in it; "
            "it can make text display differently from what it says, so delete it",
        )
        clean = False
    if "{" not in value and "<" not in value and "[[" not in value:
        return clean
    jinja = JINJA.search(value)
    if jinja:
        ctx.error_at(
            node,
            jinja.group(0),
            f"`{name}` contains {jinja.group(0)}, which is template syntax; "
            "stories and resources never run templates, so remove it",
        )
        clean = False
    tag = HTML_TAG.search(value)
    if tag:
        ctx.error_at(
            node,
            tag.group(0)[:2],
            f"`{name}` contains HTML ({tag.group(0).strip()}); write plain text without < and >",
        )
        clean = False
    placeholder = PLACEHOLDER.search(value)
    if placeholder:
        ctx.error_at(
            node,
            "[[",
            f"`{name}` still has placeholder text {quote_placeholder(placeholder.group(0))}; "
            "replace it with your own words",
        )
        clean = False
    return clean


@dataclass
class Text(Kind):
    min_length: int = 1
    max_length: int = 200
    multiline: bool = False

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "text")
        if scalar is None:
            return None
        if scalar.is_null:
            ctx.error(scalar, f"`{name}` is empty; {self.describe()}")
            return None
        if not check_free_text(name, scalar, ctx):
            return None
        value = " ".join(scalar.value.split())
        if not self.multiline and "\n" in scalar.value.strip():
            ctx.error(scalar, f"`{name}` must be a single line")
            return None
        # Too short is judged with runs of spaces as one; too long as written, spaces and all,
        # as the published JSON Schema's maxLength counts, so it never refuses what we pass.
        length = len(value) if len(value) < self.min_length else len(scalar.value)
        if not self.min_length <= length <= self.max_length:
            ctx.error(
                scalar,
                f"`{name}` is {length} characters long; it must be "
                f"{self.min_length} to {self.max_length}",
            )
            return None
        return value

    def json(self, vocabularies):
        return {"type": "string", "minLength": self.min_length, "maxLength": self.max_length}

    def describe(self):
        return f"plain text, {self.min_length} to {self.max_length} characters"


@dataclass
class Choice(Kind):
    vocabulary: str

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, f"one {self.vocabulary.rstrip('s')} id")
        if scalar is None:
            return None
        vocab = ctx.vocabularies.get(self.vocabulary)
        value = scalar.value.strip()
        if scalar.is_null:
            choices = vocab.ids
            ctx.error(scalar, f"`{name}` is empty; choose one of: {', '.join(choices[:12])}")
            return None
        if value not in vocab:
            ctx.error(scalar, f"`{name}`: {vocab.unknown_message(value)}")
            return None
        return value

    def json(self, vocabularies):
        return {"type": "string", "enum": vocabularies.get(self.vocabulary).ids}

    def describe(self):
        return f"one id from the {self.vocabulary.replace('_', ' ')} list"


@dataclass
class Choices(Kind):
    vocabulary: str
    min_items: int = 1
    max_items: int | None = None

    def check(self, name, node, ctx):
        if isinstance(node, Scalar) and not node.is_null:
            ctx.error(node, f"`{name}` must be a list; write it as [{node.value}]")
            return None
        items = node.items if isinstance(node, Sequence) else []
        if isinstance(node, Mapping):
            ctx.error(node, f"`{name}` must be a list of ids such as [{self._example(ctx)}]")
            return None
        values: list[str] = []
        choice = Choice(self.vocabulary)
        for index, item in enumerate(items):
            value = choice.check(f"{name}[{index + 1}]", item, ctx)
            if value is None:
                continue
            if value in values:
                ctx.error(item, f"`{name}` lists '{value}' twice; remove one")
                continue
            values.append(value)
        count = len(items)
        if count < self.min_items or (self.max_items and count > self.max_items):
            ctx.error(node, f"`{name}` has {count} item{'s' if count != 1 else ''}; {self.describe()}")
        return values

    def _example(self, ctx):
        return ", ".join(ctx.vocabularies.get(self.vocabulary).ids[:2])

    def json(self, vocabularies):
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": vocabularies.get(self.vocabulary).ids},
            "uniqueItems": True,
            "minItems": self.min_items,
        }
        if self.max_items:
            schema["maxItems"] = self.max_items
        return schema

    def describe(self):
        most = f" to {self.max_items}" if self.max_items else " or more"
        return f"a list of {self.min_items}{most} ids from the {self.vocabulary.replace('_', ' ')} list"


@dataclass
class Date(Kind):
    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "a date")
        if scalar is None:
            return None
        value = scalar.value.strip()
        if not DATE.match(value):
            ctx.error(scalar, f"`{name}`: '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            ctx.error(scalar, f"`{name}`: {value} is not a real date; check the month and day")
            return None

    def json(self, vocabularies):
        return {"type": "string", "format": "date", "pattern": DATE.pattern}

    def describe(self):
        return "a date, YYYY-MM-DD"


@dataclass
class PartialDate(Kind):
    allow_ongoing: bool = False

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "a year or date")
        if scalar is None:
            return None
        value = scalar.value.strip()
        if self.allow_ongoing and value == "ongoing":
            return value
        ongoing = ' or "ongoing"' if self.allow_ongoing else ""
        if not PARTIAL_DATE.match(value):
            ctx.error(scalar, f"`{name}`: '{value}' is not a year or date; write YYYY, YYYY-MM or YYYY-MM-DD{ongoing}")
            return None
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            ctx.error(scalar, f"`{name}`: {value} is not a real date; check the month and day")
            return None
        return value

    def json(self, vocabularies):
        pattern = PARTIAL_DATE.pattern
        if self.allow_ongoing:
            pattern = r"^(?:ongoing|\d{4}(?:-\d{2}(?:-\d{2})?)?)$"
        return {"type": "string", "pattern": pattern}

    def describe(self):
        ongoing = ', or "ongoing"' if self.allow_ongoing else ""
        return f"a year (YYYY), month (YYYY-MM) or date (YYYY-MM-DD){ongoing}"


@dataclass
class WholeNumber(Kind):
    minimum: int = 1
    maximum: int = 100

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "a whole number")
        if scalar is None:
            return None
        value = scalar.value.strip()
        # Too many digits to be in range is out of range: int() refuses over 4,300 of them.
        too_long = len(value.lstrip("0")) > len(str(self.maximum))
        if not value.isascii() or not value.isdigit() or too_long or not self.minimum <= int(value) <= self.maximum:
            ctx.error(scalar, f"`{name}`: write a whole number from {self.minimum} to {self.maximum}, not {scalar.value!r}")
            return None
        return int(value)

    def json(self, vocabularies):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def describe(self):
        return f"a whole number from {self.minimum} to {self.maximum}"


@dataclass
class Boolean(Kind):
    must_be_true: bool = False

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "true or false")
        if scalar is None:
            return None
        value = scalar.value.strip()
        if not scalar.plain or value not in ("true", "false"):
            ctx.error(scalar, f"`{name}`: write true or false (lower case, no quotes), not {scalar.value!r}")
            return None
        if self.must_be_true and value != "true":
            ctx.error(
                scalar,
                f"`{name}` must be true: a story is published only with consent to publish it",
            )
            return None
        return value == "true"

    def json(self, vocabularies):
        return {"const": True} if self.must_be_true else {"type": "boolean"}

    def describe(self):
        return "true" if self.must_be_true else "true or false"


@dataclass
class OneOf(Kind):
    values: tuple[str, ...]

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "one word")
        if scalar is None:
            return None
        value = scalar.value.strip()
        if value not in self.values:
            guess = difflib.get_close_matches(value, self.values, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            ctx.error(scalar, f"`{name}`: '{value}' is not allowed{hint or '.'} Allowed: {', '.join(self.values)}")
            return None
        return value

    def json(self, vocabularies):
        return {"type": "string", "enum": list(self.values)}

    def describe(self):
        return "one of " + ", ".join(f"`{v}`" for v in self.values)


@dataclass
class Url(Kind):
    schemes: tuple[str, ...] = ("https", "http")

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "a web address")
        if scalar is None:
            return None
        value = scalar.value.strip()
        problem = url_problem(value, self.schemes)
        if problem:
            ctx.error(scalar, f"`{name}`: {problem}")
            return None
        return value

    def json(self, vocabularies):
        return {"type": "string", "format": "uri", "pattern": "^(" + "|".join(self.schemes) + "):"}

    def describe(self):
        if self.schemes == ("mailto",):  # no // after mailto:
            return "an email link, written mailto:name@example.org"
        return "a full web address starting " + " or ".join(f"{s}://" for s in self.schemes)


def url_problem(value: str, schemes=("https", "http", "mailto")) -> str | None:
    """Why a link target is not acceptable, with how to fix it, or None if it is fine."""
    if not value:
        return "the web address is empty; write the full address, starting https://"
    if WHITESPACE.search(value):
        return f"'{value}' is not a web address: it has spaces in it; remove them, or write each space as %20"
    plain = _PLAIN_WEB_ADDRESS.match(value)
    if plain and plain.group(1).lower() in schemes and plain.group(1).lower() in ("http", "https"):
        return None  # what urlsplit would accept, seen without its cost
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed [ (read as the start of an IPv6 address), or worse
        return (
            f"'{value}' is not a well-formed web address: the part after :// has a [ or ] that "
            "does not belong there; copy the address again from the browser's address bar"
        )
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        allowed = ", ".join(f"{s}:" for s in schemes)
        if not scheme:
            return f"'{value}' is not a full web address; start it with https://"
        return f"links starting {scheme}: are not allowed; use {allowed}"
    if scheme == "mailto":
        return None if EMAIL.match(parts.path) else f"'{value}' is not a valid email link; write mailto:name@example.org"
    return _host_problem(value, scheme, parts.hostname or "", parts.netloc)


def _host_problem(value: str, scheme: str, host: str, netloc: str) -> str | None:
    """Why the host name of an http(s) address is malformed, or None."""
    if not host:
        return f"'{value}' has no host name after {scheme}://; write the full address, such as {scheme}://example.org/page"
    if host.endswith("."):
        fixed = value.replace(netloc, re.sub(r"\.+(?=(?::\d*)?$)", "", netloc), 1)
        return f"the host name in '{value}' ends with a dot; remove the dot: {fixed}"
    labels = host.split(".")
    if len(labels) < 2:
        return f"'{value}' is not a well-formed web address; check the part after {scheme}://"
    if "" in labels:
        return f"the host name '{host}' in '{value}' has two dots together or starts with a dot; remove the extra dot"
    bad = next((c for c in host if not (c.isalnum() or c in ".-")), None)
    if bad is not None:
        return (
            f"the host name '{host}' in '{value}' has a character ({bad}) a host name cannot have; "
            "copy the address again from the browser's address bar"
        )
    return None


@dataclass
class MediaPath(Kind):
    """A file inside the repository's own media folder; the folder is checked by the loader."""

    folder: str
    extensions: tuple[str, ...]

    def check(self, name, node, ctx):
        scalar = _scalar(name, node, ctx, "a file path")
        if scalar is None:
            return None
        return (scalar.value.strip(), scalar)

    def json(self, vocabularies):
        ext = "|".join(e.lstrip(".") for e in self.extensions)
        return {"type": "string", "pattern": rf"^{self.folder}/[A-Za-z0-9._-]+\.({ext})$"}

    def describe(self):
        return f"a file in `{self.folder}/` ({', '.join(self.extensions)})"


@dataclass
class Group(Kind):
    fields: list[Field]

    def check(self, name, node, ctx):
        if not isinstance(node, Mapping):
            names = [f.name for f in self.fields]
            found = f", not '{node.value}'" if isinstance(node, Scalar) and node.value else ""
            ctx.error(
                node,
                f"`{name}` should be a group of fields ({', '.join(names)}), each on its own line "
                f"indented under it{found}; for example `{names[0]}: ...` then `{names[1]}: ...`"
                if len(names) > 1
                else f"`{name}` should be a group of fields: {names[0]}",
            )
            return None
        return check_fields(self.fields, node, ctx, prefix=f"{name}.")

    def json(self, vocabularies):
        return object_schema(self.fields, vocabularies)

    def describe(self):
        return "a group of fields: " + ", ".join(f"`{f.name}`" for f in self.fields)


@dataclass
class GroupList(Kind):
    fields: list[Field]
    min_items: int = 0
    max_items: int | None = None

    def check(self, name, node, ctx):
        if isinstance(node, Scalar) and node.is_null:
            items = []
        elif not isinstance(node, Sequence):
            ctx.error(node, f"`{name}` must be a list; start each entry with '- '")
            return None
        else:
            items = node.items
        values = []
        for index, item in enumerate(items):
            value = Group(self.fields).check(f"{name}[{index + 1}]", item, ctx)
            if value is not None:
                values.append(value)
        count = len(items)
        if count < self.min_items or (self.max_items and count > self.max_items):
            ctx.error(node, f"`{name}` has {count} entr{'ies' if count != 1 else 'y'}; {self.describe()}")
        return values

    def json(self, vocabularies):
        schema = {"type": "array", "items": object_schema(self.fields, vocabularies), "minItems": self.min_items}
        if self.max_items:
            schema["maxItems"] = self.max_items
        return schema

    def describe(self):
        most = f" to {self.max_items}" if self.max_items else " or more"
        return f"a list of {self.min_items}{most} entries, each with " + ", ".join(f"`{f.name}`" for f in self.fields)


@dataclass
class TextList(Kind):
    item: Text
    min_items: int = 1
    max_items: int | None = None

    def check(self, name, node, ctx):
        if isinstance(node, Scalar) and not node.is_null:
            ctx.error(node, f'`{name}` must be a list; write it as - "{node.value}" on its own line')
            return None
        if not isinstance(node, (Sequence, Scalar)):
            ctx.error(node, f"`{name}` must be a list of text")
            return None
        items = node.items if isinstance(node, Sequence) else []
        values = [v for i, item in enumerate(items) if (v := self.item.check(f"{name}[{i + 1}]", item, ctx))]
        count = len(items)
        if count < self.min_items or (self.max_items and count > self.max_items):
            ctx.error(node, f"`{name}` has {count} item{'s' if count != 1 else ''}; {self.describe()}")
        return values

    def json(self, vocabularies):
        schema = {"type": "array", "items": self.item.json(vocabularies), "minItems": self.min_items}
        if self.max_items:
            schema["maxItems"] = self.max_items
        return schema

    def describe(self):
        most = f" to {self.max_items}" if self.max_items else " or more"
        return f"a list of {self.min_items}{most} pieces of text"


@dataclass
class Field:
    name: str
    kind: Kind
    description: str
    required: bool = True
    example: str = ""
    default: object = None
    # While a story's `status` is TO_CLASSIFY: "may-be-empty" (left to the editor) or
    # "must-be-absent" (only a published story has it).
    while_to_classify: str = ""

    def fresh_default(self) -> object:
        """The default, a new list each time: one shared list would be shared by every story."""
        return list(self.default) if isinstance(self.default, list) else self.default


_NAMED: dict[int, tuple[list, dict]] = {}


def _by_name(fields: list[Field]) -> dict[str, Field]:
    """The fields by name, made once per list of fields (they are module constants)."""
    cached = _NAMED.get(id(fields))
    if cached is None or cached[0] is not fields:
        cached = _NAMED[id(fields)] = (fields, {f.name: f for f in fields})
    return cached[1]


def check_fields(fields: list[Field], node: Mapping, ctx: Context, prefix: str = "") -> dict:
    """Check a mapping against its fields; every problem is reported."""
    known = _by_name(fields)
    values: dict = {}
    waiting = not prefix and "status" in known and _status(node) == TO_CLASSIFY
    for key, (key_node, _value) in node.items.items():
        if key in known:
            continue
        if key == "render_macros":
            ctx.error(
                key_node,
                "`render_macros` is not allowed: templates and macros never run on stories "
                "or resources; delete this line",
            )
            continue
        guess = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        hint = f"; did you mean `{prefix}{guess[0]}`?" if guess else "."
        ctx.error(
            key_node,
            f"unknown field `{prefix}{key}`{hint} Known fields here: {', '.join(known)}",
        )
    for spec in fields:
        if waiting and spec.while_to_classify:
            if _given(node, spec.name) and spec.while_to_classify == "must-be-absent":
                ctx.error(
                    node.items[spec.name][0],
                    f"`{spec.name}` must be left out while `status` is {TO_CLASSIFY}: the story is not "
                    "published until an editor has chosen its stages and themes and deleted `status`",
                )
                values[spec.name] = None
                continue
            if not _given(node, spec.name):
                values[spec.name] = spec.fresh_default()
                continue
        if spec.name not in node.items:
            if spec.required:
                ctx.error(node, f"`{prefix}{spec.name}` is missing; add it: {spec.kind.describe()}")
            values[spec.name] = spec.fresh_default()
            continue
        _key, value_node = node.items[spec.name]
        if isinstance(value_node, Scalar) and value_node.refused:
            values[spec.name] = None
            continue
        if (
            not spec.required
            and isinstance(value_node, Scalar)
            and value_node.is_null
            and not isinstance(spec.kind, Choice)  # `language:` left empty is a choice not made
        ):
            values[spec.name] = spec.fresh_default()
            continue
        values[spec.name] = spec.kind.check(prefix + spec.name, value_node, ctx)
    return values


def _status(node: Mapping) -> str | None:
    entry = node.items.get("status")
    return entry[1].value.strip() if entry and isinstance(entry[1], Scalar) else None


def _given(node: Mapping, name: str) -> bool:
    """The field is written, with a value (an empty list or a bare `name:` is not one)."""
    if name not in node.items:
        return False
    value = node.items[name][1]
    if isinstance(value, Scalar):
        return not value.is_null
    return not isinstance(value, Sequence) or bool(value.items)


def _or_null(kind: dict) -> dict:
    """``kind`` also allowing null, keeping its keywords where editors and the story form read them."""
    if "enum" in kind:  # one id from a list: left empty, check_fields refuses it too
        return kind
    return {**kind, "type": [kind["type"], "null"]} if "type" in kind else kind


def object_schema(fields: list[Field], vocabularies: Vocabularies) -> dict:
    properties = {}
    for spec in fields:
        kind = spec.kind.json(vocabularies)
        # check_fields takes an empty optional field (`co_authors:`) as left out, and every list
        # reads a bare `places:` as [], so where [] will do, so will nothing.
        if not spec.required or (kind.get("type") == "array" and not kind.get("minItems")):
            kind = _or_null(kind)
        properties[spec.name] = {"description": spec.description, **kind}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": properties,
    }


# --- the schemas -----------------------------------------------------------------

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
RESOURCE_FILE_EXTENSIONS = (
    ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".pdf", ".csv", ".txt", ".rtf",
)

PERSON = [
    Field("name", Text(2, 100), "The person's or group's name as they wish to be credited.", example='"Greenfield Residents Group"'),
    Field("role", Choice("roles"), "How they took part.", example="community-member"),
]

SOURCE_FIELDS = [
    Field("title", Text(3, 250), "The title of the page, report or document.", example='"Annual report 2023"'),
    Field("url", Url(), "Its web address.", required=False, example="https://example.org/report"),
    Field("publisher", Text(2, 150), "Who published it.", required=False, example='"Example Council"'),
    Field("date", PartialDate(), "When it was published.", required=False, example='"2023-06"'),
    Field("reference", Text(3, 300), "For sources not on the web: how to find it.", required=False),
    Field("archived", Group([
        Field("url", Url(), "The address of the archived copy.", example="https://web.archive.org/web/20240512000000/https://example.org/report"),
        Field("date", Date(), "The day the copy was made.", example="2024-05-12"),
    ]), "Optional: a dated copy of the page, for example in the Internet Archive, for when the original goes.", required=False),
]

STORY_FIELDS: list[Field] = [
    Field("title", Text(10, 120), "A short, specific title: what happened, and where.", example='"Residents and council redesign a play park together"'),
    Field("summary", Text(50, 400, multiline=True), "One to three plain sentences: what happened and why it matters. Shown in lists and search results.", example='"Parents, children and council officers..."'),
    Field("summary_cy", Text(50, 400, multiline=True), "Optional: the summary in Welsh, for Welsh readers.", required=False),
    Field("nation", Choice("nations"), "The nation the story comes from.", example="northern-ireland"),
    Field("places", Choices("places", min_items=0), "The council areas it happened in, all in the story's nation. Leave the list empty, [], for work across the whole nation.", example="[belfast]"),
    Field("organisations", TextList(Text(2, 150), min_items=1, max_items=20), "The organisations involved, as they name themselves.", example='["Belfast City Council", "Greenfield Residents Group"]'),
    Field("principles", GroupList([
        Field("id", Choice("principles"), "Which of the six principles.", example="people-as-assets"),
        Field("evidence", Text(20, 400), "One sentence: how this story shows the principle.", example='"Residents ran the survey themselves..."'),
    ], min_items=1, max_items=6), "The principles the story shows (1 to 6), each with a sentence of evidence.", example="- id: people-as-assets\n  evidence: \"...\""),
    Field("stages", Choices("stages"), "The stages of the co-production cycle it shows.", example="[co-design, co-delivery]", while_to_classify="may-be-empty", default=[]),
    Field("themes", Choices("themes"), "The wellbeing outcome areas it contributes to.", example="[health-and-wellbeing]", while_to_classify="may-be-empty", default=[]),
    Field("status", OneOf((TO_CLASSIFY,)), f"Optional review state. `{TO_CLASSIFY}`: the story was sent in for an editor to choose its stages and themes, which may then be left empty. Accepted only while the story is unpublished, so `published` and `last_reviewed` are left out; the site leaves the story out until an editor classifies it, adds both dates and deletes `status`.", required=False, example=TO_CLASSIFY),
    Field("period", Group([
        Field("start", PartialDate(), "When the work started.", example='"2019"'),
        Field("end", PartialDate(allow_ongoing=True), 'When it ended, or "ongoing".', example="ongoing"),
    ]), "When the work happened.", example='start: "2019"\nend: ongoing'),
    Field("published", Date(), "The date the story was first published here.", example="2026-11-26", while_to_classify="must-be-absent"),
    Field("last_reviewed", Date(), "The date someone last checked the story is still accurate. Stories are due for review a year later.", example="2026-11-26", while_to_classify="must-be-absent"),
    Field("authors", GroupList(PERSON, min_items=1, max_items=10), "Who wrote the story, with their role.", example='- name: "Doing With editorial team"\n  role: editor'),
    Field("co_authors", GroupList(PERSON, min_items=0, max_items=20), "Others credited as co-authors, such as community members who shaped the story.", required=False, default=[]),
    Field("consent", Group([
        Field("to_publish", Boolean(must_be_true=True), "Everyone named or shown has agreed to publication (true).", example="true"),
        Field("anonymised", Boolean(), "Whether people in the story have been anonymised.", example="false"),
        Field("basis", OneOf(("written-consent", "published-sources")), "written-consent: the people involved agreed in writing; published-sources: written only from sources already published.", example="written-consent"),
    ]), "Consent to publish, and whether people are anonymised.", example="to_publish: true\nanonymised: false\nbasis: written-consent"),
    Field("sources", GroupList(SOURCE_FIELDS, min_items=1, max_items=30), "Where the facts in the story come from: at least one.", example='- title: "..."\n  url: https://...'),
    Field("outcomes", GroupList([
        Field("measure", Text(10, 200), "What was measured, in plain words.", example='"People who voted on which projects to fund"'),
        Field("figure", Text(1, 60), "The figure, as the source gives it.", example='"1,877"'),
        Field("baseline", Text(1, 60), "The figure before the work, if the source gives one.", required=False),
        Field("date", PartialDate(), "When it was measured, as the source says.", example='"2021"'),
        Field("source", WholeNumber(1, 30), "Which of the story's sources gives it: 1 for the first in `sources`, 2 for the second...", example="2"),
        Field("kind", OneOf(("reach", "outcome")), "reach: how many took part or were served; outcome: a change in services or in people's lives.", example="reach"),
    ], min_items=0, max_items=20), "Optional: what changed, and how we know. Only figures a cited source states.", required=False, default=[]),
    Field("contact", Group([
        Field("name", Text(2, 100), "Who to contact.", example='"Community planning team"'),
        Field("email", Url(schemes=("mailto",)), "An email address readers can write to.", required=False),
        Field("url", Url(), "A web page with contact details.", required=False),
    ]), "Optional: who readers can contact to learn more.", required=False),
    Field("images", GroupList([
        Field("src", MediaPath("media", IMAGE_EXTENSIONS), "The image file, in stories/media/.", example="media/park-day.jpg"),
        Field("alt", Text(5, 250), "What the image shows, for people who cannot see it.", example='"Children planting bulbs at the park"'),
        Field("caption", Text(3, 250), "Optional caption shown under the image.", required=False),
    ], min_items=0, max_items=10), "Optional images, each with alt text.", required=False, default=[]),
    Field("language", Choice("languages"), "The language the story is written in.", required=False, default="en", example="en"),
]

RESOURCE_FIELDS: list[Field] = [
    Field("title", Text(10, 120), "The resource's title.", example='"Co-production planning canvas"'),
    Field("summary", Text(50, 400, multiline=True), "One or two plain sentences: what it is and when to use it."),
    Field("type", Choice("resource_types"), "What kind of resource it is.", example="template"),
    Field("principles", Choices("principles", min_items=1, max_items=6), "The principles it helps with.", example="[people-as-assets]"),
    Field("stages", Choices("stages"), "The stages of the co-production cycle it helps with.", example="[co-design]"),
    Field("licence", Choice("licences"), "The licence it is shared under.", example="cc-by-4.0"),
    Field("file", MediaPath("files", RESOURCE_FILE_EXTENSIONS), "A file in resources/files/ to download. Give `file` or `url`, not both.", required=False, example="files/planning-canvas.docx"),
    Field("url", Url(), "The web address of a resource published elsewhere. Give `file` or `url`, not both.", required=False),
    Field("publisher", Text(2, 150), "Who made or published it.", example='"Doing With"'),
    Field("last_reviewed", Date(), "When someone last checked it is still accurate and available.", example="2026-11-26"),
    Field("language", Choice("languages"), "The language it is written in.", required=False, default="en"),
]

LEARNING_FIELDS: list[Field] = [
    Field("title", Text(10, 120), "A short title: who tried what.", example='"Derry City and Strabane: young people design a participatory budget"'),
    Field("summary", Text(50, 400, multiline=True), "One to three plain sentences: what was tried and the main lesson.", example='"..."'),
    Field("date", PartialDate(), "When the learning was recorded or published, as the source says.", example='"2021-09"'),
    Field("nation", Choice("nations"), "The nation the learning comes from.", example="northern-ireland"),
    Field("places", Choices("places", min_items=0), "The council areas it comes from, all in its nation; [] for learning across the nation.", example="[derry-city-and-strabane]"),
    Field("principles", Choices("principles", min_items=1, max_items=6), "The principles it speaks to.", example="[people-as-assets]"),
    Field("lessons", Choices("lessons", min_items=0), "Which of the programme's six lessons it shows, if any.", required=False, default=[], example="[co-producing-resources]"),
    Field("sources", GroupList(SOURCE_FIELDS, min_items=1, max_items=30), "Where it comes from: at least one public source.", example='- title: "..."\n  url: https://...'),
    Field("published", Date(), "The date the note was first published here.", example="2026-12-03"),
    Field("last_reviewed", Date(), "The date someone last checked the note is still accurate.", example="2026-12-03"),
    Field("authors", GroupList(PERSON, min_items=1, max_items=10), "Who wrote the note, with their role.", example='- name: "Doing With editorial team"\n  role: editor'),
    Field("language", Choice("languages"), "The language the note is written in.", required=False, default="en", example="en"),
]

LEARNING_SECTIONS = (
    "What they tried",
    "What they learned",
    "What they would do differently",
    "Find out more",
)

STORY_SECTIONS = (
    "What happened",
    "Who was involved and how",
    "What changed",
    "What we learned",
    "Find out more",
)


KIND_NAMES = {"story": "story", "learning": "learning note", "resource": "resource"}


def json_schema(kind: str, vocabularies: Vocabularies) -> dict:
    """The published JSON Schema for a story's, learning note's or resource's front matter."""
    fields = {"story": STORY_FIELDS, "learning": LEARNING_FIELDS, "resource": RESOURCE_FIELDS}[kind]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}{kind}.schema.json",
        "title": f"Doing With {KIND_NAMES[kind]} front matter",
        "description": (
            f"Generated from doingwith/schema.py; do not edit. Every {KIND_NAMES[kind]} in Doing With "
            "starts with YAML front matter that follows this schema."
        ),
        **object_schema(fields, vocabularies),
    }
    if kind in ("story", "learning"):
        # The places must belong to the nation given.
        schema["allOf"] = [
            {
                "if": {"properties": {"nation": {"const": nation.id}}},
                "then": {
                    "properties": {
                        "places": {"items": {"enum": vocabularies.places_in(nation.id)}}
                    }
                },
            }
            for nation in vocabularies.nations
        ]
    if kind == "story":
        # Waiting for an editor to classify: stages and themes may be empty, and the story is
        # unpublished (no dates). Otherwise both dates are required, and a stage and a theme.
        waiting = [f.name for f in fields if f.while_to_classify == "must-be-absent"]
        schema["required"] = [name for name in schema["required"] if name not in waiting]
        for name in (f.name for f in fields if f.while_to_classify == "may-be-empty"):
            schema["properties"][name]["minItems"] = 0
        schema["allOf"].append({
            "if": {"required": ["status"], "properties": {"status": {"const": TO_CLASSIFY}}},
            "then": {"not": {"anyOf": [{"required": [name]} for name in waiting]}},
            "else": {
                "required": waiting,
                "properties": {
                    f.name: {"minItems": 1} for f in fields if f.while_to_classify == "may-be-empty"
                },
            },
        })
    if kind == "resource":
        schema["oneOf"] = [{"required": ["file"]}, {"required": ["url"]}]
    return schema
