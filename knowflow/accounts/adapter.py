"""How allauth's sign-up follows the organization's policy."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from knowflow.org.models import SignupMode
from knowflow.org.queries import get_organization


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Invite-only organizations accept people through /invite/<token>/ instead.
        org = get_organization()
        return org.signup_mode == SignupMode.DOMAINS and bool(org.domain_list)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        org = get_organization()
        domain = email.rsplit("@", 1)[-1].lower()
        if org.signup_mode == SignupMode.DOMAINS and domain not in org.domain_list:
            raise ValidationError(
                _("Sign-up is open to addresses at %(domains)s. Ask an admin for an invitation.")
                % {"domains": ", ".join(org.domain_list)}
            )
        return email
