"""The full-text index holds exactly search.text's terms, on either database."""

from __future__ import annotations

from django.db import connection

from knowflow.help.actions import ask_question
from knowflow.search.actions import remove_post
from knowflow.search.models import Document

TRICKY = (
    "Élan vital: naïve coöperation, 3.14 v2 x86_64 ＡＢＣ証明書 сертификаты "
    "1e10 0x1F __init__ e-mail foo.bar@example.com C++ C# don't"
)


def _engine_terms(document_id: int) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT unnest(tsvector_to_array(tsv)) FROM search_document WHERE id = %s",
                [document_id],
            )
        else:
            cursor.execute("SELECT term FROM search_ask_vocab")
        return {term for (term,) in cursor.fetchall()}


def test_both_engines_index_the_same_terms_as_python(alice):
    question = ask_question(alice, title=TRICKY, body=TRICKY.upper())
    document = Document.objects.get(post=question.post)
    ours = set(document.title_terms.split()) | set(document.body_terms.split())
    assert ours  # and nothing of it was split, merged or dropped again by the engine:
    assert _engine_terms(document.pk) == ours


def test_the_command_reindexes_and_refreshes_statistics(alice):
    from io import StringIO

    from django.core.management import call_command

    question = ask_question(alice, title="Where do I find the holiday calendar?")
    remove_post(question.pk)  # as if it had been asked before search existed
    out = StringIO()
    call_command("search_index", "--reindex", stdout=out)
    assert "indexed 1 posts" in out.getvalue()
    assert Document.objects.filter(post=question.post).exists()
