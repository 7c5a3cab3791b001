"""`knowflow import-people`: the hyphenated name of `import_people` (Django lists module files)."""

from .import_people import Command  # noqa: F401
