"""Reads of the search index: "has this been asked before?" and the topics a draft is about.

similar() is one statement: the full-text engine ranks candidates (bm25 on SQLite FTS5,
ts_rank_cd on PostgreSQL), and the same statement keeps those the viewer may see (the rule of
posts.queries.visible_q, as the feed writes it in SQL) and brings the originals of duplicates.
Which query terms it uses is decided before, from a postings budget (docs/subsystems/search.md):
the cost of a lookup is bounded by the budget, not by the size of the corpus.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from knowflow.core.markdown import HASHTAG_RE
from knowflow.core.memo import keep_in_process, process_value, shared_value
from knowflow.core.sql import fetch_rows
from knowflow.posts.models import Audience, PostKind, PostTopic
from knowflow.posts.queries import ActiveMutes, _in, _Where
from knowflow.topics.models import Topic, TopicSynonym
from knowflow.topics.queries import topic_slug, topics_visible_to

from . import semantic
from .models import CORPUS_SIZE_TERM, CommonTerm, Document, Embedding
from .text import QUERY_BODY_CHARS, query_terms, terms

# The postings budget: the chosen terms' document frequencies may add up to this many. The
# engines' cost grows with the postings they read (an OR of all ~20 terms of a draft took
# 0.9 s at 300k documents). At a million synthetic questions on the test machine (150
# paraphrased drafts, docs/benchmarks.md "Ask-time suggestions"): 10,000 gave a p95 of 98 ms
# on SQLite and 54 ms on PostgreSQL, 8,500 gave 37 and 48 ms for 3 fewer originals found of
# 150 on SQLite; 5,000 lost a third of them.
POSTINGS_BUDGET = 8_000
# A window of the newest documents (newest_window) is read row by row rather than through
# the index's postings: a quarter of the budget costs about what the budget does.
WINDOW_BUDGET = POSTINGS_BUDGET // 4
GENERIC_SHARE = 0.05  # see too_generic()
MAX_TERMS = 10
# When even the rarest term is over the budget, a query still needs something to match on.
MIN_TERMS = 3
# How many ranked candidates the engine returns before visibility is applied, and the wider
# rounds used when too few of them are visible (None: all matches; recall only, the
# visibility filter is never skipped).
CANDIDATE_ROUNDS: tuple[int | None, ...] = (200, 2_000, None)
COMMON_TERMS_KEY = "search:common-terms"
COMMON_TERMS_SECONDS = 5 * 60
TOPIC_LEXICON_KEY = "search:topic-lexicon:2"
TOPIC_LEXICON_SECONDS = 5 * 60
MAX_LIMIT = 50

# What may reach a MATCH or tsquery string: letters and digits only, never user syntax.
_TERM_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Hit:
    """A question that may already answer the draft."""

    post_id: int
    title: str
    url: str
    status: str  # help.QuestionStatus value
    answer_count: int
    accepted: bool  # it has an accepted answer
    score: float  # the engine's relevance (higher is better; not comparable across engines)


# --- choosing terms ------------------------------------------------------------------------


def _term_stats() -> tuple[dict[str, int], int]:
    """Document frequencies of the common terms (CommonTerm) and the number of documents,
    kept in the process and the shared cache: they change once a day, and every keystroke's
    lookup reads them."""

    def load() -> tuple[dict[str, int], int]:
        rows = dict(CommonTerm.objects.values_list("term", "df"))
        total = rows.pop(CORPUS_SIZE_TERM, 0)
        return rows, total

    return shared_value(COMMON_TERMS_KEY, load, seconds=COMMON_TERMS_SECONDS)


def postings(chosen: Sequence[str], common: dict[str, int]) -> int:
    """An upper bound of the postings the engine reads for these terms (see choose_terms)."""
    rare_cost = min(common.values()) if common else 0
    return sum(common.get(t, rare_cost) for t in chosen)


def newest_window(chosen: Sequence[str], common: dict[str, int], total: int) -> int | None:
    """How many of the newest documents a query searches: all (None) when its terms fit the
    postings budget. A draft made only of words that most questions have (when even the
    rarest is over the budget) would have the engine score a large share of the corpus
    (seconds at a million); it searches the newest documents instead, as many as the budget
    pays for at those words' frequency. Such words say little about a question, so the newest
    close matches are as good a suggestion as any."""
    cost = postings(chosen, common)
    if cost <= POSTINGS_BUDGET or not total:
        return None
    return max(1, WINDOW_BUDGET * total // cost)


def too_generic(chosen: Sequence[str], common: dict[str, int], total: int) -> bool:
    """Every term of the draft is in more than GENERIC_SHARE of the questions ("how do I use
    the tool"): it has no subject yet, so nothing is suggested until it has one. Matching such
    words cost SQLite's FTS5 70-100 ms at a million even within a window: it walks their long
    posting lists."""
    if not total or not chosen:
        return False
    return all(common.get(t, 0) > GENERIC_SHARE * total for t in chosen)


def choose_terms(candidates: Sequence[str], common: dict[str, int], *, title: int = 0) -> list[str]:
    """The terms a query uses: the title's first (its first `title` candidates, rarest first),
    then the body's, rarest first, each while the document frequencies chosen add up to at
    most POSTINGS_BUDGET (a term that would pass it is skipped; a rarer one after it may still
    fit), at most MAX_TERMS; when not even one fits, the MIN_TERMS rarest.

    The title first, as query_terms() orders them: a duplicate is most often another title
    for the same thing, while the rarest words of a long body are often incidental (a name, a
    version, a typo). Rarest first over title and body together found the original of 0.75
    and 0.60 of the real duplicates on two Stack Exchange replays where this finds 0.88 and
    0.80 (docs/benchmarks.md, "Duplicate detection on real data").

    A term missing from `common` is rare (in at most 0.1% of documents): it comes before every
    common term and is counted as costing as much as the rarest common one, an upper bound."""
    if not candidates:
        return []
    rare_cost = min(common.values()) if common else 0

    def rarity(item: tuple[int, str]) -> tuple:
        position, term = item
        return (term in common, common.get(term, 0), position)

    ranked = sorted(enumerate(candidates), key=lambda item: (item[0] >= title, *rarity(item)))
    chosen: list[str] = []
    spent = 0
    for _position, term in ranked:
        if len(chosen) >= MAX_TERMS:
            break
        cost = common.get(term, rare_cost)
        if spent + cost > POSTINGS_BUDGET:
            continue
        chosen.append(term)
        spent += cost
    if not chosen:
        chosen = [term for _position, term in sorted(enumerate(candidates), key=rarity)[:MIN_TERMS]]
    return chosen


# --- the statement -------------------------------------------------------------------------


def _candidates_sql(*, windowed: bool, weighted: int = 0) -> str:
    """The engine's ranked candidates: (doc, score), best first, at most %s of them (with
    `windowed`, among the newest %s documents). The parameters are the match expression, the
    window if any, and the limit."""
    newest = "(SELECT COALESCE(MAX(m.id), 0) FROM search_document m) - %s"
    if connection.vendor == "postgresql":
        # PostgreSQL's own rankings know nothing of how rare a word is (ts_rank_cd found the
        # paraphrased question in the first five for 61% of drafts, where SQLite's bm25 found
        # it for 91%, on the same candidates), so each chosen term counts its inverse document
        # frequency, four times over in the title (weight A), as bm25's column weights do on
        # SQLite: `weighted` terms, two parameters each (the term's query, its weight) for
        # the body and two for the title. The kind filter matches the partial GIN index.
        score = (
            " + ".join(["CASE WHEN d.tsv @@ %s::tsquery THEN %s ELSE 0 END"] * (2 * weighted))
            or "0"
        )
        documents = "search_document d"
        if windowed:
            # The newest documents by id, then the match on each (OFFSET 0 keeps the planner
            # from merging the two): the text index would read the common words' whole
            # posting lists first (200-300 ms at a million), and ANDing it with an id range
            # scans every id.
            documents = (
                f"(SELECT id, kind, tsv FROM search_document WHERE id > {newest} OFFSET 0) d"  # noqa: S608
            )
        return (
            f"SELECT d.id AS doc, {score} AS score "  # noqa: S608 (fixed SQL; values are parameters)
            f"FROM to_tsquery('simple'::regconfig, %s) AS tq CROSS JOIN {documents} "
            "WHERE d.kind IN ('question', 'article') AND d.tsv @@ tq "
            "ORDER BY score DESC, d.id LIMIT %s"
        )
    # FTS5 starts each term's postings at the window's first rowid.
    window = f"AND rowid > {newest}" if windowed else ""
    # bm25() is lower for better matches; negated so both engines sort descending. Title
    # weight 4, body 1.
    return (
        "SELECT rowid AS doc, -bm25(search_ask_fts, 4.0, 1.0) AS score "  # noqa: S608
        f"FROM search_ask_fts WHERE search_ask_fts MATCH %s {window} "
        "ORDER BY score DESC, rowid LIMIT %s"
    )


TITLE_BOOST = 3.0  # a term in the title counts 1 + 3 times, as bm25's 4:1 column weights


def _term_weights(chosen: Sequence[str], common: dict[str, int], total: int) -> list:
    """PostgreSQL's score parameters: per term, (its query, its idf) for anywhere in the text
    and (its title query, 3 x idf) for the title. A term not among the common ones is rarer
    than the rarest of them: it gets that one's document frequency, a lower bound of its idf."""
    total = max(total, 1)
    rare_df = min(common.values()) if common else 1
    out: list = []
    for term in chosen:
        if not _TERM_RE.fullmatch(term):
            continue
        df = common.get(term, rare_df)
        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        out += [f"'{term}'", idf, f"'{term}':A", TITLE_BOOST * idf]
    return out


def _match_expression(chosen: Sequence[str]) -> str:
    """Terms as the engine's OR query. Only letters and digits pass (each term is checked
    again here), so nothing a person typed is read as query syntax."""
    safe = [t for t in chosen if _TERM_RE.fullmatch(t)]
    if connection.vendor == "postgresql":
        return " | ".join(safe)
    return " OR ".join(f'"{t}"' for t in safe)


def _similar_statement(
    viewer,
    *,
    chosen: Sequence[str],
    candidates: int | None,
    keep: int,
    exclude_post_id: int,
    window: int | None = None,
    weights: Sequence = (),
) -> tuple[str, list]:
    """One SELECT: how many candidates the engine found (`found`, on every row, and alone on a
    row of NULLs when none is visible), then the visible questions among them, best first, and
    the visible originals of visible duplicates (`via` = the duplicate they stand for).
    `weights`: PostgreSQL's score parameters (_term_weights)."""
    where = _Where(viewer, ActiveMutes(), questions=False)
    # "No limit" as a parameter keeps the statement's text the same (prepared once).
    no_limit = None if connection.vendor == "postgresql" else -1
    # On SQLite the candidates are inlined (NOT MATERIALIZED: the engine runs twice, a few
    # milliseconds): materialized, once the tables have statistics (ANALYZE), the planner
    # guesses many candidates and builds Bloom filters of the whole documents and posts
    # tables before joining them (80-115 -> 5-15 ms at 100k questions and 122k answers with
    # statistics).
    materialized = "" if connection.vendor == "postgresql" else "NOT MATERIALIZED "
    # Only duplicates have an original: the join of the few hits' originals (_rarely_true).
    originals = _rarely_true("hit.duplicate_of_id > 0")
    sql = f"""
        WITH c AS {materialized}({_candidates_sql(windowed=window is not None, weighted=len(weights) // 4)}),
        hit AS (
            SELECT p.id, p.title, c.score, q.status, q.answer_count, q.accepted_answer_id,
                   q.duplicate_of_id
            FROM c
            JOIN search_document d ON d.id = c.doc
            JOIN posts_post p ON p.id = d.post_id
            LEFT JOIN help_question q ON q.post_id = p.id
            WHERE p.kind = %s AND p.id <> %s AND {where.sql}
            ORDER BY c.score DESC, p.id
            LIMIT %s
        )
        SELECT n.found, h.id, h.title, h.score, h.via, h.status, h.answer_count,
               h.accepted_answer_id, h.duplicate_of_id
        FROM (SELECT COUNT(*) AS found FROM c) n
        LEFT JOIN (
            SELECT hit.id, hit.title, hit.score, 0 AS via, hit.status, hit.answer_count,
                   hit.accepted_answer_id, hit.duplicate_of_id
            FROM hit
            UNION ALL
            SELECT p.id, p.title, hit.score, hit.id AS via, q.status, q.answer_count,
                   q.accepted_answer_id, q.duplicate_of_id
            FROM hit
            JOIN posts_post p ON p.id = hit.duplicate_of_id AND {originals}
            LEFT JOIN help_question q ON q.post_id = p.id
            WHERE p.id <> %s AND {where.sql}
        ) h ON 1 = 1
        ORDER BY h.score DESC, h.id
    """  # noqa: S608 (only fixed SQL is formatted in; every value is a parameter)
    params = [
        *weights,
        _match_expression(chosen),
        *([] if window is None else [window]),
        no_limit if candidates is None else candidates,
        PostKind.QUESTION.value,
        exclude_post_id,
        *where.params,
        keep,
        exclude_post_id,
        *where.params,
    ]
    return sql, params


@dataclass
class _Row:
    post_id: int
    title: str
    score: float
    status: str
    answer_count: int
    accepted: bool


def _merge(rows, *, exclude_post_id: int) -> list[_Row]:
    """The statement's rows as hits: a duplicate gives way to its original (which takes the
    better of the two scores), each question once, best first."""
    replaced = {row[4] for row in rows if row[4]}
    best: dict[int, _Row] = {}
    for _found, pk, title, score, via, status, answers, accepted_id, duplicate_of in rows:
        if pk is None:
            continue
        if not via and pk in replaced:
            continue  # a duplicate whose original is here
        if not via and duplicate_of and duplicate_of == exclude_post_id:
            continue  # a duplicate of the question being edited
        row = best.get(pk)
        if row is None or score > row.score:
            best[pk] = _Row(
                post_id=pk,
                title=title,
                score=float(score),
                status=status or "open",
                answer_count=answers or 0,
                accepted=accepted_id is not None,
            )
    return sorted(best.values(), key=lambda r: (-r.score, r.post_id))


def similar(
    viewer,
    *,
    title: str,
    body: str = "",
    limit: int = 5,
    exclude_post_id: int | None = None,
) -> list[Hit]:
    """Questions the viewer may see that look like the draft (title, body), best first:
    known duplicates replaced by their originals, each once, the question being edited
    (`exclude_post_id`) left out. Any text is accepted: it only ever becomes search terms."""
    limit = max(0, min(limit, MAX_LIMIT))
    if not limit or not getattr(viewer, "is_authenticated", False):
        return []
    common, total = _term_stats()
    chosen = choose_terms(query_terms(title, body), common, title=len(set(terms(title or ""))))
    if not chosen:
        return []
    if too_generic(chosen, common, total):
        return []
    window = newest_window(chosen, common, total)
    weights = _term_weights(chosen, common, total) if connection.vendor == "postgresql" else []
    exclude = exclude_post_id or 0  # ids are positive: 0 excludes nothing
    # Room for duplicates and their originals both coming back before they are merged; with
    # the semantic extra, the pool of lexical candidates that meaning re-ranks.
    use_meaning = semantic.enabled()
    keep = max(limit * 3, SEMANTIC_POOL) if use_meaning else limit * 3
    merged: list[_Row] = []
    for candidates in CANDIDATE_ROUNDS:
        sql, params = _similar_statement(
            viewer,
            chosen=chosen,
            candidates=candidates,
            keep=keep,
            exclude_post_id=exclude,
            window=window,
            weights=weights,
        )
        rows = fetch_rows(sql, params)
        merged = _merge(rows, exclude_post_id=exclude)
        found = rows[0][0] if rows else 0
        # Enough visible hits, or the engine had no more to give: done. Otherwise the best
        # matches were questions this viewer may not see; look further down the ranking.
        if len(merged) >= limit or candidates is None or found < candidates:
            break
    if use_meaning and merged:
        merged = _by_meaning(merged, title=title, body=body)
    return [
        Hit(
            post_id=r.post_id,
            title=r.title,
            url=reverse("help:question", args=[r.post_id]),
            status=r.status,
            answer_count=r.answer_count,
            accepted=r.accepted,
            score=r.score,
        )
        for r in merged[:limit]
    ]


# How many of the engine's best visible candidates meaning re-ranks (semantic extra), and the
# constant of reciprocal rank fusion (60, the usual: neither ranking dominates).
SEMANTIC_POOL = 100
RRF_K = 60


def _fused_by_meaning(post_ids: list[int], text: str) -> dict[int, float] | None:
    """Reciprocal rank fusion of the candidates' lexical rank (their order in `post_ids`) and
    how close their embeddings are to the text's (cosine of unit vectors): {post id: fused
    score}, or None when no candidate has an embedding yet. A candidate without one (its
    task has not run) keeps only its lexical part."""
    from .models import Embedding

    vectors = {
        post_id: semantic.from_bytes(data)
        for post_id, data in Embedding.objects.filter(
            post_id__in=post_ids, model=semantic.model_name()
        ).values_list("post_id", "vector")
    }
    if not vectors:
        return None
    query = semantic.embed_text(text)
    closeness = {pk: float(query @ v) for pk, v in vectors.items() if v.shape == query.shape}
    by_meaning = sorted(closeness, key=lambda pk: (-closeness[pk], pk))
    meaning_rank = {pk: i for i, pk in enumerate(by_meaning)}
    return {
        pk: 1 / (RRF_K + i + 1) + (1 / (RRF_K + meaning_rank[pk] + 1) if pk in meaning_rank else 0)
        for i, pk in enumerate(post_ids)
    }


def _by_meaning(rows: list[_Row], *, title: str, body: str) -> list[_Row]:
    """ "Asked before?"'s candidates re-ranked by meaning against the draft."""
    fused = _fused_by_meaning([r.post_id for r in rows], semantic.text_of(title, body))
    if fused is None:
        return rows
    ranked = sorted(rows, key=lambda r: (-fused[r.post_id], r.post_id))
    return [replace(r, score=fused[r.post_id]) for r in ranked]


# --- topics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicLexicon:
    """Every topic's names as search terms (1-3 terms long), every slug (for hashtags), and
    each topic's names as sets of terms (how much of a name a draft has)."""

    names: dict[tuple[str, ...], tuple[int, ...]]
    slugs: dict[str, int]
    words: dict[int, tuple[frozenset[str], ...]]

    def name_share(self, topic_id: int, draft: set[str]) -> float:
        """The largest share of one of the topic's names whose terms the draft has ("neural
        networks" gets half of "Convolutional neural networks")."""
        return max(
            (len(name & draft) / len(name) for name in self.words.get(topic_id, ()) if name),
            default=0.0,
        )


MAX_NAME_TERMS = 3


def _build_lexicon() -> TopicLexicon:
    names: dict[tuple[str, ...], set[int]] = defaultdict(set)
    slugs: dict[str, int] = {}
    words: dict[int, set[frozenset[str]]] = defaultdict(set)
    rows = [
        *Topic.objects.values_list("id", "name", "slug"),
        *TopicSynonym.objects.values_list("topic_id", "name", "slug"),
    ]
    for topic_id, name, slug in rows:
        slugs.setdefault(slug, topic_id)
        for text in (name, slug.replace("-", " ")):
            key = tuple(terms(text))
            if 0 < len(key) <= MAX_NAME_TERMS:
                names[key].add(topic_id)
            if key:
                words[topic_id].add(frozenset(key))
    return TopicLexicon(
        names={key: tuple(sorted(ids)) for key, ids in names.items()},
        slugs=slugs,
        words={topic_id: tuple(sets) for topic_id, sets in words.items()},
    )


def topic_lexicon() -> TopicLexicon:
    """The lexicon, cached: topics change rarely, and a new one is suggested within minutes."""
    return shared_value(TOPIC_LEXICON_KEY, _build_lexicon, seconds=TOPIC_LEXICON_SECONDS)


TOPIC_USES_KEY = "search:topic-uses"
TOPIC_USES_SECONDS = 10 * 60


def topic_uses() -> dict[int, int]:
    """How many questions in the index have each topic, counting only questions for everyone:
    a department's questions must not sway what a reader elsewhere is suggested. Read from
    the index (not from every post) so that a replay of history sees only earlier questions."""

    def count() -> dict[int, int]:
        from .models import Document

        return dict(
            PostTopic.objects.filter(
                post__in=Document.objects.filter(kind=PostKind.QUESTION).values("post_id"),
                post__audience=Audience.EVERYONE,
            )
            .values("topic_id")
            .annotate(n=Count("pk"))
            .values_list("topic_id", "n")
        )

    return shared_value(TOPIC_USES_KEY, count, seconds=TOPIC_USES_SECONDS)


# How much each kind of evidence counts for a topic. The weights are those of a logistic
# ranker fitted on three Stack Exchange sites' questions (each site's earlier questions, its
# later ones held out), rounded and shared: they agreed across sites (docs/benchmarks.md,
# "Topic suggestions").
HASHTAG_WEIGHT = 3.0  # the writer tagged it themselves
TITLE_NAME_WEIGHT = 1.0  # a topic's name or synonym in the title
BODY_NAME_WEIGHT = 0.5  # ... in the body
NEIGHBOUR_WEIGHT = 0.5  # a similar question's topic, times its closeness relative to the best
NAME_WORDS_WEIGHT = 1.0  # times the share of one of its names' words in the draft
USE_WEIGHT = 0.5  # times log(questions with it) relative to the most used topic's
# A topic no question has yet: the neighbours cannot vote for it, so being named (or close
# in meaning) must be enough.
NEW_TOPIC_WEIGHT = 1.5
MEANING_WEIGHT = 1.0  # close in meaning to the topic's name and description
MEANING_NAME_WEIGHT = 1.0  # ... to its name alone
SIMILAR_QUESTIONS = 10
POPULAR_CANDIDATES = 10  # the most used topics are candidates whenever there is any evidence
MEANING_CANDIDATES = 10
# Closeness counts from this far below the best topic's down to nothing (cosine).
MEANING_MARGIN = 0.15


def _named_topics(words: list[str], lexicon: TopicLexicon) -> set[int]:
    found: set[int] = set()
    for n in range(1, MAX_NAME_TERMS + 1):
        for start in range(len(words) - n + 1):
            found.update(lexicon.names.get(tuple(words[start : start + n]), ()))
    return found


_topic_vectors_cache: tuple[tuple, tuple] | None = None


def _topic_vectors():
    """(topic ids, "name: description" vectors, name vectors) by the configured model, kept in
    this process until a topic's vectors change (one small statement checks)."""
    global _topic_vectors_cache
    import numpy as np

    from .models import TopicEmbedding

    rows = TopicEmbedding.objects.filter(model=semantic.model_name())
    stamp = rows.aggregate(n=Count("pk"), last=Max("updated_at"))
    key = (semantic.model_name(), stamp["n"], stamp["last"])
    cached = _topic_vectors_cache
    if cached is not None and cached[0] == key:
        return cached[1]
    ids, described, named = [], [], []
    for topic_id, d, n in rows.order_by("pk").values_list("topic_id", "described", "named"):
        ids.append(topic_id)
        described.append(semantic.from_bytes(d))
        named.append(semantic.from_bytes(n))
    value = (ids, np.vstack(described), np.vstack(named)) if ids else ([], None, None)
    _topic_vectors_cache = (key, value)
    return value


def _topics_by_meaning(title: str, body: str) -> Counter[int]:
    """With the semantic extra: the topics closest in meaning to the draft, each counting by
    how close it comes to the closest (name with description, and name alone, apart)."""
    found: Counter[int] = Counter()
    if not semantic.enabled():
        return found
    ids, described, named = _topic_vectors()
    if not ids:
        return found
    import numpy as np

    query = semantic.embed_text(semantic.text_of(title, body))
    for vectors, weight in ((described, MEANING_WEIGHT), (named, MEANING_NAME_WEIGHT)):
        closeness = vectors @ query
        nearest = np.argsort(-closeness)[:MEANING_CANDIDATES]
        best = float(closeness[nearest[0]])
        for i in nearest:
            lift = max(0.0, float(closeness[i]) - best + MEANING_MARGIN) / MEANING_MARGIN
            if lift > 0:  # too far below the closest: not a candidate at all
                found[ids[i]] += weight * lift
    return found


# The topics of the earlier questions nearest in meaning to the draft (semantic extra). Not the
# few that "asked before?" finds, which share the draft's rarest words (it looks for the same
# question); here every earlier question with a vector is a candidate, whatever its words, and
# the nearest ones vote for their topics. A topic's evidence is its share of their votes. The
# three numbers were chosen together on the 45-70% slice of three Stack Exchange sites (each
# question against the ones before it), never on the questions the benchmark tests
# (docs/benchmarks.md, "Topic suggestions on real data").
MEANING_NEIGHBOURS = 50
MEANING_NEIGHBOUR_POWER = 4  # a neighbour votes with closeness ** 4: the nearest count most
MEANING_NEIGHBOUR_WEIGHT = 16.0  # times the topic's share of the neighbours' votes
# How many of the nearest vectors are checked for who may see them, and how many when too few
# of those may be: the nearest the viewer may not see make room for the next ones.
MEANING_NEIGHBOUR_ROUNDS = (4 * MEANING_NEIGHBOURS, 2_000)
# The newest questions' vectors each process keeps: at 384 dimensions 77 MB, a product of a
# few milliseconds a call and a bounded cost whatever the number of questions.
QUESTION_VECTORS_CAP = 50_000
# All of them are read again this often: an edited question's new vector (a new question's is
# added at once, see _question_vectors).
QUESTION_VECTORS_SECONDS = 15 * 60


@dataclass
class _QuestionVectors:
    model: str
    ids: object  # numpy int64 array: the questions' post ids, oldest first
    matrix: object  # numpy float32 array: their unit vectors, one row each
    last_post_id: int  # the highest post id among all embeddings when read
    read_at: float  # time.monotonic() of the full read


QUESTION_VECTORS_KEY = "search:question-vectors"


def _read_question_vectors(model: str, *, after: int = 0, limit: int = QUESTION_VECTORS_CAP):
    """(post ids, vectors) of the newest `limit` questions with an embedding by `model` whose
    post id is above `after`, oldest first."""
    import numpy as np

    rows = list(
        Embedding.objects.filter(model=model, post__kind=PostKind.QUESTION, post_id__gt=after)
        .order_by("-post_id")
        .values_list("post_id", "vector")[:limit]
    )
    rows.reverse()
    ids = np.array([pk for pk, _v in rows], dtype=np.int64)
    vectors = [semantic.from_bytes(v) for _pk, v in rows]
    matrix = np.vstack(vectors) if vectors else np.zeros((0, semantic.DIMENSIONS), "float32")
    return ids, matrix


def _question_vectors() -> _QuestionVectors:
    """The newest questions' vectors (QUESTION_VECTORS_CAP), kept in this process (too big
    for the shared cache). Each call reads the highest post id among the embeddings (their
    primary key: one index lookup); when it has grown, the vectors of the questions past the
    last one read are read and added (a copy of the matrix, once per new question). Everything
    is read again after QUESTION_VECTORS_SECONDS: vectors rewritten in place (an edit, another
    model), and a question whose vector was written after a newer post's (tasks finish in any
    order). A deleted question's vector may stay until then, but it never counts: who may see
    each neighbour, and its topics, are read at every call (_visible_with_topics)."""
    import numpy as np

    model = semantic.model_name()
    last = Embedding.objects.aggregate(last=Max("post_id"))["last"] or 0
    cached: _QuestionVectors | None = process_value(QUESTION_VECTORS_KEY)
    if (
        cached is None
        or cached.model != model
        or time.monotonic() - cached.read_at >= QUESTION_VECTORS_SECONDS
        or last < cached.last_post_id  # rows were removed: read them all again
    ):
        ids, matrix = _read_question_vectors(model)
        cached = _QuestionVectors(model, ids, matrix, last, time.monotonic())
        keep_in_process(QUESTION_VECTORS_KEY, cached)
    elif last > cached.last_post_id:
        ids, matrix = _read_question_vectors(model, after=cached.last_post_id)
        if len(ids):
            drop = max(0, len(cached.ids) + len(ids) - QUESTION_VECTORS_CAP)
            ids = np.concatenate([cached.ids[drop:], ids])
            matrix = np.vstack([cached.matrix[drop:], matrix])
        else:  # the new embeddings are of answers or comments
            ids, matrix = cached.ids, cached.matrix
        cached = replace(cached, ids=ids, matrix=matrix, last_post_id=last)
        keep_in_process(QUESTION_VECTORS_KEY, cached)
    return cached


def _visible_with_topics(viewer, post_ids: list[int]) -> dict[int, list[int]]:
    """{post id: its topic ids} for those of these questions the viewer may see (the rule of
    similar(): posts.queries' visibility, as the feed writes it in SQL) and that are in the
    "asked before?" index (as topic_uses(): a replay of history sees only earlier questions)."""
    where = _Where(viewer, ActiveMutes(), questions=False)
    among, among_params = _in("p.id", post_ids)
    sql = f"""
        SELECT p.id, pt.topic_id
        FROM posts_post p
        JOIN {Document._meta.db_table} d ON d.post_id = p.id
        LEFT JOIN {PostTopic._meta.db_table} pt ON pt.post_id = p.id
        WHERE {among} AND p.kind = %s AND d.kind = %s AND {where.sql}
    """  # noqa: S608 (only fixed SQL is formatted in; every value is a parameter)
    found: dict[int, list[int]] = {}
    params = [*among_params, PostKind.QUESTION.value, PostKind.QUESTION.value, *where.params]
    for post_id, topic_id in fetch_rows(sql, params):
        topics = found.setdefault(post_id, [])
        if topic_id is not None:
            topics.append(topic_id)
    return found


def _topics_of_neighbours_by_meaning(viewer, title: str, body: str) -> Counter[int]:
    """With the semantic extra: the topics of the MEANING_NEIGHBOURS questions nearest in
    meaning to the draft among those the viewer may see, each topic counting by its share of
    their votes (a neighbour's vote: its closeness ** MEANING_NEIGHBOUR_POWER)."""
    found: Counter[int] = Counter()
    if not semantic.enabled():
        return found
    vectors = _question_vectors()
    if not len(vectors.ids):
        return found
    import numpy as np

    query = semantic.embed_text(semantic.text_of(title, body))
    closeness = vectors.matrix @ query
    neighbours: list[int] = []
    for size in MEANING_NEIGHBOUR_ROUNDS:
        size = min(size, len(closeness))
        nearest = np.argpartition(-closeness, size - 1)[:size]
        nearest = nearest[np.argsort(-closeness[nearest], kind="stable")]
        topics_of = _visible_with_topics(viewer, vectors.ids[nearest].tolist())
        neighbours = [int(i) for i in nearest if int(vectors.ids[i]) in topics_of]
        if len(neighbours) >= MEANING_NEIGHBOURS or size == len(closeness):
            break
    neighbours = neighbours[:MEANING_NEIGHBOURS]
    votes = {i: max(0.0, float(closeness[i])) ** MEANING_NEIGHBOUR_POWER for i in neighbours}
    total = sum(votes.values())
    if not total:
        return found
    for i, vote in votes.items():
        if not vote:
            continue  # not close at all: it makes no topic a candidate
        for topic_id in topics_of[int(vectors.ids[i])]:
            found[topic_id] += MEANING_NEIGHBOUR_WEIGHT * vote / total
    return found


def suggest_topics(
    viewer,
    *,
    title: str,
    body: str = "",
    limit: int = 5,
    similar_hits: Sequence[Hit] | None = None,
) -> list[Topic]:
    """Existing topics a draft is about, best first, from evidence of several kinds (the
    weights above): #hashtags in it that name a topic; topic names and synonyms written in it
    (in the title more than in the body), wholly or partly; the topics of the questions most
    like it; with the semantic extra, topics close in meaning and the topics of the questions
    nearest in meaning; how often each is used. Pass `similar_hits` when the caller already
    has them, to save their statement."""
    limit = max(0, min(limit, MAX_LIMIT))
    if not limit:
        return []
    lexicon = topic_lexicon()
    scores: Counter[int] = Counter()
    for match in HASHTAG_RE.finditer(f"{title or ''}\n{body or ''}"):
        topic_id = lexicon.slugs.get(topic_slug(match.group(1)))
        if topic_id is not None:
            scores[topic_id] += HASHTAG_WEIGHT
    title_terms = terms(title or "")
    body_terms = terms((body or "")[:QUERY_BODY_CHARS])
    for topic_id in _named_topics(title_terms, lexicon):
        scores[topic_id] += TITLE_NAME_WEIGHT
    for topic_id in _named_topics(body_terms, lexicon):
        scores[topic_id] += BODY_NAME_WEIGHT
    if similar_hits is None:
        similar_hits = similar(viewer, title=title, body=body, limit=SIMILAR_QUESTIONS)
    hits = list(similar_hits[:SIMILAR_QUESTIONS])
    if hits:
        # Each similar question votes for its topics with its score relative to the best
        # one's: a question nearly as close as the best counts nearly as much.
        best = max(hits[0].score, 1e-9)
        weight = {hit.post_id: max(hit.score, 0.0) / best for hit in hits}
        # The hits are questions the viewer may see, so their topics are theirs to see.
        for post_id, topic_id in PostTopic.objects.filter(post_id__in=list(weight)).values_list(
            "post_id", "topic_id"
        ):
            scores[topic_id] += NEIGHBOUR_WEIGHT * weight[post_id]
    if title_terms or body_terms:
        scores.update(_topics_by_meaning(title, body))
        scores.update(_topics_of_neighbours_by_meaning(viewer, title, body))
    if not scores:
        return []
    uses = topic_uses()
    popular = sorted(uses, key=lambda t: (-uses[t], t))[:POPULAR_CANDIDATES]
    most = math.log1p(max(uses.values(), default=0))
    draft = set(title_terms) | set(body_terms)
    for topic_id in {*scores, *popular}:
        scores[topic_id] += NAME_WORDS_WEIGHT * lexicon.name_share(topic_id, draft)
        used = uses.get(topic_id, 0)
        scores[topic_id] += USE_WEIGHT * math.log1p(used) / most if most else 0.0
        if not used:
            scores[topic_id] += NEW_TOPIC_WEIGHT
    topics = topics_visible_to(viewer).in_bulk(list(scores))
    ranked = sorted(topics.values(), key=lambda t: (-scores[t.pk], t.name.lower(), t.pk))
    return ranked[:limit]


# --- the search page: every kind of post ---------------------------------------------------

COMMON_POST_TERMS_KEY = "search:common-post-terms"
_POST_TABLE = "posts_post"
_POSTTOPIC_TABLE = PostTopic._meta.db_table
SEARCH_KINDS = (PostKind.QUESTION, PostKind.ANSWER, PostKind.POST, PostKind.COMMENT)
SORTS = ("relevance", "newest")
# The visible results a search counts and pages through; past it the page says "1,000+" and
# asks for more words (no one reads on from page 50).
RESULT_CAP = 1_000
PER_PAGE = 20
# Engine candidates per round, before visibility and filters; widened while too few pass.
SEARCH_ROUNDS: tuple[int | None, ...] = (2_000, 20_000, None)
# In a window (newest_window), room for four times the matches it is sized for, then all. A
# number rather than all at once: PostgreSQL's planner cannot tell how many documents a window
# holds, and without a limit it read every post to join them (0.5-1.5 s at a million).
WINDOW_ROUNDS: tuple[int | None, ...] = (4 * WINDOW_BUDGET, None)


@dataclass(frozen=True)
class SearchFilters:
    """What the filters beside the search box narrow to (all optional)."""

    kind: str = ""  # a PostKind value; "" for every kind
    topic: Topic | None = None
    topics: tuple[Topic, ...] = ()  # more topics every result has (from #topic in the query)
    department: object | None = None  # org.Department: posts by its people (any team under it)
    authors: tuple[int, ...] = ()  # user ids: posts by any of them (the query's @names)
    author: int | None = None  # and posts by this person (the author filter beside the box)
    since: object | None = None  # aware datetimes
    until: object | None = None
    answered: bool | None = None  # questions with (True) or without (False) an answer
    sort: str = "relevance"


@dataclass
class SearchResult:
    post: object  # posts.Post, loaded as the feed loads them (author, topics, reactions)
    kind: str
    score: float
    title: str  # the question's title (an answer's or comment's question), highlighted
    snippet: str  # highlighted passage (safe HTML)
    url: str
    question_status: str = ""
    answer_count: int = 0
    kind_label: str = ""  # set by the page, in the reader's language
    status_label: str = ""


@dataclass
class SearchPage:
    results: list[SearchResult]
    total: int  # visible results, at most RESULT_CAP
    capped: bool  # there are more than RESULT_CAP
    facets: dict[str, int]  # visible results per kind (within the cap)
    page: int
    has_next: bool
    window: int | None = None  # only the newest `window` posts were searched (common words)
    notes: tuple[str, ...] = ()


def _post_term_stats() -> tuple[dict[str, int], int]:
    def load() -> tuple[dict[str, int], int]:
        from .models import CommonPostTerm

        rows = dict(CommonPostTerm.objects.values_list("term", "df"))
        total = rows.pop(CORPUS_SIZE_TERM, 0)
        return rows, total

    return shared_value(COMMON_POST_TERMS_KEY, load, seconds=COMMON_TERMS_SECONDS)


def _search_parts(parsed) -> tuple[list[tuple[str, ...]], list[str]]:
    """What must match, as parts (a word: one term; a phrase: its terms in order), and the
    words that must not. Terms are letters and digits only (checked again), so nothing typed
    becomes engine syntax."""
    words = [(t,) for t in parsed.words if _TERM_RE.fullmatch(t)]
    phrases = [tuple(t for t in p if _TERM_RE.fullmatch(t)) for p in parsed.phrases]
    excluded = [t for t in parsed.excluded if _TERM_RE.fullmatch(t)]
    return words + [p for p in phrases if p], excluded


def _search_match(parsed) -> tuple[str, str]:
    """The engine's query for what must match, and for what must not ("" when nothing):
    FTS5 MATCH strings on SQLite, to_tsquery strings on PostgreSQL."""
    parts, excluded = _search_parts(parsed)
    if connection.vendor == "postgresql":
        queries = [p[0] if len(p) == 1 else "(" + " <-> ".join(p) + ")" for p in parts]
        return " & ".join(queries), " | ".join(excluded)
    queries = ['"' + " ".join(p) + '"' for p in parts]
    return " AND ".join(queries), " OR ".join(f'"{t}"' for t in excluded)


# The newest `window` documents, for an engine's statement (its parameter: the window).
_NEWEST_IDS = "(SELECT COALESCE(MAX(m.id), 0) FROM search_document m) - %s"


def _postgres_engine(match: str, *, newest: bool, window: int | None) -> tuple[str, list]:
    """The engine's candidates on PostgreSQL: (doc, post_id, score), best (or newest) first;
    its parameters but the limit, which comes last."""
    documents = "search_document d"
    if window is not None:
        documents = (
            f"(SELECT id, post_id, tsv FROM search_document WHERE id > {_NEWEST_IDS} OFFSET 0) d"  # noqa: S608
        )
    # Newest first goes by the documents' ids: nothing to rank.
    score, order = ("0", "d.id DESC") if newest else ("ts_rank(d.tsv, tq)", "score DESC, d.id DESC")
    sql = (
        f"SELECT d.id AS doc, d.post_id, {score} AS score "  # noqa: S608
        f"FROM to_tsquery('simple'::regconfig, %s) AS tq CROSS JOIN {documents} "
        f"WHERE d.tsv @@ tq ORDER BY {order} LIMIT %s"
    )
    return sql, [match, *([] if window is None else [window])]


def _sqlite_engine(parsed, *, newest: bool, window: int | None) -> tuple[str, list]:
    """The engine's candidates on SQLite: (doc, post_id, score), best (or newest) first; its
    parameters but the limit, which comes last. Left-out words are in the MATCH.

    bm25() ranks only when every document is searched: before its first row it counts, for
    each word and phrase of the query, the documents of the whole index that have it (its
    inverse document frequency): a read of a word's whole posting list, and for a phrase of
    every position of all its words. No window bounds that: at a million posts, a phrase of
    two common words took 120-180 ms in a window of 1,000 posts, one common word 14-28 ms.
    Newest first needs no rank, and a window is ranked by the statement (_window_ranked: the
    same formula, the frequencies from the term statistics; 3-15 ms for those)."""
    match, exclude = _search_match(parsed)
    fts_match = f"({match}) NOT ({exclude})" if exclude else match
    in_window = f"AND rowid > {_NEWEST_IDS}" if window is not None else ""
    head = [fts_match, *([] if window is None else [window])]
    if newest or window is None:
        score, order = (
            ("0", "rowid DESC")
            if newest
            else ("-bm25(search_all_fts, 4.0, 1.0)", "score DESC, rowid DESC")
        )
        sql = (
            f"SELECT f.doc, d.post_id, f.score FROM (SELECT rowid AS doc, {score} AS score "  # noqa: S608
            f"FROM search_all_fts WHERE search_all_fts MATCH %s {in_window} ORDER BY {order} "
            "LIMIT %s) f JOIN search_document d ON d.id = f.doc"
        )
        return sql, head
    parts, _excluded = _search_parts(parsed)
    score, score_params = _window_ranked(parts)
    # LIMIT -1 (none) keeps SQLite from merging the inner SELECT into the outer one, which
    # would work each document's length out again wherever k is used.
    sql = (
        f"SELECT w.doc, w.post_id, {score} AS score FROM ("  # noqa: S608
        "SELECT f.doc, d.post_id, d.title_terms AS t, d.body_terms AS b, "
        f"{BM25_K1} * (1 - {BM25_B} + {BM25_B} * {_length('d.')} / %s) AS k "
        "FROM (SELECT rowid AS doc FROM search_all_fts "
        f"WHERE search_all_fts MATCH %s {in_window}) f "
        "JOIN search_document d ON d.id = f.doc LIMIT -1"
        ") w ORDER BY score DESC, w.doc DESC LIMIT %s"
    )
    return sql, [*score_params, _average_length(), *head]


# FTS5's bm25 (fts5_aux.c): k1, b, and the weights of a term in the title and in the body.
BM25_K1 = 1.2
BM25_B = 0.75
BM25_TITLE_WEIGHT = 4
AVERAGE_LENGTH_KEY = "search:average-length"
AVERAGE_LENGTH_SAMPLE = 2_000


def _length(prefix: str = "") -> str:
    """SQL: how many terms a document has, title and body (FTS5's length of a row)."""
    columns = (
        f"length({prefix}{c}) - length(replace({prefix}{c}, ' ', '')) + ({prefix}{c} <> '')"
        for c in ("title_terms", "body_terms")
    )
    return "(" + " + ".join(columns) + ")"


def _average_length() -> float:
    """How many terms a document has on average (the newest AVERAGE_LENGTH_SAMPLE of them;
    bm25 takes every document's), for bm25's length normalization in a window; kept as long
    as the term statistics are."""

    def load() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT AVG({_length()}) FROM (SELECT title_terms, body_terms "  # noqa: S608
                "FROM search_document ORDER BY id DESC LIMIT %s) s",
                [AVERAGE_LENGTH_SAMPLE],
            )
            average = cursor.fetchone()[0]
        return max(float(average or 0), 1.0)

    return shared_value(AVERAGE_LENGTH_KEY, load, seconds=COMMON_TERMS_SECONDS)


def _part_idf(part: tuple[str, ...], common: dict[str, int], total: int) -> float:
    """A word's or phrase's inverse document frequency as bm25 has it (floored as FTS5 does),
    from the term statistics: a word not among the common ones counts as often as the rarest
    of them (as in postings(): a lower bound of its idf), a phrase as its rarest word (no more
    documents have the phrase than have that word)."""
    rare = min(common.values()) if common else 1
    df = min(common.get(t, rare) for t in part)
    idf = math.log((max(total - df, 0) + 0.5) / (df + 0.5))
    return idf if idf > 0 else 1e-6


def _occurrences(column: str) -> str:
    """SQL: how many times the word or phrase of the next two parameters (" word " or
    " two words ") is in a column of terms, times len(needle) - 2. Each match is replaced by
    two spaces: one pass skips every other one of a run ("word word"), the second finds
    those, now apart; a phrase that overlaps itself ("a b a" in "a b a b a") counts once."""
    padded = f"' ' || {column} || ' '"
    return f"(length({column}) + 2 - length(replace(replace({padded}, %s, '  '), %s, '  ')))"


def _window_ranked(parts: Sequence[tuple[str, ...]]) -> tuple[str, list]:
    """The SQL of bm25 for a window's matches, from their terms (w.t, w.b: title and body)
    and w.k (k1 x (1 - b + b x length / average length)), and its parameters: per part (a
    word or a phrase), idf x (k1 + 1) x f / (f + k), f being its occurrences weighted 4:1
    title:body, as FTS5's bm25(search_all_fts, 4.0, 1.0) has it."""
    common, total = _post_term_stats()
    terms_sql: list[str] = []
    params: list = []
    for part in parts:
        needle = " " + " ".join(part) + " "
        f = f"({BM25_TITLE_WEIGHT} * {_occurrences('w.t')} + {_occurrences('w.b')}) / %s"
        # f / (f + k) as 1 - k / (f + k): f is worked out once.
        terms_sql.append(f"%s * (1 - w.k / ({f} + w.k))")
        weight = _part_idf(part, common, total) * (BM25_K1 + 1)
        params += [weight, needle, needle, needle, needle, float(len(needle) - 2)]
    return " + ".join(terms_sql) or "0", params


def _rarely_true(condition: str) -> str:
    """A join condition that is always true, declared rarely true to SQLite's planner
    (likelihood: a hint only, the result is the condition's). It cannot size the engine's
    candidates and guesses many, and then builds a Bloom filter of the whole posts table
    before the join: a million rows (250 ms) read for a rare word's few hundred candidates.
    The plain condition kept it from that until ANALYZE's statistics changed (100 -> 1 ms at
    100,000 questions with their answers; test_plans.py)."""
    if connection.vendor == "postgresql":
        return condition
    return f"likelihood({condition}, 0.001)"


def _search_statement(
    viewer, parsed, filters: SearchFilters, *, candidates: int | None, window: int | None
) -> tuple[str, list]:
    """One SELECT of the visible matching posts that pass the filters, best (or newest) first,
    at most RESULT_CAP + 1: (post id, kind, score, found), `found` being how many candidates
    the engine gave (to know whether a wider round could find more)."""
    where = _Where(viewer, ActiveMutes(), questions=False)
    postgres = connection.vendor == "postgresql"
    match, exclude = _search_match(parsed)
    conditions = [where.sql]
    params: list = []
    head: list = []
    newest = filters.sort == "newest"
    if match:
        no_limit = None if postgres else -1
        if postgres:
            engine, head = _postgres_engine(match, newest=newest, window=window)
        else:
            engine, head = _sqlite_engine(parsed, newest=newest, window=window)
            exclude = ""  # in the MATCH already
        head.append(no_limit if candidates is None else candidates)
        # SQLite cannot size the candidates and guesses many (_rarely_true).
        source = f"c JOIN {_POST_TABLE} p ON p.id = c.post_id AND {_rarely_true('c.post_id > 0')}"
        score = "c.score"
    else:
        source, score = f"{_POST_TABLE} p", "0"
    topics = sorted({t.pk for t in (*filters.topics, filters.topic) if t is not None})
    order_column, tiebreak = "p.created_at", "p.id"
    if not match and topics:
        # A #topic without words: read the topic's posts newest first from their index
        # (posttopic_recent), not every post checked for the topic.
        source = f"{_POSTTOPIC_TABLE} t0 JOIN {_POST_TABLE} p ON p.id = t0.post_id"
        conditions.append("t0.topic_id = %s")
        params.append(topics.pop(0))
        order_column, tiebreak = "t0.created_at", "t0.post_id"
    if exclude:  # PostgreSQL, or a query of filters and -words only
        if postgres:
            conditions.append(
                "NOT EXISTS (SELECT 1 FROM search_document x WHERE x.post_id = p.id "
                "AND x.tsv @@ to_tsquery('simple'::regconfig, %s))"
            )
        else:
            conditions.append(
                "p.id NOT IN (SELECT x.post_id FROM search_document x WHERE x.id IN "
                "(SELECT rowid FROM search_all_fts WHERE search_all_fts MATCH %s))"
            )
        params.append(exclude)
    for topic_id in topics:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {_POSTTOPIC_TABLE} t "  # noqa: S608 (a table name)
            "WHERE t.post_id = p.id AND t.topic_id = %s)"
        )
        params.append(topic_id)
    if filters.department is not None:
        conditions.append(
            "p.author_department_id IN (SELECT od.id FROM org_department od WHERE od.path LIKE %s)"
        )
        params.append(filters.department.path + "%")
    if filters.authors:
        conditions.append("p.author_id IN (" + ", ".join(["%s"] * len(filters.authors)) + ")")
        params += list(filters.authors)
    if filters.author is not None:
        conditions.append("p.author_id = %s")
        params.append(filters.author)
    if filters.kind:
        conditions.append("p.kind = %s")
        params.append(filters.kind)
    if filters.since is not None:
        conditions.append("p.created_at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.since))
    if filters.until is not None:
        conditions.append("p.created_at < %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.until))
    if filters.answered is not None:
        answered = "q.answer_count > 0" if filters.answered else "q.answer_count = 0"
        conditions.append(
            f"EXISTS (SELECT 1 FROM help_question q WHERE q.post_id = p.id AND {answered})"  # noqa: S608
        )
    by_date = newest or not match
    inner = (
        f"SELECT p.id, p.kind, {score} AS score, {order_column} AS created_at "  # noqa: S608
        f"FROM {source} WHERE {' AND '.join(conditions)} "
        f"ORDER BY {order_column + ' DESC' if by_date else 'score DESC'}, {tiebreak} DESC "
        f"LIMIT {RESULT_CAP + 1}"
    )
    params = [*where.params, *params]
    if not match:
        return f"SELECT r.id, r.kind, r.score, 0 FROM ({inner}) r", params  # noqa: S608
    # How many candidates the engine gave comes on every row, and alone (with NULLs) when
    # none is visible: the caller widens only when the engine had more to give.
    sql = (
        f"WITH c AS ({engine}) SELECT r.id, r.kind, r.score, n.found "  # noqa: S608
        f"FROM (SELECT COUNT(*) AS found FROM c) n LEFT JOIN ({inner}) r ON 1 = 1 "
        f"ORDER BY {'r.created_at DESC' if by_date else 'r.score DESC'}, r.id DESC"
    )
    return sql, [*head, *params]


def search(viewer, parsed, filters: SearchFilters | None = None, *, page: int = 1) -> SearchPage:
    """A page of the posts, questions, answers and comments the viewer may see that match the
    parsed query (search.syntax.parse) and the filters, best first (or newest), with how many
    there are per kind. Visibility is part of the statement, so the counts are of visible
    posts only. Words in a large share of the posts are searched among the newest posts only
    (`window`): ranking every post that has them would take seconds at a million."""
    filters = filters or SearchFilters()
    notes = list(parsed.notes)
    page = max(1, page)
    if not getattr(viewer, "is_authenticated", False) or parsed.is_empty:
        return SearchPage([], 0, False, {}, page, False, None, tuple(notes))
    filters, unknown = _with_query_filters(viewer, parsed, filters)
    if unknown:
        notes += unknown
        return SearchPage([], 0, False, {}, page, False, None, tuple(notes))
    window = None
    if parsed.has_text:
        common, total = _post_term_stats()
        window = newest_window(parsed.required_terms, common, total)
        if window is not None:
            notes.append(
                _("These words are in many posts: showing matches among the newest %(n)s.")
                % {"n": f"{window:,}"}
            )
    # Counts per kind come from every kind's matches; with a kind chosen and more matches
    # than the cap, its results are read again with the kind in the statement, so none is
    # lost behind the cap.
    every_kind = replace(filters, kind="")
    rows, capped = _matching_rows(viewer, parsed, every_kind, window=window)
    facets: dict[str, int] = {}
    for _pk, kind, _score, _found in rows:
        facets[kind] = facets.get(kind, 0) + 1
    if filters.kind and capped:
        rows, capped = _matching_rows(viewer, parsed, filters, window=window)
    elif filters.kind:  # every match is here: the kind's are exactly these
        rows = [row for row in rows if row[1] == filters.kind]
    if parsed.has_text and filters.sort == "relevance" and semantic.enabled():
        rows = _rows_by_meaning(rows, parsed)
    start = (page - 1) * PER_PAGE
    chosen = rows[start : start + PER_PAGE]
    results = _results(viewer, parsed, chosen)
    return SearchPage(
        results=results,
        total=len(rows),
        capped=capped,
        facets=facets,
        page=page,
        has_next=len(rows) > start + PER_PAGE,
        window=window,
        notes=tuple(notes),
    )


def _matching_rows(viewer, parsed, filters: SearchFilters, *, window: int | None):
    """The visible matching rows (at most RESULT_CAP), and whether there were more."""
    rows: list = []
    rounds = SEARCH_ROUNDS if parsed.has_text else (None,)
    if window is not None:
        # A window holds about WINDOW_BUDGET matches (its size is chosen so), each of them
        # ranked even for the best 2,000: room for them all in the first round saves the
        # second round that a filter keeping few of them would need.
        rounds = WINDOW_ROUNDS
    elif filters.sort == "newest":
        # Newest first needs every match's date: the engine's candidates come in document
        # order, which is not the posts' (an import of old posts, a re-index). Within the
        # postings budget there are few enough to take them all.
        rounds = (None,)
    for candidates in rounds:
        sql, params = _search_statement(
            viewer, parsed, filters, candidates=candidates, window=window
        )
        rows = fetch_rows(sql, params)
        found = rows[0][3] if rows else 0
        rows = [row for row in rows if row[0] is not None]
        # Enough, or the engine had no more to give; otherwise the best matches were posts
        # this viewer may not see or the filters leave out: look further down the ranking.
        if len(rows) > RESULT_CAP or candidates is None or found < candidates:
            break
    return rows[:RESULT_CAP], len(rows) > RESULT_CAP


def _rows_by_meaning(rows: list, parsed) -> list:
    """The search page's best SEMANTIC_POOL results re-ranked by meaning against the words
    searched for; the rest keep their order after them."""
    pool = rows[:SEMANTIC_POOL]
    fused = _fused_by_meaning([row[0] for row in pool], " ".join(parsed.highlight))
    if fused is None:
        return rows
    ranked = sorted(pool, key=lambda row: (-fused[row[0]], row[0]))
    return [(pk, kind, fused[pk], found) for pk, kind, _s, found in ranked] + rows[SEMANTIC_POOL:]


def _by_mention_name(viewer, name: str):
    """The people the viewer may see who are @mentioned by this name (the local part of
    their address)."""
    from knowflow.people.queries import people_visible_to

    return people_visible_to(viewer).filter(email__istartswith=f"{name}@")


def visible_topic(viewer, text: str) -> Topic | None:
    """The topic a slug, name or synonym names, if the viewer may see it."""
    from knowflow.topics.queries import find_topic

    topic = find_topic(text)
    if topic is None or not topics_visible_to(viewer).filter(pk=topic.pk).exists():
        return None
    return topic


def find_author(viewer, text: str):
    """The person an author filter names: their @mention name, or else the best match of
    their name (typos forgiven); None when nobody the viewer may see matches."""
    from knowflow.people.queries import find_people

    text = (text or "").strip()
    handle = text.lstrip("@")
    if handle and "@" not in handle and " " not in handle:
        person = _by_mention_name(viewer, handle).first()
        if person is not None:
            return person
    matches = find_people(viewer, handle, limit=1)
    return matches[0].user if matches else None


def _with_query_filters(viewer, parsed, filters: SearchFilters) -> tuple[SearchFilters, list]:
    """The filters with the query's #topics and @people added, and a note for each that names
    no topic or person (such a query finds nothing, and says why)."""
    unknown: list[str] = []
    topics = list(filters.topics)
    for slug in parsed.topics:
        topic = visible_topic(viewer, slug)
        if topic is None:
            unknown.append(_("There is no topic #%(slug)s.") % {"slug": slug})
        else:
            topics.append(topic)
    authors = list(filters.authors)
    for name in parsed.people:
        ids = list(_by_mention_name(viewer, name).values_list("pk", flat=True)[:5])
        if not ids:
            unknown.append(_("Nobody is called @%(name)s.") % {"name": name})
        authors += ids
    return replace(filters, topics=tuple(topics), authors=tuple(authors)), unknown


def _results(viewer, parsed, rows) -> list[SearchResult]:
    from knowflow.help.models import Question
    from knowflow.posts.actions import post_url
    from knowflow.posts.models import Post
    from knowflow.posts.queries import fetch_posts

    from .snippets import highlight, snippet

    ids = [r[0] for r in rows]
    posts = {p.pk: p for p in fetch_posts(viewer, ids)}
    query_terms = set(parsed.required_terms)
    # The question each answer or comment belongs to names the result (its title); the
    # results' own questions give their status and answer count.
    question_ids = {pk for pk, kind, _s, _f in rows if kind == PostKind.QUESTION}
    roots = {p.root_id for p in posts.values() if p.root_id}
    facts = {
        post_id: (status, answers)
        for post_id, status, answers in Question.objects.filter(
            post_id__in=question_ids
        ).values_list("post_id", "status", "answer_count")
    }
    titles = (
        dict(Post.objects.filter(pk__in=roots - question_ids).values_list("pk", "title"))
        if roots - question_ids
        else {}
    )
    titles.update({pk: p.title for pk, p in posts.items() if p.kind == PostKind.QUESTION})
    out = []
    for pk, kind, score, _found in rows:
        post = posts.get(pk)
        if post is None:
            continue
        title = post.title or titles.get(post.root_id, "")
        status, answers = facts.get(pk, ("", 0))
        out.append(
            SearchResult(
                post=post,
                kind=kind,
                score=float(score or 0),
                title=highlight(title, query_terms) if title else "",
                snippet=snippet(post.body, query_terms),
                url=post_url(post),
                question_status=status,
                answer_count=answers,
            )
        )
    return out


PEOPLE_AND_TOPICS = 5  # shown above the posts on the first page


def matching_people_and_topics(viewer, parsed) -> tuple[list, list]:
    """The people and topics whose names match the words searched for (as typed, typos
    forgiven: people.queries.find_people, topics.queries.find_topics), for the first page of
    results: a search for a name finds the person, not only their posts."""
    from knowflow.people.queries import find_people
    from knowflow.topics.queries import find_topics

    text = " ".join(parsed.highlight).strip()
    if not text:
        return [], []
    people = [m.user for m in find_people(viewer, text, limit=PEOPLE_AND_TOPICS)]
    topics = [m.topic for m in find_topics(viewer, text, limit=PEOPLE_AND_TOPICS)]
    return people, topics
