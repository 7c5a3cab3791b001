"""Help pages: the question lists, asking (with "has this been asked before?"), a question's
page with its answers and comments, and the buttons on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowflow.core.forms import add_action_errors
from knowflow.core.htmx import render_page
from knowflow.org.queries import access_department, departments_visible_to, get_organization
from knowflow.posts.queries import decode_cursor, encode_cursor
from knowflow.topics.queries import find_topic

from . import actions
from .forms import (
    STATUS_LABELS,
    AnswerForm,
    AskForm,
    CommentForm,
    DuplicateForm,
    ListFilterForm,
    QuestionForm,
)
from .queries import (
    access_answer,
    access_commentable,
    access_question,
    can_edit_question,
    question_of,
    question_page,
    question_url,
    visible_question,
)
from .queries import (
    question_list as list_questions,
)

SUGGESTION_HITS = 10  # the similar questions whose topics count; the first five are shown


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    filters = ListFilterForm(request.GET)
    errors: list[str] = []
    view, topic, department, cursor = "newest", None, None, None
    if filters.is_valid():
        view = filters.cleaned_data["view"] or "newest"
        if filters.cleaned_data["topic"]:
            topic = find_topic(filters.cleaned_data["topic"])
            if topic is None:
                errors.append(
                    _("There is no topic “%(t)s”.") % {"t": filters.cleaned_data["topic"]}
                )
        if filters.cleaned_data["department"]:
            department = access_department(viewer, slug=filters.cleaned_data["department"])
        cursor = decode_cursor(filters.cleaned_data["before"])
    else:
        errors.append(_("Those filters are not valid."))
    questions, next_cursor = ([], None)
    if not errors:
        questions, next_cursor = list_questions(
            viewer, view=view, topic=topic, department=department, cursor=cursor
        )
    params = request.GET.copy()
    params.pop("before", None)
    if next_cursor:
        params["before"] = encode_cursor(next_cursor)
    context = {
        "questions": questions,
        "view": view,
        "views": ListFilterForm.base_fields["view"].choices,
        "topic": topic,
        "topic_text": topic.slug if topic else request.GET.get("topic", "")[:80],
        "department": department,
        "departments": departments_visible_to(viewer).order_by("name"),
        "next_url": f"?{params.urlencode()}" if next_cursor else "",
        "errors": errors,
        "status_labels": STATUS_LABELS,
    }
    return render_page(
        request,
        "help/list.html",
        context,
        partial="question-items" if request.GET.get("before") else None,
        status=400 if errors else 200,
    )


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    allow_anonymous = get_organization().allow_anonymous_questions
    form = AskForm(request.POST or None, user=viewer, allow_anonymous=allow_anonymous)
    if request.method == "POST" and form.is_valid():
        audience, dept_id = form.cleaned_data["audience"]
        try:
            question = actions.ask_question(
                viewer,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                goal=form.cleaned_data["goal"],
                tried=form.cleaned_data["tried"],
                good_answer=form.cleaned_data["good_answer"],
                topics=form.cleaned_data["topics"],
                audience=audience,
                department=departments_visible_to(viewer).filter(pk=dept_id).first()
                if dept_id
                else None,
                anonymous=form.cleaned_data.get("anonymous", False),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Your question is asked."))
            return redirect(question_url(question.post))
    return render(
        request,
        "help/ask.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


RELATED_QUESTIONS = 5


@login_required
def related(request: HttpRequest, question_id: int) -> HttpResponse:
    """Questions like this one (the retrieval of "asked before?"), loaded after the page: the
    question is what the reader came for."""
    from knowflow.search.queries import similar as find_similar

    question = access_question(request.user, question_id=question_id)
    hits = find_similar(
        request.user,
        title=question.post.title,
        body=question.post.body,
        limit=RELATED_QUESTIONS,
        exclude_post_id=question.pk,
    )
    return render(request, "help/_related.html", {"hits": hits, "status_labels": STATUS_LABELS})


@login_required
@require_POST
def similar(request: HttpRequest) -> HttpResponse:
    """Questions like the one being typed, and topics for it (htmx, while typing). POST: a
    long text does not fit in a URL."""
    from knowflow.search.queries import similar as find_similar
    from knowflow.search.queries import suggest_topics

    title = request.POST.get("title", "")[:200]
    body = request.POST.get("body", "")[:5000]
    hits, topics = [], []
    if len(title.strip()) >= 3 or len(body.strip()) >= 20:
        # One lookup serves both: topics of similar questions count for the suggestions.
        hits = find_similar(request.user, title=title, body=body, limit=SUGGESTION_HITS)
        chosen = {
            t.strip().lower() for t in request.POST.get("topics", "").replace("#", "").split(",")
        }
        topics = [
            t
            for t in suggest_topics(
                request.user, title=title, body=body, limit=6, similar_hits=hits
            )
            if t.name.lower() not in chosen and t.slug not in chosen
        ]
        hits = hits[:5]
    return render(
        request,
        "help/_similar.html",
        {"hits": hits, "topics": topics, "status_labels": STATUS_LABELS},
    )


def _question_context(request, question, **forms) -> dict:
    page = question_page(request.user, question)
    return {
        "page": page,
        "question": question,
        "post": page.post,
        "status_labels": STATUS_LABELS,
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "comment_form": CommentForm(),
        "duplicate_form": forms.get("duplicate_form") or DuplicateForm(),
        "comment_errors": forms.get("comment_errors") or {},
    }


@login_required
def question(request: HttpRequest, question_id: int) -> HttpResponse:
    found = access_question(request.user, question_id=question_id)
    return render(request, "help/question.html", _question_context(request, found))


def _write(form, act, *, gone: str) -> HttpResponse | None:
    """Run a writing action with a valid form: a redirect to what it wrote, or None with the
    action's errors on the form. Refused access is a 404, as for what the viewer cannot see."""
    if not form.is_valid():
        return None
    try:
        post = act(form.cleaned_data)
    except ValidationError as exc:
        add_action_errors(form, exc)
        return None
    except PermissionDenied:
        raise Http404(gone) from None
    return redirect(question_url(post))


@login_required
@require_POST
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    found = access_question(request.user, question_id=question_id)
    form = AnswerForm(request.POST)
    written = _write(
        form,
        lambda data: actions.answer_question(request.user, found, body=data["body"]),
        gone="No such question.",
    )
    if written:
        return written
    context = _question_context(request, found, answer_form=form)
    return render(request, "help/question.html", context, status=400)


@login_required
@require_POST
def comment(request: HttpRequest, post_id: int) -> HttpResponse:
    target = access_commentable(request.user, post_id=post_id)
    form = CommentForm(request.POST)
    written = _write(
        form,
        lambda data: actions.comment_on(request.user, target, body=data["body"]),
        gone="No such post.",
    )
    if written:
        return written
    errors = [e for errs in form.errors.values() for e in errs]
    context = _question_context(request, question_of(target), comment_errors={target.pk: errors})
    return render(request, "help/question.html", context, status=400)


def _answer_button(request, answer_id: int, *, on, off) -> HttpResponse:
    """Accept or vote (`on`), or take it back (`off`, when the form says action=remove)."""
    post = access_answer(request.user, answer_id=answer_id)
    try:
        if request.POST.get("action") == "remove":
            off(request.user, post)
        else:
            on(request.user, post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(question_url(post))


@login_required
@require_POST
def accept(request: HttpRequest, answer_id: int) -> HttpResponse:
    return _answer_button(
        request,
        answer_id,
        on=actions.accept_answer,
        off=lambda user, post: actions.unaccept_answer(user, question_of(post), answer=post),
    )


@login_required
@require_POST
def vote(request: HttpRequest, answer_id: int) -> HttpResponse:
    return _answer_button(request, answer_id, on=actions.vote_answer, off=actions.unvote_answer)


@login_required
@require_POST
def duplicate(request: HttpRequest, question_id: int) -> HttpResponse:
    found = access_question(request.user, question_id=question_id)
    if request.POST.get("action") == "remove":
        actions.unmark_duplicate(request.user, found)
        messages.success(request, _("The question is open again."))
        return redirect(question_url(found.post))
    form = DuplicateForm(request.POST)
    if form.is_valid():
        original = visible_question(request.user, form.cleaned_data["original"])
        if original is None:
            form.add_error("original", _("There is no such question that you can see."))
        else:
            try:
                actions.mark_duplicate(request.user, found, original=original)
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Marked as a duplicate."))
                return redirect(question_url(found.post))
    context = _question_context(request, found, duplicate_form=form)
    return render(request, "help/question.html", context, status=400)


@login_required
def edit_question(request: HttpRequest, question_id: int) -> HttpResponse:
    found = access_question(request.user, question_id=question_id)
    if not can_edit_question(request.user, found):
        raise PermissionDenied
    from knowflow.posts.actions import extract_hashtags
    from knowflow.posts.models import PostTopic
    from knowflow.topics.queries import topic_slug

    # The topics chosen in the form: the question's topics but those its #hashtags give.
    hashtags = {topic_slug(tag) for tag in extract_hashtags(found.post.body)}
    topics = ", ".join(
        name
        for name, slug in PostTopic.objects.filter(post=found.post).values_list(
            "topic__name", "topic__slug"
        )
        if slug not in hashtags
    )
    form = QuestionForm(
        request.POST or None,
        initial={
            "title": found.post.title,
            "body": found.details,
            "goal": found.goal,
            "tried": found.tried,
            "good_answer": found.good_answer,
            "topics": topics,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_question(request.user, found, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The question is updated."))
            return redirect(question_url(found.post))
    return render(
        request,
        "help/edit.html",
        {"form": form, "question": found},
        status=400 if form.errors else 200,
    )
