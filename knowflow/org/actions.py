"""Writes to the organization's structure."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.text import slugify
from django.utils.translation import gettext as _

from knowflow.core.memo import forget

from .models import Department, Location, Organization, SignupMode
from .queries import DEPARTMENT_TREE_KEY, ORGANIZATION_DISPLAY_KEY, get_organization


def _unique_slug(model, base: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(base)[:100] or "item"
    slug, n = base, 2
    qs = model.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_department(
    *,
    name: str,
    parent: Department | None = None,
    description: str = "",
    slug: str = "",
    department: Department | None = None,
) -> Department:
    """Create a department, or rename/move an existing one (keeping the tree's paths right)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A department needs a name.")})
    if department is None:
        department = Department(name=name)
    if (
        parent is not None
        and department.pk is not None
        and (parent.pk == department.pk or parent.path.startswith(department.path))
    ):
        raise ValidationError({"parent": _("A department cannot be placed under itself.")})
    old_path = department.path if department.pk else None
    department.name = name
    department.description = description
    department.parent = parent
    department.slug = slugify(slug) if slug else (department.slug or _unique_slug(Department, name))
    department.save()
    new_path = f"{parent.path if parent else '/'}{department.pk}/"
    if new_path != department.path:
        department.path = new_path
        department.save(update_fields=["path"])
        if old_path and old_path != "/":
            # Re-root every descendant in one statement.
            Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
            )
    forget_department_tree()
    return department


def forget_department_tree() -> None:
    """Drop the cached department tree (org.queries.department_tree) after any change."""
    forget(DEPARTMENT_TREE_KEY)


def get_or_create_department_path(names: list[str]) -> Department:
    """Find or create a department from a path of names, e.g. ["Engineering", "Platform"]."""
    parent: Department | None = None
    for raw in names:
        name = raw.strip()
        if not name:
            raise ValidationError(_("A department path has an empty part."))
        existing = Department.objects.filter(parent=parent, name__iexact=name).first()
        parent = existing or save_department(name=name, parent=parent)
    if parent is None:
        raise ValidationError(_("A department path is empty."))
    return parent


def save_location(
    *, name: str, country: str = "", timezone: str = "", location: Location | None = None
) -> Location:
    """Create or update a location."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A location needs a name.")})
    if location is None:
        existing = Location.objects.filter(name__iexact=name).first()
        location = existing or Location(name=name, slug=_unique_slug(Location, name))
    location.name = name
    location.country = country or location.country
    location.timezone = timezone or location.timezone
    location.save()
    return location


def update_organization(
    *,
    name: str | None = None,
    signup_mode: str | None = None,
    allowed_domains: list[str] | None = None,
    allow_anonymous_questions: bool | None = None,
) -> Organization:
    """Change the organization's name, sign-up policy or whether questions may be anonymous."""
    org = get_organization()
    fields = []
    if name is not None:
        org.name = name.strip() or org.name
        fields.append("name")
    if signup_mode is not None:
        if signup_mode not in SignupMode.values:
            raise ValidationError({"signup_mode": _("Unknown sign-up policy.")})
        org.signup_mode = signup_mode
        fields.append("signup_mode")
    if allowed_domains is not None:
        org.allowed_domains = "\n".join(
            d.strip().lower().lstrip("@") for d in allowed_domains if d.strip()
        )
        fields.append("allowed_domains")
    if allow_anonymous_questions is not None:
        org.allow_anonymous_questions = allow_anonymous_questions
        fields.append("allow_anonymous_questions")
    org.save(update_fields=fields or None)
    forget(ORGANIZATION_DISPLAY_KEY)
    return org
