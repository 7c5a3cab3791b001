"""similar(): "has this been asked before?" — ranking, visibility, freshness, duplicates."""

from __future__ import annotations

import pytest
from django.db import connection

from knowflow.help.actions import ask_question, edit_question, mark_duplicate
from knowflow.help.queries import questions_visible_to
from knowflow.org.queries import department_ancestor_ids
from knowflow.posts.actions import create_post, delete_post
from knowflow.search import queries
from knowflow.search.actions import bulk_index, refresh_term_stats, remove_post
from knowflow.search.models import CommonTerm, Document
from knowflow.search.queries import choose_terms, similar


def ids(hits) -> list[int]:
    return [h.post_id for h in hits]


@pytest.fixture
def corpus(alice, bob, charlie):
    """A few questions on different subjects, so ranking has something to tell apart."""
    return {
        "tls": ask_question(
            alice,
            title="How do I rotate the TLS certificates on our Kubernetes ingress?",
            body="The ingress certificates expire on Friday and cert-manager did not renew them.",
        ),
        "oom": ask_question(
            bob,
            title="Kubernetes pod keeps restarting with OOMKilled",
            body="Memory limits look generous; the pod restarts every hour.",
        ),
        "passport": ask_question(
            charlie,
            title="How do I renew my passport before a business trip?",
            body="Travel is in three weeks.",
        ),
        "handshake": ask_question(
            bob,
            title="TLS handshake fails when calling the payments API",
            body="curl says: unable to get local issuer certificate.",
        ),
        "vault": ask_question(
            charlie,
            title="Rotating database passwords stored in Vault",
            body="Which team owns the rotation schedule?",
        ),
    }


def test_a_paraphrased_duplicate_finds_its_original_first(corpus, bob):
    hits = similar(
        bob,
        title="Renewing expired TLS certs for the k8s ingress",
        body="cert-manager isn't renewing the certificate on our ingress controller",
    )
    assert hits[0].post_id == corpus["tls"].pk
    first = hits[0]
    assert first.title == "How do I rotate the TLS certificates on our Kubernetes ingress?"
    assert first.url == f"/help/questions/{corpus['tls'].pk}/"
    assert (first.status, first.answer_count, first.accepted) == ("open", 0, False)
    assert first.score > 0
    # A question sharing no term with the draft is not suggested.
    assert corpus["vault"].pk not in ids(hits)


def test_a_department_question_is_suggested_to_members_only(
    corpus, alice, bob, charlie, engineering
):
    private = ask_question(
        alice,
        title="Quarterly flux capacitor calibration checklist",
        body="Where is the flux capacitor calibration checklist for the quarterly audit?",
        audience="department",
        department=engineering,
    )
    public = ask_question(charlie, title="Who orders capacitor spare parts?")
    draft = {"title": "flux capacitor calibration checklist", "body": "quarterly audit"}
    # The best textual match, first for a member of the department (and for its asker) ...
    assert ids(similar(bob, **draft))[0] == private.pk
    assert ids(similar(alice, **draft))[0] == private.pk
    # ... and absent for anyone else, who still gets what they may see.
    assert ids(similar(charlie, **draft)) == [public.pk]


def test_widening_finds_visible_questions_below_private_ones_and_never_the_private(
    monkeypatch, alice, bob, charlie, engineering, django_assert_num_queries
):
    private = [
        ask_question(
            alice,
            title=f"Flux capacitor calibration, team runbook part {i}",
            body="flux capacitor calibration flux capacitor calibration",
            audience="department",
            department=engineering,
        )
        for i in range(5)
    ]
    public = ask_question(charlie, title="Capacitor question from sales")
    # Small rounds, so a handful of questions shows what 200 / 2,000 / all do at scale.
    monkeypatch.setattr(queries, "CANDIDATE_ROUNDS", (2, 4, None))
    department_ancestor_ids(charlie)
    similar(charlie, title="warm the term cache")
    with django_assert_num_queries(3):  # 2 candidates, then 4, then all: each round one statement
        hits = similar(charlie, title="flux capacitor calibration")
    assert ids(hits) == [public.pk]
    # A member gets the private ones first, the public one last.
    member = ids(similar(bob, title="flux capacitor calibration", limit=10))
    assert set(member[:5]) == {q.pk for q in private} and member[5] == public.pk


def test_visibility_is_the_posts_rule(alice, bob, charlie, engineering, sales):
    """Every viewer gets exactly the matching questions posts.queries.visible_q lets them see."""
    made = [
        ask_question(alice, title="zebra migration everyone"),
        ask_question(
            alice,
            title="zebra migration engineering",
            audience="department",
            department=engineering,
        ),
        ask_question(
            charlie, title="zebra migration sales", audience="department", department=sales
        ),
        ask_question(bob, title="zebra migration deleted"),
    ]
    delete_post(bob, made[3].post)
    for viewer in (alice, bob, charlie):
        expected = set(
            questions_visible_to(viewer)
            .filter(pk__in=[q.pk for q in made])
            .values_list("pk", flat=True)
        )
        assert set(ids(similar(viewer, title="zebra migration", limit=50))) == expected


def test_a_deleted_question_disappears_at_once(alice, bob):
    question = ask_question(alice, title="Where are the office parking permits?")
    assert ids(similar(bob, title="parking permits")) == [question.pk]
    delete_post(alice, question.post)
    assert similar(bob, title="parking permits") == []
    assert not Document.objects.filter(post_id=question.pk).exists()


def test_an_edited_title_is_findable_at_once(alice, bob):
    question = ask_question(alice, title="Printer on floor three is jammed")
    assert ids(similar(bob, title="printer jammed")) == [question.pk]
    edit_question(alice, question, title="Scanner on floor three shows error E42")
    assert ids(similar(bob, title="scanner error E42")) == [question.pk]
    assert similar(bob, title="printer jammed") == []


def test_a_known_duplicate_gives_way_to_its_original(alice, bob, charlie, sales):
    original = ask_question(alice, title="How do I book a meeting room?")
    duplicate = ask_question(bob, title="Booking the large boardroom for an offsite rehearsal")
    mark_duplicate(bob, duplicate, original=original)
    draft = "boardroom offsite rehearsal"
    hits = similar(charlie, title=draft)
    # The duplicate's words found it; its original is what is shown, once.
    assert ids(hits) == [original.pk]
    assert hits[0].title == "How do I book a meeting room?"
    # The question being edited is left out, and so are its duplicates.
    assert similar(charlie, title=draft, exclude_post_id=original.pk) == []


def test_a_duplicate_of_a_question_the_viewer_cannot_see_stays_itself(
    alice, bob, charlie, engineering
):
    original = ask_question(
        alice, title="Internal rota", audience="department", department=engineering
    )
    duplicate = ask_question(bob, title="Weekend support rota for the payments team")
    mark_duplicate(bob, duplicate, original=original)
    assert ids(similar(charlie, title="weekend support rota")) == [duplicate.pk]
    assert ids(similar(bob, title="weekend support rota")) == [original.pk]


def test_similar_is_one_statement(corpus, bob, django_assert_num_queries):
    department_ancestor_ids(bob)  # read with the signed-in person on every request
    similar(bob, title="warm the term statistics cache")
    with django_assert_num_queries(1):
        hits = similar(bob, title="TLS certificate rotation", body="ingress cert-manager")
    assert hits


WEIRD = [
    "",
    "   \n\t ",
    "the and of what is",
    '"',
    "'",
    'OR NOT "*',
    "NEAR(cert ingress) AND -tls ^start col:term *",
    "a" * 10_000,
    "tls " * 2_500,
    "🙂🔥 証明書 更新 сертификат",
    "\x00tls\x00",
    "'; DROP TABLE search_document; --",
    "x_y_z __init__ 1.5e10 0x1F",
]


@pytest.mark.parametrize("text", WEIRD)
def test_any_input_gives_results_or_nothing_never_an_error(corpus, bob, text):
    hits = similar(bob, title=text, body=text)
    assert isinstance(hits, list)
    assert all(h.post_id in {q.pk for q in corpus.values()} for h in hits)


def test_long_drafts_still_find_the_question(corpus, bob):
    body = "certificates ingress renew " + "lorem ipsum dolor " * 2_000
    assert ids(similar(bob, title="TLS", body=body))[0] in {
        corpus["tls"].pk,
        corpus["handshake"].pk,
    }


def test_limit_and_exclusion(corpus, bob):
    assert len(similar(bob, title="kubernetes tls certificates", limit=1)) == 1
    assert similar(bob, title="kubernetes", limit=0) == []
    assert corpus["tls"].pk not in ids(
        similar(bob, title="TLS certificates ingress", exclude_post_id=corpus["tls"].pk)
    )


def test_every_live_post_is_indexed_and_only_questions_are_suggested(alice, bob):
    post = create_post(alice, body="A plain post about zebra migration")
    assert Document.objects.get(post=post).kind == "post"
    question = ask_question(alice, title="zebra migration routes")
    post.refresh_from_db()
    assert bulk_index([question.post, post]) == 2
    assert Document.objects.get(post=question.post).title_terms == "zebra migrat rout"
    assert [h.post_id for h in similar(bob, title="zebra migration")] == [question.pk]
    remove_post(post.pk)
    post.deleted_at = post.created_at  # as delete_post leaves it
    assert bulk_index([post]) == 0 and not Document.objects.filter(post=post).exists()


def test_term_statistics_and_the_postings_budget(alice):
    for i in range(12):
        ask_question(alice, title=f"Onboarding laptop request number {i}", body=f"ticket{i}")
    assert refresh_term_stats() > 0
    common = dict(CommonTerm.objects.values_list("term", "df"))
    # In all twelve: more than the minimum of ten documents.
    assert common["laptop"] == 12 and common["onboard"] == 12
    assert "ticket3" not in common
    # Rare terms first; common ones only while the budget allows.
    assert choose_terms(["laptop", "ticket3", "onboard"], common)[:1] == ["ticket3"]
    assert choose_terms(["a", "b", "c", "d"], {"a": 7_000, "b": 7_000, "c": 20_000, "d": 50}) == [
        "d",
        "a",
    ]
    # Nothing fits: the three rarest still make a query.
    assert choose_terms(["a", "b", "c", "d"], {t: 50_000 + i for i, t in enumerate("abcd")}) == [
        "a",
        "b",
        "c",
    ]
    assert len(choose_terms([f"t{i}" for i in range(30)], {})) == queries.MAX_TERMS
    # The title's terms before the body's rarer ones; one over the budget is skipped, not the
    # end of the choice.
    body = [f"rare{i}" for i in range(12)]
    stats = {"laptop": 40, "request": 9_000, **{t: 2 for t in body}}
    assert choose_terms(["laptop", "request", *body], stats, title=2) == ["laptop", *body[:9]]
    assert choose_terms(["laptop", "request", *body], stats)[:1] == ["rare0"]
    hits = similar(alice, title="laptop request", body="ticket7")
    assert hits[0].title == "Onboarding laptop request number 7"


def test_a_draft_of_only_common_words_searches_the_newest_questions(alice, bob, monkeypatch):
    # Twelve questions share their words: a draft of only those words costs 3 x 12 postings;
    # with a budget of 6 it searches the newest 12 * 6 / 36 = 2 questions.
    for i in range(12):
        ask_question(alice, title=f"Laptop onboarding request {i}", body="")
    refresh_term_stats()
    monkeypatch.setattr(queries, "POSTINGS_BUDGET", 6)
    monkeypatch.setattr(queries, "WINDOW_BUDGET", 6)
    monkeypatch.setattr(queries, "GENERIC_SHARE", 1.0)
    common, total = queries._term_stats()
    assert total == 12
    chosen = choose_terms(["laptop", "onboard", "request"], common)
    assert queries.newest_window(chosen, common, total) == 2  # 6 postings of 36 -> 2 newest
    hits = similar(bob, title="laptop onboarding request", limit=5)
    assert {h.title for h in hits} == {
        "Laptop onboarding request 11",
        "Laptop onboarding request 10",
    }
    # Words in more than GENERIC_SHARE of the questions, and nothing else: no subject yet.
    monkeypatch.setattr(queries, "GENERIC_SHARE", 0.5)
    assert similar(bob, title="laptop onboarding request", limit=5) == []
    assert similar(bob, title="laptop onboarding request 7", limit=5)  # "7" is a subject
    # Within the budget, every question is a candidate.
    monkeypatch.setattr(queries, "GENERIC_SHARE", 1.0)
    monkeypatch.setattr(queries, "POSTINGS_BUDGET", 10_000)
    assert len(similar(bob, title="laptop onboarding request", limit=20)) == 12


def test_the_sqlite_index_stays_consistent(alice, bob):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 integrity check")
    question = ask_question(alice, title="Coffee machine descaling")
    edit_question(alice, question, title="Coffee machine descaling schedule")
    delete_post(bob, ask_question(bob, title="Tea kettle").post)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_ask_fts(search_ask_fts) VALUES ('integrity-check')")
        cursor.execute("INSERT INTO search_ask_fts(search_ask_fts) VALUES ('rebuild')")
        cursor.execute("SELECT term FROM search_ask_vocab ORDER BY term")
        assert [t for (t,) in cursor.fetchall()] == ["coffe", "descal", "machin", "schedul"]


def test_bulk_inserted_documents_are_indexed_once_and_triggers_work_after(alice, bob):
    """Imports write new documents' full-text entries themselves (migrations/0005): the
    indexes must hold exactly them, and a post written afterwards goes through the triggers."""
    from knowflow.posts.models import Post
    from knowflow.search.queries import search
    from knowflow.search.syntax import parse

    posts = [
        Post.objects.create(
            author=alice,
            kind="question",
            title=f"Bulk imported walrus question {i}",
            body="",
            created_at=alice.date_joined,
        )
        for i in range(3)
    ] + [
        Post.objects.create(
            author=alice,
            kind="post",
            body="Bulk imported walrus note",
            created_at=alice.date_joined,
        )
    ]
    assert bulk_index(posts, new=True) == 4
    later = create_post(alice, body="A walrus note written later")
    assert len(similar(bob, title="walrus question")) == 3
    assert len(search(bob, parse("walrus")).results) == 5
    assert later.pk in [r.post.pk for r in search(bob, parse("walrus")).results]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in ("search_ask_fts", "search_all_fts"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            cursor.execute("SELECT COUNT(*) FROM search_bulk")
            assert cursor.fetchone()[0] == 0
