"""Fixtures shared by the expertise tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from knowflow.help.actions import answer_question, ask_question


@pytest.fixture
def asked_five_days_ago(alice, bob):
    """Five days ago Alice asked five PostgreSQL questions, four answered by Bob 1-4 hours
    later (median 2.5 h), and one Expenses question; returns when."""
    start = timezone.now() - timedelta(days=5)
    for n in range(5):
        q = ask_question(
            alice, title=f"Vacuum question {n}", topics=["PostgreSQL"], created_at=start
        )
        if n < 4:
            answer_question(bob, q, body="An answer.", created_at=start + timedelta(hours=n + 1))
    ask_question(alice, title="Expenses", topics=["Expenses"], created_at=start)
    return start
