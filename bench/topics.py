"""Topic suggestions on real data: the product's suggested topics against Stack Exchange tags.

`knowflow bench topics --data DIR [--json]` imports the dump in DIR with the product's importer
(a re-run reuses it), replays its questions in the order they were asked (bench/_replay.py),
and for the last 30% of them asks the product for 5 topics from the title and body
(search.queries.suggest_topics), learned only from earlier questions (their topics reach the
suggestions through the similar earlier questions; the topic names come from the site's tag
list). Recall@5: the share of a question's real tags among the 5, averaged over questions.
The baseline in the same run: a plain BM25 nearest-neighbour vote (the tags of the 10 most
similar earlier questions, each weighted 1 / rank).
"""

from __future__ import annotations

import json as _json
from collections import Counter

from bench._replay import (
    Quiet,
    check_dump,
    import_dump,
    lexical_only,
    methods,
    prepare_meaning,
    questions,
    replay,
    viewer,
    write_report,
)

TARGET_RECALL_AT_5 = 0.65
TEST_SHARE = 0.30
NEIGHBOURS = 10


def add_arguments(parser) -> None:
    parser.add_argument("--data", required=True, help="A Stack Exchange dump's folder.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")


def run(stdout, *, data: str, json: bool = False, **_options) -> None:
    from knowflow.search.queries import suggest_topics
    from knowflow.search.text import terms

    path = check_dump(data)
    out = stdout if not json else Quiet()  # --json prints only the report
    site = import_dump(out, path)
    asked = questions(site)
    first_test = int(len(asked) * (1 - TEST_SHARE))
    tags_of = {a.post_id: a.topic_ids for a in asked}
    person = viewer()
    prepare_meaning(out, asked)
    scores: dict[str, list[float]] = {m: [] for m in [*methods(), "bm25"]}
    for index, (item, baseline) in enumerate(replay(asked)):
        if index < first_test or not item.topic_ids:
            continue
        real = set(item.topic_ids)
        suggested = suggest_topics(person, title=item.title, body=item.body, limit=5)
        scores["product"].append(len(real & {t.pk for t in suggested}) / len(real))
        if "product_lexical" in scores:
            with lexical_only():
                suggested = suggest_topics(person, title=item.title, body=item.body, limit=5)
            scores["product_lexical"].append(len(real & {t.pk for t in suggested}) / len(real))
        votes: Counter[int] = Counter()
        neighbours = baseline.rank(terms(item.title) + terms(item.body), limit=NEIGHBOURS)
        for rank, post_id in enumerate(neighbours, start=1):
            for topic_id in tags_of.get(post_id, ()):
                votes[topic_id] += 1 / rank
        top = {t for t, _v in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:5]}
        scores["bm25"].append(len(real & top) / len(real))
    report = {
        method: {
            "questions": len(values),
            "recall@5": round(sum(values) / max(1, len(values)), 3),
        }
        for method, values in scores.items()
    }
    if json:
        stdout.write(_json.dumps({"site": site, **report}))
        return
    stdout.write("")
    stdout.write(
        f"Topics: {site}, {len(asked):,} questions, the last {len(scores['product'])} "
        "with tags tested"
    )
    stdout.write("")
    stdout.write("| method | questions | Recall@5 |")
    stdout.write("|---|---|---|")
    write_report(
        stdout,
        report,
        product="product (suggest_topics())",
        baseline="plain BM25 nearest neighbours",
        columns=["questions", "recall@5"],
    )
    got = report["product"]["recall@5"]
    stdout.write(
        f"Target Recall@5 >= {TARGET_RECALL_AT_5:.2f}: {got:.2f}: "
        f"{'meets' if got >= TARGET_RECALL_AT_5 else 'misses'} it."
    )
