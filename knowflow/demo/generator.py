"""Builds the Northwind Labs demo organization: people, profiles, skills, timelines, follows,
and a couple of months of flows (posts, replies, reactions, thanks, announcements).

Everything random comes from one `random.Random(seed)` consumed in a fixed order, so a seed
always produces the same organization (dates are relative to today, so they move with it).

The work happens in two halves. First a plan of every person (name, department, title,
manager, topics, bio, who may see what) is built in memory; then it is written phase by
phase, each phase in its own transaction. The organization's small objects (the
organization itself, locations, departments, topics, and the two sign-in accounts) go through
the product's actions like anything a user creates. The rows for thousands of people are
bulk-inserted instead: going through create_person/update_profile/set_profile_topics would
cost several queries per row (millions for a 100,000-person demo), and the rows written here
are the same ones those actions write, already validated by construction (unique emails,
known topics, dates in order).

Flows are few enough (at most MAX_FLOWS thread starters, however many people) to go through
the product's actions (create_post, add_reaction, thank_author), backdated over the last
FLOW_DAYS days, so hashtags, mentions, counters and notifications are exactly what people
would have produced.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import re
import string
import time
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from knowflow.accounts.actions import create_person, forget_people_names
from knowflow.accounts.models import User
from knowflow.core.markdown import render_markdown
from knowflow.help import actions as help_actions
from knowflow.help.models import Question
from knowflow.network import actions as network_actions
from knowflow.network.models import Follow, TrustedColleague
from knowflow.notifications.models import Notification, NotificationKind
from knowflow.org.actions import save_department, save_location, update_organization
from knowflow.org.models import Department, Location
from knowflow.people import actions as people_actions
from knowflow.people.models import (
    OPTIONAL_FIELDS,
    Profile,
    ProfileTopic,
    TimelineEntry,
    TimelineKind,
    TopicKind,
    Visibility,
)
from knowflow.posts import actions as posts_actions
from knowflow.posts.models import Audience, Post
from knowflow.topics.actions import add_synonym, create_topic, forget_topic_names
from knowflow.topics.models import Topic
from knowflow.topics.queries import find_topic

from . import data
from .data import (
    AREAS,
    DEPARTMENTS,
    LOCATIONS,
    NAMES,
    TOPICS,
    AreaSpec,
    DepartmentSpec,
    FlowTemplate,
)

# Fewest people that still give every department a head and the sign-in accounts a team.
MIN_PEOPLE = 40
# Rows per INSERT (Django lowers it to what the database accepts) and people per chunk of
# generated rows, so memory stays flat however many people there are.
BATCH_SIZE = 1000
CHUNK = 2000
# Distinct bios per (department, title) and aspirations per (area, level). Small demos never
# reach the cap, so everyone's text is their own; huge ones reuse texts, which keeps the
# number of Markdown renderings (the slowest step per person) bounded.
BIO_POOL_SIZE = 16
ASPIRATION_POOL_SIZE = 20

# Share of people who keep every field visible to everyone, and for the others, how often
# each field is the one they restrict.
ALL_PUBLIC_SHARE = 0.7
RESTRICTED_FIELD_WEIGHTS = {
    "aspirations": 3,
    "timeline": 3,
    "bio": 2,
    "want_to_learn": 2,
    "skills": 1,
    "ask_me_about": 1,
    "can_mentor": 1,
}
LEVEL_WEIGHTS = [22, 38, 28, 12]  # junior, mid, senior, lead; heads are level 4
HEAD = 4
TENURE_DAYS = {0: (30, 700), 1: (120, 1500), 2: (200, 2500), 3: (400, 3000), 4: (500, 3200)}
# Topic names that stay capitalized inside a sentence.
PROPER_NOUN_TOPICS = {
    "python",
    "django",
    "javascript",
    "typescript",
    "react",
    "postgresql",
    "go",
    "rust",
    "kubernetes",
    "docker",
    "terraform",
    "linux",
    "swift",
    "kotlin",
    "react-native",
    "figma",
    "salesforce",
    "german",
    "spanish",
    "japanese",
}

# Flows: thread starters per person, capped so that big demos stay quick to load: every post,
# reaction and notification goes through the actions (~5 ms a post, ~3 ms a reaction with its
# notification). 1,000 thread starters make about 1,700 posts with their replies. Dates are
# spread over the last FLOW_DAYS days, denser recently.
FLOWS_PER_PERSON = 1.5
MAX_FLOWS = 1000
FLOW_DAYS = 60
RECENCY = 1.4  # days ago = FLOW_DAYS * random() ** RECENCY
REACTED_SHARE = 0.5  # posts that get any reaction at all
LURKER_SHARE = 0.35  # people who read but never start a thread
DEPARTMENT_ONLY_SHARE = 0.2
AREA_TEMPLATE_SHARE = 0.6  # the rest are posts anyone could write
REPLY_COUNT_WEIGHTS = {1: 45, 2: 30, 3: 15, 4: 10}
REPLIER_SOURCE_WEIGHTS = (45, 25, 30)  # the author's followers, teammates, people on the topic
WORKDAY_SECONDS = (8 * 3600, 18 * 3600 + 1800)  # 08:00-18:30 in the author's office
NOTIFICATIONS_READ_AFTER_DAYS = 3
_LITERAL_TAG = re.compile(r"(?<![\w&/#{])#([a-z][a-z0-9-]*)")
# The slots a flow template may use (data.py describes them); _slots fills every one.
FLOW_SLOTS = frozenset(
    [
        "topic",
        "tag",
        "topic2",
        "tag2",
        "learn",
        "learn_tag",
        "colleague",
        "colleague2",
        "expert",
        "learn_expert",
        "customer",
        "project",
        "team",
        "city",
        "other_city",
        "n",
        "pct",
        "seats",
        "emails",
        "rows",
        "ms_before",
        "ms_after",
        "minutes",
        "weeks",
        "version",
        "book",
        "book_idea",
        "book_idea_cap",
        "book_topic",
        "book_tags",
        "link_title",
        "link_url",
        "link_blurb",
        "link_topic",
        "link_tags",
    ]
)


def department_count(people: int) -> int:
    """12 departments for a couple of hundred people, more sub-teams as the company grows."""
    extra = int(math.sqrt(max(0, people - 300)) / 3)
    return min(len(DEPARTMENTS), 12 + extra)


@dataclass(frozen=True)
class DemoSummary:
    people: int
    departments: int
    locations: int
    topics: int


@dataclass(frozen=True)
class _Text:
    """A bio or aspirations text with its rendered HTML and the topics it mentions."""

    text: str
    html: str
    skills: tuple[str, ...] = ()
    learn: tuple[str, ...] = ()


@dataclass(slots=True)
class _Person:
    index: int
    dept: int
    level: int
    account: str = ""  # "admin" or "member": the sign-in accounts, built through actions
    location: int = 0
    full_name: str = ""
    email: str = ""
    title: str = ""
    manager: int | None = None
    skills: list[str] = field(default_factory=list)
    ask: list[str] = field(default_factory=list)
    learn: list[str] = field(default_factory=list)
    mentor: list[str] = field(default_factory=list)
    bio: _Text | None = None
    aspirations: _Text | None = None
    visibility: dict[str, str] | None = None  # None: every field visible to everyone
    pk: int | None = None


@dataclass(slots=True, eq=False)
class _Flow:
    """A planned post: a thread starter, or a reply (then `parent` and `root` are set)."""

    seq: int  # planning order: breaks ties between equal times
    author: int
    at: dt.datetime
    kind: str
    body: str = ""
    dept: int | None = None  # a department-only post: the author's department
    topic: str = ""  # the main topic, for finding colleagues who share it
    parent: _Flow | None = None
    root: _Flow | None = None
    announcement: bool = False
    last_activity: dt.datetime | None = None  # the latest reaction or thanks
    post: Post | None = None


def question_title(text: str) -> str:
    """A question's title from a flow's text: its first sentence that asks something, else its
    first sentence, in at most 200 characters."""
    plain = re.sub(r"[#*_`>]+", "", text).replace("\n", " ")
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", plain) if s.strip()]
    title = next((s for s in sentences if s.endswith("?")), sentences[0] if sentences else text)
    return title if len(title) <= 200 else title[:197].rsplit(" ", 1)[0] + "…"


class _Deck:
    """Deals items without repeats until every one has been dealt, then reshuffles; the items
    dealt last go to the bottom of the new deck, so no item comes up twice in a row."""

    def __init__(self, items: list, rng: random.Random):
        self.items = list(items)
        self.rng = rng
        self.cards: list = []
        self.recent: list = []

    def draw(self, fits: Callable[[object], bool] = lambda item: True):
        if not self.cards:
            self.cards = self.items[:]
            self.rng.shuffle(self.cards)
            # Cards are dealt from the end of the list: recently dealt ones go to its start.
            recent = {id(item) for item in self.recent}
            self.cards.sort(key=lambda item: id(item) not in recent)
        for i in range(len(self.cards) - 1, -1, -1):
            if fits(self.cards[i]):
                card = self.cards.pop(i)
                break
        else:
            fitting = [item for item in self.items if fits(item)]
            card = self.rng.choice(fitting or self.items)
        self.recent = [*self.recent, card][-(len(self.items) // 2) :]
        return card


_FOLD = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "ł": "l", "Ł": "L", "ı": "i", "đ": "d"}
)


def _ascii(text: str) -> str:
    """ "Gonçalo" -> "goncalo", "van den Berg" -> "vandenberg", "O'Brien" -> "obrien"."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9-]", "", folded.decode().lower())


def _with_article(title: str) -> str:
    vowel_sound = title[:1] in "AEIOaeio" or title.startswith(("iOS", "Hon"))
    return f"{'an' if vowel_sound else 'a'} {title}"


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder, so it adds up exactly)."""
    scale = sum(weights)
    shares = [total * w / scale for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DemoGenerator:
    def __init__(
        self,
        *,
        people: int = 200,
        seed: int = 42,
        flows: bool = True,
        log: Callable[[str], None] | None = None,
    ):
        if people < MIN_PEOPLE:
            raise ValueError(f"A demo organization needs at least {MIN_PEOPLE} people.")
        self.n = people
        self.with_flows = flows
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.today = dt.date.today()
        self.specs: list[DepartmentSpec] = DEPARTMENTS[: department_count(people)]
        self.areas: list[AreaSpec] = [AREAS[spec.area] for spec in self.specs]
        self.topic_names = {t.slug: t.name for t in TOPICS}
        self.people: list[_Person] = []
        self.teams: list[list[int]] = []
        self._html_cache: dict[str, str] = {}
        # Who each person follows (person indexes), kept for choosing who replies and reacts.
        self.follow_targets: dict[int, list[int]] = {}
        self._bio_pools: dict[tuple[int, str], list[_Text]] = {}
        self._aspiration_pools: dict[tuple[str, int], list[_Text]] = {}

    # --- Running -------------------------------------------------------------------------------

    def run(self) -> DemoSummary:
        with self._phase("Organization, locations, departments and topics"):
            self._create_structure()
        start = time.perf_counter()
        self._plan_people()
        self.log(f"Planned {len(self.people)} people: {time.perf_counter() - start:.1f}s")
        with self._phase("Sign-in accounts"):
            self._create_sign_in_accounts()
        with self._phase("People and profiles"):
            self._create_people()
        with self._phase("Skills, interests and timelines"):
            self._create_profile_details()
        with self._phase("Follows and trusted colleagues"):
            self._create_network()
        with self._phase("Sign-in accounts' profiles"):
            self._fill_sign_in_profiles()
        if self.with_flows:
            # Notifications are sent when this phase's transaction commits (if outermost).
            with self._phase("Flows: posts, replies, reactions, thanks and notifications"):
                self._create_flows()
        return DemoSummary(
            people=User.objects.count(),
            departments=Department.objects.count(),
            locations=Location.objects.count(),
            topics=Topic.objects.count(),
        )

    @contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        with transaction.atomic():
            yield
        self.log(f"{name}: {time.perf_counter() - start:.1f}s")

    def _html(self, text: str) -> str:
        html = self._html_cache.get(text)
        if html is None:
            html = self._html_cache[text] = str(render_markdown(text))
        return html

    def _phrase(self, slug: str) -> str:
        """A topic's name as it reads inside a sentence ("statistics", "SQL", "Python")."""
        name = self.topic_names[slug]
        if slug in PROPER_NOUN_TOPICS or name[1:2].isupper():
            return name
        return name[0].lower() + name[1:]

    # --- Structure (through the actions) ---------------------------------------------------------

    def _create_structure(self) -> None:
        # The sign-up policy is left as it is: invite only, unless an admin changed it.
        update_organization(name=data.ORGANIZATION_NAME)
        self.locations = [
            save_location(name=spec.name, country=spec.country, timezone=spec.timezone)
            for spec in LOCATIONS
        ]
        self.location_index = {spec.name: i for i, spec in enumerate(LOCATIONS)}
        by_path: dict[tuple[str, ...], Department] = {}
        self.departments: list[Department] = []
        for spec in self.specs:
            parent = by_path.get(spec.path[:-1])
            existing = Department.objects.filter(parent=parent, name=spec.name).first()
            department = existing or save_department(
                name=spec.name, parent=parent, description=spec.description
            )
            by_path[spec.path] = department
            self.departments.append(department)
        self.topic_ids: dict[str, int] = {}
        for spec in TOPICS:
            topic = find_topic(spec.slug) or create_topic(
                name=spec.name, slug=spec.slug, description=spec.description
            )
            self.topic_ids[spec.slug] = topic.pk
            for synonym in spec.synonyms:
                if find_topic(synonym) is None:
                    add_synonym(topic, name=synonym)

    # --- The plan (pure Python, no queries) ------------------------------------------------------

    def _plan_people(self) -> None:
        rng = self.rng
        specs = self.specs
        dept_index = {spec.path: i for i, spec in enumerate(specs)}
        member_dept = dept_index[data.MEMBER["department"]]
        admin_dept = dept_index[data.ADMIN["department"]]

        # Department sizes: the executive office stays small; the rest share everyone else.
        exec_members = min(3, (self.n - len(specs)) // 60)
        counts = [
            exec_members,
            *_allocate(self.n - len(specs) - exec_members, [s.weight for s in specs[1:]]),
        ]
        for needed in (member_dept, admin_dept):
            if counts[needed] == 0:
                counts[counts.index(max(counts))] -= 1
                counts[needed] += 1

        people = self.people
        heads: list[int] = []
        for d, count in enumerate(counts):
            heads.append(len(people))
            team = [len(people)]
            people.append(_Person(index=len(people), dept=d, level=HEAD))
            for _ in range(count):
                team.append(len(people))
                level = 2 if d == 0 else rng.choices(range(4), LEVEL_WEIGHTS)[0]
                people.append(_Person(index=len(people), dept=d, level=level))
            self.teams.append(team)
        self.ceo = heads[0]

        # Heads report to the head of the department above (top-level heads to the CEO);
        # everyone else to the head of their own department.
        for p in people:
            if p.level != HEAD:
                p.manager = heads[p.dept]
            elif p.dept != 0:
                parent = dept_index.get(specs[p.dept].path[:-1])
                p.manager = heads[parent] if parent is not None else self.ceo

        member = people[self.teams[member_dept][1]]
        member.account, member.level = "member", 2
        admin = people[self.teams[admin_dept][1]]
        admin.account, admin.level = "admin", 1

        self._used_names: set[str] = set()
        self._email_counts: dict[str, int] = {}
        self._culture_weights = self._culture_weights_by_location()
        for account, spec in ((member, data.MEMBER), (admin, data.ADMIN)):
            account.full_name, account.email = spec["full_name"], spec["email"]
            account.title = spec["title"]
            account.location = self.location_index[spec["location"]]
            account.skills = list(spec["skills"])
            self._used_names.add(account.full_name)
            self._email_counts[account.email.split("@")[0]] = 1

        for p in people:
            if p.account:
                continue
            spec, area = specs[p.dept], self.areas[p.dept]
            p.location = self._pick_location(spec)
            p.full_name, p.email = self._make_name(p.location)
            p.title = self._make_title(p, area)
            self._plan_profile(p, spec, area)
        self._ensure_mentors(data.MEMBER["want_to_learn"])

    def _culture_weights_by_location(self) -> list[list[float]]:
        cultures = list(NAMES)
        self._cultures = cultures
        return [
            list(
                accumulate(data.BASELINE_CULTURE_WEIGHT + loc.cultures.get(c, 0) for c in cultures)
            )
            for loc in LOCATIONS
        ]

    def _pick_location(self, spec: DepartmentSpec) -> int:
        weights = spec.locations or data.DEFAULT_LOCATIONS
        names = list(weights)
        name = self.rng.choices(names, [weights[n] for n in names])[0]
        return self.location_index[name]

    def _pick_culture(self, location: int) -> str:
        cumulative = self._culture_weights[location]
        x = self.rng.random() * cumulative[-1]
        return self._cultures[bisect.bisect_right(cumulative, x)]

    def _make_name(self, location: int) -> tuple[str, str]:
        rng = self.rng
        first = last = ""
        for _attempt in range(6):
            culture = self._pick_culture(location)
            first = rng.choice(NAMES[culture][0])
            if rng.random() < data.MIXED_NAME_SHARE:
                culture = self._pick_culture(location)
            last = rng.choice(NAMES[culture][1])
            full_name, initial = f"{first} {last}", ""
            if full_name not in self._used_names:
                break
        else:
            # A common name already taken: tell namesakes apart with a middle initial.
            for _attempt in range(10):
                initial = rng.choice(string.ascii_uppercase)
                full_name = f"{first} {initial}. {last}"
                if full_name not in self._used_names:
                    break
        self._used_names.add(full_name)
        local = ".".join(part for part in (_ascii(first), initial.lower(), _ascii(last)) if part)
        n = self._email_counts.get(local, 0) + 1
        self._email_counts[local] = n
        if n > 1:
            local = f"{local}{n}"
        return full_name, f"{local}@{data.EMAIL_DOMAIN}"

    def _make_title(self, p: _Person, area: AreaSpec) -> str:
        if p.level == HEAD:
            return self.specs[p.dept].head_title
        if not area.levelled:
            titles = [*area.roles, *area.lead_roles]
            return titles[(self.teams[p.dept].index(p.index) - 1) % len(titles)]
        if p.level == 3:
            return self.rng.choice(area.lead_roles)
        prefix = (area.junior_prefix, "", "Senior ")[p.level]
        return prefix + self.rng.choice(area.roles)

    def _plan_profile(self, p: _Person, spec: DepartmentSpec, area: AreaSpec) -> None:
        rng = self.rng
        p.bio = self._bio(p, spec, area)
        skills = list(p.bio.skills)
        more = [t for t in area.topics if t not in skills]
        skills += rng.sample(more, min(rng.randint(0, 3), len(more)))
        n_cross = rng.randint(1, 2)
        if p.level == HEAD and "leadership" not in skills:
            skills.append("leadership")
            n_cross -= 1
        cross = [t for t in data.CROSS_CUTTING if t not in skills]
        skills += rng.sample(cross, n_cross)
        p.skills = skills
        p.ask = rng.sample(skills, rng.randint(1, 3))
        if p.level >= 2:
            p.mentor = rng.sample(skills, rng.randint(1, min(3, len(skills))))

        learn = [t for t in p.bio.learn if t not in skills]
        if rng.random() < (0.6 if p.level == HEAD else 0.75):
            p.aspirations = self._aspirations(p, area)
            learn += [t for t in p.aspirations.learn if t not in skills and t not in learn]
        target = rng.randint(1, 3)
        while len(learn) < target:
            topic = self._pick_learn(exclude=skills)
            if topic not in learn:
                learn.append(topic)
        p.learn = learn

        if p.level != HEAD and rng.random() >= ALL_PUBLIC_SHARE:
            fields = list(RESTRICTED_FIELD_WEIGHTS)
            weights = list(RESTRICTED_FIELD_WEIGHTS.values())
            p.visibility = {}
            for _ in range(rng.choices([1, 2, 3], [55, 30, 15])[0]):
                i = rng.choices(range(len(fields)), weights)[0]
                audience = Visibility.DEPARTMENT if rng.random() < 0.65 else Visibility.ONLY_ME
                p.visibility[fields.pop(i)] = audience
                weights.pop(i)

    def _pick_learn(self, *, exclude: list[str] | tuple[str, ...] = ()) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.6:
                topic = rng.choice(data.POPULAR_TO_LEARN)
            else:
                topic = rng.choice(rng.choice(self.areas).topics)
            if topic not in exclude:
                return topic

    def _bio(self, p: _Person, spec: DepartmentSpec, area: AreaSpec) -> _Text:
        pool = self._bio_pools.setdefault((p.dept, p.title), [])
        if len(pool) >= BIO_POOL_SIZE:
            return self.rng.choice(pool)
        rng = self.rng
        s1, s2 = rng.sample(area.topics, 2)
        learn = self._pick_learn(exclude=(s1, s2))
        values = {
            "title": p.title,
            "a_title": _with_article(p.title),
            "team": spec.name,
            "focus": spec.focus,
            "joined": rng.choice(data.JOINED[p.level]),
            "s1": self._phrase(s1),
            "s2": self._phrase(s2),
            "learn": self._phrase(learn),
            "hobby": rng.choice(data.HOBBIES),
        }
        if p.index == self.ceo:
            openers = data.CEO_OPENERS
        elif p.level == HEAD:
            openers = data.HEAD_OPENERS
        else:
            openers = data.BIO_OPENERS
        parts = [rng.choice(openers).format(**values)]
        as_list = rng.random() < 0.2
        if as_list:
            parts.append("\n\n" + rng.choice(data.BIO_SKILL_LISTS).format(**values))
        else:
            parts.append(" " + rng.choice(data.BIO_SKILLS).format(**values))
        closer = rng.random()
        learned: tuple[str, ...] = ()
        if closer < 0.4:
            sentence = rng.choice(data.BIO_CLOSERS_LEARNING).format(**values)
            learned = (learn,)
        elif closer < 0.75:
            sentence = rng.choice(data.BIO_CLOSERS_PERSONAL).format(**values)
        else:
            sentence = ""
        if sentence:
            parts.append(("\n\n" if as_list or rng.random() < 0.3 else " ") + sentence)
        text = "".join(parts)
        bio = _Text(text=text, html=self._html(text), skills=(s1, s2), learn=learned)
        pool.append(bio)
        return bio

    def _aspirations(self, p: _Person, area: AreaSpec) -> _Text:
        pool = self._aspiration_pools.setdefault((self.specs[p.dept].area, p.level), [])
        if len(pool) >= ASPIRATION_POOL_SIZE:
            return self.rng.choice(pool)
        rng = self.rng
        goal = rng.choice(data.ASPIRATION_GOALS[p.level])
        learn = rng.choice(data.POPULAR_TO_LEARN)
        template = rng.choice(data.ASPIRATION_TEMPLATES)
        text = template.format(goal=goal, learn=self._phrase(learn))
        text = text[0].upper() + text[1:]
        aspirations = _Text(
            text=text, html=self._html(text), learn=(learn,) if "{learn}" in template else ()
        )
        pool.append(aspirations)
        return aspirations

    def _ensure_mentors(self, topics: list[str], wanted: int = 3) -> None:
        """Make sure what the sign-in member wants to learn has a few mentors to find."""
        for topic in topics:
            have = sum(topic in p.mentor for p in self.people if not p.account)
            if have >= wanted:
                continue
            seniors = [p for p in self.people if not p.account and p.level >= 2]
            fitting = [p for p in seniors if topic in self.areas[p.dept].topics] or seniors
            fitting = [p for p in fitting if topic not in p.mentor]
            for p in self.rng.sample(fitting, min(wanted - have, len(fitting))):
                if topic not in p.skills:
                    p.skills.append(topic)
                if topic in p.learn and len(p.learn) > 1:
                    p.learn.remove(topic)
                elif topic in p.learn:
                    p.learn[0] = self._pick_learn(exclude=p.skills)
                p.mentor.append(topic)

    # --- Writing ----------------------------------------------------------------------------------

    def _create_sign_in_accounts(self) -> None:
        self.password_hash = make_password(data.PASSWORD)  # hashed once, shared by everyone
        for p in self.people:
            if not p.account:
                continue
            user = create_person(
                email=p.email,
                full_name=p.full_name,
                timezone_name=LOCATIONS[p.location].timezone,
                is_superuser=p.account == "admin",
            )
            user.password = self.password_hash
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            p.pk = user.pk

    def _create_people(self) -> None:
        # Bulk inserts (see the module docstring). bulk_create sends no post_save signal, so
        # the profiles the signal would create are inserted here too, already filled in.
        bulk = [p for p in self.people if not p.account]
        for chunk in _chunks(bulk, CHUNK):
            users = [
                User(
                    email=p.email,
                    full_name=p.full_name,
                    timezone=LOCATIONS[p.location].timezone,
                    password=self.password_hash,
                )
                for p in chunk
            ]
            User.objects.bulk_create(users, batch_size=BATCH_SIZE)
            if any(u.pk is None for u in users):  # databases that cannot return ids
                ids = dict(
                    User.objects.filter(email__in=[u.email for u in users]).values_list(
                        "email", "pk"
                    )
                )
                for u in users:
                    u.pk = ids[u.email]
            for p, u in zip(chunk, users, strict=True):
                p.pk = u.pk
            EmailAddress.objects.bulk_create(
                [
                    EmailAddress(user_id=p.pk, email=p.email, verified=True, primary=True)
                    for p in chunk
                ],
                batch_size=BATCH_SIZE,
            )
        for chunk in _chunks(bulk, CHUNK):
            Profile.objects.bulk_create(
                [self._profile_row(p) for p in chunk], batch_size=BATCH_SIZE
            )

    def _profile_row(self, p: _Person) -> Profile:
        visibility = {
            f"visibility_{name}": (p.visibility or {}).get(name, Visibility.EVERYONE)
            for name in OPTIONAL_FIELDS
        }
        return Profile(
            user_id=p.pk,
            title=p.title,
            department_id=self.departments[p.dept].pk,
            location_id=self.locations[p.location].pk,
            manager_id=self.people[p.manager].pk if p.manager is not None else None,
            bio=p.bio.text if p.bio else "",
            bio_html=p.bio.html if p.bio else "",
            aspirations=p.aspirations.text if p.aspirations else "",
            aspirations_html=p.aspirations.html if p.aspirations else "",
            **visibility,
        )

    def _create_profile_details(self) -> None:
        topic_ids = self.topic_ids
        kinds = (
            (TopicKind.SKILL, "skills"),
            (TopicKind.ASK_ME_ABOUT, "ask"),
            (TopicKind.WANT_TO_LEARN, "learn"),
            (TopicKind.CAN_MENTOR, "mentor"),
        )
        for chunk in _chunks([p for p in self.people if not p.account], CHUNK):
            topics, timeline = [], []
            for p in chunk:
                for kind, attr in kinds:
                    topics.extend(
                        ProfileTopic(user_id=p.pk, topic_id=topic_ids[slug], kind=kind)
                        for slug in getattr(p, attr)
                    )
                timeline.extend(self._timeline(p))
            ProfileTopic.objects.bulk_create(topics, batch_size=BATCH_SIZE)
            TimelineEntry.objects.bulk_create(timeline, batch_size=BATCH_SIZE)

    def _timeline(self, p: _Person) -> list[TimelineEntry]:
        rng, today = self.rng, self.today
        area = self.areas[p.dept]
        tenure = rng.randint(*TENURE_DAYS[p.level])
        start = today - dt.timedelta(days=tenure)
        entries = [
            TimelineEntry(
                user_id=p.pk,
                kind=TimelineKind.ROLE,
                title=p.title,
                detail=f"{self.specs[p.dept].name} team, {data.ORGANIZATION_NAME}",
                started_on=start,
            )
        ]
        options = ["previous_role", "learned", "milestone"]
        if p.level in (2, 3) and area.levelled and tenure > 400:
            options.append("promotion")
        for option in rng.sample(options, min(rng.randint(0, 3), len(options))):
            if option == "previous_role":
                ended = start - dt.timedelta(days=rng.randint(0, 60))
                if p.level == 0:
                    previous = "Intern"
                elif p.level == HEAD:
                    previous = rng.choice(area.lead_roles)
                else:
                    previous = rng.choice(area.roles)
                entries.append(
                    TimelineEntry(
                        user_id=p.pk,
                        kind=TimelineKind.ROLE,
                        title=f"{previous} at {rng.choice(data.COMPANIES)}",
                        started_on=ended - dt.timedelta(days=rng.randint(300, 1800)),
                        ended_on=ended,
                    )
                )
            elif option == "learned":
                topic = rng.choice(p.skills)
                began = start + dt.timedelta(days=rng.randint(0, max(0, tenure - 150)))
                entries.append(
                    TimelineEntry(
                        user_id=p.pk,
                        kind=TimelineKind.LEARNED,
                        title=rng.choice(data.LEARNED_TITLES).format(topic=self._phrase(topic)),
                        detail=rng.choice(data.LEARNED_DETAILS),
                        started_on=began,
                        ended_on=min(today, began + dt.timedelta(days=rng.randint(14, 120))),
                    )
                )
            elif option == "milestone":
                entries.append(
                    TimelineEntry(
                        user_id=p.pk,
                        kind=TimelineKind.MILESTONE,
                        title=rng.choice(area.milestones + data.GENERIC_MILESTONES),
                        started_on=start + dt.timedelta(days=rng.randint(30, max(30, tenure))),
                    )
                )
            else:
                # Promoted here: the current title starts later, the one before it at joining.
                promoted = today - dt.timedelta(days=rng.randint(30, tenure - 200))
                entries[0].started_on = promoted
                if p.level == 3:
                    earlier = "Senior " + rng.choice(area.roles)
                else:
                    earlier = p.title.removeprefix("Senior ")
                entries.append(
                    TimelineEntry(
                        user_id=p.pk,
                        kind=TimelineKind.ROLE,
                        title=earlier,
                        detail=entries[0].detail,
                        started_on=start,
                        ended_on=promoted - dt.timedelta(days=1),
                    )
                )
        for entry in entries:  # a milestone "30 days in" for someone who joined last week
            entry.started_on = min(entry.started_on, today)
        return entries

    def _follow_targets(self, p: _Person) -> list[int]:
        rng = self.rng
        team = self.teams[p.dept]
        targets: set[int] = set()
        if p.manager is not None and rng.random() < 0.9:
            targets.add(p.manager)
        n_team = min(len(team), rng.randint(3, 7) + 1)
        targets.update(rng.sample(team, n_team))
        for _ in range(rng.randint(1, 3)):
            targets.add(rng.randrange(len(self.people)))
        if rng.random() < 0.3:
            targets.add(self.ceo)
        targets.discard(p.index)
        return sorted(targets)

    def _create_network(self) -> None:
        rng, people = self.rng, self.people
        for chunk in _chunks([p for p in people if not p.account], CHUNK):
            follows, trusted = [], []
            for p in chunk:
                targets = self._follow_targets(p)
                self.follow_targets[p.index] = targets
                follows.extend(Follow(follower_id=p.pk, user_id=people[i].pk) for i in targets)
                interests = list(dict.fromkeys(p.skills + p.learn))
                follows.extend(
                    Follow(follower_id=p.pk, topic_id=self.topic_ids[slug])
                    for slug in rng.sample(interests, min(len(interests), rng.randint(2, 4)))
                )
                for i in rng.sample(targets, min(len(targets), rng.randint(1, 4))):
                    colleague = people[i]
                    note = ""
                    if rng.random() < 0.3:
                        topic = rng.choice(colleague.skills) if colleague.skills else "leadership"
                        note = rng.choice(data.TRUST_NOTES).format(topic=self._phrase(topic))
                    trusted.append(
                        TrustedColleague(owner_id=p.pk, colleague_id=colleague.pk, note=note)
                    )
            Follow.objects.bulk_create(follows, batch_size=BATCH_SIZE)
            TrustedColleague.objects.bulk_create(trusted, batch_size=BATCH_SIZE)

    def _fill_sign_in_profiles(self) -> None:
        users = {p.account: p for p in self.people if p.account}
        for account, spec in (("member", data.MEMBER), ("admin", data.ADMIN)):
            p = users[account]
            user = User.objects.get(pk=p.pk)
            manager = User.objects.get(pk=self.people[p.manager].pk)
            people_actions.update_profile(
                user,
                title=p.title,
                department=self.departments[p.dept],
                location=self.locations[p.location],
                manager=manager,
                bio=spec["bio"],
                aspirations=spec.get("aspirations", ""),
            )
            for kind, key in (
                (TopicKind.SKILL, "skills"),
                (TopicKind.ASK_ME_ABOUT, "ask_me_about"),
                (TopicKind.WANT_TO_LEARN, "want_to_learn"),
                (TopicKind.CAN_MENTOR, "can_mentor"),
            ):
                if spec.get(key):
                    people_actions.set_profile_topics(user, kind=kind, names=spec[key])
            for kind, title, detail, began, ended in spec.get("timeline", []):
                people_actions.add_timeline_entry(
                    user,
                    kind=kind,
                    title=title,
                    detail=detail,
                    started_on=self.today - dt.timedelta(days=round(began * 365)),
                    ended_on=self.today - dt.timedelta(days=round(ended * 365))
                    if ended is not None
                    else None,
                )
            for slug in spec.get("follow_topics", []):
                network_actions.follow_topic(user, topic=Topic.objects.get(pk=self.topic_ids[slug]))
            for path in spec.get("follow_departments", []):
                department = self.departments[self._dept_index(path)]
                network_actions.follow_department(user, department=department)
            targets = self._follow_targets(p)
            self.follow_targets[p.index] = targets
            colleagues = {
                u.pk: u for u in User.objects.filter(pk__in=[self.people[i].pk for i in targets])
            }
            for i in targets:
                network_actions.follow_person(user, person=colleagues[self.people[i].pk])
            for n, i in enumerate(self.rng.sample(targets, min(3, len(targets)))):
                colleague = self.people[i]
                note = ""
                if n == 0 and colleague.skills:
                    note = f"My go-to for {self._phrase(colleague.skills[0])}."
                network_actions.trust_colleague(user, colleague=colleagues[colleague.pk], note=note)

    # --- Flows (through the actions) -------------------------------------------------------------

    def _dept_index(self, path: tuple[str, ...] | list[str]) -> int:
        path = tuple(path)
        return next(i for i, spec in enumerate(self.specs) if spec.path == path)

    def _create_flows(self) -> None:
        self.now = timezone.now()
        flows = self._plan_flows()
        # The admin pins announcements (a superuser may anyway; the permission says it openly).
        admin = next(p for p in self.people if p.account == "admin")
        announce = Permission.objects.get(
            codename="announce", content_type=ContentType.objects.get_for_model(Post)
        )
        User.objects.get(pk=admin.pk).user_permissions.add(announce)

        involved = {f.author for f in flows}
        involved.update(i for _flow, i, _kind in self._reactions)
        involved.update(i for _flow, i, _message in self._thanks)
        loaded = User.objects.select_related("profile").in_bulk(
            [self.people[i].pk for i in involved]
        )
        users = {i: loaded[self.people[i].pk] for i in involved}
        # Oldest first, so ids follow time; a reply always comes after its parent. Questions go
        # to the help app: their replies are answers, replies to those are comments.
        questions: dict[int, Question] = {}
        for flow in sorted(flows, key=lambda f: (f.at, f.seq)):
            department = self.departments[flow.dept] if flow.dept is not None else None
            author = users[flow.author]
            if flow.kind == "question" and flow.parent is None and not flow.announcement:
                question = help_actions.ask_question(
                    author,
                    title=question_title(flow.body),
                    body=flow.body,
                    audience=Audience.DEPARTMENT if department else Audience.EVERYONE,
                    department=department,
                    created_at=flow.at,
                )
                flow.post = question.post
                questions[question.pk] = question
            elif flow.root is not None and flow.root.post.pk in questions:
                question = questions[flow.root.post.pk]
                target = flow.parent.post
                if target.kind == "question":
                    flow.post = help_actions.answer_question(
                        author, question, body=flow.body, created_at=flow.at
                    )
                else:
                    if target.kind == "comment":  # comments go on the answer
                        target = Post.objects.get(pk=target.parent_id)
                    flow.post = help_actions.comment_on(
                        author, target, body=flow.body, created_at=flow.at
                    )
            else:
                flow.post = posts_actions.create_post(
                    author,
                    body=flow.body,
                    audience=Audience.DEPARTMENT if department else Audience.EVERYONE,
                    department=department,
                    parent=flow.parent.post if flow.parent else None,
                    is_announcement=flow.announcement,
                    created_at=flow.at,
                )
        self._settle_questions(questions, flows, users)
        for flow, i, kind in self._reactions:
            posts_actions.add_reaction(users[i], flow.post, kind=kind)
        for flow, i, message in self._thanks:
            posts_actions.thank_author(users[i], flow.post, message=message)
        # Registered after the actions' own callbacks, so it runs once the notifications exist.
        transaction.on_commit(lambda: self._settle_notifications(flows), robust=True)

    def _settle_questions(self, questions: dict, flows: list[_Flow], users: dict) -> None:
        """Askers accept an answer to about half of their answered questions and close repeats
        as duplicates; colleagues who can see an answer vote for some (deterministic, from the
        demo's seed)."""
        rng = self.rng
        by_post = {f.post.pk: f for f in flows if f.post is not None}
        answers: dict[int, list[Post]] = {}
        for flow in flows:
            if flow.post is not None and flow.post.kind == "answer":
                answers.setdefault(flow.post.root_id, []).append(flow.post)
        # The same question asked again later (the decks repeat): closed as a duplicate of the
        # first, as its asker would once shown the original.
        first_by_title: dict[str, Question] = {}
        for qid in sorted(questions):
            question = questions[qid]
            original = first_by_title.setdefault(question.post.title, question)
            if original is not question and self._can_see(
                by_post[qid].author, by_post[original.pk]
            ):
                help_actions.mark_duplicate(users[by_post[qid].author], question, original=original)
        for qid in sorted(questions):
            given = answers.get(qid, [])
            if given and rng.random() < 0.5:
                help_actions.accept_answer(users[by_post[qid].author], rng.choice(given))
            for answer in given:
                voters = [i for i in users if self._can_see(i, by_post[qid])]
                for i in rng.sample(voters, min(len(voters), rng.choice([0, 0, 1, 2, 3]))):
                    if users[i].pk != answer.author_id:
                        help_actions.vote_answer(users[i], answer)

    def _settle_notifications(self, flows: list[_Flow]) -> None:
        """Date the flows' notifications when their events happened; older ones are read.

        The actions notify at commit time, so every notification would otherwise say "just
        now". One UPDATE per row, sent in a batch (bulk_update's CASE per row is much slower).
        """
        by_post = {f.post.pk: f for f in flows if f.post is not None}
        read_before = self.now - dt.timedelta(days=NOTIFICATIONS_READ_AFTER_DAYS)
        at_post_time = {
            NotificationKind.MENTION,
            NotificationKind.REPLY,
            NotificationKind.ANSWER,
            NotificationKind.COMMENT,
        }
        adapt = connection.ops.adapt_datetimefield_value
        rows = []
        for pk, kind, post_id in Notification.objects.filter(
            kind__in=[
                *at_post_time,
                NotificationKind.REACTION,
                NotificationKind.THANKS,
                NotificationKind.ACCEPTED_ANSWER,
            ],
            post_id__isnull=False,
        ).values_list("pk", "kind", "post_id"):
            flow = by_post.get(post_id)
            if flow is None:
                continue
            when = flow.at if kind in at_post_time else (flow.last_activity or flow.at)
            read = None
            if when < read_before:
                read = min(self.now, when + dt.timedelta(hours=1 + pk % 20))
            rows.append((adapt(when), adapt(read), pk))
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                # Identifiers come from the model; values are parameters.
                f"UPDATE {quote(Notification._meta.db_table)} SET {quote('created_at')} = %s, "  # noqa: S608
                f"{quote('read_at')} = %s WHERE {quote('id')} = %s",
                rows,
            )

    # --- The flows' plan (pure Python, no queries) -----------------------------------------------

    def _plan_flows(self) -> list[_Flow]:
        self._flows: list[_Flow] = []
        self._reactions: list[tuple[_Flow, int, str]] = []
        self._thanks: list[tuple[_Flow, int, str]] = []
        self._index_people()
        member = next(p.index for p in self.people if p.account == "member")
        rng = self.rng
        decks = {
            "generic": _Deck(data.GENERIC_FLOWS, rng),
            "areas": {area: _Deck(items, rng) for area, items in data.AREA_FLOWS.items()},
            "replies": {kind: _Deck(items, rng) for kind, items in data.REPLIES.items()},
            "thanks": _Deck(data.THANKS_MESSAGES, rng),
        }

        self._plan_announcements()
        scripted = self._plan_member_flows(member)
        total = min(int(FLOWS_PER_PERSON * self.n), MAX_FLOWS)
        planned = sum(1 for f in self._flows if f.root is None and not f.announcement)
        for flow in self._plan_roots(total - planned, member):
            self._compose(flow, decks)
        roots = sorted((f for f in self._flows if f.root is None), key=lambda f: (f.at, f.seq))
        for root in roots:
            if root.announcement or root in scripted:
                continue
            pull = 1.3 if self.people[root.author].level == HEAD else 1.0
            self._plan_thread(root, decks)
            self._plan_reactions(root, data.REACTION_BASE[root.kind] * pull)
            self._plan_thanks(root, decks)
        for reply in [f for f in self._flows if f.root is not None]:
            if self.rng.random() < 0.2:
                self._plan_reactions(reply, 0.8)
        return self._flows

    def _index_people(self) -> None:
        self._zones = [zoneinfo.ZoneInfo(spec.timezone) for spec in LOCATIONS]
        self._followers: dict[int, list[int]] = {}
        for follower, targets in self.follow_targets.items():
            for target in targets:
                self._followers.setdefault(target, []).append(follower)
        self._skilled: dict[str, list[int]] = {}
        self._interested: dict[str, list[int]] = {}
        for p in self.people:
            for slug in p.skills:
                self._skilled.setdefault(slug, []).append(p.index)
                self._interested.setdefault(slug, []).append(p.index)
            for slug in p.learn:
                self._interested.setdefault(slug, []).append(p.index)
        self._unmentioned = {p.index for p in self.people if p.account == "admin"}
        self._subtrees: dict[int, list[int]] = {}
        self._subtree_depts: dict[int, frozenset[int]] = {}

    def _new_flow(self, **kwargs) -> _Flow:
        flow = _Flow(seq=len(self._flows), **kwargs)
        self._flows.append(flow)
        return flow

    def _members_under(self, d: int) -> list[int]:
        """Everyone in department `d` or a team under it: who sees a post for `d`."""
        if d not in self._subtrees:
            path = self.specs[d].path
            depts = [e for e, spec in enumerate(self.specs) if spec.path[: len(path)] == path]
            self._subtree_depts[d] = frozenset(depts)
            self._subtrees[d] = [i for e in depts for i in self.teams[e]]
        return self._subtrees[d]

    def _can_see(self, i: int, flow: _Flow) -> bool:
        root = flow.root or flow
        if root.dept is None:
            return True
        self._members_under(root.dept)
        return self.people[i].dept in self._subtree_depts[root.dept]

    def _mention(self, i: int) -> str:
        return "@" + self.people[i].email.split("@")[0]

    def _tag(self, slug: str) -> str:
        return "#" + slug

    def _pick_new(self, pool: list[int], used: set[int]) -> int:
        fresh = [i for i in pool if i not in used]
        return self.rng.choice(fresh or pool)

    def _workday_time(self, author: int, days_ago: int) -> dt.datetime:
        """A moment in the author's working day `days_ago` days ago (never in the future)."""
        rng = self.rng
        zone = self._zones[self.people[author].location]
        seconds = rng.randint(*WORKDAY_SECONDS)
        works_weekends = rng.random() < 0.1
        day = self.now.astimezone(zone).date() - dt.timedelta(days=days_ago)
        at = dt.datetime.combine(day, dt.time(), tzinfo=zone) + dt.timedelta(seconds=seconds)
        while at > self.now - dt.timedelta(minutes=10):
            at -= dt.timedelta(days=1)
        if at.weekday() >= 5 and not works_weekends:
            at -= dt.timedelta(days=at.weekday() - 4)  # back to Friday
        return at.astimezone(dt.UTC)

    def _after(self, when: dt.datetime, *, mean_minutes: float = 150) -> dt.datetime:
        """A little later than `when` (minutes to a day or two), but not in the future."""
        rng = self.rng
        minutes = min(4 + rng.expovariate(1 / mean_minutes), 48 * 60)
        share = 0.2 + 0.7 * rng.random()
        at = when + dt.timedelta(minutes=minutes)
        latest = self.now - dt.timedelta(minutes=1)
        if at > latest:
            at = when + (latest - when) * share
        return at

    def _plan_roots(self, count: int, member: int) -> list[_Flow]:
        """Who starts threads, and when: most people now and then, some often, many never."""
        rng = self.rng
        followed = set(self.follow_targets.get(member, []))
        weights = []
        for p in self.people:
            weight = 0.0
            if not p.account:
                if rng.random() >= LURKER_SHARE:
                    weight = min(6.0, rng.paretovariate(1.5)) * (1.3 if p.level == HEAD else 1)
                if p.index in followed:  # the member's feed shows the people she follows
                    weight = max(weight, 1.0) * 2.5
            weights.append(weight)
        cumulative = list(accumulate(weights))
        roots = []
        for _ in range(max(0, count)):
            author = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
            days_ago = int(FLOW_DAYS * rng.random() ** RECENCY)
            at = self._workday_time(author, days_ago)
            roots.append(self._new_flow(author=author, at=at, kind=""))
        # Texts are dealt in time order, so neighbours in a feed never share a template.
        roots.sort(key=lambda f: (f.at, f.seq))
        return roots

    def _compose(self, flow: _Flow, decks: dict) -> None:
        rng = self.rng
        p = self.people[flow.author]
        own = set(p.skills) | set(p.learn)
        area_deck = decks["areas"].get(self.specs[p.dept].area)
        deck = area_deck if area_deck and rng.random() < AREA_TEMPLATE_SHARE else decks["generic"]
        template: FlowTemplate = deck.draw(lambda t: not t.needs or bool(own & set(t.needs)))

        def mentionable(pool) -> list[int]:
            """Colleagues to @mention: not the author, nor the admin ("@admin" reads like a role)."""
            return [i for i in dict.fromkeys(pool) if i != p.index and i not in self._unmentioned]

        colleagues = []
        if rng.random() < DEPARTMENT_ONLY_SHARE:
            colleagues = mentionable(self._members_under(p.dept))  # who will see the post
            flow.dept = p.dept if len(colleagues) >= 2 else None
        if flow.dept is None:
            colleagues = mentionable(self.teams[p.dept])
            if len(colleagues) < 2:  # a team of one or two: people they follow, the leadership
                colleagues = mentionable(
                    [*colleagues, *self.follow_targets.get(p.index, []), *self.teams[0]]
                )
        values, flow.topic = self._slots(template, flow, colleagues)
        flow.kind = template.kind
        flow.body = template.text.format(**values)

    def _slots(
        self, template: FlowTemplate, flow: _Flow, colleagues: list[int]
    ) -> tuple[dict[str, object], str]:
        """Values for a template's slots (all of them, so the random stream is always the same)."""
        rng = self.rng
        p = self.people[flow.author]
        area = self.areas[p.dept]
        text = template.text
        literal = _LITERAL_TAG.findall(text)
        own = set(p.skills) | set(p.learn)

        def without_literal(slugs) -> list[str]:
            return [s for s in slugs if s not in literal]

        topics = (
            without_literal(t for t in template.topics if t in own)
            or without_literal(template.topics)
            or without_literal(s for s in p.skills if s in area.topics)
            or without_literal(p.skills)
            or list(p.skills)
        )
        topic = rng.choice(topics)
        seconds = without_literal(s for s in dict.fromkeys([*p.skills, *area.topics]) if s != topic)
        topic2 = rng.choice(seconds or [topic])
        learns = [s for s in p.learn if s in template.needs] if template.needs else []
        learns = learns or without_literal(p.learn) or without_literal(data.POPULAR_TO_LEARN)
        learn = rng.choice(learns)
        colleague = rng.choice(colleagues)
        colleague2 = self._pick_new(colleagues, {colleague})
        expert = self._expert(topic, flow, {p.index})
        learn_expert = self._expert(learn, flow, {p.index})
        book = rng.choice([b for b in data.BOOKS if own & set(b.topics)] or data.BOOKS)
        book_topics = sorted(book.topics, key=lambda s: s not in own)[:2]
        link = rng.choice([lk for lk in data.LINKS if own & set(lk.topics)] or data.LINKS)
        link_topics = sorted(link.topics, key=lambda s: s not in own)[:2]
        cities = [spec.name for i, spec in enumerate(LOCATIONS) if i != p.location]
        values = {
            "topic": self._phrase(topic),
            "tag": self._tag(topic),
            "topic2": self._phrase(topic2),
            "tag2": self._tag(topic2),
            "learn": self._phrase(learn),
            "learn_tag": self._tag(learn),
            "colleague": self._mention(colleague),
            "colleague2": self._mention(colleague2),
            "expert": self._mention(expert if expert is not None else colleague),
            "learn_expert": self._mention(learn_expert if learn_expert is not None else colleague),
            "customer": rng.choice(data.CUSTOMERS),
            "project": rng.choice(data.PROJECTS[self.specs[p.dept].area]),
            "team": self.specs[p.dept].name,
            "city": LOCATIONS[p.location].name,
            "other_city": rng.choice(cities),
            "n": rng.randint(3, 9),
            "pct": rng.randint(12, 48),
            "seats": f"{rng.randrange(150, 2500, 50):,}",
            "emails": rng.randrange(120, 420, 10),
            "rows": rng.randrange(200, 950, 50),
            "ms_before": rng.randrange(700, 2400, 10),
            "ms_after": rng.randrange(40, 180, 5),
            "minutes": rng.randint(12, 55),
            "weeks": rng.randint(2, 8),
            "version": f"{rng.randint(3, 5)}.{rng.randint(0, 19)}.0",
            "book": book.title,
            "book_idea": book.idea,
            "book_idea_cap": book.idea[0].upper() + book.idea[1:],
            "book_topic": self._phrase(book_topics[0]),
            "book_tags": " ".join(self._tag(s) for s in book_topics),
            "link_title": link.title,
            "link_url": link.url,
            "link_blurb": link.blurb,
            "link_topic": self._phrase(link_topics[0]),
            "link_tags": " ".join(self._tag(s) for s in link_topics),
        }
        if values.keys() != FLOW_SLOTS:  # the templates' tests rely on FLOW_SLOTS
            raise RuntimeError(f"Flow slots out of sync: {values.keys() ^ FLOW_SLOTS}")
        if "{book" in text:
            main = book_topics[0]
        elif "{link_" in text:
            main = link_topics[0]
        elif "{learn_tag}" in text and "{tag}" not in text:
            main = learn
        elif "{tag}" in text or "{topic}" in text or not literal:
            main = topic
        else:
            main = literal[0]
        return values, main

    def _expert(self, slug: str, flow: _Flow, exclude: set[int]) -> int | None:
        """Someone skilled in `slug` who can see the flow, or None."""
        rng = self.rng
        root = flow.root or flow
        if root.dept is None:
            skilled = self._skilled.get(slug, [])
            for _attempt in range(4):
                i = rng.choice(skilled) if skilled else None
                if i is not None and i not in exclude and i not in self._unmentioned:
                    return i
            return None
        fitting = [
            i
            for i in self._members_under(root.dept)
            if i not in exclude and i not in self._unmentioned and slug in self.people[i].skills
        ]
        return rng.choice(fitting) if fitting else None

    def _participant(self, flow: _Flow, used: set[int]) -> int | None:
        """Someone who replies to or reacts on a flow: mostly people who follow its author,
        teammates and people who share its topic, always someone who can see it."""
        rng = self.rng
        root = flow.root or flow
        if root.announcement:
            for _attempt in range(10):
                i = rng.randrange(len(self.people))
                if i not in used:
                    return i
            return None
        author = self.people[flow.author]
        sources = (
            self._followers.get(flow.author, []),
            self.teams[author.dept],
            self._interested.get(root.topic, []),
        )
        for _attempt in range(8):
            source = rng.choices(sources, REPLIER_SOURCE_WEIGHTS)[0]
            if not source:
                continue
            i = rng.choice(source)
            if i not in used and i != flow.author and self._can_see(i, root):
                return i
        pool = self._members_under(root.dept) if root.dept is not None else self.teams[author.dept]
        fresh = [i for i in pool if i not in used and i != flow.author]
        return rng.choice(fresh) if fresh else None

    def _reply(self, root: _Flow, parent: _Flow, author: int, body: str, after: _Flow) -> _Flow:
        return self._new_flow(
            author=author,
            at=self._after(after.at),
            kind="reply",
            body=body,
            topic=root.topic,
            parent=parent,
            root=root,
        )

    def _plan_thread(self, root: _Flow, decks: dict) -> None:
        """Replies from colleagues; the thread starter sometimes answers one of them."""
        rng = self.rng
        if rng.random() >= data.REPLY_CHANCE.get(root.kind, data.DEFAULT_REPLY_CHANCE):
            return
        count = rng.choices(list(REPLY_COUNT_WEIGHTS), list(REPLY_COUNT_WEIGHTS.values()))[0]
        used = {root.author}
        last = root
        for _ in range(count):
            author = self._participant(root, used)
            if author is None:
                break
            used.add(author)
            colleague = self._expert(root.topic, root, {author, root.author})
            if colleague is None:
                team = self.teams[self.people[author].dept]
                team = [i for i in team if i not in self._unmentioned] or team
                colleague = self._pick_new(team, {author})
            reply = decks["replies"][root.kind].draw()
            body, answer = (reply, None) if isinstance(reply, str) else reply
            body = body.format(colleague=self._mention(colleague), topic=self._phrase(root.topic))
            parent = last if last is not root and rng.random() < 0.15 else root
            last = self._reply(root, parent, author, body, last)
            if answer and rng.random() < 0.35:
                last = self._reply(root, last, root.author, answer, last)

    def _plan_reactions(self, flow: _Flow, mean: float, count: int | None = None) -> None:
        rng = self.rng
        weights = data.REACTIONS[flow.kind]
        kinds, kind_weights = list(weights), list(weights.values())
        if count is None:
            noticed = rng.random() < REACTED_SHARE
            count = (
                min(30, int(mean / REACTED_SHARE * rng.expovariate(1.0) + 0.5)) if noticed else 0
            )
        used = {flow.author}
        for _ in range(count):
            who = self._participant(flow, used)
            if who is None:
                break
            used.add(who)
            first = rng.choices(kinds, kind_weights)[0]
            self._reactions.append((flow, who, first))
            if rng.random() < 0.08:
                second = rng.choices(kinds, kind_weights)[0]
                if second != first:
                    self._reactions.append((flow, who, second))
        if count:
            self._touch(flow, self._after(flow.at, mean_minutes=600))

    def _touch(self, flow: _Flow, when: dt.datetime) -> None:
        flow.last_activity = max(when, flow.last_activity or when)

    def _plan_thanks(self, root: _Flow, decks: dict) -> None:
        """A few public thanks: for helpful posts, and for the answer to a question."""
        rng = self.rng
        if root.kind in ("fix", "lesson", "link", "notes", "til", "feedback"):
            if rng.random() < 0.06:
                who = self._participant(root, {root.author})
                if who is not None:
                    self._thanks.append((root, who, decks["thanks"].draw()))
                    self._touch(root, self._after(root.at, mean_minutes=600))
        elif root.kind == "question" and rng.random() < 0.3:
            answer = next(
                (f for f in self._flows if f.root is root and f.author != root.author), None
            )
            if answer is not None:
                self._thanks.append((answer, root.author, rng.choice(data.THANKS_FOR_ANSWERS)))
                self._touch(answer, self._after(answer.at))

    def _plan_announcements(self) -> None:
        admin = next(p.index for p in self.people if p.account == "admin")
        start = self.today + dt.timedelta(days=14 - self.today.weekday())  # Monday after next
        learning_week = f"{start:%A} {start.day} {start:%B}"
        for days_ago, text, replies in data.ANNOUNCEMENTS:
            flow = self._new_flow(
                author=admin,
                at=self._workday_time(admin, days_ago),
                kind="announcement",
                body=text.format(learning_week=learning_week),
                announcement=True,
            )
            used = {admin}
            last = flow
            for body in replies:
                who = self._participant(flow, used)
                if who is None:
                    break
                used.add(who)
                last = self._reply(flow, flow, who, body, last)
            count = min(40, max(12, self.n // 15)) + self.rng.randint(0, 6)
            self._plan_reactions(flow, 0, count=min(count, self.n - 1))

    def _plan_member_flows(self, member: int) -> set[_Flow]:
        """The sign-in member's own threads (with their replies), and posts mentioning her."""
        rng = self.rng
        p = self.people[member]
        roles = {
            "team": [i for i in self.teams[p.dept] if i != member],
            "data": self.teams[self._dept_index(("Engineering", "Data & AI"))],
            "web": self.teams[self._dept_index(("Engineering",))],
            "people": [
                i
                for i in self.teams[self._dept_index(("People & Culture",))]
                if not self.people[i].account
            ],
        }
        scripted = set()
        for days_ago, kind, text, replies in data.MEMBER_FLOWS:
            root = self._new_flow(
                author=member,
                at=self._workday_time(member, days_ago),
                kind=kind,
                body=text,
                topic=_LITERAL_TAG.findall(text)[0],
            )
            scripted.add(root)
            used = {member}
            last = root
            for who, body in replies:
                if who == "author":
                    last = self._reply(root, last, member, body, last)
                    continue
                if who == "manager":
                    author = p.manager
                elif who == "any":
                    author = self._participant(root, used)
                else:
                    author = self._pick_new(roles[who], used)
                if author is None:
                    continue
                used.add(author)
                last = self._reply(root, root, author, body, last)
            self._plan_reactions(root, 0, count=rng.randint(5, 10))
        for days_ago, who, kind, text in data.MEMBER_MENTION_FLOWS:
            author = self._pick_new(roles[who], {member})
            others = [i for i in roles[who] if i not in (member, author)] or roles["team"]
            colleague = self._pick_new(others, {member, author})
            body = text.format(
                member=self._mention(member),
                colleague=self._mention(colleague),
                minutes=rng.randint(12, 40),
            )
            self._new_flow(
                author=author,
                at=self._workday_time(author, days_ago),
                kind=kind,
                body=body,
                topic=_LITERAL_TAG.findall(text)[0],
            )
        return scripted


def load_demo(
    *,
    people: int = 200,
    seed: int = 42,
    flows: bool = True,
    log: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Create the demo organization in the current database (expected to have no people).

    flows=False leaves out the posts (for benchmarks that generate their own).
    """
    summary = DemoGenerator(people=people, seed=seed, flows=flows, log=log).run()
    # A bulk load leaves the query planner's statistics stale (PostgreSQL's autovacuum catches
    # up only later; SQLite never gathers them on its own), so refresh them now.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM also sets the visibility map, so index-only scans skip the heap.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    # The rows went in with bulk_create, past the actions that forget the name-search indexes.
    forget_people_names()
    forget_topic_names()
    return summary
