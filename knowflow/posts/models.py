"""Flows: short posts, replies, hashtags, mentions, reactions, thanks, mutes, announcements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    DEPARTMENT = "department", _("A department")


class ReactionKind(models.TextChoices):
    THANKS = "thanks", _("Thanks")
    INSIGHTFUL = "insightful", _("Insightful")
    PLUS_ONE = "plus_one", _("+1")
    CELEBRATE = "celebrate", _("Celebrate")


class PostKind(models.TextChoices):
    """What a post is. Questions and their answers and comments are posts (the help app keeps
    their Q&A facts beside them), so feeds, topics, visibility, history, mentions and thanks
    work the same for all of them."""

    POST = "post", _("Post")
    QUESTION = "question", _("Question")
    ANSWER = "answer", _("Answer")
    COMMENT = "comment", _("Comment")


REACTION_EMOJI = {"thanks": "🙏", "insightful": "💡", "plus_one": "👍", "celebrate": "🎉"}


class Post(models.Model):
    """A short update, or a reply in a post's thread (then `root` is the thread's first post)."""

    # Foreign keys whose lookups a composite index in Meta covers get no index of their own:
    # a lone single-column index tempts the planners away from the feed's indexes.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    # For audience=department: the department (and its sub-teams) that may see the post.
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="addressed_posts",
        db_index=False,
    )
    # The author's department when they posted: what "following a department" follows.
    author_department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread",
        db_index=False,
    )
    # The thread starter's id on replies, so "replies to my threads" is one indexed lookup.
    root_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    kind = models.CharField(max_length=8, choices=PostKind.choices, default=PostKind.POST)
    # Questions have a title (the help app); other posts have none.
    title = models.CharField(max_length=200, blank=True, default="")
    # Up-votes on an answer (help.AnswerVote rows, plus counts imported without their voters).
    vote_count = models.PositiveIntegerField(default=0)
    is_announcement = models.BooleanField(default=False)
    # The text asks something (a sentence ending in "?"): what the "Questions" feed filter shows.
    asks_question = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Local pages the post links to ([{"kind": "post", "key": "12"}, ...]); shown as cards with
    # titles resolved at read time, through the reader's own access checks.
    links = models.JSONField(default=list, blank=True)
    reply_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    thanks_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="post_recent"),
            models.Index(fields=["author", "-created_at", "-id"], name="post_by_author"),
            models.Index(
                fields=["author_department", "-created_at", "-id"], name="post_by_author_dept"
            ),
            models.Index(fields=["department", "-created_at", "-id"], name="post_to_department"),
            # Partial: only replies have a root. A full index tempted SQLite into answering
            # "root_id IS NULL" (every thread starter) through it, scanning most of the table.
            models.Index(
                fields=["root", "created_at", "id"],
                name="post_thread",
                condition=Q(root__isnull=False),
            ),
            models.Index(
                fields=["-created_at", "-id"],
                name="post_announcements",
                condition=Q(is_announcement=True),
            ),
            models.Index(
                fields=["root_author", "-created_at", "-id"], name="post_replies_to_author"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="department")
                | Q(department__isnull=False)
                | Q(deleted_at__isnull=False),
                name="post_department_audience_has_department",
            ),
            # Questions start threads; answers and comments are in one.
            models.CheckConstraint(
                condition=Q(kind__in=["post"])
                | Q(kind="question", root__isnull=True)
                | Q(kind__in=["answer", "comment"], root__isnull=False),
                name="post_kind_shape",
            ),
        ]
        permissions = [("announce", "Can post announcements pinned on everyone's feed")]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.body[:40]}"

    @property
    def is_reply(self) -> bool:
        return self.root_id is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Attachment(models.Model):
    """An image or file attached to a post; served only to people who may see the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_image = models.BooleanField(default=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PostRevision(models.Model):
    """The text a post had before an edit (the history shown as "edited")."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True, default="")
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class PostTopic(models.Model):
    """A #hashtag on a post; created_at copies the post's, so topic pages are one index scan."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_topics")
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="post_topics", db_index=False
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "topic"], name="posttopic_once")]
        indexes = [models.Index(fields=["topic", "-created_at", "-post"], name="posttopic_recent")]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.topic_id}"


class Mention(models.Model):
    """An @mention of a person in a post (only people who can see the post are recorded)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="mention_once")]
        indexes = [models.Index(fields=["user", "-created_at", "-post"], name="mention_recent")]

    def __str__(self) -> str:
        return f"{self.post_id} @{self.user_id}"


class Reaction(models.Model):
    """A small fixed reaction (thanks, insightful, +1, celebrate) by one person on a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.post_id}"


class Thanks(models.Model):
    """A public thank-you to a post's author for a helpful post (celebration, not a metric)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="thanks")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_given"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_received"
    )
    message = models.CharField(max_length=280, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "sender"], name="thanks_once")]

    def __str__(self) -> str:
        return f"{self.sender_id} thanks {self.recipient_id} for {self.post_id}"


class Mute(models.Model):
    """Someone's choice to hide a person, a topic or a thread from their feed (until a time, or for good)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes"
    )
    muted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "topics.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    until = models.DateTimeField(null=True, blank=True, help_text=_("Empty: muted until unmuted."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(muted_user__isnull=False, topic__isnull=True, thread__isnull=True)
                    | Q(muted_user__isnull=True, topic__isnull=False, thread__isnull=True)
                    | Q(muted_user__isnull=True, topic__isnull=True, thread__isnull=False)
                ),
                name="mute_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "muted_user"],
                condition=Q(muted_user__isnull=False),
                name="mute_user_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="mute_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="mute_thread_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} mutes {self.muted_user_id or self.topic_id or self.thread_id}"


class AnnouncementDismissal(models.Model):
    """A person has dismissed a pinned announcement from their feed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="dismissals")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="dismissal_once")]

    def __str__(self) -> str:
        return f"{self.user_id} dismissed {self.post_id}"
