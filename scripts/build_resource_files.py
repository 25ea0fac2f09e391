"""Build the printable Word files for resources written by Doing With.

Every ``resources/<slug>.md`` whose front matter has a ``file:`` ending in
``.docx`` is turned into that Word document: title and summary at the top,
then the Markdown body (headings, paragraphs, bullet and checkbox lists,
numbered lists, tables, bold and italic), with the footer line
"Doing With · licensed CC BY 4.0" on every page.

The output is deterministic: fixed document dates and fixed timestamps inside
the .docx zip, so rebuilding unchanged Markdown gives byte-identical files.

Usage:
    python scripts/build_resource_files.py           # write the .docx files
    python scripts/build_resource_files.py --check   # fail if any is out of date
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Row
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
FILES = RESOURCES / "files"

FIXED_DATE = datetime(2026, 11, 26, tzinfo=UTC)
ZIP_DATE = (2026, 11, 26, 0, 0, 0)
FOOTER = "Doing With · licensed CC BY 4.0"
LICENCE = "cc-by-4.0"
MAX_BYTES = 100 * 1024

HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*#*\s*$")
TASK = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*)$")
BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
QUOTE = re.compile(r"^\s*>\s?(.*)$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|\*(?P<em>[^*\s][^*]*?)\*"
    r"|(?<![\w])_(?P<em2>[^_\s][^_]*?)_(?![\w])"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter, body): YAML between the first two ``---`` lines."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError("does not start with a --- line")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            meta = yaml.safe_load("\n".join(lines[1:index])) or {}
            if not isinstance(meta, dict):
                raise ValueError("front matter is not a mapping")
            return meta, "\n".join(lines[index + 1 :])
    raise ValueError("no closing --- line")


def add_inline(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    """Add text to a paragraph, turning simple Markdown emphasis into runs."""
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()]).bold = bold or None
        if match.group("bold") is not None:
            paragraph.add_run(match.group("bold")).bold = True
        elif match.group("em") is not None or match.group("em2") is not None:
            run = paragraph.add_run(match.group("em") or match.group("em2"))
            run.italic = True
            run.bold = bold or None
        elif match.group("code") is not None:
            paragraph.add_run(match.group("code")).bold = bold or None
        else:
            label, url = match.group("text"), match.group("url")
            shown = url if label == url else f"{label} ({url})"
            paragraph.add_run(shown).bold = bold or None
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:]).bold = bold or None


def add_marked_item(doc: DocxDocument, marker: str, text: str) -> None:
    """Add a list item whose marker is part of the text (checkboxes, numbers)."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(0.8)
    paragraph.paragraph_format.first_line_indent = Cm(-0.8)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.add_run(f"{marker}\t")
    add_inline(paragraph, text)


def split_row(line: str) -> list[str]:
    """Split a Markdown table row into stripped cell texts."""
    cells = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip() for cell in cells.split("|")]


def mark_header_row(row: _Row) -> None:
    """Mark a row as the table header, repeated on each printed page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def add_table(doc: DocxDocument, lines: list[str]) -> None:
    """Add a Markdown table; the first row is the header row."""
    rows = [split_row(line) for line in lines if not TABLE_SEP.match(line)]
    width = max(len(row) for row in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row_index, cells in enumerate(rows):
        row = table.rows[row_index]
        for col_index in range(width):
            text = cells[col_index] if col_index < len(cells) else ""
            paragraph = row.cells[col_index].paragraphs[0]
            add_inline(paragraph, text, bold=row_index == 0)
        if row_index == 0:
            mark_header_row(row)
        elif any(not cell for cell in cells) or len(cells) < width:
            # Leave room to write by hand in blank cells.
            row.height = Cm(1.1)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    doc.add_paragraph()


def render_body(doc: DocxDocument, body: str) -> None:
    """Add the Markdown body block by block."""
    lines = body.splitlines()
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            add_inline(doc.add_paragraph(), " ".join(part.strip() for part in buffer))
            buffer.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            flush()
        elif heading := HEADING.match(line):
            flush()
            level = min(len(heading.group(1)) - 1, 9)
            doc.add_heading(heading.group(2), level=level)
        elif TABLE_ROW.match(line):
            flush()
            block = []
            while index < len(lines) and TABLE_ROW.match(lines[index]):
                block.append(lines[index])
                index += 1
            add_table(doc, block)
            continue
        elif task := TASK.match(line):
            flush()
            add_marked_item(doc, "☐" if task.group(1) == " " else "☑", task.group(2))
        elif bullet := BULLET.match(line):
            flush()
            add_inline(doc.add_paragraph(style="List Bullet"), bullet.group(1))
        elif numbered := NUMBERED.match(line):
            flush()
            add_marked_item(doc, f"{numbered.group(1)}.", numbered.group(2))
        elif quote := QUOTE.match(line):
            flush()
            add_inline(doc.add_paragraph(style="Quote"), quote.group(1))
        else:
            buffer.append(line)
        index += 1
    flush()


def set_language(doc: DocxDocument, tag: str) -> None:
    """Set the default text language (used by spellcheck and screen readers)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is None:
        return
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), tag)


def build_document(meta: dict, body: str) -> bytes:
    """Return the bytes of the .docx for one resource."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    set_language(doc, "en-GB")

    doc.add_heading(str(meta["title"]), level=0)
    summary = doc.add_paragraph()
    summary.add_run(str(meta["summary"])).italic = True
    reviewed = meta.get("last_reviewed")
    if reviewed:
        doc.add_paragraph(f"Doing With · last reviewed {reviewed}")

    render_body(doc, body)

    footer = section.footer.paragraphs[0]
    footer.text = FOOTER

    props = doc.core_properties
    props.title = str(meta["title"])
    props.subject = str(meta["summary"])
    props.author = "Doing With"
    props.last_modified_by = "Doing With"
    props.comments = ""
    props.category = str(meta.get("type", ""))
    props.keywords = ", ".join(str(p) for p in meta.get("principles", []))
    props.language = "en-GB"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    return normalise_zip(raw.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the .docx zip with fixed timestamps so builds are reproducible."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def targets() -> list[tuple[Path, dict, str, Path]]:
    """Resources with a .docx ``file:``, as (source, meta, body, output)."""
    found = []
    for source in sorted(RESOURCES.glob("*.md")):
        meta, body = split_front_matter(source.read_text(encoding="utf-8"))
        file_value = meta.get("file")
        if not isinstance(file_value, str) or not file_value.endswith(".docx"):
            continue
        output = (RESOURCES / file_value).resolve()
        if output.parent != FILES.resolve():
            raise ValueError(f"{source.name}: file must be directly under resources/files/")
        if meta.get("licence") != LICENCE:
            raise ValueError(f"{source.name}: footer says CC BY 4.0 but licence is {meta.get('licence')!r}")
        found.append((source, meta, body, output))
    return found


def main(argv: list[str] | None = None) -> int:
    """Build (or, with --check, verify) every resource's .docx."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    args = parser.parse_args(argv)

    problems = 0
    try:
        work = targets()
    except (ValueError, yaml.YAMLError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    FILES.mkdir(parents=True, exist_ok=True)
    for source, meta, body, output in work:
        data = build_document(meta, body)
        name = output.relative_to(ROOT)
        if len(data) > MAX_BYTES:
            print(f"error: {name} is {len(data)} bytes (limit {MAX_BYTES})", file=sys.stderr)
            problems += 1
        if args.check:
            if not output.exists() or output.read_bytes() != data:
                print(f"out of date: {name} (from {source.name})", file=sys.stderr)
                problems += 1
            continue
        output.write_bytes(data)
        print(f"wrote {name} ({len(data) // 1024} KB)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
