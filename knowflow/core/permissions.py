"""Whether a person holds one permission, in one statement.

user.has_perm() reads every permission of the person (their own and their groups') in two
queries and keeps them on the object; pages that ask about one role on every request
(announcer, moderator) ask this instead. Superusers hold every permission; inactive people none.
"""

from __future__ import annotations

from knowflow.core.sql import fetch_rows


def permission_statement(user, app_label: str, codename: str) -> tuple[str, list] | None:
    """The statement that finds the permission given to the person or one of their groups, or
    None when the answer needs none (inactive people hold nothing, superusers everything)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    if not getattr(user, "is_active", False) or user.is_superuser:
        return None
    User = get_user_model()
    user_perms = User.user_permissions.through._meta.db_table
    user_groups = User.groups.through._meta.db_table
    group_perms = Group.permissions.through._meta.db_table
    sql = (
        f"SELECT 1 FROM {Permission._meta.db_table} pm "  # noqa: S608
        f"JOIN {ContentType._meta.db_table} ct ON ct.id = pm.content_type_id "
        "WHERE ct.app_label = %s AND pm.codename = %s AND ("
        f"EXISTS (SELECT 1 FROM {user_perms} up WHERE up.permission_id = pm.id AND up.user_id = %s) "
        f"OR EXISTS (SELECT 1 FROM {group_perms} gp JOIN {user_groups} ug ON ug.group_id = gp.group_id "
        "WHERE gp.permission_id = pm.id AND ug.user_id = %s))"
    )
    return sql, [app_label, codename, user.pk, user.pk]


def has_permission(user, app_label: str, codename: str) -> bool:
    """Whether the person holds app_label.codename (kept on the user object for the request)."""
    known = _known(user)
    key = (app_label, codename)
    if key not in known:
        statement = permission_statement(user, app_label, codename)
        if statement is None:
            known[key] = bool(getattr(user, "is_active", False) and user.is_superuser)
        else:
            known[key] = bool(fetch_rows(*statement))
    return known[key]


def remember_permission(user, app_label: str, codename: str, rows) -> None:
    """Keep the answer of permission_statement's rows, read by a caller in a batch."""
    _known(user)[(app_label, codename)] = bool(rows)


def _known(user) -> dict:
    # getattr/setattr, not __dict__: request.user is a lazy proxy that passes them through.
    known = getattr(user, "_kf_permissions", None)
    if known is None:
        known = {}
        user._kf_permissions = known
    return known
