"""Fixtures for the search tests.

The help app is work in progress (commit "WIP help: models, actions, queries (no views
yet)"): help/urls.py names views that help/views.py does not define yet, so importing
help.actions (which imports help.urls) fails, and config/urls.py does not mount "help/".
Until the help pages land, these tests stand in for both: missing view names are filled with
a placeholder (only names that are missing, so the real views win once they exist), and a
test URLconf mounts help/ when config.urls does not. Remove this when help is mounted.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse

import knowflow.help.views as help_views

_HELP_VIEWS = (
    "question_list",
    "ask",
    "similar",
    "question",
    "edit_question",
    "answer",
    "duplicate",
    "comment",
    "accept",
    "vote",
)


def _placeholder(request, **kwargs):  # pragma: no cover - never requested by these tests
    return HttpResponse(status=501)


for _name in _HELP_VIEWS:
    if not hasattr(help_views, _name):
        setattr(help_views, _name, _placeholder)


@pytest.fixture(autouse=True)
def _help_urls(settings):
    settings.ROOT_URLCONF = "knowflow.search.tests.urls"
