"""The `knowflow` console command: the project's manage.py."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Read the settings now, so that a bad value in the environment (DB_CONN_MAX_AGE=x)
        # stops every command with one line instead of a traceback from inside Django.
        settings.INSTALLED_APPS  # noqa: B018
    except (ImproperlyConfigured, ValueError) as error:
        sys.stderr.write(f"knowflow: bad configuration: {error}\n")
        sys.exit(2)
    argv = list(sys.argv)
    argv[0] = "knowflow"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
