"""Flow pages: the home feed with the composer, threads, editing, reactions, thanks, mutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowflow.core.forms import add_action_errors
from knowflow.core.htmx import render_page
from knowflow.core.pagination import parse_page_number
from knowflow.org.models import Department
from knowflow.people.queries import (
    access_person,
    complete_people,
    helpers_for,
    person_view,
    profile_checklist,
)
from knowflow.topics.queries import access_topic, complete_topics

from . import actions, cards
from .forms import EditPostForm, PostForm, ReplyForm
from .models import Post, PostKind, ReactionKind
from .queries import (
    access_attachment,
    access_post,
    access_thread_post,
    active_announcements,
    count_new_posts,
    decode_cursor,
    decorate,
    encode_cursor,
    feed_view,
    helpful_feed,
    home_feed,
    is_muted,
    prefetch_home_page,
    thread_replies,
)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return redirect(target)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    show = feed_view(request.GET.get("show"))
    order = "helpful" if request.GET.get("order") == "helpful" else "newest"
    if request.method == "GET":
        prefetch_home_page(viewer)  # the reader's own reads in one round trip
    form = PostForm(user=viewer)
    if request.method == "POST":
        form = PostForm(request.POST, user=viewer)
        if form.is_valid():
            audience, dept_id = form.cleaned_data["audience"]
            try:
                actions.create_post(
                    viewer,
                    body=form.cleaned_data["body"],
                    audience=audience,
                    department=Department.objects.filter(pk=dept_id).first() if dept_id else None,
                    is_announcement=form.cleaned_data.get("is_announcement", False),
                    files=request.FILES.getlist("attachments"),
                )
            except (ValidationError, PermissionDenied) as exc:
                add_action_errors(
                    form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
                )
            else:
                messages.success(request, _("Posted."))
                return redirect("home")
    cursor = decode_cursor(request.GET.get("before"))
    if order == "helpful":
        page_number = parse_page_number(request.GET.get("page"))
        posts, has_more = helpful_feed(viewer, page=page_number)
        announcements = active_announcements(viewer) if page_number == 1 else []
        next_url = f"?order=helpful&page={page_number + 1}" if has_more else ""
        top = ""
    else:
        feed = home_feed(viewer, cursor=cursor, show=show, announcements=cursor is None)
        posts, announcements = feed.posts, feed.announcements
        next_url = (
            f"?show={show}&before={encode_cursor(feed.next_cursor)}" if feed.next_cursor else ""
        )
        top = encode_cursor(feed.top_cursor) if cursor is None else ""
    context = {
        "form": form,
        "posts": posts,
        "next_url": next_url,
        "top_cursor": top,
        "show": show,
        "order": order,
        "sources": [
            ("all", _("All")),
            ("people", _("People")),
            ("topics", _("Topics")),
            ("departments", _("Departments")),
            ("mentions", _("Mentions")),
            ("questions", _("Questions")),
        ],
    }
    if (
        request.htmx
        and not request.htmx.boosted
        and (request.GET.get("before") or request.GET.get("page"))
    ):
        return render(request, "posts/home.html#feed-items", context)
    context["announcements"] = announcements
    # Both lists of cards in one cache round trip (the options match the tags in home.html).
    cards.prefetch(request, (announcements, {"pinned": True}), (posts, {"show_context": True}))
    return render(request, "posts/home.html", context, status=400 if form.errors else 200)


@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    """The home page's side column (profile checklist, people who can help), loaded after it."""
    viewer = request.user
    me = person_view(viewer, viewer)
    checklist = profile_checklist(me)
    context = {
        "helpers": helpers_for(viewer, topics=me.topics.get("want_to_learn") or [], limit=3),
        "me": me,
        "checklist": checklist,
        "completion": round(100 * sum(1 for _k, ok in checklist if ok) / len(checklist)),
    }
    return render(request, "posts/home.html#for-you", context)


NEW_POSTS_CAP = 99  # the banner says "more than 99" rather than counting a long absence


@login_required
def new_posts_banner(request: HttpRequest) -> HttpResponse:
    since = decode_cursor(request.GET.get("since"))
    show = request.GET.get("show", "all")
    count = count_new_posts(request.user, since=since, show=show, cap=NEW_POSTS_CAP) if since else 0
    return render(
        request,
        "posts/home.html#new-banner",
        {
            "new_count": count,
            "new_cap": NEW_POSTS_CAP,
            "show": show,
            "top_cursor": request.GET.get("since", ""),
        },
    )


@login_required
def detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_thread_post(request.user, post_id=post_id)
    if post.kind != PostKind.POST:  # questions, answers and comments live on the question's page
        return redirect(actions.post_url(post))
    if post.root_id:
        return redirect(reverse("posts:detail", args=[post.root_id]) + f"#post-{post.pk}")
    form = ReplyForm(initial={"parent": request.GET.get("reply_to") or post.pk})
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            parent = post
            parent_id = form.cleaned_data.get("parent")
            if parent_id and parent_id != post.pk:
                parent = Post.objects.filter(pk=parent_id, root=post).first() or post
            try:
                reply = actions.create_post(
                    request.user, body=form.cleaned_data["body"], parent=parent
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            except PermissionDenied:
                raise Http404("No such post.") from None
            else:
                return redirect(reverse("posts:detail", args=[post.pk]) + f"#post-{reply.pk}")
    decorate(request.user, [post])
    return render(
        request,
        "posts/detail.html",
        {
            "post": post,
            "replies": thread_replies(request.user, post),
            "form": form,
            "thread_muted": is_muted(request.user, thread=post),
            "author_muted": is_muted(request.user, person=post.author),
        },
        status=400 if form.errors else 200,
    )


@login_required
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id=post_id)
    if post.kind == PostKind.QUESTION:
        return redirect("help:edit", question_id=post.pk)
    if post.author_id != request.user.pk:
        raise Http404("No such post.")
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_post(request.user, post, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Your post is updated."))
            return redirect(actions.post_url(post))
    return render(
        request, "posts/edit.html", {"post": post, "form": form}, status=400 if form.errors else 200
    )


@login_required
def history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id=post_id)
    return render(request, "posts/history.html", {"post": post, "revisions": post.revisions.all()})


@login_required
@require_POST
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id=post_id)
    try:
        actions.delete_post(request.user, post)
    except PermissionDenied:
        raise Http404("No such post.") from None
    messages.success(request, _("The post is deleted."))
    if post.root_id:
        return redirect("posts:detail", post_id=post.root_id)
    return redirect("help:list" if post.kind == PostKind.QUESTION else "home")


@login_required
@require_POST
def react(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id=post_id)
    # The post card sends react="add:insightful" (one form, a button per reaction); kind and
    # action as separate fields work too.
    action, _sep, kind = request.POST.get("react", "").rpartition(":")
    if not kind:
        kind, action = request.POST.get("kind", ""), request.POST.get("action", "add")
    if kind not in ReactionKind.values or action not in ("add", "remove"):
        return HttpResponse(_("Unknown reaction."), status=400)
    if action == "remove":
        actions.remove_reaction(request.user, post, kind=kind)
    else:
        actions.add_reaction(request.user, post, kind=kind)
    if request.htmx:
        post = access_post(request.user, post_id=post_id)
        decorate(request.user, [post])
        return render(request, "posts/_post_actions.html#reactions", {"post": post})
    return _back(request, actions.post_url(post))


@login_required
@require_POST
def thank(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id=post_id)
    try:
        actions.thank_author(request.user, post, message=request.POST.get("message", ""))
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    if request.htmx:
        post = access_post(request.user, post_id=post_id)
        decorate(request.user, [post])
        return render(request, "posts/_post_actions.html#reactions", {"post": post})
    messages.success(request, _("Your thanks is on its way."))
    return _back(request, actions.post_url(post))


@login_required
@require_POST
def mute(request: HttpRequest) -> HttpResponse:
    """Mute or unmute a person, a topic (or snooze it for a week) or a thread."""
    viewer = request.user
    target = {}
    if request.POST.get("person"):
        target["person"] = access_person(viewer, user_id=request.POST["person"])
    elif request.POST.get("topic"):
        target["topic"] = access_topic(viewer, slug=request.POST["topic"])
    elif request.POST.get("thread"):
        target["thread"] = access_post(viewer, post_id=request.POST["thread"])
    else:
        return HttpResponse(_("Say what to mute."), status=400)
    if request.POST.get("action") == "unmute":
        actions.unmute(viewer, **target)
        messages.success(request, _("Unmuted."))
    else:
        days = 7 if request.POST.get("snooze") else None
        try:
            actions.mute(viewer, days=days, **target)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400)
        messages.success(
            request, _("Snoozed for a week.") if days else _("Muted. You can unmute at any time.")
        )
    return _back(request, reverse("home"))


@login_required
@require_POST
def dismiss(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id=post_id)
    actions.dismiss_announcement(request.user, post)
    if request.htmx:
        return HttpResponse("")
    return redirect("home")


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    """Completions for the #topic or @name being typed at the end of the text."""
    text = request.GET.get("body", "")[-200:]
    word = text.split()[-1] if text.split() and not text.endswith((" ", "\n")) else ""
    topics, people = [], []
    # Typos still suggest: "#kubernets" offers #kubernetes, "@pirya" offers Priya.
    if word.startswith("#") and len(word) > 1:
        topics = complete_topics(request.user, text=word[1:], limit=6)
    elif word.startswith("@") and len(word) > 2:
        people = [
            (p, p.email.split("@", 1)[0])
            for p in complete_people(request.user, text=word[1:], limit=6)
        ]
    return render(
        request,
        "posts/_suggest.html",
        {"topics": topics, "people": people, "target": request.GET.get("target", "id_body")},
    )


@login_required
def attachment(request: HttpRequest, attachment_id: int, name: str) -> HttpResponse:
    """Serve an attachment to people who may see its post (images inline, documents as downloads)."""
    item = access_attachment(request.user, attachment_id=attachment_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=not item.is_image, filename=item.name
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever the file holds, the browser must not run it as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@login_required
def person_feed(request: HttpRequest, user_id: int) -> HttpResponse:
    from .queries import person_posts

    person = access_person(request.user, user_id=user_id)
    feed = person_posts(request.user, person, cursor=decode_cursor(request.GET.get("before")))
    return render_page(
        request,
        "posts/list.html",
        {
            "title": person.full_name,
            "posts": feed.posts,
            "next_url": f"?before={encode_cursor(feed.next_cursor)}" if feed.next_cursor else "",
        },
        partial="feed-items",
    )
