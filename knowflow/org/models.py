"""The organization's structure: its settings, departments (a tree) and locations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignupMode(models.TextChoices):
    INVITE_ONLY = "invite", _("Invite only")
    DOMAINS = "domains", _("Open to listed email domains")


class Organization(models.Model):
    """The one organization this installation serves (a singleton row, pk=1)."""

    name = models.CharField(_("name"), max_length=120, default="Knowflow")
    signup_mode = models.CharField(
        _("sign-up policy"),
        max_length=16,
        choices=SignupMode.choices,
        default=SignupMode.INVITE_ONLY,
    )
    allowed_domains = models.TextField(
        _("allowed email domains"),
        blank=True,
        help_text=_(
            "One domain per line (e.g. example.com). Used when sign-up is open to domains."
        ),
    )
    allow_anonymous_questions = models.BooleanField(
        _("allow anonymous questions"),
        default=False,
        help_text=_(
            "People may ask the whole organization without their name; moderators still see who "
            "asked."
        ),
    )

    class Meta:
        verbose_name = _("organization")

    def __str__(self) -> str:
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.allowed_domains.replace(",", "\n").splitlines()
            if d.strip()
        ]


class Department(models.Model):
    """A department or team; departments form a tree through `parent`."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent department"),
    )
    description = models.TextField(_("description"), blank=True)
    # Materialized path of ancestor ids ("/3/17/42/") so "this department and everything under
    # it" is one indexed prefix query instead of a recursive walk. Maintained by org.actions.
    path = models.CharField(max_length=512, db_index=True, editable=False, default="/")

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.strip("/").count("/")


class Location(models.Model):
    """An office or site where people work."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")

    def __str__(self) -> str:
        return self.name
