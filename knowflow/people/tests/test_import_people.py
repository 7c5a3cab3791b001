"""`knowflow import-people`: people and departments from an HR/IT CSV export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from knowflow.core.testing import PASSWORD
from knowflow.org.models import Department, Location
from knowflow.people import importer
from knowflow.people.importer import PeopleImportError, import_people
from knowflow.people.models import ProfileTopic
from knowflow.topics.models import Topic

User = get_user_model()
FIXTURES = Path(__file__).parent / "fixtures"
PEOPLE = FIXTURES / "people.csv"
CHANGED = FIXTURES / "people_changed.csv"
BAD_ROWS = FIXTURES / "bad_rows.csv"

pytestmark = pytest.mark.django_db


def run(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_people", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(exc.value), err.getvalue()


def write(tmp_path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def person(email: str):
    return User.objects.select_related(
        "profile__department", "profile__location", "profile__manager"
    ).get(email=email)


def topic_names(user, kind: str) -> set[str]:
    return set(
        ProfileTopic.objects.filter(user=user, kind=kind).values_list("topic__name", flat=True)
    )


def counts() -> tuple[int, int, int, int, int]:
    return (
        User.objects.count(),
        Department.objects.count(),
        Location.objects.count(),
        Topic.objects.count(),
        ProfileTopic.objects.count(),
    )


# --- Creating, updating, idempotence ----------------------------------------------------------


def test_import_creates_people_departments_and_locations():
    out, err = run(PEOPLE)

    assert err == ""
    assert out.strip() == (
        f"Imported {PEOPLE}: 4 created, 0 updated, 0 unchanged; "
        "4 departments and 2 locations created."
    )
    dana = person("dana.diaz@example.com")
    erin = person("erin.evans@example.com")  # the file's "Erin.Evans@Example.com", lower-cased
    grace = person("grace.green@example.com")
    assert dana.full_name == "Dana Diaz"
    assert dana.timezone == "Europe/Berlin"
    assert dana.profile.title == "Platform engineer"
    assert dana.profile.department.name == "Platform"
    assert dana.profile.department.parent.name == "Engineering"
    assert dana.profile.location.name == "Berlin"
    assert grace.full_name == "Green, Grace"
    assert grace.profile.location == dana.profile.location  # "berlin" is the same location
    assert topic_names(dana, "skill") == {"Kubernetes", "Terraform"}
    assert topic_names(dana, "want_to_learn") == {"Rust"}
    assert topic_names(erin, "can_mentor") == {"Kubernetes"}
    assert topic_names(grace, "ask_me_about") == {"Hiring", "Onboarding"}
    assert Topic.objects.filter(name="Kubernetes").count() == 1


def test_departments_are_created_as_a_tree():
    run(PEOPLE)

    engineering = Department.objects.get(name="Engineering", parent=None)
    assert {d.name for d in engineering.children.all()} == {"Platform", "Data"}
    platform = Department.objects.get(name="Platform")
    assert platform.path == f"/{engineering.pk}/{platform.pk}/"
    assert Department.objects.get(name="People").parent is None
    assert Department.objects.filter(name="Engineering").count() == 1


def test_manager_may_be_defined_later_in_the_file():
    run(PEOPLE)

    erin = person("erin.evans@example.com")
    # Dana's row (line 2) names Erin, whose row is line 3.
    assert person("dana.diaz@example.com").profile.manager == erin
    assert person("frank.fischer@example.com").profile.manager == erin
    assert erin.profile.manager is None


def test_manager_may_be_an_existing_person(alice):
    result = import_people(
        ["email,full_name,manager_email", "new.hire@example.com,New Hire,Alice.Archer@example.com"]
    )

    assert result.created == 1
    assert person("new.hire@example.com").profile.manager == alice


def test_imported_people_cannot_sign_in_until_invited(client):
    run(PEOPLE)

    dana = person("dana.diaz@example.com")
    assert not dana.has_usable_password()
    assert dana.is_active
    assert not client.login(email="dana.diaz@example.com", password="")


def test_second_run_of_the_same_file_changes_nothing():
    run(PEOPLE)
    before = counts()
    updated_at = person("dana.diaz@example.com").profile.updated_at

    out, _err = run(PEOPLE)

    assert out.strip() == f"Imported {PEOPLE}: 0 created, 0 updated, 4 unchanged."
    assert counts() == before
    assert person("dana.diaz@example.com").profile.updated_at == updated_at


def test_update_changes_given_cells_and_leaves_empty_ones_untouched():
    run(PEOPLE)

    out, _err = run(CHANGED)

    assert out.strip() == (
        f"Imported {CHANGED}: 1 created, 1 updated, 2 unchanged, 1 deactivated; "
        "1 department created."
    )
    dana = person("dana.diaz@example.com")
    assert dana.profile.title == "Senior platform engineer"
    # Empty cells and absent columns leave the values from the first import.
    assert dana.profile.department.name == "Platform"
    assert dana.profile.location.name == "Berlin"
    assert dana.profile.manager.email == "erin.evans@example.com"
    assert dana.timezone == "Europe/Berlin"
    assert topic_names(dana, "skill") == {"Kubernetes", "Terraform"}
    assert not person("frank.fischer@example.com").is_active
    hank = person("hank.hill@example.com")
    assert hank.profile.department.name == "SRE"
    assert hank.profile.department.parent == dana.profile.department
    assert hank.profile.manager == dana
    assert topic_names(hank, "skill") == {"Kubernetes", "Go"}

    out, _err = run(CHANGED)
    assert out.strip() == f"Imported {CHANGED}: 0 created, 0 updated, 5 unchanged."


def test_topic_lists_are_replaced_when_the_cell_is_not_empty():
    run(PEOPLE)

    result = import_people(
        ["email,full_name,skills", "dana.diaz@example.com,Dana Diaz,Go; #Kubernetes ;"]
    )

    assert result.updated == 1
    assert result.people[0].fields == ("skills",)
    assert topic_names(person("dana.diaz@example.com"), "skill") == {"Go", "Kubernetes"}


def test_existing_people_and_departments_are_matched_case_insensitively(alice, engineering):
    result = import_people(
        [
            "email,full_name,title,department",
            "ALICE.ARCHER@example.com,Alice Archer,Principal engineer,engineering/Platform",
        ]
    )

    assert (result.created, result.updated, result.departments_created) == (0, 1, 1)
    alice = person("alice.archer@example.com")
    assert alice.profile.title == "Principal engineer"
    assert alice.profile.department.parent == engineering
    assert alice.check_password(PASSWORD)  # an import never touches passwords
    assert Department.objects.filter(name__iexact="engineering").count() == 1


def test_deactivation_and_reactivation(tmp_path, alice):
    out, _err = run(
        write(tmp_path, "email,full_name,active\nalice.archer@example.com,Alice Archer,no\n")
    )
    assert "0 created, 0 updated, 0 unchanged, 1 deactivated" in out
    assert not person("alice.archer@example.com").is_active

    result = import_people(["email,full_name,active", "alice.archer@example.com,Alice Archer,0"])
    assert result.unchanged == 1

    result = import_people(["email,full_name,active", "alice.archer@example.com,Alice Archer,1"])
    assert (result.updated, result.people[0].fields) == (1, ("active",))
    assert person("alice.archer@example.com").is_active


def test_new_person_can_be_imported_inactive():
    result = import_people(["email,full_name,active", "left@example.com,Left Already,FALSE"])

    assert result.created == 1
    assert not person("left@example.com").is_active


def test_function_accepts_dicts_and_file_objects():
    result = import_people(
        [{"email": "a@example.com", "full_name": "A Person", "skills": ["Go", "SQL"]}]
    )
    assert result.created == 1
    assert topic_names(person("a@example.com"), "skill") == {"Go", "SQL"}

    data = b"email,full_name\nb@example.com,B Person\n"
    result = import_people(io.BytesIO(data), name="upload.csv")
    assert result.summary == "Imported upload.csv: 1 created, 0 updated, 0 unchanged."


def test_bom_header_case_and_spaces_are_tolerated(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        "\ufeffEmail, Full Name ,TimeZone\r\nc@example.com,Cé Person,europe/paris\r\n".encode()
    )

    run(path)

    c = person("c@example.com")
    assert (c.full_name, c.timezone) == ("Cé Person", "Europe/Paris")


# --- Errors: nothing is imported --------------------------------------------------------------


def test_bad_rows_are_all_reported_with_line_numbers_and_nothing_is_imported():
    before = counts()

    message, err = run_failing(BAD_ROWS)

    assert message == f"{BAD_ROWS}: the header row and 7 rows have errors; nothing was imported."
    lines = err.splitlines()
    assert [line.split(":")[1] for line in lines] == ["1", "3", "4", "5", "6", "7", "8", "10"]
    assert all(line.startswith(f"{BAD_ROWS}:") for line in lines)
    assert "“nickname”" in lines[0]
    assert "not-an-email" in lines[1]
    assert "full_name is empty" in lines[2]
    assert "Mars/Olympus_Mons" in lines[3]
    assert "nobody@example.com" in lines[4]
    assert "already on line 2" in lines[5]
    assert "title has 121 characters" in lines[6]
    assert "own email" in lines[7]
    assert counts() == before


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        (["good@example.com,Good", "bad@example,Bad"], 3, "not a valid email"),
        (["good@example.com,Good", "nameless@example.com,  "], 3, "full_name is empty"),
        (["tz@example.com,Tz,Europe/Berln"], 2, "not a known IANA time zone"),
        (["a@example.com,A,,ghost@example.com"], 2, "neither in this file nor an existing"),
        (["a@example.com,A", "b@example.com,B", "A@EXAMPLE.COM,A2"], 4, "already on line 2"),
        (["a@example.com,A,,,,x"], 2, "has 6 cells but the header has 5"),
        (["a@example.com,A,,,maybe"], 2, "active is “maybe”"),
        (["a@example.com,A,,a@example.com"], 2, "the person's own email"),
    ],
)
def test_each_bad_row_names_its_line(rows, line, reason):
    before = counts()
    header = "email,full_name,timezone,manager_email,active"

    with pytest.raises(PeopleImportError) as exc:
        import_people([header, *rows])

    assert [(e.line, reason in e.message) for e in exc.value.errors] == [(line, True)]
    assert exc.value.message.endswith("1 row has errors; nothing was imported.")
    assert counts() == before


@pytest.mark.parametrize(
    ("header", "row", "reason"),
    [
        ("email,full_name,title", "a@example.com,A," + "x" * 121, "title has 121 characters"),
        ("email,full_name,skills", "a@example.com,A,Go;" + "y" * 81, "at most 80"),
        ("email,full_name,department", "a@example.com,A,Eng//Data", "empty part"),
        ("email,full_name,location", "a@example.com,A," + "z" * 121, "location has 121"),
    ],
)
def test_cells_longer_than_the_models_allow_are_errors(header, row, reason):
    with pytest.raises(PeopleImportError) as exc:
        import_people([header, row])

    assert [e.line for e in exc.value.errors] == [2]
    assert reason in exc.value.errors[0].message
    assert not User.objects.filter(email="a@example.com").exists()


def test_unknown_column_is_an_error_on_the_header_line(tmp_path):
    path = write(tmp_path, "email,full_name,shoe_size,Favourite Colour\na@example.com,A,44,red\n")

    message, err = run_failing(path)

    assert message == f"{path}: the header row has errors; nothing was imported."
    assert err.strip().startswith(f"{path}:1: unknown columns “shoe_size”, “Favourite Colour”")
    assert not User.objects.exists()


def test_line_numbers_count_lines_of_quoted_multiline_cells(tmp_path):
    path = write(
        tmp_path,
        'email,full_name,title\na@example.com,A,"two\nlines"\n\nbad,B,\n',
    )

    _message, err = run_failing(path)

    assert err.splitlines() == [
        f"{path}:2: title contains a line break.",
        f"{path}:5: email: “bad” is not a valid email address.",
    ]


def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    real = importer.set_profile_topics

    def failing(user, *, kind, names):
        if user.email == "frank.fischer@example.com":
            raise ValidationError("The topic service is down.")
        return real(user, kind=kind, names=names)

    monkeypatch.setattr(importer, "set_profile_topics", failing)

    with pytest.raises(PeopleImportError) as exc:
        import_people(PEOPLE, name="people.csv")

    assert exc.value.errors == [importer.RowError(4, "The topic service is down.")]
    assert exc.value.message == "people.csv: 1 row has errors; nothing was imported."
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf \n\n", "the file is empty"),
        (
            b"name,title\nA,B\n",
            "the header row has no email or full_name column (found: name, title)",
        ),
        (b"email;full_name\na@example.com;A\n", "looks semicolon-separated"),
        (b"email,full_name\nb@example.com,Fran\xe7ois\n", ":2: not UTF-8 text (byte 0xe7)"),
        ("email,full_name\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_unusable_files_give_a_one_line_error(tmp_path, content, expected):
    path = tmp_path / "people.csv"
    path.write_bytes(content)

    message, err = run_failing(path)

    assert expected in message
    assert message.startswith(str(path))
    assert "\n" not in message
    assert err == ""
    assert not User.objects.exists()


def test_missing_file_gives_a_one_line_error(tmp_path):
    message, _err = run_failing(tmp_path / "nope.csv")

    assert message == f"{tmp_path / 'nope.csv'}: no such file."


def test_header_only_file_imports_nobody(tmp_path):
    out, _err = run(write(tmp_path, "email,full_name\n"))

    assert "0 created, 0 updated, 0 unchanged." in out


# --- Dry run ----------------------------------------------------------------------------------


def test_dry_run_reports_and_writes_nothing(alice):
    before = counts()

    out, _err = run(PEOPLE, "--dry-run")

    assert counts() == before
    lines = out.strip().splitlines()
    assert lines[0] == f"{PEOPLE}:2: would create dana.diaz@example.com"
    assert lines[-1] == (
        f"Dry run of {PEOPLE}, nothing was written; it would give: 4 created, 0 updated, "
        "0 unchanged; 3 departments and 2 locations created."  # alice's Engineering exists
    )


def test_dry_run_of_an_update_lists_the_changing_columns():
    run(PEOPLE)
    before = counts()

    out, _err = run(CHANGED, "--dry-run")

    assert counts() == before
    assert person("frank.fischer@example.com").is_active
    assert out.strip().splitlines() == [
        f"{CHANGED}:2: would update dana.diaz@example.com (title)",
        f"{CHANGED}:4: would deactivate frank.fischer@example.com (active)",
        f"{CHANGED}:6: would create hank.hill@example.com",
        f"Dry run of {CHANGED}, nothing was written; it would give: 1 created, 1 updated, "
        "2 unchanged, 1 deactivated; 1 department created.",
    ]


def test_dry_run_still_reports_errors(tmp_path):
    path = write(tmp_path, "email,full_name\nbad,B\n")

    message, err = run_failing(path, "--dry-run")

    assert message == f"{path}: 1 row has errors; fix them before importing."
    assert err.startswith(f"{path}:2: ")


def test_hyphenated_command_name_works(tmp_path):
    out = io.StringIO()
    call_command(
        "import-people", str(write(tmp_path, "email,full_name\nd@example.com,D\n")), stdout=out
    )

    assert "1 created" in out.getvalue()


def test_verbose_import_lists_each_change(tmp_path):
    out = io.StringIO()
    path = write(tmp_path, "email,full_name\nd@example.com,D\n")

    call_command("import_people", str(path), verbosity=2, stdout=out)

    assert out.getvalue().splitlines()[0] == f"{path}:2: created d@example.com"
