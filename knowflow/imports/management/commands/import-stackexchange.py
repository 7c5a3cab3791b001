"""`knowflow import-stackexchange`: the hyphenated name of `import_stackexchange`."""

from .import_stackexchange import Command  # noqa: F401
