"""Typo-tolerant lookup of names (people's, topics'): the words someone types against the words
of every name, exactly, as the start of a word, or within an edit or two.

A NameIndex is built from (owner id, name) entries given in display order (people by name,
topics by name with their synonyms after them), so an entry's position is its rank among equal
matches and no names need be kept for sorting. It holds the distinct folded words with the
positions of the entries that contain them (about 2 MB at 100,000 people), cached by the
apps with core.memo.shared_value. Visibility is not its business: the apps fetch the entries'
owners through their visibility-checked queries.

Matching rules (docs/subsystems/people.md, "Name search"):
- folding: case-insensitive, accents dropped (NFKD as search/text.py, plus the letters that do
  not decompose: ø, ł, æ ...), apostrophes dropped ("O'Neil" = "oneil");
- every word typed must match some word of the same name; the last word may be the start of
  a word (the person is still typing), the others must be whole words;
- fuzzy: one edit for words of 4-7 letters, two for 8 or more (the longer of the typed word
  and the name's word counts), none when fewer than 4 letters are typed (three letters are
  another name, not a typo); a transposition is one edit (Damerau-Levenshtein);
- ranking: exact before prefix before fuzzy (a name's kind is its worst word's), then fewer
  edits, then the display order.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

EXACT, PREFIX, FUZZY = "exact", "prefix", "fuzzy"
_KINDS = (EXACT, PREFIX, FUZZY)

# What a query reads: a name has a few words; 10 kB of pasted text should cost no more than a
# name's worth of work.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 6
# Longer "words" are pasted tokens, never a name someone misspelt.
MAX_WORD_CHARS = 40

# Letters NFKD leaves whole, spelt as people without the key type them.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "'": "",
        "’": "",
        "ʼ": "",
    }
)


# Letters and digits, as search/text.py splits words.
_WORD_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents (the same folding for names and for what is typed)."""
    text = text.casefold()
    if text.isascii():
        # Most names: skip the Unicode work (an index build folds every name).
        return text.replace("'", "") if "'" in text else text
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.translate(_LETTERS)


def name_words(text: str) -> list[str]:
    """The folded words of a name or query, in order: letters and digits, split at anything
    else (spaces, hyphens, dots, @, #, NUL, emoji)."""
    return _WORD_RE.findall(fold(text))


def query_words(text: str) -> list[str]:
    """The words of what someone typed, bounded (see MAX_QUERY_CHARS)."""
    if not isinstance(text, str):
        return []
    return [w for w in name_words(text[:MAX_QUERY_CHARS]) if len(w) <= MAX_WORD_CHARS][
        :MAX_QUERY_WORDS
    ]


def max_edits(length: int) -> int:
    """How many typing mistakes a word of this many letters may hold and still match."""
    if length < 4:
        return 0
    return 1 if length <= 7 else 2


def score(kind: str, edits: int) -> float:
    """A number in (0, 1], higher is better, comparable between people and topics (for merging
    result lists): exact 1.0, prefix 0.8, fuzzy 0.6 less 0.1 an edit."""
    if kind == EXACT:
        return 1.0
    if kind == PREFIX:
        return 0.8
    return round(max(0.1, 0.6 - 0.1 * edits), 2)


class Hit(NamedTuple):
    """One matching entry: its owner (a person's or topic's id), its position, how it matched."""

    owner: int
    position: int
    kind: str
    edits: int


@dataclass(frozen=True)
class NameIndex:
    """The words of a set of names, for exact, prefix and fuzzy lookups (see the module doc)."""

    owners: array  # entry position -> owner id
    names: tuple[str, ...]  # entry position -> name, when kept (topics: which synonym matched)
    postings: dict[str, array]  # word -> ascending entry positions
    sorted_words: tuple[str, ...]  # for prefix lookups with bisect
    by_length: dict[int, tuple[str, ...]]  # for fuzzy lookups: only lengths within the edits

    def __len__(self) -> int:
        return len(self.owners)

    def search(self, words: list[str]) -> Iterator[Hit]:
        """Entries matching every word, best first (lazily: a caller wanting ten reads little)."""
        if not words or not self.owners:
            return iter(())
        per_word = [self._word_matches(w, last=i == len(words) - 1) for i, w in enumerate(words)]
        if not all(per_word):
            return iter(())
        if len(words) == 1:
            return self._tiers(per_word[0])
        return iter(self._combined(per_word))

    def _word_matches(self, word: str, *, last: bool) -> dict[str, tuple[int, int]]:
        """Vocabulary words matching one typed word -> (kind rank, edits)."""
        found: dict[str, tuple[int, int]] = {}
        if word in self.postings:
            found[word] = (0, 0)
        if last:
            i = bisect.bisect_left(self.sorted_words, word)
            for vocab in islice(self.sorted_words, i, None):
                if not vocab.startswith(word):
                    break
                found.setdefault(vocab, (1, 0))
        n = len(word)
        for length in range(n - 2, n + 3) if max_edits(n) else ():
            # The longer of the two words sets the allowance: "Fernndez" (two letters dropped,
            # 7 left) may still be two edits from the 9 letters of "Fernandez".
            k = max_edits(max(n, length))
            candidates = self.by_length.get(length)
            if abs(length - n) > k or not candidates:
                continue
            for vocab, distance, _i in process.extract(
                word,
                candidates,
                scorer=DamerauLevenshtein.distance,
                score_cutoff=k,
                limit=None,
            ):
                if distance:
                    found.setdefault(vocab, (2, int(distance)))
        return found

    def _hit(self, position: int, rank: int, edits: int) -> Hit:
        return Hit(self.owners[position], position, _KINDS[rank], edits)

    def _tiers(self, matches: dict[str, tuple[int, int]]) -> Iterator[Hit]:
        tiers: dict[tuple[int, int], list[str]] = defaultdict(list)
        for vocab, key in matches.items():
            tiers[key].append(vocab)
        seen: set[int] = set()
        for key in sorted(tiers):
            positions: set[int] = set()
            for vocab in tiers[key]:
                positions.update(self.postings[vocab])
            for position in sorted(positions - seen):
                yield self._hit(position, *key)
            seen |= positions

    def _combined(self, per_word: list[dict[str, tuple[int, int]]]) -> list[Hit]:
        best: list[dict[int, tuple[int, int]]] = []
        for matches in per_word:
            mine: dict[int, tuple[int, int]] = {}
            for vocab, key in sorted(matches.items(), key=lambda kv: kv[1]):
                for position in self.postings[vocab]:
                    mine.setdefault(position, key)
            best.append(mine)
        best.sort(key=len)
        rows = []
        for position, (rank, edits) in best[0].items():
            for other in best[1:]:
                key = other.get(position)
                if key is None:
                    break
                rank, edits = max(rank, key[0]), edits + key[1]
            else:
                rows.append((rank, edits, position))
        rows.sort()
        return [self._hit(position, rank, edits) for rank, edits, position in rows]


def build_name_index(
    entries: Iterable[tuple[int, str]], *, keep_names: bool = False, joined: bool = False
) -> NameIndex:
    """An index of (owner id, name) entries, given in display order. `joined` also indexes a
    name's words run together ("machinelearning"), as hashtags are typed."""
    owners = array("q")
    names: list[str] = []
    postings: dict[str, list[int]] = defaultdict(list)
    for owner, name in entries:
        words = name_words(name)
        if not words:
            continue
        if joined and len(words) > 1:
            words.append("".join(words))
        position = len(owners)
        owners.append(owner)
        if keep_names:
            names.append(name)
        for word in dict.fromkeys(words):
            postings[word].append(position)
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in postings:
        by_length[len(word)].append(word)
    return NameIndex(
        owners=owners,
        names=tuple(names),
        postings={word: array("i", positions) for word, positions in postings.items()},
        sorted_words=tuple(sorted(postings)),
        by_length={n: tuple(words) for n, words in by_length.items()},
    )
