"""Duplicate detection on real data: "has this been asked before?" against Stack Exchange's own
duplicate links.

`knowflow bench duplicates --data DIR [--json]` imports the dump in DIR with the product's
importer (into the configured database; a re-run reuses it), then replays its questions in
the order they were asked (bench/_replay.py). For each duplicate link (PostLinks LinkTypeId 3)
whose two questions were imported, at the moment the later one is asked it takes the rank of
the earlier one among the product's ask-time suggestions (search.queries.similar on the later
question's title and body, the first 10; a suggestion counts when it is the earlier question or
the original the product shows in its place) and among a plain BM25's, both computed only from
the questions asked before. Reports Recall@1/5/10 and the number of pairs.
"""

from __future__ import annotations

import json as _json

from bench._replay import (
    Quiet,
    check_dump,
    duplicate_pairs,
    import_dump,
    lexical_only,
    methods,
    prepare_meaning,
    questions,
    recall,
    replay,
    viewer,
    write_report,
)

TARGET_RECALL_AT_5 = 0.80


def add_arguments(parser) -> None:
    parser.add_argument("--data", required=True, help="A Stack Exchange dump's folder.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")


def _rank(ids: list[int], wanted: set[int]) -> int | None:
    for i, pk in enumerate(ids, start=1):
        if pk in wanted:
            return i
    return None


def run(stdout, *, data: str, json: bool = False, **_options) -> None:
    from knowflow.help.models import Question
    from knowflow.search.queries import similar
    from knowflow.search.text import terms

    path = check_dump(data)
    out = stdout if not json else Quiet()  # --json prints only the report
    site = import_dump(out, path)
    asked = questions(site)
    pairs = duplicate_pairs(path, asked)
    wanted_for: dict[int, list[set[int]]] = {}
    for later, earlier in pairs:
        original = (
            Question.objects.filter(pk=earlier.post_id)
            .values_list("duplicate_of_id", flat=True)
            .first()
        )
        wanted_for.setdefault(later.post_id, []).append(
            {earlier.post_id} | ({original} if original else set())
        )
    person = viewer()
    prepare_meaning(out, asked)
    ranks: dict[str, list[int | None]] = {m: [] for m in [*methods(), "bm25"]}
    for item, baseline in replay(asked):
        for wanted in wanted_for.get(item.post_id, []):
            hits = similar(person, title=item.title, body=item.body, limit=10)
            ranks["product"].append(_rank([h.post_id for h in hits], wanted))
            if "product_lexical" in ranks:
                with lexical_only():
                    hits = similar(person, title=item.title, body=item.body, limit=10)
                ranks["product_lexical"].append(_rank([h.post_id for h in hits], wanted))
            plain = baseline.rank(terms(item.title) + terms(item.body), limit=10)
            ranks["bm25"].append(_rank(plain, wanted))
    report = {
        method: {
            "pairs": len(values),
            "recall@1": round(recall(values, 1), 3),
            "recall@5": round(recall(values, 5), 3),
            "recall@10": round(recall(values, 10), 3),
        }
        for method, values in ranks.items()
    }
    if json:
        stdout.write(_json.dumps({"site": site, "questions": len(asked), **report}))
        return
    stdout.write("")
    stdout.write(f"Duplicates: {site}, {len(asked):,} questions, {len(pairs)} duplicate pairs")
    stdout.write("")
    stdout.write("| method | pairs | Recall@1 | Recall@5 | Recall@10 |")
    stdout.write("|---|---|---|---|---|")
    write_report(
        stdout,
        report,
        product="product (similar())",
        baseline="plain BM25",
        columns=["pairs", "recall@1", "recall@5", "recall@10"],
    )
    got = report["product"]["recall@5"]
    stdout.write(
        f"Target Recall@5 >= {TARGET_RECALL_AT_5:.2f}: {got:.2f}: "
        f"{'meets' if got >= TARGET_RECALL_AT_5 else 'misses'} it."
    )
