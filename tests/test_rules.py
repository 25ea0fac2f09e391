"""A good and a bad value for every rule the checker enforces.

Each bad case changes one thing in a valid story and names the exact problem
(line, column and the words of the message that tell the author what to do).
"""

from __future__ import annotations

import re

import pytest

from doingwith.content import load_story
from doingwith.vocabularies import load_vocabularies
from tests.helpers import TODAY, VALID_STORY, write


def check_text(tmp_path, text: str | bytes, name: str = "a-story.md", media: dict | None = None):
    path = write(tmp_path / "stories" / name, text)
    for media_name, data in (media or {}).items():
        write(tmp_path / "stories" / "media" / media_name, data)
    story, problems = load_story(path, load_vocabularies(), TODAY, display=f"stories/{name}")
    return story, [p for p in problems if not p.warning]


def test_the_valid_story_passes(tmp_path):
    story, problems = check_text(tmp_path, VALID_STORY)
    assert problems == []
    assert story.title == "Residents and the council redesign a play park"
    assert story.principle_ids == ["people-as-assets", "mutual-benefit"]
    assert story.co_authors[0]["role"] == "community-member"


# (what is wrong, text replaced, replacement, line, column, words the message must contain)
BAD_VALUES = [
    ("title too short", 'title: "Residents and the council redesign a play park"', 'title: "Park"', 2, 8, "`title` is 4 characters long; it must be 10 to 120"),
    ("title read as a yes/no", 'title: "Residents and the council redesign a play park"', "title: NO", 2, 8, 'YAML would read NO as a yes/no value, not text; put it in quotes: "NO"'),
    ("title read as a number", 'title: "Residents and the council redesign a play park"', "title: 1.10", 2, 8, "YAML would read 1.10 as a number"),
    ("organisation read as a number", '  - "Belfast City Council"', "  - 012345", 9, 5, 'YAML would read 012345 as a number, not text; put it in quotes: "012345"'),
    ("organisation read as on/off", '  - "Belfast City Council"', "  - on", 9, 5, "YAML would read on as a yes/no value"),
    ("title read as a date", 'title: "Residents and the council redesign a play park"', "title: 2024-03-05", 2, 8, "YAML would read 2024-03-05 as a date"),
    ("HTML in the title", 'title: "Residents and the council redesign a play park"', 'title: "A park </title><script>alert(1)</script>"', 2, 16, "`title` contains HTML (</title>); write plain text without < and >"),
    ("template in the summary", "  residents' group now helps to look after it.", "  residents' group {{ config }} now helps to look after it.", 5, 20, "`summary` contains {{, which is template syntax"),
    ("unknown nation", "nation: northern-ireland", "nation: ulster", 6, 9, "`nation`: 'ulster' is not a known nation"),
    ("misspelt principle", "  - id: people-as-assets", "  - id: people-as-asset", 12, 9, "'people-as-asset' is not a known principle; did you mean 'people-as-assets'?"),
    ("place in another nation", "places: [belfast]", "places: [cardiff]", 7, 10, "`places`: 'cardiff' is in Wales, but `nation` is northern-ireland"),
    ("unknown place", "places: [belfast]", "places: [belfst]", 7, 10, "'belfst' is not a known place; did you mean 'belfast'?"),
    ("a single stage, not a list", "stages: [co-design, co-delivery]", "stages: co-design", 16, 9, "`stages` must be a list; write it as [co-design]"),
    ("no stages", "stages: [co-design, co-delivery]", "stages: []", 16, 9, "`stages` has 0 items"),
    ("a stage twice", "stages: [co-design, co-delivery]", "stages: [co-design, co-design]", 16, 21, "`stages` lists 'co-design' twice; remove one"),
    ("unknown theme", "themes: [children-and-young-people, environment-and-place]", "themes: [children, environment-and-place]", 17, 10, "'children' is not a known theme"),
    ("evidence too short", '    evidence: "Residents surveyed their own street and led the design workshops."', '    evidence: "Yes."', 13, 15, "`principles[1].evidence` is 4 characters long; it must be 20 to 400"),
    ("evidence missing", '    evidence: "Residents surveyed their own street and led the design workshops."\n', "", 12, 5, "`principles[1].evidence` is missing"),
    ("unknown key with a suggestion", "language: en", "langauge: en", 37, 1, "unknown field `langauge`; did you mean `language`?"),
    ("render_macros", "language: en", "language: en\nrender_macros: true", 38, 1, "`render_macros` is not allowed"),
    ("missing summary", "summary: >-\n  Parents, children and council officers planned a new play park together, and the\n  residents' group now helps to look after it.\n", "", 2, 1, "`summary` is missing"),
    ("not a real date", "published: 2026-01-15", "published: 2026-02-30", 21, 12, "`published`: 2026-02-30 is not a real date"),
    ("date in another format", "published: 2026-01-15", "published: 15/01/2026", 21, 12, "'15/01/2026' is not a date; write it as YYYY-MM-DD"),
    ("reviewed before published", "last_reviewed: 2026-06-01", "last_reviewed: 2025-06-01", 22, 16, "`last_reviewed` (2025-06-01) is before `published` (2026-01-15)"),
    ("published in the future", "published: 2026-01-15", "published: 2027-01-15", 21, 12, "`published` (2027-01-15) is in the future"),
    ("period ends before it starts", '  end: ongoing', '  end: "2019"', 20, 8, "`period.end` (2019) is before `period.start` (2021)"),
    ("bad period", '  start: "2021"', '  start: "last year"', 19, 10, "'last year' is not a year or date"),
    ("consent not given", "  to_publish: true", "  to_publish: false", 30, 15, "`consent.to_publish` must be true"),
    ("consent as yes", "  to_publish: true", "  to_publish: yes", 30, 15, "`consent.to_publish`: write true or false"),
    ("unknown consent basis", "  basis: written-consent", "  basis: verbal", 32, 10, "'verbal' is not allowed"),
    ("javascript source", '    url: "https://example.org/park-plan"', '    url: "javascript:alert(1)"', 35, 10, "links starting javascript: are not allowed"),
    ("source address without a scheme", '    url: "https://example.org/park-plan"', '    url: "example.org/park"', 35, 10, "is not a full web address; start it with https://"),
    ("unknown role", "    role: practitioner", "    role: boss", 25, 11, "'boss' is not a known role"),
    ("unknown language", "language: en", "language: fr", 37, 11, "'fr' is not a known language"),
    ("placeholder left in front matter", '    evidence: "Residents surveyed their own street and led the design workshops."', '    evidence: "[[One sentence: how this story shows this principle.]]"', 13, 16, "still has placeholder text [[One sentence"),
    ("a duplicate key", "language: en", "language: en\nnation: wales", 38, 1, "`nation` appears twice (first at line 6); keep one and delete the other"),
    ("an anchor", "places: [belfast]", "places: &p [belfast]", 7, 9, "anchors (`&p`) are not allowed"),
    ("a tag", 'title: "Residents and the council redesign a play park"', 'title: !!python/object "x"', 2, 8, "YAML tags (`tag:yaml.org,2002:python/object`) are not allowed"),
    ("a tab", "nation: northern-ireland", "nation:\tnorthern-ireland", 6, 8, "tab character; use spaces instead of tabs"),
    ("unclosed quote", 'title: "Residents and the council redesign a play park"', 'title: "Residents and the council', 9, 6, "an unclosed quote or a stray character"),
    ("colon in an unquoted value", 'title: "Residents and the council redesign a play park"', "title: Parks: a story of residents", 2, 13, 'a value contains ": "; put the whole value in double quotes'),
    # Body rules
    ("raw HTML in the body", "Parents, children and officers met every month.", "Parents <b>and</b> officers met every month.", 46, 9, "raw HTML is not allowed (<b>)"),
    ("an HTML comment", "Parents, children and officers met every month.", "<!-- hidden -->", 46, 1, "raw HTML is not allowed (<!-- hidden -->)"),
    ("template in the body", "The park opened in 2023.", "The park opened in {% now %}.", 50, 20, "{% is template syntax"),
    ("Jinja comment in the body", "The park opened in 2023.", "The park {# secret #} opened.", 50, 10, "{# is template syntax"),
    ("a missing section", "## What changed\n\nThe park opened in 2023.\n\n", "", 39, 1, "the section '## What changed' is missing; add a heading '## What changed' after '## Who was involved and how'"),
    ("sections out of order", "## What happened", "## Intro\n\nHello.\n\n## Find out more\n\nx\n\n## What happened", 44, 1, "the section '## Find out more' must come after '## What we learned'"),
    ("an H1 in the body", "## What happened\n", "# Big title\n\n## What happened\n", 40, 1, "a # heading is not allowed in the body"),
    ("a skipped heading level", "Start with what people already do.", "#### Detail\n\nStart with what people already do.", 54, 1, "heading level jumps from ## to ####; use ###"),
    ("vague link text", "- [The park plan consultation](https://example.org/park-plan)", "- [click here](https://example.org/park-plan)", 58, 3, "link text 'click here' does not say where the link goes"),
    # Markdown takes an address written in <...> with spaces in it; the check read no link there.
    ("vague link text, address in <>", "- [The park plan consultation](https://example.org/park-plan)", "- [click here](<#the plan>)", 58, 3, "link text 'click here' does not say where the link goes"),
    ("address in <> with a space", "- [The park plan consultation](https://example.org/park-plan)", "- [The plan](<https://example.org/park plan>)", 58, 15, "it has spaces in it; remove them, or write each space as %20"),
    ("image in <> outside the folder", "Start with what people already do.", "![A park](<../../etc/pass wd.png>)", 54, 12, "reaches outside the media/ folder"),
    # A reference link ([text][label] and [label]: address on a line of its own) is a link too.
    ("vague text in a reference link", "- [The park plan consultation](https://example.org/park-plan)", "- [click here][plan]\n\n[plan]: https://example.org/park-plan", 58, 3, "link text 'click here' does not say where the link goes"),
    ("vague text in a reference link, two spaces", "- [The park plan consultation](https://example.org/park-plan)", "- [click  here][plan]\n\n[plan]: https://example.org/park-plan", 58, 3, "link text 'click here' does not say where the link goes"),
    ("vague text in a shortcut reference link", "- [The park plan consultation](https://example.org/park-plan)", "- See [Here]\n\n[here]: https://example.org/park-plan", 58, 7, "link text 'Here' does not say where the link goes"),
    # Markdown takes a [label]: line's address from the next line too.
    ("an address on the line after [label]:", "- [The park plan consultation](https://example.org/park-plan)", "- [The plan][plan]\n\n[plan]:\n  javascript:alert(1)", 61, 3, "links starting javascript: are not allowed"),
    ("vague text, address on the next line", "- [The park plan consultation](https://example.org/park-plan)", "- [click here][plan]\n\n[plan]:\n  https://example.org/park-plan", 58, 3, "link text 'click here' does not say where the link goes"),
    # A link's text and address may run over two lines of a paragraph or list item.
    ("link text over two lines", "- [The park plan consultation](https://example.org/park-plan)", "- [click\n  here](https://example.org/park-plan)", 58, 3, "link text 'click here' does not say where the link goes"),
    ("an address on the line after (", "- [The park plan consultation](https://example.org/park-plan)", "- [The plan](\n  javascript:alert(1))", 59, 3, "links starting javascript: are not allowed"),
    ("a wrapped link without https://", "- [The park plan consultation](https://example.org/park-plan)", "- [The council's\n  park plan](example.org/plan)", 59, 14, "'example.org/plan' is not a full web address"),
    ("a picture's address on the next line", "Start with what people already do.", "![A park](\nhttps://example.org/park.png)", 55, 1, "the image must be a file in the media/ folder"),
    ("read more link", "- [The park plan consultation](https://example.org/park-plan)", "- [Read more](https://example.org/park-plan)", 58, 3, "link text 'Read more' does not say"),
    ("javascript link in the body", "- [The park plan consultation](https://example.org/park-plan)", "- [The plan](javascript:alert(1))", 58, 14, "links starting javascript: are not allowed"),
    ("data link in the body", "- [The park plan consultation](https://example.org/park-plan)", "- [The plan](data:text/html,hi)", 58, 14, "links starting data: are not allowed"),
    ("image without alt text", "Start with what people already do.", "![](media/park.png)", 54, 1, "this image has no alt text"),
    ("image from another site", "Start with what people already do.", "![A park](https://example.org/park.png)", 54, 11, "the image must be a file in the media/ folder"),
    ("image outside the folder", "Start with what people already do.", "![A park](../../etc/passwd.png)", 54, 11, "'../../etc/passwd.png' reaches outside the media/ folder"),
    ("image that does not exist", "Start with what people already do.", "![A park](media/missing.png)", 54, 11, "'media/missing.png' does not exist"),
    ("image of a disallowed type", "Start with what people already do.", "![A park](media/park.svg)", 54, 11, "files of type '.svg' are not allowed"),
    ("placeholder left in the body", "Start with what people already do.", "[[What would you tell another partnership?]]", 54, 1, "placeholder text still here"),
    ("unclosed code block", "Start with what people already do.", "```\ncode", 60, 1, "a code block opened with ``` is never closed"),
]


@pytest.mark.parametrize("what, old, new, line, col, words", BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
def test_bad_value_is_reported_with_line_column_and_fix(tmp_path, what, old, new, line, col, words):
    assert old in VALID_STORY, f"test case {what!r} no longer matches the valid story"
    story, problems = check_text(tmp_path, VALID_STORY.replace(old, new, 1))
    assert story is None
    matching = [p for p in problems if words in p.message]
    assert matching, f"expected a problem containing {words!r}, got {[str(p) for p in problems]}"
    assert (matching[0].line, matching[0].col) == (line, col), str(matching[0])


GOOD_VALUES = [
    ("a quoted NO in the title", 'title: "Residents and the council redesign a play park"', 'title: "NO to the old park, yes to a new one"'),
    ("a quoted number as an organisation", '  - "Belfast City Council"', '  - "012345 Group"'),
    ("code in backticks may show template syntax", "The park opened in 2023.", "The park opened in 2023. We wrote `{{ park }}` on the sign."),
    ("HTML inside a fenced code block", "The park opened in 2023.", "The park opened in 2023.\n\n```\n<b>sign</b>\n```"),
    ("an autolink", "Start with what people already do.", "Start with what people already do. <https://example.org/more>"),
    ("an image that exists, with alt text", "Start with what people already do.", "![Children on the new swings](media/park.png)"),
    ("nation-wide work with no places", "places: [belfast]", "places: []"),
    ("a mailto link", "- [The park plan consultation](https://example.org/park-plan)", "- [Email the parks team](mailto:parks@example.org)"),
    ("a story in Welsh", "language: en", "language: cy"),
    ("a Welsh summary", "language: en", 'language: en\nsummary_cy: "Cynlluniodd rhieni, plant a swyddogion y cyngor barc chwarae newydd gyda\'i gilydd."'),
    ("ongoing period", '  end: ongoing', '  end: "2024-06"'),
    ("a sub-heading", "Start with what people already do.", "### One lesson\n\nStart with what people already do."),
    # Brackets are only a link where a [label]: line gives the address.
    ("words in brackets that are not a link", "The park opened in 2023.", "The park opened in 2023 [click here] and [here][x]."),
    ("a reference link with clear text", "- [The park plan consultation](https://example.org/park-plan)", "- [The park plan consultation][plan]\n\n[plan]: https://example.org/park-plan"),
    # Words after [label]: make it ordinary text to Markdown, not a link's address.
    ("a note that starts [Update]:", "The park opened in 2023.", "The park opened in 2023.\n\n[Update]: the park opened again in May 2024."),
    # Brackets in two list items, or either side of a heading, are no link.
    ("brackets in two list items", "- [The park plan consultation](https://example.org/park-plan)", "- [The park plan consultation](https://example.org/park-plan) [x\n- y](example.org)"),
    ("less-than in prose", "The park opened in 2023.", "The park opened in 2023, when fewer than < 10 benches stood."),
]


@pytest.mark.parametrize("what, old, new", GOOD_VALUES, ids=[case[0] for case in GOOD_VALUES])
def test_good_value_passes(tmp_path, what, old, new):
    assert old in VALID_STORY
    story, problems = check_text(tmp_path, VALID_STORY.replace(old, new, 1), media={"park.png": b"\x89PNG\r\n"})
    assert problems == [], [str(p) for p in problems]
    assert story is not None


def test_file_name_must_be_the_slug(tmp_path):
    _story, problems = check_text(tmp_path, VALID_STORY, name="My Story.md")
    assert [(p.line, p.col) for p in problems] == [(1, 1)]
    assert "must be the story's slug" in problems[0].message and "my-story.md" in problems[0].message


def test_missing_front_matter_fence(tmp_path):
    _story, problems = check_text(tmp_path, VALID_STORY[4:])
    assert [str(p) for p in problems] == [
        "stories/a-story.md:1:1: the file must start with a line of three dashes (---) that opens the front matter"
    ]


def test_unclosed_front_matter(tmp_path):
    _story, problems = check_text(tmp_path, VALID_STORY.split("\n---\n", 1)[0])
    assert [p.message for p in problems] == [
        "the front matter is never closed; add a line of three dashes (---) after the last field"
    ]


def test_invalid_utf8_names_line_and_column(tmp_path):
    data = VALID_STORY.replace("Parents, children", "Parents, \xff children").encode("latin-1", "replace")
    _story, problems = check_text(tmp_path, data)
    assert len(problems) == 1 and "not UTF-8 text (byte 0x" in problems[0].message
    assert (problems[0].line, problems[0].col) == (4, 12)


def test_oversized_file(tmp_path):
    _story, problems = check_text(tmp_path, VALID_STORY + "x" * 100_001)
    assert [(p.line, p.col) for p in problems] == [(1, 1)]
    assert "over the limit of 100,000" in problems[0].message


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = (
        VALID_STORY.replace("nation: northern-ireland", "nation: ulster")
        .replace("  - id: people-as-assets", "  - id: people")
        .replace("The park opened in 2023.", "<script>alert(1)</script>")
    )
    _story, problems = check_text(tmp_path, text)
    assert [(p.line, p.col) for p in problems] == [(6, 9), (12, 9), (50, 1), (50, 17)]


def test_overdue_review_is_a_warning_not_an_error(tmp_path):
    text = VALID_STORY.replace("published: 2026-01-15", "published: 2024-01-15").replace(
        "last_reviewed: 2026-06-01", "last_reviewed: 2024-02-01"
    )
    path = write(tmp_path / "stories" / "a-story.md", text)
    story, problems = load_story(path, load_vocabularies(), TODAY, display="stories/a-story.md")
    assert story is not None
    assert [(p.warning, p.line) for p in problems] == [(True, 22)]
    assert "due for review on 2025-01-31" in problems[0].message


def test_invisible_control_characters_are_refused_where_they_stand(tmp_path):
    text = VALID_STORY.replace("Parents, children and officers met every month.", "Parents \u202emet\u202c every month.")
    _story, problems = check_text(tmp_path, text)
    assert [(p.line, p.col) for p in problems] == [(46, 9), (46, 13)]
    assert problems[0].message.startswith("an invisible control character (U+202E) is here")


def test_a_control_character_with_no_other_unusual_byte_is_still_found(tmp_path):
    text = VALID_STORY.replace("Parents, children and officers met every month.", "Parents\x0bmet every month.")
    _story, problems = check_text(tmp_path, text)
    assert [(p.line, p.col) for p in problems] == [(46, 8)]


def test_the_quick_byte_look_never_misses_a_character_the_full_search_finds():
    # decode() runs the full search only where the quick look at the bytes says it may
    # match; if the two ever disagree, invisible characters would slip through.
    from doingwith.frontmatter import INVISIBLE, may_hold_invisible

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if INVISIBLE.match(char):
            assert may_hold_invisible(f"text {char} more".encode()), f"U+{code:04X}"
    assert not may_hold_invisible("plain text, a tab\t, Welsh \u0175 and Irish \u00e1: nothing hidden".encode())


def test_a_plain_value_where_a_group_belongs_says_how_to_write_it(tmp_path):
    text = VALID_STORY.replace('period:\n  start: "2021"\n  end: ongoing', "period: 2021")
    _story, problems = check_text(tmp_path, text)
    assert [(p.line, p.col, p.message) for p in problems] == [
        (18, 9, "`period` should be a group of fields (start, end), each on its own line indented under it, "
         "not '2021'; for example `start: ...` then `end: ...`")
    ]


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ('title: "Residents  and the council"\nsummary: x', "Residents and the council"),
        ("title: Plain words: no\nsummary: x", None),  # YAML refuses it: the full check reports why
        ("title: Plain words\nsummary: x", "Plain words"),
        ('title: "Over\n  two lines"\nsummary: x', "Over two lines"),  # read from the whole front matter
        ('summary: |\n  title: not this one\nnation: wales', None),
        ("title: \nsummary: x", None),
    ],
)
def test_the_title_of_a_file_not_being_checked_is_read_as_yaml_reads_it(tmp_path, front, title):
    from doingwith.content import read_title

    path = write(tmp_path / "stories" / "a-story.md", f"---\n{front}\n---\n\nBody.\n")
    assert read_title(path) == title


LONG_PLACEHOLDER = "[[Describe what happened, in plain words: the problem or opportunity, and what people did about it.]]"


@pytest.mark.parametrize(
    "where, old, new",
    [
        ("body", "Start with what people already do.", LONG_PLACEHOLDER),
        ("front matter", '    evidence: "Residents surveyed their own street and led the design workshops."', f'    evidence: "{LONG_PLACEHOLDER}"'),
    ],
)
def test_a_placeholder_is_quoted_whole_or_cut_cleanly_at_a_word(tmp_path, where, old, new):
    _story, problems = check_text(tmp_path, VALID_STORY.replace(old, new))
    (message,) = [p.message for p in problems]
    quoted = re.search(r"(\[\[.*?)(?: with your own words|; replace it)", message).group(1)
    assert quoted.endswith("…"), message
    assert LONG_PLACEHOLDER.startswith(quoted[:-1]), message
    assert LONG_PLACEHOLDER[len(quoted) - 1] in " ,", f"cut mid-word: {message}"


def test_a_short_placeholder_is_quoted_whole(tmp_path):
    _story, problems = check_text(tmp_path, VALID_STORY.replace("Start with what people already do.", "[[What would you tell another partnership?]]"))
    assert "replace [[What would you tell another partnership?]] with your own words" in problems[0].message


# Found by tests/test_story_form_agrees.py, where the story form and the checker disagreed.


@pytest.mark.parametrize("escape, code", [("\\u202e", "U+202E"), ("\\x16", "U+0016"), ("\\u0085x\\u2066", "U+2066")])
def test_an_invisible_character_written_as_an_escape_is_refused_in_free_text(tmp_path, escape, code):
    text = VALID_STORY.replace(
        'title: "Residents and the council redesign a play park"',
        f'title: "Residents and the council {escape}redesign a play park"',
    )
    _story, problems = check_text(tmp_path, text)
    assert [(p.line, p.col) for p in problems] == [(2, 8)]
    assert problems[0].message == (
        f"`title` has an invisible control character ({code}) in it; "
        "it can make text display differently from what it says, so delete it"
    )


def test_whitespace_escapes_in_free_text_are_still_collapsed_to_spaces(tmp_path):
    text = VALID_STORY.replace(
        'title: "Residents and the council redesign a play park"',
        'title: "Residents and the council\\u0085redesign\\u2028a\\ta play park"',
    )
    _story, problems = check_text(tmp_path, text)
    assert problems == []


def test_a_required_section_with_nothing_under_it_is_refused(tmp_path):
    text = VALID_STORY.replace("## What we learned\n\nStart with what people already do.", "## What we learned\n\n   \n")
    _story, problems = check_text(tmp_path, text)
    assert [(p.line, p.col, p.message) for p in problems] == [
        (52, 1, "the section '## What we learned' is empty; write that part of the story under it")
    ]
    deeper = VALID_STORY.replace(
        "## What we learned\n\nStart with what people already do.", "## What we learned\n\n### In short\n"
    )
    assert check_text(tmp_path, deeper)[1] == []


def test_a_year_in_other_digits_is_not_a_year(tmp_path):
    """Python's \\d takes ٢٠٢١; the JSON Schema and the story form do not, nor does the checker."""
    text = VALID_STORY.replace('  start: "2021"', '  start: "٢٠٢١"')
    assert text != VALID_STORY
    _story, problems = check_text(tmp_path, text)
    assert [p.message for p in problems] == [
        "`period.start`: '٢٠٢١' is not a year or date; write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


@pytest.mark.parametrize("escape, written, words", [("\\x3Cb>", "`<b>`", "HTML (<b>)"), ("\\x7B{ x }}", "`{{ x }}`", "{{")])
def test_markup_written_as_an_escape_is_placed_on_its_own_value_not_on_a_later_line(tmp_path, escape, written, words):
    # The value holds no "<b" or "{{" as written, so the message goes to the value's start; it
    # went to the first later line holding one, here in the body, which is allowed in code.
    text = VALID_STORY.replace('- title: "Park plan consultation"', f'- title: "Park {escape} plan"').replace(
        "Residents asked for a better park.", f"Residents asked for a {written} park."
    )
    _story, problems = check_text(tmp_path, text)
    assert [(p.line, p.col) for p in problems] == [(34, 12)]
    assert words in problems[0].message


SECOND_SOURCE = '    publisher: "Example Council"\n  - title: "The residents\' own notes"\n    publisher: "Greenfield Residents Group"\n'
SECOND_PRINCIPLE = "  - id: mutual-benefit\n"


@pytest.mark.parametrize(
    ("old", "new", "at", "col", "words"),
    [
        ('    publisher: "Example Council"\n', SECOND_SOURCE, '  - title: "The residents\' own notes"', 5, "needs a `url` or a `reference`"),
        (SECOND_PRINCIPLE, "  - id: people-as-assets\n", "  - id: people-as-assets", 9, "lists 'people-as-assets' twice"),
        ("places: [belfast]\n", "places:\n  - belfast\n  - city-of-edinburgh\n", "  - city-of-edinburgh", 5, "is in Scotland"),
    ],
    ids=["a source with no address", "a principle given twice", "a place in another nation"],
)
def test_a_problem_with_one_entry_of_a_list_is_placed_on_that_entry(tmp_path, old, new, at, col, words):
    # Each was placed on the list's first entry, which has nothing wrong with it.
    text = VALID_STORY.replace(old, new)
    _story, problems = check_text(tmp_path, text)
    line = len(text.split("\n")) - text.split("\n")[::-1].index(at)  # the last line reading `at`
    assert [(p.line, p.col) for p in problems if words in p.message] == [(line, col)], [str(p) for p in problems]
