"""Question routing on real data: the product's likely helpers against who really answered.

`knowflow bench routing --data DIR [--json]` imports the Stack Exchange dump in DIR with the
product's importer (a re-run reuses it) and replays its questions in the order they were
asked (bench/_replay.py: "asked before?"'s index holds only earlier questions). Test
questions: the last 30% by date of the questions with an accepted answer whose author had
answered at least once before. At the moment each is asked, the product's router
(expertise.queries.suggest_helpers, as of that moment, seen by the asker, the asker
excluded) ranks helpers; the target is the accepted answer's author, the candidates everyone
who had answered before, minus the asker. Reports MRR and Hit@1/5/10 for the product and, in
the same run, two baselines: popularity (number of earlier answers) and BM25 over each
person's earlier answers with their questions' titles and tags.
"""

from __future__ import annotations

import json as _json
from collections import Counter
from dataclasses import dataclass

from bench._replay import (
    PlainBM25,
    Quiet,
    check_dump,
    import_dump,
    lexical_only,
    methods,
    prepare_meaning,
    questions,
    replay,
    write_report,
)

TEST_SHARE = 0.30
TARGET_RATIO = 1.15  # the router's MRR over the better baseline's


@dataclass
class _Answer:
    post_id: int
    author_id: int
    question_id: int
    created_at: object
    terms: list[str]


def add_arguments(parser) -> None:
    parser.add_argument("--data", required=True, help="A Stack Exchange dump's folder.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")


def _answers(asked) -> list[_Answer]:
    """Every live answer to the replayed questions, oldest first, with the terms the BM25
    baseline reads for it: the answer, its question's title and topics."""
    from knowflow.posts.models import Post, PostKind
    from knowflow.search.text import terms
    from knowflow.topics.models import Topic

    by_id = {a.post_id: a for a in asked}
    names = dict(Topic.objects.values_list("pk", "name"))
    out = []
    for pk, author_id, parent_id, created_at, body in (
        Post.objects.filter(
            kind=PostKind.ANSWER, parent_id__in=list(by_id), deleted_at__isnull=True
        )
        .order_by("created_at", "pk")
        .values_list("pk", "author_id", "parent_id", "created_at", "body")
    ):
        question = by_id[parent_id]
        tags = " ".join(names.get(t, "") for t in question.topic_ids)
        out.append(
            _Answer(pk, author_id, parent_id, created_at, terms(f"{body} {question.title} {tags}"))
        )
    return out


def _reciprocal_rank(ranked: list[int], target: int) -> tuple[float, int | None]:
    try:
        rank = ranked.index(target) + 1
    except ValueError:
        return 0.0, None
    return 1 / rank, rank


def run(stdout, *, data: str, json: bool = False, **_options) -> None:
    from knowflow.accounts.models import User
    from knowflow.expertise.queries import suggest_helpers
    from knowflow.help.models import Question
    from knowflow.search.text import terms
    from knowflow.topics.models import Topic

    path = check_dump(data)
    out = stdout if not json else Quiet()  # --json prints only the report
    site = import_dump(out, path)
    asked = questions(site)
    answers = _answers(asked)
    facts = {
        q.pk: (q.asker_id, q.accepted_answer_id)
        for q in Question.objects.filter(pk__in=[a.post_id for a in asked])
    }
    author_of = {a.post_id: a.author_id for a in answers}
    names = dict(Topic.objects.values_list("pk", "name"))
    people = User.objects.in_bulk([asker for asker, _a in facts.values() if asker])
    prepare_meaning(out, asked)
    first_test = int(len(asked) * (1 - TEST_SHARE))
    results: dict[str, list[tuple[float, int | None]]] = {
        m: [] for m in [*methods(), "popularity", "bm25"]
    }
    answered: Counter[int] = Counter()  # earlier answers per person
    profile: dict[int, list[str]] = {}
    next_answer = 0
    for index, (item, _baseline) in enumerate(replay(asked)):
        # Everything answered before this question was asked, and nothing after.
        while next_answer < len(answers) and answers[next_answer].created_at < item.created_at:
            answer = answers[next_answer]
            answered[answer.author_id] += 1
            profile.setdefault(answer.author_id, []).extend(answer.terms)
            next_answer += 1
        asker_id, accepted_id = facts.get(item.post_id, (None, None))
        target = author_of.get(accepted_id) if accepted_id else None
        if index < first_test or target is None or not answered[target] or asker_id is None:
            continue
        candidates = [p for p in answered if p != asker_id]
        if target not in candidates:
            continue
        asker = people[asker_id]
        for method in methods():
            kwargs = dict(
                title=item.title,
                body=item.body,
                topic_ids=item.topic_ids,
                exclude=[asker_id],
                as_of=item.created_at,
                limit=len(candidates),
                evidence=False,  # the ranking alone, as the router asks for it
            )
            if method == "product_lexical":
                with lexical_only():
                    ranked = [h.user_id for h in suggest_helpers(asker, **kwargs)]
            else:
                ranked = [h.user_id for h in suggest_helpers(asker, **kwargs)]
            results[method].append(_reciprocal_rank(ranked, target))
        popular = sorted(candidates, key=lambda p: (-answered[p], p))
        results["popularity"].append(_reciprocal_rank(popular, target))
        bm25 = PlainBM25()
        for person in candidates:
            bm25.add(person, profile[person])
        query = terms(item.title) + terms(item.body)
        query += terms(" ".join(names.get(t, "") for t in item.topic_ids))
        by_text = bm25.rank(query, limit=len(candidates))
        by_text += [p for p in popular if p not in set(by_text)]
        results["bm25"].append(_reciprocal_rank(by_text, target))
    report = {
        method: {
            "questions": len(values),
            "mrr": round(sum(rr for rr, _r in values) / max(1, len(values)), 3),
            **{
                f"hit@{k}": round(
                    sum(1 for _rr, r in values if r is not None and r <= k) / max(1, len(values)),
                    3,
                )
                for k in (1, 5, 10)
            },
        }
        for method, values in results.items()
    }
    if json:
        stdout.write(_json.dumps({"site": site, **report}))
        return
    better = max(report["popularity"]["mrr"], report["bm25"]["mrr"])
    stdout.write("")
    stdout.write(
        f"Routing: {site}, {len(asked):,} questions, {report['popularity']['questions']} tested"
    )
    stdout.write("")
    stdout.write("| method | questions | MRR | Hit@1 | Hit@5 | Hit@10 |")
    stdout.write("|---|---|---|---|---|---|")
    write_report(
        stdout,
        {k: v for k, v in report.items() if k != "popularity"},
        product="product (suggest_helpers())",
        baseline="BM25 over each person's earlier answers",
        columns=["questions", "mrr", "hit@1", "hit@5", "hit@10"],
    )
    cells = [str(report["popularity"][c]) for c in ("questions", "mrr", "hit@1", "hit@5", "hit@10")]
    stdout.write(f"| popularity (earlier answers) | {' | '.join(cells)} |")
    got = report["product"]["mrr"]
    ratio = got / better if better else float("inf")
    stdout.write(
        f"Goal: MRR >= {TARGET_RATIO:.2f}x the better baseline ({better:.3f}): "
        f"{got:.3f} is {ratio:.2f}x: {'meets' if ratio >= TARGET_RATIO else 'misses'} it."
    )
