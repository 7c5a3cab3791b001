"""find_topics: typo-tolerant topic search over names, slugs and synonyms."""

import pytest

from knowflow.topics import actions
from knowflow.topics.queries import complete_topics, find_topics


@pytest.fixture
def vocabulary(db):
    kubernetes = actions.create_topic(name="Kubernetes")
    actions.add_synonym(kubernetes, name="k8s")
    actions.create_topic(name="Machine Learning")
    actions.create_topic(name="Terraform")
    actions.create_topic(name="Kubeflow")
    return kubernetes


def found(viewer, text):
    return [(m.topic.slug, m.name, m.kind, m.edits) for m in find_topics(viewer, text)]


def test_typos_prefixes_and_synonyms(alice, vocabulary):
    assert found(alice, "kubernets") == [("kubernetes", "Kubernetes", "fuzzy", 1)]
    assert found(alice, "#kube") == [
        ("kubeflow", "Kubeflow", "prefix", 0),
        ("kubernetes", "Kubernetes", "prefix", 0),
    ]
    assert found(alice, "k8s") == [("kubernetes", "k8s", "exact", 0)]
    assert found(alice, "#K8S") == [("kubernetes", "k8s", "exact", 0)]
    assert found(alice, "machine lerning") == [("machine-learning", "Machine Learning", "fuzzy", 1)]
    # As a hashtag is typed: no space.
    assert found(alice, "#machinelearning") == [
        ("machine-learning", "Machine Learning", "exact", 0)
    ]
    assert found(alice, "terrafrom") == [("terraform", "Terraform", "fuzzy", 1)]


def test_renames_synonyms_and_merges_are_found_at_once(alice, vocabulary):
    assert found(alice, "Terraform")
    terraform = find_topics(alice, "terraform")[0].topic
    actions.update_topic(terraform, name="OpenTofu", description="")
    assert found(alice, "opentofu") == [("terraform", "OpenTofu", "exact", 0)]
    actions.add_synonym(terraform, name="Infrastructure as code")
    assert found(alice, "infrastructure") == [("terraform", "Infrastructure as code", "exact", 0)]
    flow = find_topics(alice, "kubeflow")[0].topic
    actions.merge_topics(flow, into=vocabulary)
    assert found(alice, "kubeflow") == [("kubernetes", "Kubeflow", "exact", 0)]
    fresh = actions.create_topic(name="Observability")
    assert [m.topic for m in find_topics(alice, "observabilty")] == [fresh]


@pytest.mark.parametrize(
    "text", ["", "#", "###", "!?", "x" * 10_000, "🙂", "\x00", "kube\x00rnetes", "k8s " * 3000]
)
def test_bad_input_never_fails(alice, vocabulary, text):
    assert isinstance(find_topics(alice, text), list)
    assert isinstance(complete_topics(alice, text=text), list)


def test_hashtag_and_topic_field_suggestions_tolerate_typos(alice_client, vocabulary):
    html = alice_client.get("/posts/suggest/", {"body": "Rolling out #kubernets"}).content.decode()
    assert 'data-complete="#kubernetes"' in html
    html = alice_client.get(
        "/topics/autocomplete/", {"skills": "Python, terrafrom", "target": "id_skills"}
    ).content.decode()
    assert 'data-topic-name="Terraform"' in html
    # What search_topics alone found (a word inside a name) is still offered.
    html = alice_client.get("/topics/autocomplete/", {"skill": "earn", "format": "options"})
    assert '<option value="machine-learning">' in html.content.decode()
