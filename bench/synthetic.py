"""Realistic synthetic stories for the benchmark.

Every story is valid against ``doingwith/schema.py``: places belong to the story's
nation, each principle carries a sentence of evidence, dates are in order and
recent enough not to be due for review, titles and slugs are unique, and the body
has the five required sections in order. The prose (about 800 words a story) is
assembled from sentence templates, word lists and made-up local names, so the
search index sees a realistic spread of words. A fixed seed gives the same
stories every run, and the first N stories of a larger run are the N stories of a
smaller one.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from doingwith.schema import STORY_SECTIONS
from doingwith.vocabularies import Vocabularies, load_vocabularies

SEED = 20261126

# --- word lists ---------------------------------------------------------------------

FIRST_NAMES = [
    "Aoife", "Ciaran", "Siobhan", "Declan", "Niamh", "Padraig", "Roisin", "Eamon", "Grainne", "Colm",
    "Morag", "Hamish", "Isla", "Callum", "Fiona", "Ewan", "Kirsty", "Angus", "Eilidh", "Ruaridh",
    "Gareth", "Rhian", "Dafydd", "Sian", "Owain", "Ffion", "Rhys", "Catrin", "Iwan", "Nia",
    "Sarah", "David", "Helen", "Mark", "Joanne", "Paul", "Karen", "Stephen", "Lisa", "Andrew",
    "Amina", "Tariq", "Olena", "Marek", "Priya", "Kwame", "Agnieszka", "Yusuf", "Mei", "Ravi",
]
SURNAMES = [
    "McAllister", "O'Neill", "Doherty", "Gallagher", "Quinn", "McCann", "Kelly", "Murphy", "Devlin",
    "MacDonald", "Campbell", "Stewart", "Fraser", "MacLeod", "Robertson", "Grant", "Sinclair", "Munro",
    "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan", "Price",
    "Smith", "Brown", "Wilson", "Taylor", "Patel", "Khan", "Nowak", "Kowalski", "Okafor", "Chen",
]
PLACE_PREFIXES = {
    "northern-ireland": ["Bally", "Drum", "Kil", "Carrick", "Lis", "Dun", "Ennis", "Glen", "Tully", "Augh", "Knock", "Mullagh"],
    "scotland": ["Inver", "Auch", "Kin", "Strath", "Dal", "Aber", "Glen", "Bal", "Craig", "Pit", "Kirk", "Loch"],
    "wales": ["Llan", "Cwm", "Pen", "Aber", "Tre", "Pont", "Bryn", "Caer", "Nant", "Maes", "Rhos", "Coed"],
}
PLACE_SUFFIXES = {
    "northern-ireland": ["more", "beg", "keel", "nahinch", "clare", "ard", "managh", "doon", "loughan", "gorm", "brack", "nure"],
    "scotland": ["ness", "ie", "ock", "gowrie", "muir", "lochy", "ton", "shiel", "dearg", "fuar", "bervie", "allan"],
    "wales": ["fair", "fach", "wen", "garth", "dwr", "newydd", "y-coed", "isaf", "uchaf", "mawr", "goch", "llyn"],
}
GROUPS = [
    "young carers", "older residents", "parents of disabled children", "tenants", "people in recovery",
    "refugees and asylum seekers", "young people leaving care", "farming families", "small shop owners",
    "people living with dementia", "carers", "lone parents", "school pupils", "people with learning disabilities",
    "Gypsy and Traveller families", "men's shed members", "people living with long-term pain",
    "Irish language speakers", "Welsh speakers", "new arrivals", "people on low incomes", "ex-service personnel",
    "residents of the estate", "allotment holders", "bus users", "people who use mental health services",
]
ACTIVITIES = [
    "a community cafe", "a walking group", "a repair cafe", "a food pantry", "a youth hub", "a community garden",
    "a warm space", "a men's shed", "a befriending service", "a play park", "a community transport scheme",
    "a digital skills club", "a tool library", "a community fridge", "a social prescribing service",
    "a homework club", "a carers' respite scheme", "a lunch club", "a community energy project",
    "a local history archive", "a credit union outreach point", "a green gym", "a peer support line",
    "a mobile library stop", "a community bus route", "a drop-in advice service",
]
METHODS = [
    "kitchen-table conversations", "a citizens' panel", "participatory budgeting", "design workshops",
    "photovoice sessions", "community asset mapping", "story circles", "peer research", "walkabouts",
    "an open space event", "a community survey designed by residents", "world cafe sessions",
    "a people's jury", "appreciative inquiry", "drop-in sessions at the school gate", "a lived experience panel",
    "online polls followed by street stalls", "planning for real models", "community conversations",
]
SERVICES = [
    "the housing team", "the health visitors", "the library service", "the parks department",
    "the community development team", "the social work team", "the leisure service", "the roads service",
    "the youth service", "the environmental health team", "the community safety partnership",
    "the council's planning officers", "the GP practice", "the community pharmacy", "the local police team",
    "the fire and rescue service", "the education authority", "the employability team",
]
ADJECTIVES = [
    "practical", "honest", "patient", "careful", "bold", "modest", "steady", "lively", "open", "generous",
    "uneasy", "candid", "gradual", "hard-won", "surprising", "quiet", "local", "shared", "unexpected",
    "lasting", "cautious", "energetic", "welcome", "difficult", "informal", "thoughtful",
]
NOUNS = [
    "trust", "confidence", "ownership", "goodwill", "momentum", "skills", "relationships", "knowledge",
    "pride", "resilience", "capacity", "friendships", "networks", "understanding", "respect", "ambition",
]
OUTCOMES = [
    "waiting lists fell", "more people came forward to volunteer", "referrals between services rose",
    "the council changed its grant criteria", "attendance doubled over the year", "two new groups formed",
    "the service kept its funding", "complaints dropped", "people reported feeling less isolated",
    "young people joined the partnership board", "the budget was shared out by residents",
    "a second site opened", "staff changed how they ran meetings", "the plan was rewritten with residents",
]
LESSONS = [
    ("Start with what people already do", "Groups that were already meeting were the best place to begin."),
    ("Pay people for their time", "Vouchers and expenses made it possible for more people to take part."),
    ("Share the agenda", "Residents set half of every agenda, which changed what was discussed."),
    ("Go to where people are", "Meeting in cafes, school gates and community halls reached people who never come to the council."),
    ("Keep the promise of feedback", "Telling people what happened to their ideas kept them involved."),
    ("Allow time", "Relationships took longer to build than the funding cycle allowed."),
    ("Name the power", "Being open about who decides what made the conversations more honest."),
    ("Train together", "Staff and residents learned the same methods side by side."),
    ("Plan for the end", "Thinking early about what would carry on after the project helped it last."),
    ("Celebrate small wins", "Marking each step kept people going through the slower months."),
    ("Use plain words", "Dropping jargon from papers and meetings let more people take part."),
    ("Let people lead", "When residents chaired the meetings, attendance and energy rose."),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SUBHEADINGS = {
    "What happened": ["How it started", "The first year", "Getting going"],
    "Who was involved and how": ["Residents", "Public services", "Community organisations"],
    "What changed": ["For people", "For services", "For the partnership"],
}

HAPPENED = [
    "In {month} {year}, {service} in {place} began talking with {group} about {activity} in {locality}.",
    "The idea came from {group} in {locality}, who had been meeting informally for {n} years.",
    "{org} wanted to change how it worked with {group}, and chose {method} as a starting point.",
    "At first the work was small: {n} people, a borrowed room and a plan that was {adj} at best.",
    "People in {locality} said that decisions about {activity} were made far away and without them.",
    "A review in {year} found that {group} rarely used the services designed for them.",
    "The partnership agreed to try {method} instead of the usual consultation.",
    "Funding of {money} from the community planning partnership paid for a worker and for people's expenses.",
    "Early meetings were {adj}, and some residents doubted that anything would change.",
    "{name} {surname}, who lives in {locality}, remembers that the first session was held in the church hall.",
    "Over {n} months the group met fortnightly and kept a shared record of what it decided.",
    "The plan for {activity} was drafted by residents and officers working at the same table.",
    "{service} agreed to hold its meetings in {locality} rather than in the civic offices.",
    "The work grew out of an earlier project on {activity}, which had ended when its funding ran out.",
    "Everyone involved signed a short agreement setting out how decisions would be made.",
    "The group visited a similar project in {other_place} to see what had worked there.",
    "By the end of {year} the group had a name, a bank account and a {adj} sense of purpose.",
]
INVOLVED = [
    "{group} took part as equal partners, with a say over the budget and the timetable.",
    "{service} released two members of staff for one day a week to work alongside residents.",
    "{org} hosted the meetings and paid for childcare and travel so that more people could attend.",
    "Volunteers from {locality} ran {method} with support from a community development worker.",
    "{name} {surname}, a {role_word}, chaired the steering group for its first two years.",
    "Local schools, churches and sports clubs helped to spread the word about {activity}.",
    "Residents were trained in {method} and then trained others in turn.",
    "Officers from {service} joined sessions as listeners rather than presenters.",
    "People who had used the service wrote the questions for the interviews themselves.",
    "A small grants panel of {n} residents decided how {money} would be spent.",
    "The partnership board invited two residents to sit on it with full voting rights.",
    "Interpreters and easy-read papers meant that {group} could take a full part.",
    "Meetings moved between venues in {locality} so that nobody had to travel far.",
    "Staff from {other_org} shared their experience of {method} at the start.",
]
CHANGED = [
    "After {n} months, {outcome}.",
    "The most visible change was {activity}, which now opens {days} days a week.",
    "{service} changed its procedures so that residents are involved from the start of any new project.",
    "People spoke of new {noun} and of {noun2} that had not been there before.",
    "An evaluation in {year} found that {outcome}, and that {outcome2}.",
    "{name} {surname} said the work gave {pronoun} the {noun} to speak up at council meetings.",
    "Officers said they now think of {group} as partners rather than as clients.",
    "The partnership has written the approach into its next community plan.",
    "{activity_cap} is now run by a constituted group of residents with a lease from the council.",
    "The numbers are modest, but {outcome}.",
    "Not everything worked: the plan for {activity} was delayed by a year when funding was cut.",
    "Several people who joined as participants now volunteer as organisers.",
    "Other areas in {nation_name} have asked the group to share what it learned.",
]
LEARNED_EXTRA = [
    "This was the lesson people mentioned most often.",
    "Officers said they would do this from the start next time.",
    "Residents said this mattered more than any single result.",
    "It took {n} attempts to get this right.",
    "The group now writes this into every new piece of work.",
]
SUMMARIES = [
    "{group_cap} and {service} in {place} used {method} to shape {activity} together.",
    "In {locality}, {group} worked with {org} to plan and run {activity}.",
    "What began as {method} in {locality} became {activity} run by residents and {service} together.",
]
SUMMARY_TAILS = [
    "The work changed how the partnership plans with the people who use its services.",
    "Residents now share decisions about the budget and the timetable.",
    "The approach has since been taken up in other parts of {nation_name}.",
    "It shows that sharing power takes time, and that it pays off.",
]
TITLES = [
    "{group_cap} and {service_short} shape {activity} in {locality}, {place}",
    "{activity_cap} in {locality}, {place}, designed with {group}",
    "{locality}, {place}: {group} and the council co-produce {activity}",
    "Co-producing {activity} with {group} in {locality}, {place}",
]
EVIDENCE = {
    "people-as-assets": "{group_cap} brought their own knowledge of {locality} and led parts of the work.",
    "all-perspectives-and-skills": "The group made a point of including {group} and others seldom heard in {place}.",
    "meaningful-participation": "Expenses, childcare and plain-language papers let residents take part on equal terms.",
    "services-as-change-agents": "{service_cap} changed how it works, moving from delivering to facilitating.",
    "mutual-benefit": "The council got a service people use, and residents got the {activity_short} they asked for.",
    "mutual-support-networks": "Participants set up their own network in {locality} to support each other after the project.",
}
SUMMARY_CY = (
    "Gweithiodd trigolion a'r cyngor gyda'i gilydd i gynllunio a rhedeg gwasanaeth newydd yn {locality}, "
    "ac mae'r grŵp yn parhau i gyfarfod."
)
PUBLISHERS = ["Community Planning Partnership", "Council", "Community Trust", "Residents Association"]
SOURCE_KINDS = ["Evaluation report", "Annual report", "Community plan progress report", "Case study",
                "Minutes of the partnership board", "Project newsletter", "Learning review"]


@dataclass
class SyntheticStory:
    slug: str
    title: str
    text: str  # the whole file: front matter and body
    body_words: int


def _slugify(title: str, limit: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _q(text: str) -> str:
    """A double-quoted YAML scalar (our text never holds quotes or backslashes)."""
    assert '"' not in text and "\\" not in text, text
    return f'"{text}"'


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _strip_article(text: str) -> str:
    return re.sub(r"^(a|an|the) ", "", text)


class _Story:
    """The random choices for one story, and its prose."""

    def __init__(self, rng: random.Random, v: Vocabularies, today: dt.date) -> None:
        self.rng = rng
        self.v = v
        self.today = today
        r = rng
        self.nation = r.choices(["northern-ireland", "scotland", "wales"], weights=[4, 3, 3])[0]
        self.nation_name = v.nations.name(self.nation)
        places = v.places_in(self.nation)
        if r.random() < 0.1:
            self.places: list[str] = []
            self.place = self.nation_name
        else:
            self.places = r.sample(places, r.choices([1, 2, 3], weights=[7, 2, 1])[0])
            self.place = v.places.name(self.places[0])
        other = [p for p in places if p not in self.places]
        self.other_place = v.places.name(r.choice(other))
        self.locality = r.choice(PLACE_PREFIXES[self.nation]) + r.choice(PLACE_SUFFIXES[self.nation])
        self.group = r.choice(GROUPS)
        self.activity = r.choice(ACTIVITIES)
        self.method = r.choice(METHODS)
        self.service = r.choice(SERVICES)
        council_word = {"northern-ireland": "Council", "scotland": "Council", "wales": "County Council"}[self.nation]
        self.council = f"{self.place} {council_word}" if self.places else f"{self.other_place} {council_word}"
        self.partners = r.sample(
            [
                f"{self.locality} Residents Association",
                f"{self.place} Community Planning Partnership",
                f"{self.locality} Community Trust",
                f"{self.locality} Youth Forum",
                f"{self.place} Health and Social Care Partnership",
                f"{self.place} Volunteer Centre",
                f"{self.locality} Development Association",
                f"Friends of {self.locality}",
            ],
            r.randint(1, 4),
        )
        self.organisations = [self.council, *self.partners]
        self.sources: list[tuple[str, str]] = []

    def activity_title(self) -> str:
        return _cap(_strip_article(self.activity))

    def fill(self, template: str) -> str:
        r = self.rng
        values = {
            "place": self.place,
            "other_place": self.other_place,
            "locality": self.locality,
            "group": self.group,
            "group_cap": _cap(self.group),
            "activity": self.activity,
            "activity_cap": _cap(self.activity),
            "activity_short": _strip_article(self.activity),
            "method": self.method,
            "service": self.service,
            "service_cap": _cap(self.service),
            "service_short": _strip_article(self.service),
            "org": r.choice(self.organisations),
            "other_org": r.choice(self.partners + [f"{self.other_place} Council"]),
            "nation_name": self.nation_name,
            "month": r.choice(MONTHS),
            "year": str(r.randint(2012, 2025)),
            "n": str(r.randint(2, 40)),
            "days": str(r.randint(2, 7)),
            "money": f"£{r.randint(2, 120) * 1000:,}",
            "adj": r.choice(ADJECTIVES),
            "noun": r.choice(NOUNS),
            "noun2": r.choice(NOUNS),
            "outcome": r.choice(OUTCOMES),
            "outcome2": r.choice(OUTCOMES),
            "name": r.choice(FIRST_NAMES),
            "surname": r.choice(SURNAMES),
            "pronoun": r.choice(["her", "him", "them"]),
            "role_word": r.choice(["local parent", "retired teacher", "youth worker", "carer", "shop owner"]),
        }
        return template.format(**values)

    def sentences(self, templates: list[str], words: int) -> list[str]:
        out: list[str] = []
        count = 0
        deck: list[str] = []
        while count < words:
            if not deck:  # every template once before any repeats
                deck = self.rng.sample(templates, len(templates))
            sentence = _cap(self.fill(deck.pop()))
            out.append(sentence)
            count += len(sentence.split())
        return out

    def paragraphs(self, templates: list[str], words: int) -> list[str]:
        sentences = self.sentences(templates, words)
        paras, i = [], 0
        while i < len(sentences):
            size = self.rng.randint(3, 6)
            paras.append(" ".join(sentences[i : i + size]))
            i += size
        return paras


def generate_stories(n: int, seed: int = SEED, today: dt.date | None = None) -> list[SyntheticStory]:
    """``n`` valid stories, the same ones for the same seed (and date)."""
    today = today or dt.date.today()
    v = load_vocabularies()
    rng = random.Random(seed)
    stories: list[SyntheticStory] = []
    titles: set[str] = set()
    slugs: set[str] = set()
    while len(stories) < n:
        s = _Story(rng, v, today)
        title = _cap(s.fill(rng.choice(TITLES)))
        if len(title) > 120:
            title = title[:117].rsplit(" ", 1)[0]
        key = " ".join(title.lower().split())
        if key in titles or len(title) < 10:
            continue
        slug = _slugify(title)
        base, k = slug, 2
        while slug in slugs:
            slug = f"{base[: 80 - len(str(k)) - 1].rstrip('-')}-{k}"
            k += 1
        titles.add(key)
        slugs.add(slug)
        front = _front_matter(s, title)  # first: it chooses the sources the body links to
        body, words = _body(s)
        text = front + body
        stories.append(SyntheticStory(slug, title, text, words))
    return stories


def _front_matter(s: _Story, title: str) -> str:
    r, v, today = s.rng, s.v, s.today
    summary = " ".join([s.fill(r.choice(SUMMARIES)), s.fill(r.choice(SUMMARY_TAILS))])
    summary = _cap(summary)[:400].rsplit(" ", 1)[0] if len(summary) > 400 else _cap(summary)
    lines = ["---", f"title: {_q(title)}", "summary: >-"]
    words, line = summary.split(), ""
    for word in words:
        if len(line) + len(word) > 80:
            lines.append("  " + line.rstrip())
            line = ""
        line += word + " "
    lines.append("  " + line.rstrip())
    if s.nation == "wales" and r.random() < 0.2:
        lines.append(f"summary_cy: {_q(s.fill(SUMMARY_CY))}")
    lines.append(f"nation: {s.nation}")
    lines.append(f"places: [{', '.join(s.places)}]")
    lines.append("organisations:")
    lines += [f"  - {_q(org)}" for org in s.organisations]
    lines.append("principles:")
    for pid in r.sample(v.principles.ids, r.randint(1, 4)):
        lines += [f"  - id: {pid}", f"    evidence: {_q(s.fill(EVIDENCE[pid]))}"]
    lines.append(f"stages: [{', '.join(r.sample(v.stages.ids, r.randint(1, 3)))}]")
    lines.append(f"themes: [{', '.join(r.sample(v.themes.ids, r.randint(1, 3)))}]")
    start = r.randint(2010, 2024)
    if r.random() < 0.4:
        end = "ongoing"
    else:
        end_year = r.randint(start, 2025)
        end = _q(f"{end_year}-{r.randint(1, 12):02d}" if r.random() < 0.5 else str(end_year))
    lines += ["period:", f'  start: "{start}"', f"  end: {end}"]
    reviewed = today - dt.timedelta(days=r.randint(0, 300))
    published = min(reviewed, dt.date(2024, 1, 1) + dt.timedelta(days=r.randint(0, (today - dt.date(2024, 1, 1)).days)))
    lines += [f"published: {published.isoformat()}", f"last_reviewed: {reviewed.isoformat()}"]
    lines.append("authors:")
    for _ in range(r.randint(1, 2)):
        name = f"{r.choice(FIRST_NAMES)} {r.choice(SURNAMES)}"
        lines += [f"  - name: {_q(name)}", f"    role: {r.choice(v.roles.ids)}"]
    co = r.randint(0, 3)
    if co:
        lines.append("co_authors:")
        for _ in range(co):
            name = r.choice([f"{r.choice(FIRST_NAMES)} {r.choice(SURNAMES)}", s.partners[0]])
            lines += [f"  - name: {_q(name)}", "    role: community-member"]
    else:
        lines.append("co_authors: []")
    basis = r.choice(["written-consent", "published-sources"])
    lines += ["consent:", "  to_publish: true", f"  anonymised: {r.choice(['true', 'false'])}", f"  basis: {basis}"]
    lines.append("sources:")
    domain = re.sub(r"[^a-z]", "", s.place.lower())
    for _ in range(r.randint(1, 4)):
        kind = r.choice(SOURCE_KINDS)
        year = r.randint(max(start, 2012), 2025)
        src_title = f"{kind}: {s.activity_title()} in {s.locality}, {year}"
        url = f"https://www.{domain}.example.org/community-planning/{_slugify(src_title, 60)}"
        publisher = f"{s.place} {r.choice(PUBLISHERS)}"
        s.sources.append((src_title, url))
        lines += [f"  - title: {_q(src_title)}", f"    url: {_q(url)}", f"    publisher: {_q(publisher)}",
                  f'    date: "{year}-{r.randint(1, 12):02d}"']
    if r.random() < 0.5:
        lines += ["contact:", f"  name: {_q(f'{s.place} community planning team')}",
                  f"  email: {_q(f'mailto:communityplanning@{domain}.example.org')}"]
    lines += ["language: en", "---", ""]
    return "\n".join(lines)


def _body(s: _Story) -> tuple[str, int]:
    r = s.rng
    target = r.randint(560, 860)
    parts: list[str] = []
    happened, involved, changed, learned, more = STORY_SECTIONS

    def section(name: str, templates: list[str], words: int) -> None:
        parts.append(f"## {name}\n")
        paras = s.paragraphs(templates, words)
        sub = r.random() < 0.3 and name in SUBHEADINGS and len(paras) > 1
        for i, para in enumerate(paras):
            if sub and i == 1:
                parts.append(f"### {r.choice(SUBHEADINGS[name])}\n")
            parts.append(para + "\n")

    section(happened, HAPPENED, int(target * 0.32))
    section(involved, INVOLVED, int(target * 0.22))
    if r.random() < 0.5:
        parts.append("\n".join(f"- **{_cap(g)}**: {s.fill(r.choice(INVOLVED))}" for g in r.sample(GROUPS, 3)) + "\n")
    section(changed, CHANGED, int(target * 0.2))
    if r.random() < 0.3:
        quote = f"> {s.fill('It felt like the first time {service} had really listened to {group} in {locality}.')}"
        parts.append(quote + "\n")
    parts.append(f"## {learned}\n")
    lessons = []
    for head, text in r.sample(LESSONS, r.randint(3, 6)):
        extra = " ".join(_cap(s.fill(t)) for t in r.sample(LEARNED_EXTRA + INVOLVED, r.randint(1, 3)))
        lessons.append(f"- **{head}.** {text} {extra}")
    parts.append("\n".join(lessons) + "\n")
    parts.append(f"## {more}\n")
    parts.append("\n".join(f"- [{title}]({url})" for title, url in s.sources) + "\n")
    body = "\n".join(parts)
    words = len(re.findall(r"[A-Za-z£0-9']+", body))
    return body, words


def write_stories(stories: list[SyntheticStory], folder) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    for story in stories:
        (folder / f"{story.slug}.md").write_text(story.text, encoding="utf-8")


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter, body) of a story file written by this module."""
    assert text.startswith("---\n")
    end = text.index("\n---\n", 4)
    return text[4:end], text[end + 5 :]
