"""Stack Exchange text to Knowflow's Markdown, with links to the site's posts made local.

Posts in a dump are HTML (what Stack Exchange rendered from its Markdown); comments are the
site's "mini-Markdown" (links, code, emphasis). Knowflow stores Markdown and renders it with
core.markdown.render_markdown, so an imported post is HTML converted to Markdown and then
rendered like any native post: the same tags, the same sanitizer, editable later in the same
editor. The converter is html-to-markdown (docs/decisions/0001-dependencies.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import html_to_markdown

# Knowflow posts have no inline images (pictures are attachments), and the sanitizer drops
# <img>: an image becomes a link to it, so nothing a reader saw disappears.
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(")


@lru_cache(maxsize=1)
def _options() -> html_to_markdown.ConversionOptions:
    return html_to_markdown.ConversionOptions(
        extract_metadata=False,
        autolinks=False,
        bullets="-",
        # Text that looks like Markdown ("a*b", "[x](y)", "1. ") stays text, as it was.
        escape_asterisks=True,
        escape_underscores=True,
        escape_misc=True,
    )


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    """convert(html) with the options above. The library's convert() translates its options
    for the native converter on every call, which costs more than converting a typical post;
    they are translated once here (with the library's own translation), falling back to the
    public call if a version of the library has no such internals."""
    try:
        from html_to_markdown import _html_to_markdown as native
        from html_to_markdown.api import _to_rust_conversion_options

        options = _to_rust_conversion_options(_options())
        native.convert(html="<p>x</p>", options=options, visitor=None)
    except (ImportError, AttributeError, TypeError):
        return lambda html: html_to_markdown.convert(html, _options()).content
    return lambda html: native.convert(html=html, options=options, visitor=None).content


def html_to_markdown_text(html: str) -> str:
    """A post's HTML body as Markdown that renders to the same content."""
    if not html or not html.strip():
        return ""
    markdown = _converter()(html)
    return _IMAGE_RE.sub(lambda m: f"[{m.group(1) or 'image'}](", markdown).strip()


@dataclass(frozen=True, slots=True)
class SiteLink:
    """A link to a question or answer of the dumped site, by its id in the dump."""

    question_id: int | None
    answer_id: int | None


# /questions/12, /questions/12/title, /questions/12/title/34#34, /questions/12#answer-34,
# /q/12, /q/12/7 (7: the sharer's user id), /a/34, /a/34/7 — absolute (http or https, the
# site's host) or relative (a Markdown link target).
_PATH = (
    r"/(?:(?P<kind>questions|q|a)/(?P<id>\d+)"
    r"(?:/[^\s/)#?\"'<>\]]*(?:/(?P<answer>\d+))?)?/?(?:\?[^\s#)\"'<>\]]*)?"
    r"(?:#(?:answer-)?(?P<fragment>\d+))?)"
)


@lru_cache(maxsize=16)
def _link_re(host: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?:https?://{re.escape(host)}|(?<=\]\())(?P<path>{_PATH}|/[^\s)\"'<>\]]*)",
        re.IGNORECASE,
    )


def _site_link(match: re.Match[str]) -> SiteLink | None:
    if not match.group("kind"):
        return None
    number = int(match.group("id"))
    if match.group("kind").lower() == "a":
        return SiteLink(question_id=None, answer_id=number)
    other = match.group("answer") or match.group("fragment")
    if match.group("kind").lower() == "q" and match.group("answer"):
        other = None  # /q/12/7: 7 is the user who shared the link
    return SiteLink(question_id=number, answer_id=int(other) if other else None)


def site_links(text: str, *, host: str) -> list[SiteLink]:
    """The site's posts a text (Markdown) links to."""
    if "/" not in text:
        return []
    return [link for m in _link_re(host).finditer(text) if (link := _site_link(m)) is not None]


def rewrite_links(text: str, *, host: str, local_url: Callable[[SiteLink], str | None]) -> str:
    """Point links to the site's imported posts at their local pages; other links to the site
    (a deleted post, a user, a tag) become absolute, so they still lead somewhere."""
    if "/" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        link = _site_link(match)
        url = local_url(link) if link is not None else None
        return url or f"https://{host}{match.group('path')}"

    return _link_re(host).sub(replace, text)
