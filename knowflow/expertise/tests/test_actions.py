"""Endorsements and opting out of suggestions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from knowflow.expertise.actions import endorse, set_suggested, withdraw_endorsement
from knowflow.expertise.models import Endorsement
from knowflow.expertise.queries import suggest_helpers
from knowflow.help.actions import answer_question, ask_question
from knowflow.topics.actions import create_topic, merge_topics


def test_endorse_once_per_pair_and_topic_and_withdraw(alice, bob, charlie):
    postgres = create_topic(name="PostgreSQL")
    assert endorse(alice, bob, postgres) is True
    assert endorse(alice, bob, postgres) is False  # a second click
    assert endorse(charlie, bob, postgres) is True
    assert Endorsement.objects.filter(person=bob).count() == 2
    with pytest.raises(ValidationError):
        endorse(bob, bob, postgres)
    assert withdraw_endorsement(alice, bob, postgres) is True
    assert withdraw_endorsement(alice, bob, postgres) is False
    assert list(Endorsement.objects.values_list("endorser_id", flat=True)) == [charlie.pk]


def test_endorsements_move_with_a_merged_topic_without_doubling(alice, bob):
    postgres, pg = create_topic(name="PostgreSQL"), create_topic(name="Postgres DB")
    endorse(alice, bob, postgres)
    endorse(alice, bob, pg)
    merge_topics(pg, into=postgres)
    assert Endorsement.objects.filter(person=bob, topic=postgres).count() == 1


def test_endorsed_people_rank_higher_and_say_so(alice, bob, charlie, engineering):
    from knowflow.core.testing import make_person

    postgres = create_topic(name="PostgreSQL")
    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"])
    answer_question(bob, asked, body="Lower the scale factor.")
    answer_question(charlie, asked, body="Vacuum by hand at night.")
    dana = make_person("Dana Diaz", department=engineering)
    endorse(alice, charlie, postgres)
    got = suggest_helpers(dana, title="Autovacuum", topic_ids=[postgres.pk])
    assert [h.user_id for h in got] == [charlie.pk, bob.pk]
    assert got[0].endorsements == 1 and got[1].endorsements == 0


def test_people_who_opted_out_are_never_suggested(alice, bob, charlie):
    postgres = create_topic(name="PostgreSQL")
    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"])
    answer_question(bob, asked, body="Lower the scale factor.")
    set_suggested(bob, suggested=False)
    set_suggested(bob, suggested=False)  # twice is once
    assert suggest_helpers(charlie, title="Autovacuum", topic_ids=[postgres.pk]) == []
    set_suggested(bob, suggested=True)
    got = suggest_helpers(charlie, title="Autovacuum", topic_ids=[postgres.pk])
    assert [h.user_id for h in got] == [bob.pk]
