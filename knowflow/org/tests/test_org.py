import pytest
from django.core.exceptions import ValidationError

from knowflow.core.testing import make_department, make_person
from knowflow.org.actions import get_or_create_department_path, save_department
from knowflow.org.models import Department


def test_tree_paths_follow_moves(db):
    eng = make_department("Engineering")
    platform = make_department("Platform", parent=eng)
    sre = make_department("SRE", parent=platform)
    ops = make_department("Operations")
    save_department(name="Platform", parent=ops, department=platform)
    sre.refresh_from_db()
    platform.refresh_from_db()
    assert platform.path == f"{ops.path}{platform.pk}/"
    assert sre.path == f"{platform.path}{sre.pk}/"
    with pytest.raises(ValidationError):
        save_department(name="Operations", parent=sre, department=ops)
    with pytest.raises(ValidationError):
        save_department(name=" ")


def test_department_path_helper_is_idempotent(db):
    a = get_or_create_department_path(["Sales", "EMEA"])
    b = get_or_create_department_path(["sales", "emea"])
    assert a == b and Department.objects.count() == 2


def test_department_pages(alice_client, engineering):
    sub = make_department("Platform", parent=engineering)
    make_person("Pat Platform", department=sub)
    html = alice_client.get(f"/org/departments/{engineering.slug}/").content.decode()
    assert "Pat Platform" in html and "Alice Archer" in html and "Platform" in html
    assert "Engineering" in alice_client.get("/org/departments/").content.decode()
    assert alice_client.get("/org/departments/nope/").status_code == 404
    data = alice_client.get("/api/v1/org/departments").json()
    assert {"slug": "platform", "name": "Platform", "parent": "engineering", "depth": 1} in data


def test_admin_edits_departments_through_the_action(client, admin_user, engineering):
    client.force_login(admin_user)
    r = client.post(
        "/admin/org/department/add/",
        {"name": "Mobile", "slug": "mobile", "parent": engineering.pk, "description": ""},
    )
    assert r.status_code == 302
    mobile = Department.objects.get(slug="mobile")
    assert mobile.path == f"{engineering.path}{mobile.pk}/"


def test_renaming_the_organization_shows_on_the_next_page(client, alice):
    from knowflow.org.actions import update_organization

    client.force_login(alice)
    update_organization(name="Northwind")
    assert "Northwind" in client.get("/").content.decode()  # cached for the page chrome now
    update_organization(name="Southwind Traders")
    html = client.get("/").content.decode()
    assert "Southwind Traders" in html and "Northwind" not in html


def test_new_and_renamed_departments_reach_the_cached_tree_at_once(alice, engineering):
    from knowflow.org.actions import save_department
    from knowflow.org.queries import department_tree

    assert [d.name for d, _ in department_tree(alice)] == ["Engineering"]  # now cached
    platform = save_department(name="Platform", parent=engineering)
    assert [(d.name, depth) for d, depth in department_tree(alice)] == [
        ("Engineering", 0),
        ("Platform", 1),
    ]
    save_department(name="Infrastructure", parent=engineering, department=platform)
    assert [d.name for d, _ in department_tree(alice)] == ["Engineering", "Infrastructure"]
