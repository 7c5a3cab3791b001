"""The search box's syntax, as people know it from other search engines:

    kubernetes upgrade        every word must match (stemmed: "upgrades" finds "upgrade")
    "rolling upgrade"         a phrase: these words next to each other
    -helm                     without this word
    #kubernetes               only posts with this topic
    @priya                    only posts by this person (the name people @mention them by)

Anything typed parses: an unbalanced quote ends its phrase at the end of the text, stray
operators are plain text, and a query longer than MAX_QUERY_CHARS is cut (with a note). Words
become search terms through search.text.terms, the normalization the index uses, so nothing
a person types ever reaches an engine as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from knowflow.core.markdown import HASHTAG_RE, MENTION_RE
from knowflow.topics.queries import topic_slug

from .text import STOP_WORDS, terms

# Longer queries are cut here: nobody types more into a search box, and a pasted page should
# not become hundreds of terms.
MAX_QUERY_CHARS = 500
MAX_TERMS = 12  # required terms (words and phrase words) a query keeps
MAX_PHRASES = 4
MAX_FILTERS = 5  # topics, and people, each

# A token: a quoted phrase (its closing quote optional at the end), or a run of non-spaces.
_TOKEN_RE = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class ParsedQuery:
    """What a query asks for, as search terms (stemmed) and filters."""

    text: str  # the query as used (cut to MAX_QUERY_CHARS)
    words: tuple[str, ...] = ()  # terms every result contains
    phrases: tuple[tuple[str, ...], ...] = ()  # term sequences every result contains in order
    excluded: tuple[str, ...] = ()  # terms no result contains
    topics: tuple[str, ...] = ()  # topic slugs (#topic)
    people: tuple[str, ...] = ()  # mention names (@name: the local part of an address)
    # Words as typed (lower case), for highlighting: a stemmed term matches many forms.
    highlight: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # what was changed or ignored, for the reader

    @property
    def has_text(self) -> bool:
        """Whether the full-text index is asked (a query of only #topic / @person is not)."""
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.topics or self.people)

    @property
    def required_terms(self) -> tuple[str, ...]:
        """Every distinct term a result must contain (words and phrase words)."""
        seen: dict[str, None] = dict.fromkeys(self.words)
        for phrase in self.phrases:
            seen.update(dict.fromkeys(phrase))
        return tuple(seen)


def parse(text: str | None) -> ParsedQuery:
    """The query a search box text asks for. Never fails: whatever cannot be used is left
    out and said in `notes`."""
    text = (text or "").replace("\x00", " ").strip()
    notes: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(
            _("Only the first %(n)s characters of the search were used.") % {"n": MAX_QUERY_CHARS}
        )
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    topics: list[str] = []
    people: list[str] = []
    highlight: list[str] = []
    stop_words_only = False
    unusable = False  # words that are not search terms (too long to be a word)
    for match in _TOKEN_RE.finditer(text):
        negated, phrase, token = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            found = terms(phrase)
            if negated:
                excluded.extend(found)
            elif len(found) > 1:
                phrases.append(tuple(found))
                highlight.extend(phrase.casefold().split())
            elif found:
                words.extend(found)  # a one-word phrase is a word
                highlight.extend(phrase.casefold().split())
            elif phrase.strip():
                stop_words_only = True
            continue
        if token.startswith("-") and len(token) > 1:
            excluded.extend(terms(token[1:]))
            continue
        tag = HASHTAG_RE.fullmatch(token.rstrip(".,;:!?"))
        if tag:
            topics.append(topic_slug(tag.group(1)))
            continue
        mention = MENTION_RE.fullmatch(token.rstrip(".,;:!?"))
        if mention:
            people.append(mention.group(1).lower())
            continue
        found = terms(token)
        if found:
            words.extend(found)
            highlight.append(token.casefold())
        elif any(w in STOP_WORDS for w in _WORD_RE.findall(token.casefold())):
            stop_words_only = True
        elif _WORD_RE.search(token):
            unusable = True
    words = list(dict.fromkeys(words))
    excluded = [t for t in dict.fromkeys(excluded) if t not in words]
    phrases = list(dict.fromkeys(phrases))[:MAX_PHRASES]
    if len(words) + sum(len(p) for p in phrases) > MAX_TERMS:
        notes.append(_("Only the first %(n)s words were used.") % {"n": MAX_TERMS})
        room = MAX_TERMS
        kept: list[tuple[str, ...]] = []
        for phrase in phrases:
            if len(phrase) <= room:
                kept.append(phrase)
                room -= len(phrase)
        phrases = kept
        words = words[:room]
    if len(topics) > MAX_FILTERS or len(people) > MAX_FILTERS:
        notes.append(_("Only the first %(n)s topics and people were used.") % {"n": MAX_FILTERS})
    parsed = ParsedQuery(
        text=text,
        words=tuple(words),
        phrases=tuple(phrases),
        excluded=tuple(excluded[:MAX_TERMS]),
        topics=tuple(dict.fromkeys(topics))[:MAX_FILTERS],
        people=tuple(dict.fromkeys(people))[:MAX_FILTERS],
        highlight=tuple(dict.fromkeys(highlight)),
        notes=tuple(notes),
    )
    if parsed.excluded and parsed.is_empty:
        notes.append(_("Add a word to search for: a query can't only leave words out."))
        parsed = ParsedQuery(text=text, notes=tuple(notes))
    elif parsed.is_empty:
        if stop_words_only:
            notes.append(
                _(
                    "Those words are too common to search for. Add a word that says what it is about."
                )
            )
        elif unusable:
            notes.append(_("Nothing in that text can be searched for. Try other words."))
        parsed = ParsedQuery(text=text, notes=tuple(notes))
    return parsed
