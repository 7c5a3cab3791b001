"""Topic pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from knowflow.network.queries import is_following_topic
from knowflow.people.queries import DirectoryFilters, search_people
from knowflow.posts.queries import decode_cursor, encode_cursor, is_muted, topic_posts

from .queries import access_topic, complete_topics, topics_visible_to


@login_required
def topic_list(request: HttpRequest) -> HttpResponse:
    topics = (
        topics_visible_to(request.user)
        .annotate(n_followers=Count("followers", distinct=True))
        .order_by("name")
    )
    return render(request, "topics/list.html", {"topics": topics})


@login_required
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = access_topic(request.user, slug=slug)
    feed = topic_posts(request.user, topic, cursor=decode_cursor(request.GET.get("before")))
    next_url = f"?before={encode_cursor(feed.next_cursor)}" if feed.next_cursor else ""
    if request.htmx and not request.htmx.boosted and request.GET.get("before"):
        return render(
            request, "posts/list.html#feed-items", {"posts": feed.posts, "next_url": next_url}
        )
    experts = search_people(request.user, filters=DirectoryFilters(skill=topic), per_page=12)
    mentors = search_people(request.user, filters=DirectoryFilters(can_mentor=topic), per_page=6)
    return render(
        request,
        "topics/detail.html",
        {
            "topic": topic,
            "synonyms": list(topic.synonyms.all()),
            "experts": experts,
            "mentors": mentors,
            "is_following": is_following_topic(request.user, topic),
            "posts": feed.posts,
            "next_url": next_url,
            "topic_muted": is_muted(request.user, topic=topic),
            "follower_count": topic.followers.count(),
        },
    )


@login_required
def autocomplete(request: HttpRequest) -> HttpResponse:
    """Suggestions for the last topic typed in a comma-separated topic field."""
    # The input sends its own value under its own name (skill=..., can_mentor=...), so the
    # query is whichever parameter is not one of ours.
    raw = request.GET.get("q", "")
    for key, value in request.GET.items():
        if key not in ("q", "target", "format"):
            raw = value
    last = raw.split(",")[-1].strip()
    topics = complete_topics(request.user, text=last, limit=8) if last else []
    partial = "options" if request.GET.get("format") == "options" else "buttons"
    return render(
        request,
        f"topics/suggestions.html#{partial}",
        {"topics": topics, "target": request.GET.get("target", "")},
    )
