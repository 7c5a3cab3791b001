"""Every account has a profile, however it was created (sign-up, admin, createsuperuser,
importers): a receiver is the one place all of those paths pass through."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User


@receiver(post_save, sender=User, dispatch_uid="accounts.create_profile")
def _create_profile(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        from knowflow.people.actions import create_profile

        create_profile(instance)
