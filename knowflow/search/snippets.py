"""Result snippets: a short passage of a post around the words searched for, highlighted.

Made in Python from the post's text for the page of results only (20 posts), so both
databases show the same snippets, and from what the reader sees (the plain text of the
rendered Markdown), not from the index's stemmed terms. A word is highlighted when its
search term is one of the query's: "upgrading" for a search for "upgrade".
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import STOP_WORDS, stem, terms

SNIPPET_CHARS = 220
_WORD_RE = re.compile(r"[^\W_]+")
_SPACE_RE = re.compile(r"\s+")


def readable_text(text: str) -> str:
    """A post's Markdown as one line of the words a reader sees (case kept)."""
    # plain_text folds case for the index; here only the markup goes.
    stripped = re.sub(r"<[^>]+>|!?\[([^\]]*)\]\([^)]*\)|[*_`>#~|]", r" \1 ", text or "")
    return _SPACE_RE.sub(" ", stripped).strip()


def snippet(text: str, query_terms: set[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """About `length` characters of the text around the first word that matches, with every
    matching word in <mark>; the start of the text when nothing matches (a #topic or
    @person search). Escaped: the result is safe to show."""
    text = readable_text(text)
    matches = [m for m in _WORD_RE.finditer(text) if _matches(m.group(0), query_terms)]
    if matches:
        first = matches[0].start()
        start = max(0, first - length // 4)
        if start:
            # Start at a word boundary.
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out: list[str] = ["… " if start else ""]
    position = start
    for m in matches:
        if m.start() < start:
            continue
        if m.end() > end:
            break
        out.append(escape(text[position : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        position = m.end()
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)


def _matches(word: str, query_terms: set[str]) -> bool:
    """Whether a word of the text is one of the query's terms once normalized as the index
    normalizes it (search.text: case, accents, stop words, stem)."""
    if not query_terms:
        return False
    word = word.casefold()
    if word.isascii():
        return word not in STOP_WORDS and stem(word) in query_terms
    found = terms(word)
    return bool(found) and found[0] in query_terms


def highlight(text: str, query_terms: set[str]) -> SafeString:
    """A short text (a title) with its matching words in <mark>, escaped."""
    text = text or ""
    out: list[str] = []
    position = 0
    for m in _WORD_RE.finditer(text):
        if _matches(m.group(0), query_terms):
            out.append(escape(text[position : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            position = m.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)
