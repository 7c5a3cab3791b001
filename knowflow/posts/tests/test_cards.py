"""Post cards are cached (knowflow/posts/cards.py): each reader must still get their own state,
their own CSRF token, what they may see, and the current text of everything a card shows."""

import re

from django.contrib.auth.models import Permission
from django.test import Client

from knowflow.accounts.actions import update_account
from knowflow.posts import actions


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_readers_share_cached_cards_but_see_their_own_state(client, alice, bob, charlie):
    post = actions.create_post(alice, body="Release notes are out")
    actions.add_reaction(bob, post, kind="celebrate")
    url = f"/posts/{post.pk}/"
    views = {}
    for person in (charlie, bob, alice, charlie):  # charlie twice: the second is from the cache
        client.force_login(person)
        views.setdefault(person.pk, []).append(_page(client, url))
    first, again = views[charlie.pk]
    assert first == again.replace(_token(again), _token(first))
    # The count is everyone's; "mine" is the reader's.
    assert 'value="add:celebrate"' in first and '<span class="count">1</span>' in first
    assert 'value="remove:celebrate"' in views[bob.pk][0]
    assert 'aria-pressed="true"' not in first
    # Only the author may edit; only others may thank.
    assert f"/posts/{post.pk}/edit/" in views[alice.pk][0]
    assert f"/posts/{post.pk}/edit/" not in first
    assert "Thank Alice" in first and "Thank Alice" not in views[alice.pk][0]
    assert "\x00" not in first


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_forms_in_cached_cards_carry_the_readers_csrf_token(alice, bob, charlie):
    post = actions.create_post(alice, body="Token check")
    url = f"/posts/{post.pk}/"
    warm = Client(enforce_csrf_checks=True)
    warm.force_login(charlie)
    _page(warm, url)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(bob)
    html = _page(reader, url)  # bob's card comes from charlie's cache entries
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1  # one token per page, in every form
    response = reader.post(
        f"/posts/{post.pk}/react/", {"react": "add:insightful", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302
    assert post.reactions.filter(user=bob, kind="insightful").exists()


def test_cards_follow_edits_renames_and_new_reactions(client, alice, bob):
    post = actions.create_post(alice, body="First draft")
    client.force_login(bob)
    url = f"/posts/{post.pk}/"
    assert "First draft" in _page(client, url)
    actions.edit_post(alice, post, body="Second draft #release")
    update_account(alice, full_name="Alicia Archer", timezone_name="UTC")
    actions.add_reaction(alice, post, kind="insightful")
    html = _page(client, url)
    assert "Second draft" in html and "First draft" not in html
    assert "Alicia Archer" in html and ">edited<" in html and "#release" in html
    assert '<span class="count">1</span>' in html


def test_link_cards_are_per_reader_even_when_cached(client, alice, bob, charlie, settings):
    settings.SITE_URL = "https://knowflow.example.com"
    secret = actions.create_post(
        alice, body="Eng-only roadmap", audience="department", department=alice.profile.department
    )
    post = actions.create_post(bob, body=f"See https://knowflow.example.com/posts/{secret.pk}/")
    url = f"/posts/{post.pk}/"
    client.force_login(bob)
    assert "Eng-only roadmap" in _page(client, url)
    client.force_login(charlie)
    assert "Eng-only roadmap" not in _page(client, url)


def test_pinned_announcements_have_a_dismiss_button(client, alice, charlie):
    alice.user_permissions.add(Permission.objects.get(codename="announce"))
    post = actions.create_post(alice, body="All hands at 3", is_announcement=True)
    client.force_login(charlie)
    html = _page(client, "/")
    assert html.count(f"/posts/{post.pk}/dismiss/") == 2  # action and hx-post, once
    response = client.post(f"/posts/{post.pk}/dismiss/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert "All hands at 3" not in _page(client, "/")


def test_an_edited_card_template_shows_at_once_in_development(settings):
    from knowflow.posts import cards

    settings.DEBUG = True
    before = cards._templates_digest()
    original = cards.STATIC_INCLUDES
    cards.STATIC_INCLUDES = (*original, "people/_card.html")  # as if a template had changed
    try:
        assert cards._templates_digest() != before
    finally:
        cards.STATIC_INCLUDES = original


def test_the_home_page_reads_all_its_cards_in_one_cache_round_trip(
    client, alice, bob, charlie, monkeypatch
):
    from django.core.cache import cache

    from knowflow.core.memo import clear_local
    from knowflow.network.actions import follow_person

    alice.user_permissions.add(Permission.objects.get(codename="announce"))
    actions.create_post(alice, body="All hands at 3", is_announcement=True)
    follow_person(charlie, person=bob)
    for i in range(3):
        actions.create_post(bob, body=f"note {i}")
    client.force_login(charlie)
    _page(client, "/")  # renders and stores every part
    calls = []
    real = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real(keys))
    html = _page(client, "/")
    # This process has just rendered them: no cache read at all.
    assert calls == [] and "All hands at 3" in html and "note 2" in html
    clear_local()  # as another server process, which has not: one round trip for all parts
    html = _page(client, "/")
    card_reads = [keys for keys in calls if any(k.startswith("post-") for k in keys)]
    assert len(card_reads) == 1 and len(card_reads[0]) == 2 * 4  # shared and reader's, 4 cards
    assert "All hands at 3" in html and "note 2" in html
