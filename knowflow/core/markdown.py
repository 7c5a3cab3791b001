"""The one Markdown rendering function used by every app.

Markdown is parsed by markdown-it-py (CommonMark, raw HTML disabled) and the result is
sanitized again by nh3: defence in depth, so a parser bug or a future plugin cannot let
script or event-handler attributes through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


# #hashtag and @mention tokens in running text (not in code, not inside links).
# A hashtag needs a letter somewhere ("#1 priority" is not a topic).
HASHTAG_RE = re.compile(r"(?<![\w&/#])#(?=[\w-]*[^\W\d_])([^\W_][\w-]{0,79})", re.UNICODE)
MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9](?:[A-Za-z0-9._+-]{0,62}[A-Za-z0-9])?)")

Linker = Callable[[str], str | None]


def _text_token(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok


def _split_text(
    content: str, linkers: list[tuple[re.Pattern, Linker]]
) -> list[tuple[str, str | None]]:
    pieces: list[tuple[str, str | None]] = [(content, None)]
    for pattern, linker in linkers:
        result: list[tuple[str, str | None]] = []
        for text, href in pieces:
            if href:
                result.append((text, href))
                continue
            pos = 0
            for m in pattern.finditer(text):
                target = linker(m.group(1))
                if target:
                    result += [(text[pos : m.start()], None), (m.group(0), target)]
                    pos = m.end()
            result.append((text[pos:], None))
        pieces = result
    return [(t, h) for t, h in pieces if t]


def _link_tokens(tokens: list[Token], linkers: list[tuple[re.Pattern, Linker]]) -> list[Token]:
    """Turn each resolvable #tag / @name in plain text into a link (never inside a link)."""
    out: list[Token] = []
    depth = 0
    for tok in tokens:
        depth += {"link_open": 1, "link_close": -1}.get(tok.type, 0)
        if tok.type != "text" or depth > 0:
            out.append(tok)
            continue
        for text, href in _split_text(tok.content, linkers):
            if href:
                link = Token("link_open", "a", 1)
                link.attrs = {"href": href}
                out += [link, _text_token(text), Token("link_close", "a", -1)]
            else:
                out.append(_text_token(text))
    return out


def render_markdown(
    text: str | None, *, tag_url: Linker | None = None, mention_url: Linker | None = None
) -> SafeString:
    """Render user-written Markdown to sanitized HTML that is safe to put in a page.

    `tag_url` / `mention_url` map a #tag or @name to a local link, or None to leave it as text.
    """
    if not text or not text.strip():
        return mark_safe("")
    parser = _parser()
    linkers = [(p, f) for p, f in ((HASHTAG_RE, tag_url), (MENTION_RE, mention_url)) if f]
    if linkers:
        tokens = parser.parse(text)
        for tok in tokens:
            if tok.type == "inline" and tok.children:
                tok.children = _link_tokens(tok.children, linkers)
        html = parser.renderer.render(tokens, parser.options, {})
    else:
        html = parser.render(text)
    return _sanitized(html)


def render_and_ask(text: str | None) -> tuple[SafeString, bool]:
    """render_markdown(text) and asks_question(text) from one parse (imports, where parsing
    is most of the work of a post)."""
    if not text or not text.strip():
        return mark_safe(""), False
    parser = _parser()
    tokens = parser.parse(text)
    asks = "?" in text and _asks(tokens)
    return _sanitized(parser.renderer.render(tokens, parser.options, {})), asks


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    # Built once: nh3.clean() builds its sanitizer from these sets on every call.
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _sanitized(html: str) -> SafeString:
    return mark_safe(_cleaner().clean(html))  # noqa: S308 - sanitized by nh3 just now


# A question mark ending a sentence ("Any ideas?", "is it 'safe'?"), not one inside a word or URL.
QUESTION_RE = re.compile(r"\?+(?=[\s\"')\]»”’]|$)")


def asks_question(text: str | None) -> bool:
    """Whether the writer asks something in their own words: a sentence ending in "?" outside
    code and quoted text (a quoted question is someone else's)."""
    if not text or "?" not in text:
        return False
    return _asks(_parser().parse(text))


def _asks(tokens: list[Token]) -> bool:
    quoted = 0
    for tok in tokens:
        quoted += {"blockquote_open": 1, "blockquote_close": -1}.get(tok.type, 0)
        if tok.type != "inline" or quoted or not tok.children:
            continue
        if any(c.type == "text" and QUESTION_RE.search(c.content) for c in tok.children):
            return True
    return False
