"""Text to search terms: the one normalization used at index time and at query time.

Both databases index the space-joined output of terms() and only split it again (SQLite FTS5
`unicode61 remove_diacritics 0`, PostgreSQL's `simple` configuration), so what matches, the
term statistics and the ranking inputs are the same on SQLite and PostgreSQL
(docs/decisions/0005-search-text.md).
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer

# Longer tokens are hashes, base64 or pasted garbage: never what two people both typed, and
# CommonTerm.term holds at most 64 characters.
MAX_TERM_LENGTH = 64
# What a query reads of a draft's body: the start says what it is about, and a pasted log
# should not make every keystroke's lookup slower.
QUERY_BODY_CHARS = 1_500
MAX_QUERY_TERMS = 32

# Snowball's English stop list, plus the fragments its contractions leave once split at the
# apostrophe ("don't" -> "don", "t") and a few words people use in every question.
_STOP_LIST = """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn d did didn do does doesn
    doing don down during each few for from further had hadn has hasn have haven having he her
    here hers herself him himself his how i if in into is isn it its itself just let ll m me
    more most mustn my myself no nor not now of off on once only or other ought our ours
    ourselves out over own re s same shan she should shouldn so some such t than that the their
    theirs them themselves then there these they this those through to too under until up ve
    very was wasn we were weren what when where which while who whom why will with won would
    wouldn you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_LIST.split())

# Markup that is not text: HTML tags and comments, link targets and bare URLs (their pieces,
# "https", "com", "www", would match everything that links anywhere).
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_LINK_TARGET_RE = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Letters and digits only: underscores split words here as they do in both engines' tokenizers.
_TOKEN_RE = re.compile(r"[^\W_]+")

_local = threading.local()


def _stemmer():
    # A Snowball stemmer keeps the word it works on in the object: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lowercase word; a vocabulary repeats, so the
    cache answers most calls (stemming is the costly part of indexing)."""
    return _stemmer().stemWord(word)


def plain_text(text: str) -> str:
    """Markdown or HTML as the words a reader sees (code kept: error messages are what people
    search for), without diacritics, in lower case."""
    text = _COMMENT_RE.sub(" ", text)
    text = _TAG_RE.sub(" ", text)
    text = _LINK_TARGET_RE.sub("] ", text)
    text = _URL_RE.sub(" ", text)
    text = html.unescape(text).casefold()
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return text


def terms(text: str) -> list[str]:
    """The stemmed, non-stop-word terms of a text, in order and with repeats (term frequency
    counts for ranking)."""
    if not text:
        return []
    return [
        stem(token)
        for token in _TOKEN_RE.findall(plain_text(text))
        if token not in STOP_WORDS and len(token) <= MAX_TERM_LENGTH
    ]


def document_terms(title: str, body: str) -> tuple[str, str]:
    """What a post's search document holds: the terms of its title and of its body, each
    space-joined (the form both full-text indexes split again)."""
    return " ".join(terms(title)), " ".join(terms(body))


def query_terms(title: str, body: str = "") -> list[str]:
    """What a draft question is about, most telling first: the title's terms in order, then
    the terms of the start of the body, most repeated first; distinct, at most MAX_QUERY_TERMS.
    The query takes the title's before the body's (queries.choose_terms), which is how the
    title weighs more than the body."""
    chosen = list(dict.fromkeys(terms(title or "")))
    seen = set(chosen)
    counts = Counter(terms((body or "")[:QUERY_BODY_CHARS]))
    # Counter keeps first-seen order among equal counts; sorted() is stable.
    for term, _n in sorted(counts.items(), key=lambda kv: -kv[1]):
        if term not in seen:
            chosen.append(term)
            seen.add(term)
    return chosen[:MAX_QUERY_TERMS]
