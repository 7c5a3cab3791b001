"""`knowflow token create EMAIL [--name NAME]`: print a new personal API token for a person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from knowflow.accounts.actions import create_api_token
from knowflow.accounts.models import User


class Command(BaseCommand):
    help = "Manage personal API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser(
            "create", help="Create a token for EMAIL and print it (shown once)."
        )
        create.add_argument("email")
        create.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            user = User.objects.filter(
                email__iexact=options["email"].strip(), is_active=True
            ).first()
            if user is None:
                raise CommandError(f"No active person has the email {options['email']!r}.")
            try:
                _token, secret = create_api_token(user, name=options["name"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(secret)
