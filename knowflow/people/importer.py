"""Importing people and departments from a CSV file, as an HR or IT system exports it.

`import_people` reads the whole file, checks every row and works out every change before it
writes anything; then it applies those changes in one transaction, so a file is imported
completely or not at all. People are keyed by email (case-insensitive), which makes the import
idempotent: running the same file twice changes nothing the second time.

Writes go through the product's actions (create_person, update_profile, set_profile_topics,
get_or_create_department_path, save_location), so imported data is the same as typed-in data.
The file format is described in docs/subsystems/people-import.md.
"""

from __future__ import annotations

import csv
import io
import os
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from knowflow.accounts.actions import (
    create_person,
    normalize_email,
    set_account_active,
    update_account,
)
from knowflow.org.actions import get_or_create_department_path, save_location
from knowflow.org.models import Department, Location
from knowflow.topics.models import Topic
from knowflow.topics.queries import find_topic, topic_slug

from .actions import MAX_TOPICS_PER_KIND, set_profile_topics, update_profile
from .models import Profile, ProfileTopic, TopicKind

User = get_user_model()

REQUIRED_COLUMNS = ("email", "full_name")
TOPIC_COLUMNS: dict[str, str] = {
    "skills": TopicKind.SKILL,
    "can_mentor": TopicKind.CAN_MENTOR,
    "want_to_learn": TopicKind.WANT_TO_LEARN,
    "ask_me_about": TopicKind.ASK_ME_ABOUT,
}
OPTIONAL_COLUMNS = (
    "title",
    "department",
    "location",
    "manager_email",
    "timezone",
    *TOPIC_COLUMNS,
    "active",
)
COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)

TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})

# Cell limits come from the models, so they cannot drift apart.
MAX_LENGTHS = {
    "email": User._meta.get_field("email").max_length,
    "full_name": User._meta.get_field("full_name").max_length,
    "title": Profile._meta.get_field("title").max_length,
    "department": Department._meta.get_field("name").max_length,  # each part of the path
    "location": Location._meta.get_field("name").max_length,
}
MAX_TOPIC_LENGTH = Topic._meta.get_field("name").max_length

_CHUNK = 500  # ids or emails per IN (...) query


# --- Results and errors -----------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the file (line 1 is the header)."""

    line: int
    message: str


class PeopleImportError(Exception):
    """The file cannot be imported; nothing was written.

    `message` is one line for the whole file; `errors` lists the problems of individual lines
    (empty when the file as a whole is unusable: missing, empty, not UTF-8, no header).
    """

    def __init__(self, message: str, errors: list[RowError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


@dataclass(frozen=True)
class PersonChange:
    """What the import does (or, in a dry run, would do) to the person of one row.

    `action` is "created", "updated", "deactivated" or "unchanged"; `fields` names the
    columns whose values change (for an update or deactivation).
    """

    line: int
    email: str
    action: str
    fields: tuple[str, ...] = ()


@dataclass
class ImportResult:
    name: str
    dry_run: bool
    people: list[PersonChange] = field(default_factory=list)
    departments_created: int = 0
    locations_created: int = 0

    def _count(self, action: str) -> int:
        return sum(1 for p in self.people if p.action == action)

    @property
    def created(self) -> int:
        return self._count("created")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def deactivated(self) -> int:
        return self._count("deactivated")

    @property
    def summary(self) -> str:
        """One line, e.g. "Imported people.csv: 3 created, 2 updated, 10 unchanged; 1 location
        created." (deactivations, departments and locations are mentioned when there are any)."""
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.deactivated:
            counts += f", {self.deactivated} deactivated"
        org = []
        if self.departments_created:
            org.append(_plural(self.departments_created, "department"))
        if self.locations_created:
            org.append(_plural(self.locations_created, "location"))
        if org:
            counts += "; " + " and ".join(org) + " created"
        if self.dry_run:
            return f"Dry run of {self.name}, nothing was written; it would give: {counts}."
        return f"Imported {self.name}: {counts}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- Reading the file -------------------------------------------------------------------------

Source = str | os.PathLike | bytes | IO[Any] | Iterable[str] | Iterable[Mapping[str, Any]]


@dataclass
class _Table:
    header: list[str]  # the header's cells as written
    header_line: int
    records: list[tuple[int, list[str]]]  # (first line of the record, cells); blank rows dropped


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PeopleImportError(f"{name}: the file is UTF-16 text; save or export it as UTF-8 CSV.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PeopleImportError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save or export the file as UTF-8 CSV."
        ) from None


def _read_path(path: str | os.PathLike, name: str) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PeopleImportError(f"{name}: no such file.") from None
    except IsADirectoryError:
        raise PeopleImportError(f"{name}: is a directory, not a CSV file.") from None
    except OSError as exc:
        raise PeopleImportError(f"{name}: cannot be read ({exc.strerror or exc}).") from None
    return _decode(data, name)


def _parse_text(text: str, name: str) -> _Table:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise PeopleImportError(f"{name}: the file is empty; it needs a header row and people.")
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 1
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = cells, start
            else:
                records.append((start, cells))
    except csv.Error as exc:
        raise PeopleImportError(f"{name}:{reader.line_num}: not readable as CSV ({exc}).") from None
    if header is None:  # only blank lines and commas
        raise PeopleImportError(f"{name}: the file is empty; it needs a header row and people.")
    return _Table(header=header, header_line=header_line, records=records)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def _table_from_mappings(rows: list[Mapping[str, Any]]) -> _Table:
    header: list[str] = []
    for row in rows:
        header.extend(k for k in row if k not in header)
    records = [
        (i + 2, [_cell_text(row.get(k)) for k in header]) for i, row in enumerate(rows)
    ]  # line numbers as if the rows had been written to a CSV under one header line
    return _Table(header=header, header_line=1, records=records)


def _read_table(source: Source, name: str) -> _Table:
    if isinstance(source, str | os.PathLike):
        return _parse_text(_read_path(source, name), name)
    if isinstance(source, bytes | bytearray):
        return _parse_text(_decode(bytes(source), name), name)
    if hasattr(source, "read"):
        content = source.read()
        if isinstance(content, bytes | bytearray):
            content = _decode(bytes(content), name)
        return _parse_text(content, name)
    items = list(source)
    if items and all(isinstance(item, Mapping) for item in items):
        return _table_from_mappings(items)
    if all(isinstance(item, str) for item in items):
        return _parse_text("".join(_with_newline(line) for line in items), name)
    raise TypeError("import_people reads a path, a file, lines of CSV text or dicts of rows.")


def _with_newline(line: str) -> str:
    return line if line.endswith(("\n", "\r")) else line + "\n"


def _column_key(heading: str) -> str:
    """The column a heading names: "Full Name", "full-name" and "full_name" are the same."""
    return heading.strip().lower().replace(" ", "_").replace("-", "_")


# --- Checking rows ----------------------------------------------------------------------------


@dataclass
class _Row:
    """One person's row, cleaned. None (or a missing topic kind) means "leave as it is"."""

    line: int
    email: str
    full_name: str
    title: str | None = None
    department: tuple[str, ...] | None = None
    location: str | None = None
    manager_email: str | None = None
    timezone: str | None = None
    topics: dict[str, list[str]] = field(default_factory=dict)  # column -> names
    active: bool | None = None


def _map_header(table: _Table, name: str) -> tuple[list[str | None], list[RowError]]:
    """The column each cell position feeds, and the header's errors.

    An unknown or repeated column maps to None (ignored: the header's error covers it); a
    column without a heading maps to "", and is ignored as long as its cells are empty (some
    spreadsheets export a trailing comma).
    """
    errors: list[RowError] = []
    keys = [_column_key(h) for h in table.header]
    missing = [c for c in REQUIRED_COLUMNS if c not in keys]
    if missing:
        found = ", ".join(h.strip() for h in table.header if h.strip()) or "nothing"
        hint = ""
        if len(table.header) == 1 and ";" in table.header[0]:
            hint = " The file looks semicolon-separated; export it comma-separated."
        raise PeopleImportError(
            f"{name}: the header row has no {' or '.join(missing)} column "
            f"(found: {found[:200]}).{hint}"
        )
    columns: list[str | None] = []
    unknown: list[str] = []
    for heading, key in zip(table.header, keys, strict=True):
        if key in COLUMNS and key not in columns:
            columns.append(key)
            continue
        if key in COLUMNS:
            errors.append(RowError(table.header_line, f"column “{heading.strip()}” appears twice."))
        elif key:
            unknown.append(heading.strip())
        columns.append(None if key else "")
    if unknown:
        listed = ", ".join(f"“{u[:80]}”" for u in unknown)
        errors.append(
            RowError(
                table.header_line,
                f"unknown column{'s' if len(unknown) > 1 else ''} {listed}; "
                f"the columns are: {', '.join(COLUMNS)}.",
            )
        )
    return columns, errors


def _check_length(column: str, value: str, problems: list[str]) -> None:
    limit = MAX_LENGTHS[column]
    if len(value) > limit:
        problems.append(f"{column} has {len(value)} characters; at most {limit} are allowed.")


def _parse_row(
    line: int,
    cells: list[str],
    columns: list[str | None],
    timezones: dict[str, str],
) -> tuple[_Row | None, list[str]]:
    """Clean one record; returns the row (None if it is unusable) and its problems."""
    problems: list[str] = []
    values: dict[str, str] = {}
    for i, cell in enumerate(cells):
        column = columns[i] if i < len(columns) else ""
        if column:
            values[column] = cell.strip()
        elif column == "" and cell.strip():
            if i >= len(columns):
                problems.append(
                    f"the row has {len(cells)} cells but the header has {len(columns)} columns "
                    "(a comma in a value that is not in quotes?)."
                )
                break
            problems.append(f"a value in column {i + 1}, which has no name in the header.")
    for column, value in values.items():
        if "\x00" in value:
            problems.append(f"{column} contains a NUL character.")
            values[column] = value.replace("\x00", "")
        elif column not in TOPIC_COLUMNS and ("\n" in value or "\r" in value):
            problems.append(f"{column} contains a line break.")

    email = values.get("email", "")
    if not email:
        problems.append("email is empty.")
    else:
        try:
            email = normalize_email(email)
        except ValidationError as exc:
            problems.append(f"email: {exc.messages[0]}")
            email = ""
        else:
            _check_length("email", email, problems)

    full_name = values.get("full_name", "")
    if not full_name:
        problems.append("full_name is empty.")
    else:
        _check_length("full_name", full_name, problems)

    row = _Row(line=line, email=email, full_name=full_name)

    if values.get("title"):
        row.title = values["title"]
        _check_length("title", row.title, problems)

    if values.get("department"):
        raw = values["department"]
        parts = tuple(p.strip() for p in raw.strip("/").split("/"))
        if not all(parts):
            problems.append(f"department “{raw[:200]}” has an empty part between slashes.")
        for part in parts:
            if len(part) > MAX_LENGTHS["department"]:
                problems.append(
                    f"department “{part[:40]}…” has {len(part)} characters; "
                    f"at most {MAX_LENGTHS['department']} are allowed per level."
                )
        row.department = parts

    if values.get("location"):
        row.location = values["location"]
        _check_length("location", row.location, problems)

    if values.get("manager_email"):
        try:
            row.manager_email = normalize_email(values["manager_email"])
        except ValidationError as exc:
            problems.append(f"manager_email: {exc.messages[0]}")
        else:
            if row.manager_email == email:
                problems.append("manager_email is the person's own email.")

    if values.get("timezone"):
        tz = values["timezone"]
        row.timezone = timezones.get(tz.lower())
        if row.timezone is None:
            problems.append(
                f"timezone “{tz[:64]}” is not a known IANA time zone (e.g. Europe/Berlin, UTC)."
            )

    for column in TOPIC_COLUMNS:
        names = [n.strip().lstrip("#").strip() for n in values.get(column, "").split(";")]
        names = [n for n in names if n]
        if not names:
            continue
        slugs = set()
        for topic_name in names:
            if len(topic_name) > MAX_TOPIC_LENGTH:
                problems.append(
                    f"{column}: “{topic_name[:40]}…” has {len(topic_name)} characters; "
                    f"a topic name has at most {MAX_TOPIC_LENGTH}."
                )
            elif "\n" in topic_name or "\r" in topic_name:
                problems.append(f"{column}: “{topic_name[:40]}” contains a line break.")
            elif not topic_slug(topic_name):
                problems.append(
                    f"{column}: “{topic_name}” cannot be a topic name "
                    "(it needs letters or digits a link can use)."
                )
            slugs.add(topic_slug(topic_name))
        if len(slugs) > MAX_TOPICS_PER_KIND:
            problems.append(f"{column} lists {len(slugs)} topics; at most {MAX_TOPICS_PER_KIND}.")
        row.topics[column] = names

    if values.get("active"):
        word = values["active"].lower()
        if word in TRUE_WORDS:
            row.active = True
        elif word in FALSE_WORDS:
            row.active = False
        else:
            problems.append(f"active is “{values['active'][:20]}”; use true/false, yes/no or 1/0.")

    return (row if email else None), problems


def _users_by_email(emails: set[str]) -> dict[str, Any]:
    """Existing accounts (with their profiles) for lower-cased emails."""
    found: dict[str, Any] = {}
    ordered = sorted(emails)
    for i in range(0, len(ordered), _CHUNK):
        chunk = ordered[i : i + _CHUNK]
        users = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .select_related("profile")
            .order_by("pk")
        )
        for user in users:
            found.setdefault(user.email_lower, user)
    return found


# --- Working out the changes ------------------------------------------------------------------


class _Planner:
    """Compares the rows with the database (reads only) and decides what each row changes."""

    def __init__(self, rows: list[_Row]) -> None:
        self.rows = rows
        wanted = {r.email for r in rows} | {r.manager_email for r in rows if r.manager_email}
        self.users = _users_by_email(wanted)
        self.departments: dict[tuple[str, ...], Department | None] = {}
        self.new_departments: set[tuple[str, ...]] = set()
        self.locations: dict[str, Location | None] = {}
        self.new_locations: set[str] = set()
        self.topic_ids: dict[str, int | None] = {}
        self.current_topics = self._current_topics()

    def _current_topics(self) -> dict[tuple[int, str], set[int]]:
        ids = sorted({self.users[r.email].pk for r in self.rows if r.email in self.users})
        out: dict[tuple[int, str], set[int]] = {}
        for i in range(0, len(ids), _CHUNK):
            links = ProfileTopic.objects.filter(user_id__in=ids[i : i + _CHUNK]).values_list(
                "user_id", "kind", "topic_id"
            )
            for user_id, kind, topic_id in links:
                out.setdefault((user_id, kind), set()).add(topic_id)
        return out

    def department(self, parts: tuple[str, ...]) -> Department | None:
        """The existing department at this path, or None when the import will create it."""
        key = tuple(p.casefold() for p in parts)
        if key not in self.departments:
            parent: Department | None = None
            for depth, name in enumerate(parts, start=1):
                prefix = key[:depth]
                if prefix in self.departments:
                    parent = self.departments[prefix]
                else:
                    if parent is None and depth > 1:
                        found = None  # under a department that does not exist yet
                    else:
                        found = Department.objects.filter(parent=parent, name__iexact=name).first()
                    self.departments[prefix] = parent = found
                if parent is None:
                    self.new_departments.add(prefix)
        return self.departments[key]

    def location(self, name: str) -> Location | None:
        key = name.casefold()
        if key not in self.locations:
            self.locations[key] = Location.objects.filter(name__iexact=name).first()
            if self.locations[key] is None:
                self.new_locations.add(key)
        return self.locations[key]

    def topics_differ(self, user_id: int, kind: str, names: list[str]) -> bool:
        wanted: set[int] = set()
        for name in names:
            slug = topic_slug(name)
            if slug not in self.topic_ids:
                topic = find_topic(name)
                self.topic_ids[slug] = topic.pk if topic else None
            if self.topic_ids[slug] is None:
                return True  # a topic the import will create
            wanted.add(self.topic_ids[slug])
        return wanted != self.current_topics.get((user_id, kind), set())

    def change(self, row: _Row) -> PersonChange:
        # Resolve departments and locations for new people too, to count what gets created.
        department = self.department(row.department) if row.department else None
        location = self.location(row.location) if row.location else None
        user = self.users.get(row.email)
        if user is None:
            return PersonChange(row.line, row.email, "created")
        profile = user.profile
        fields = []
        if row.full_name != user.full_name:
            fields.append("full_name")
        if row.title is not None and row.title != profile.title:
            fields.append("title")
        if row.department is not None and (
            department is None or department.pk != profile.department_id
        ):
            fields.append("department")
        if row.location is not None and (location is None or location.pk != profile.location_id):
            fields.append("location")
        if row.manager_email is not None:
            manager = self.users.get(row.manager_email)
            if manager is None or manager.pk != profile.manager_id:
                fields.append("manager_email")
        if row.timezone is not None and row.timezone != user.timezone:
            fields.append("timezone")
        for column, names in row.topics.items():
            if self.topics_differ(user.pk, TOPIC_COLUMNS[column], names):
                fields.append(column)
        if row.active is not None and row.active != user.is_active:
            fields.append("active")
        if row.active is False and user.is_active:
            return PersonChange(row.line, row.email, "deactivated", tuple(fields))
        return PersonChange(
            row.line, row.email, "updated" if fields else "unchanged", tuple(fields)
        )


# --- Applying them ----------------------------------------------------------------------------


class _Applier:
    def __init__(self, planner: _Planner) -> None:
        self.planner = planner
        self.users = dict(planner.users)
        self.departments: dict[tuple[str, ...], Department] = {}
        self.locations: dict[str, Location] = {}

    def department(self, parts: tuple[str, ...]) -> Department:
        key = tuple(p.casefold() for p in parts)
        if key not in self.departments:
            self.departments[key] = self.planner.departments.get(
                key
            ) or get_or_create_department_path(list(parts))
        return self.departments[key]

    def location(self, name: str) -> Location:
        key = name.casefold()
        if key not in self.locations:
            self.locations[key] = self.planner.locations.get(key) or save_location(name=name)
        return self.locations[key]

    def person(self, row: _Row, change: PersonChange) -> None:
        """Everything but the manager, which may be a person created later in the file."""
        if change.action == "created":
            user = create_person(
                email=row.email, full_name=row.full_name, timezone_name=row.timezone or ""
            )
            self.users[row.email] = user
            if row.title or row.department or row.location:
                update_profile(
                    user,
                    title=row.title or "",
                    department=self.department(row.department) if row.department else None,
                    location=self.location(row.location) if row.location else None,
                    manager=None,
                    bio="",
                    aspirations="",
                )
            for column, names in row.topics.items():
                set_profile_topics(user, kind=TOPIC_COLUMNS[column], names=names)
            if row.active is False:
                set_account_active(user, active=False)
            return
        user = self.users[row.email]
        fields = set(change.fields)
        if fields & {"full_name", "timezone"}:
            timezone_name = row.timezone if row.timezone is not None else user.timezone
            update_account(user, full_name=row.full_name, timezone_name=timezone_name)
        if fields & {"title", "department", "location"}:
            profile = user.profile
            update_profile(
                user,
                title=row.title if row.title is not None else profile.title,
                department=self.department(row.department)
                if row.department
                else profile.department,
                location=self.location(row.location) if row.location else profile.location,
                manager=profile.manager,
                bio=profile.bio,
                aspirations=profile.aspirations,
            )
        for column, names in row.topics.items():
            if column in fields:
                set_profile_topics(user, kind=TOPIC_COLUMNS[column], names=names)
        if "active" in fields:
            set_account_active(user, active=bool(row.active))

    def manager(self, row: _Row) -> None:
        user = self.users[row.email]
        profile = user.profile
        update_profile(
            user,
            title=profile.title,
            department=profile.department,
            location=profile.location,
            manager=self.users[row.manager_email],
            bio=profile.bio,
            aspirations=profile.aspirations,
        )


# --- The import -------------------------------------------------------------------------------


def _default_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "") or "<input>")


def _failure_message(name: str, errors: list[RowError], header_line: int, dry_run: bool) -> str:
    lines = {e.line for e in errors}
    header = header_line in lines
    rows = len(lines) - header
    parts = (["the header row"] if header else []) + ([_plural(rows, "row")] if rows else [])
    verb = "has" if len(parts) == 1 and (header or rows == 1) else "have"
    outcome = "fix them before importing" if dry_run else "nothing was imported"
    return f"{name}: {' and '.join(parts)} {verb} errors; {outcome}."


def _check(table: _Table, name: str) -> tuple[list[_Row], list[RowError]]:
    columns, errors = _map_header(table, name)
    timezones = {tz.lower(): tz for tz in zoneinfo.available_timezones()}
    rows: list[_Row] = []
    first_line: dict[str, int] = {}
    for line, cells in table.records:
        row, problems = _parse_row(line, cells, columns, timezones)
        if row is not None and row.email in first_line:
            problems.append(
                f"duplicate email {row.email}: already on line {first_line[row.email]}."
            )
        elif row is not None:
            first_line[row.email] = line
            rows.append(row)
        errors.extend(RowError(line, p) for p in problems)
    # Managers may be defined anywhere in the file, or already exist.
    managers = {r.manager_email for r in rows if r.manager_email} - set(first_line)
    known = set(_users_by_email(managers)) if managers else set()
    for row in rows:
        if (
            row.manager_email
            and row.manager_email not in first_line
            and row.manager_email not in known
        ):
            errors.append(
                RowError(
                    row.line,
                    f"manager_email {row.manager_email} is neither in this file "
                    "nor an existing person.",
                )
            )
    errors.sort(key=lambda e: e.line)
    return rows, errors


def _run(table: _Table, name: str, dry_run: bool) -> ImportResult:
    rows, errors = _check(table, name)
    if errors:
        raise PeopleImportError(_failure_message(name, errors, table.header_line, dry_run), errors)
    planner = _Planner(rows)
    changes = [planner.change(row) for row in rows]
    result = ImportResult(name=name, dry_run=dry_run, people=changes)
    if dry_run:
        result.departments_created = len(planner.new_departments)
        result.locations_created = len(planner.new_locations)
        return result

    departments_before = Department.objects.count()
    locations_before = Location.objects.count()
    applier = _Applier(planner)
    line = table.header_line
    try:
        for row, change in zip(rows, changes, strict=True):
            line = row.line
            if change.action != "unchanged":
                applier.person(row, change)
        for row, change in zip(rows, changes, strict=True):
            line = row.line
            if row.manager_email and (
                change.action == "created" or "manager_email" in change.fields
            ):
                applier.manager(row)
    except (ValidationError, IntegrityError) as exc:
        # The database changed between checking and writing (or a rule the check missed).
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        error = RowError(line, message.splitlines()[0] if message else type(exc).__name__)
        raise PeopleImportError(_failure_message(name, [error], 0, dry_run), [error]) from exc
    result.departments_created = Department.objects.count() - departments_before
    result.locations_created = Location.objects.count() - locations_before
    return result


def import_people(
    source: Source, *, dry_run: bool = False, name: str | None = None
) -> ImportResult:
    """Create or update the people (and departments, locations) of a CSV file.

    `source` is a path, a file object (bytes or text), lines of CSV text, or dicts keyed by
    column name. Every row is checked before anything is written; any problem raises
    PeopleImportError (with each line's problems) and nothing is written. Otherwise all
    changes are applied in one transaction. With `dry_run`, nothing is ever written and the
    result says what the import would do. `name` labels messages (default: the path).
    """
    name = name or _default_name(source)
    table = _read_table(source, name)
    if dry_run:
        return _run(table, name, dry_run=True)
    with transaction.atomic():
        return _run(table, name, dry_run=False)
