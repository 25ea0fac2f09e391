"""The self-assessment against the six principles, as an HTML fragment.

The statements and the answer scale are data (``self_assessment.yml`` beside this
module), read with the project's strict YAML reader and checked against the
principles vocabulary. ``form_html`` draws every statement as a labelled radio
group inside one fieldset per principle: that is the whole page without
JavaScript, and prints as a paper checklist. ``docs/assets/self-assessment.js``
adds the scoring, the results, printing and saving; it reads where to send a
reader for help with each principle from the fieldset's ``data-`` attributes.
Nothing here is stored or sent: there is no ``<form>`` to submit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from doingwith import strict_yaml
from doingwith.catalogue import Catalogue
from doingwith.pages import STORIES_ANCHOR, UrlFor, esc, plural, term_path
from doingwith.vocabularies import Vocabulary

DATA_FILE = Path(__file__).parent / "self_assessment.yml"
MIN_STATEMENTS, MAX_STATEMENTS = 3, 4
# The principle page lists its stories under this heading (see pages.principle_additions).


class SelfAssessmentError(Exception):
    pass


@dataclass(frozen=True)
class SelfAssessment:
    scale: tuple[str, ...]  # answers, lowest first; an answer scores its index
    statements: dict[str, tuple[str, ...]]  # principle id -> statements, in vocabulary order
    # For a service rather than a partnership: each phrase, as written in a statement, and
    # how it reads for a service. The statements are written for a partnership.
    service_wording: tuple[tuple[str, str], ...] = ()

    @property
    def max_score(self) -> int:
        return len(self.scale) - 1


def load(principles: Vocabulary, path: Path = DATA_FILE) -> SelfAssessment:
    """Read and check the statements; any mistake stops with ``path:line:col: message``."""
    principle_ids = principles.ids
    root, problems = strict_yaml.parse(path.read_text(encoding="utf-8"))

    def fail(node, message: str):
        line, col = (node.line, node.col) if node is not None else (1, 1)
        raise SelfAssessmentError(f"{path}:{line}:{col}: {message}")

    if problems:
        fail(problems[0], problems[0].message)
    if not isinstance(root, strict_yaml.Mapping):
        fail(root, "must be a mapping with `scale` and `statements`")
    unknown = set(root.items) - {"scale", "statements", "service_wording"}
    if unknown:
        key = sorted(unknown)[0]
        fail(root.items[key][0], f"`{key}` is not known; only `scale`, `statements` and `service_wording` are")

    def texts(node, what: str) -> tuple[str, ...]:
        if not isinstance(node, strict_yaml.Sequence) or not node.items:
            fail(node, f"{what} must be a list of quoted texts")
        values = []
        for item in node.items:
            if not isinstance(item, strict_yaml.Scalar) or not item.value.strip():
                fail(item, f"each of {what} must be a text")
            if item.implicit_kind():
                fail(item, f"'{item.value}' would be read as {item.implicit_kind()}; put it in quotes")
            if item.value in values:
                fail(item, f"'{item.value}' appears twice in {what}")
            values.append(item.value.strip())
        return tuple(values)

    if "scale" not in root.items:
        fail(root, "`scale` is missing")
    scale = texts(root.items["scale"][1], "`scale`")
    if len(scale) < 2:
        fail(root.items["scale"][1], "`scale` needs at least two answers")
    if "statements" not in root.items:
        fail(root, "`statements` is missing")
    by_principle = root.items["statements"][1]
    if not isinstance(by_principle, strict_yaml.Mapping):
        fail(by_principle, "`statements` must map each principle id to its statements")
    for key, (key_node, _value) in by_principle.items.items():
        if key not in principle_ids:
            fail(key_node, f"'{key}' is not a known principle. Allowed: {', '.join(principle_ids)}")
    statements: dict[str, tuple[str, ...]] = {}
    for principle_id in principle_ids:
        if principle_id not in by_principle.items:
            fail(by_principle, f"principle '{principle_id}' has no statements")
        node = by_principle.items[principle_id][1]
        values = texts(node, f"the statements for '{principle_id}'")
        if not MIN_STATEMENTS <= len(values) <= MAX_STATEMENTS:
            fail(node, f"'{principle_id}' has {len(values)} statements; give {MIN_STATEMENTS} to {MAX_STATEMENTS}")
        statements[principle_id] = values
    wording: list[tuple[str, str]] = []
    if "service_wording" in root.items:
        node = root.items["service_wording"][1]
        if not isinstance(node, strict_yaml.Mapping):
            fail(node, "`service_wording` must map each phrase of a statement to how it reads for a service")
        every = " ".join(s for values in statements.values() for s in values)
        for phrase, (key_node, value) in node.items.items():
            if phrase not in every:
                fail(key_node, f"'{phrase}' is in no statement; `service_wording` changes phrases the statements use")
            if not isinstance(value, strict_yaml.Scalar) or not value.value.strip() or value.implicit_kind():
                fail(value, f"how '{phrase}' reads for a service must be a quoted text")
            wording.append((phrase, value.value.strip()))
    return SelfAssessment(scale, statements, tuple(wording))


def help_for(principle_id: str, catalogue: Catalogue, url_for: UrlFor) -> dict:
    """Where a reader with a gap in this principle can go next: its page, stories and toolkit."""
    page = url_for(term_path("principles", principle_id))
    return {
        "url": page,
        "stories_url": f"{page}#{STORIES_ANCHOR}",
        "stories": catalogue.count("principles", principle_id),
        "toolkit": [
            {"title": guide.title, "url": url_for(f"toolkit/{guide.slug}.md")}
            for guide in catalogue.toolkit_for(principle_id)
        ],
    }


def form_html(catalogue: Catalogue, url_for: UrlFor, assessment: SelfAssessment | None = None) -> str:
    principles = catalogue.vocabularies.principles
    assessment = assessment or load(principles)
    total = sum(len(s) for s in assessment.statements.values())
    service = json.dumps([list(pair) for pair in assessment.service_wording])
    parts = [
        f'<div class="dw-sa" data-dw-self-assessment data-max-score="{assessment.max_score}" '
        f'data-statement-count="{total}" data-service-wording="{esc(service)}">',
        '<p class="dw-sa__nojs" data-dw-sa-nojs>To use this as a paper checklist, print this page '
        "(your browser's Print command) and mark one circle for each statement.</p>",
        '<div class="dw-sa__work">'
        '<label for="dw-sa-work">What are you checking? <span class="dw-sa__optional">(optional)</span></label>'
        '<p class="dw-sa__hint" id="dw-sa-work-hint">For example, a partnership, a service or one piece of work.</p>'
        '<input type="text" id="dw-sa-work" class="dw-sa__input" autocomplete="off" spellcheck="true" '
        'aria-describedby="dw-sa-work-hint">'
        "</div>",
        '<fieldset class="dw-sa__wording" data-dw-sa-wording hidden>'
        '<legend class="dw-sa__wording-legend">Word the statements for</legend>'
        '<label class="dw-sa__option" for="dw-sa-wording-partnership"><input type="radio" id="dw-sa-wording-partnership" '
        'name="dw-sa-wording" value="partnership" checked><span>A partnership</span></label>'
        '<label class="dw-sa__option" for="dw-sa-wording-service"><input type="radio" id="dw-sa-wording-service" '
        'name="dw-sa-wording" value="service"><span>A service</span></label>'
        "</fieldset>",
    ]
    for number, principle in enumerate(principles, 1):
        help_ = help_for(principle.id, catalogue, url_for)
        parts += [
            f'<fieldset class="dw-sa__principle" id="dw-sa-{esc(principle.id)}" data-principle="{esc(principle.id)}" '
            f'data-principle-name="{esc(principle.name)}" data-principle-url="{esc(help_["url"])}" '
            f'data-stories-url="{esc(help_["stories_url"])}" data-stories-count="{help_["stories"]}" '
            f'data-toolkit="{esc(json.dumps(help_["toolkit"]))}">',
            f'<legend class="dw-sa__legend"><h2 class="dw-sa__principle-name" id="dw-sa-{esc(principle.id)}-name">'
            f'<span class="dw-sa__number">{number}.</span> {esc(principle.name)}</h2></legend>',
            f'<p class="dw-sa__description">{esc(principle.description)}</p>',
        ]
        for index, statement in enumerate(assessment.statements[principle.id], 1):
            name = f"{principle.id}-{index}"
            options = "".join(
                f'<label class="dw-sa__option" for="dw-sa-{esc(name)}-{score}">'
                f'<input type="radio" id="dw-sa-{esc(name)}-{score}" name="{esc(name)}" value="{score}">'
                f"<span>{esc(answer)}</span></label>"
                for score, answer in enumerate(assessment.scale)
            )
            parts.append(
                f'<fieldset class="dw-sa__statement" data-statement="{esc(name)}">'
                f'<legend class="dw-sa__statement-text"><span class="dw-sa__number">{number}.{index}</span> '
                f'<span class="dw-sa__words">{esc(statement)}</span></legend>'
                f'<div class="dw-sa__options">{options}</div>'
                f'<div class="dw-sa__note"><label for="dw-sa-{esc(name)}-note">Evidence or notes'
                f'<span class="dw-visually-hidden"> for {number}.{index}</span> '
                '<span class="dw-sa__optional">(optional)</span></label>'
                f'<textarea id="dw-sa-{esc(name)}-note" name="{esc(name)}-note" class="dw-sa__input dw-sa__note-input" rows="2" '
                'spellcheck="true"></textarea></div></fieldset>'
            )
        parts.append("</fieldset>")
    parts += [
        '<div class="dw-sa__actions" data-dw-sa-actions hidden>'
        '<button type="button" class="md-button md-button--primary" data-dw-sa-show>See your results</button>'
        '<button type="button" class="md-button" data-dw-sa-clear>Clear my answers</button>'
        f'<p class="dw-sa__privacy">Your {plural(total, "answer")} and notes are kept in this browser, on this device, '
        "until you clear them. Nothing is sent anywhere.</p>"
        "</div>",
        '<p class="dw-visually-hidden" role="status" data-dw-sa-status></p>',
        '<section class="dw-sa__results" aria-labelledby="dw-sa-results-heading" data-dw-sa-results hidden>'
        '<h2 id="dw-sa-results-heading" tabindex="-1">Your results</h2>'
        '<div data-dw-sa-results-body></div>'
        '<div class="dw-sa__result-actions">'
        '<button type="button" class="md-button" data-dw-sa-print>Print</button>'
        '<button type="button" class="md-button" data-dw-sa-csv>Save as CSV</button>'
        '<button type="button" class="md-button" data-dw-sa-word>Save for Word</button>'
        "</div>"
        '<div class="dw-sa__compare">'
        '<label for="dw-sa-import">Compare with an earlier check</label>'
        '<p class="dw-sa__hint" id="dw-sa-import-hint">Choose a CSV file saved from this page before. '
        "It is read in your browser, never sent.</p>"
        '<input type="file" id="dw-sa-import" accept=".csv,text/csv" aria-describedby="dw-sa-import-hint" data-dw-sa-import>'
        '<div data-dw-sa-change></div>'
        "</div></section>",
        "</div>",
    ]
    # One line: Markdown passes a block of raw HTML through untouched only while it has no blank lines.
    return "".join(parts)
