"""Split a content file into its YAML front matter and Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FILE_BYTES = 100_000
# Control characters (but tab and newline), the C1 controls (NEL among them), the line and
# paragraph separators (YAML reads them as line breaks, nothing else here does) and the
# bidirectional overrides that can make text display in a different order from the one it
# is read in, and a byte-order mark anywhere but the file's start (libyaml passes over it,
# other YAML readers, and so editors, stop at it).
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_LINE_BREAKS = "\x85\u2028\u2029"
# The same characters seen in UTF-8 bytes, where a search costs a tenth of the text's.
_INVISIBLE_BYTES = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xef\xbb\xbf"
)


# Printable ASCII, tab, line feed and carriage return: deleted before the search below, so it
# runs over the few other bytes alone (the search over a whole file was a third of a check).
_PLAIN_ASCII = bytes([9, 10, 13, *range(0x20, 0x7F)])


def may_hold_invisible(data: bytes) -> bool:
    """False only if the UTF-8 ``data`` surely has no character INVISIBLE matches."""
    # What is left is the other bytes in order; a multi-byte character's bytes stay together.
    rest = data.translate(None, _PLAIN_ASCII)
    return bool(rest) and _INVISIBLE_BYTES.search(rest) is not None


FENCE = "---"


@dataclass
class SplitFile:
    yaml_text: str  # the front matter, without fences
    yaml_first_line: int  # file line number of the first front-matter line
    body: str
    body_first_line: int  # file line number of the body's first line
    lines: list[str]  # every line of the file


def normalise(text: str) -> str:
    """``text`` without a byte-order mark at its start, and with Windows (CRLF) and old Mac (CR)
    line endings made LF: the file as every editor shows it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_utf8(data: bytes, problems) -> str | None:
    """``data`` as text, or None with a problem placed at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # All UTF-8 up to the first byte that is not. Its place as the checker counts places
        # everywhere else (normalise: a CR alone ends a line, a byte-order mark is not shown),
        # its column in characters, as an editor counts.
        before = normalise(data[: error.start].decode("utf-8"))
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        problems.add(
            line,
            col,
            f"this is not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8 in your editor",
        )
        return None


def decode(data: bytes, problems, max_bytes: int = MAX_FILE_BYTES, plural: str = "stories") -> str | None:
    """Bytes to text, or None with a problem: size, encoding, line endings."""
    if len(data) > max_bytes:
        problems.add(
            1,
            1,
            f"the file is {len(data):,} bytes, over the limit of {max_bytes:,}; "
            f"shorten it or split it into two {plural}",
        )
        return None
    text = decode_utf8(data, problems)
    if text is None:
        return None
    text = normalise(text)
    if may_hold_invisible(data) and INVISIBLE.search(text):
        for line_no, line in enumerate(text.split("\n"), start=1):
            for match in INVISIBLE.finditer(line):
                code = f"U+{ord(match.group(0)):04X}"
                problems.add(
                    line_no,
                    match.start() + 1,
                    f"a hidden line-break character ({code}) is here; replace it with an ordinary line "
                    "break or a space"
                    if match.group(0) in _LINE_BREAKS
                    else f"an invisible control character ({code}) is here; it can make text "
                    "display differently from what it says, so delete it",
                )
    return text


def split(text: str, problems) -> SplitFile | None:
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        problems.add(
            1,
            1,
            "the file must start with a line of three dashes (---) that opens the front matter",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            return SplitFile(
                yaml_text="\n".join(lines[1:index]),
                yaml_first_line=2,
                body="\n".join(lines[index + 1 :]),
                # The closing fence's own line when nothing follows it (no newline at the end):
                # a missing section is reported inside the file.
                body_first_line=min(index + 2, len(lines)),
                lines=lines,
            )
    problems.add(
        1,
        1,
        "the front matter is never closed; add a line of three dashes (---) after the last field",
    )
    return None


def find_tabs(yaml_text: str, first_line: int, problems) -> bool:
    if "\t" not in yaml_text:
        return False
    found = False
    for offset, line in enumerate(yaml_text.split("\n")):
        col = line.find("\t")
        if col >= 0:
            problems.add(first_line + offset, col + 1, "tab character; use spaces instead of tabs")
            found = True
    return found
