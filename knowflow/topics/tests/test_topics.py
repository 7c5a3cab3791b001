import pytest
from django.core.exceptions import ValidationError

from knowflow.core.testing import make_person
from knowflow.network.actions import follow_topic
from knowflow.network.models import Follow
from knowflow.people.models import ProfileTopic
from knowflow.topics import actions
from knowflow.topics.models import Topic
from knowflow.topics.queries import find_topic, resolve_topic, search_topics


def test_create_and_find_by_name_slug_or_synonym(db):
    k8s = actions.create_topic(name="Kubernetes", description="Container orchestration")
    actions.add_synonym(k8s, name="k8s")
    assert find_topic("#Kubernetes") == k8s
    assert find_topic("K8S") == k8s
    assert find_topic("nope") is None
    with pytest.raises(ValidationError):
        resolve_topic("nope")
    with pytest.raises(ValidationError):
        actions.create_topic(name="k8s")  # taken by the synonym
    with pytest.raises(ValidationError):
        actions.create_topic(name="!!!")


def test_search_topics_prefix_first(db, alice):
    for name in ["Python", "CPython internals", "Pyramid", "Rust"]:
        actions.create_topic(name=name)
    names = [t.name for t in search_topics(alice, query="py")]
    assert names[:2] == ["Pyramid", "Python"]
    assert "CPython internals" in names and "Rust" not in names


def test_merge_moves_everything_and_keeps_old_names(db, alice, bob):
    ml = actions.create_topic(name="Machine Learning")
    mlearn = actions.create_topic(name="ML", description="Old")
    actions.add_synonym(mlearn, name="statistical learning")
    from knowflow.people.actions import set_profile_topics

    set_profile_topics(alice, kind="skill", names=["ML"])
    set_profile_topics(bob, kind="skill", names=["ML", "Machine Learning"])  # would clash
    follow_topic(alice, topic=mlearn)
    follow_topic(bob, topic=mlearn)
    follow_topic(bob, topic=ml)  # would clash
    actions.merge_topics(mlearn, into=ml)
    assert not Topic.objects.filter(pk=mlearn.pk).exists()
    assert set(
        ProfileTopic.objects.filter(topic=ml, kind="skill").values_list(
            "user__full_name", flat=True
        )
    ) == {
        "Alice Archer",
        "Bob Baker",
    }
    assert Follow.objects.filter(topic=ml).count() == 2
    assert find_topic("ml") == ml
    assert find_topic("statistical learning") == ml
    with pytest.raises(ValidationError):
        actions.merge_topics(ml, into=ml)


def test_topic_page_and_old_slug(alice_client, alice, bob, charlie):
    make_person("Mo Mentor", can_mentor=["Negotiation"], skills=["Negotiation"])
    from knowflow.people.actions import set_profile_topics, set_visibility

    set_profile_topics(charlie, kind="skill", names=["Negotiation"])
    set_visibility(charlie, choices={"skills": "only_me"})
    html = alice_client.get("/topics/negotiation/").content.decode()
    assert "Mo Mentor" in html and "Charlie Chen" not in html
    assert alice_client.get("/topics/unknown-topic/").status_code == 404
    r = alice_client.get("/api/v1/topics/unknown-topic")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_topic_list_and_api(alice_client, db):
    actions.create_topic(name="Onboarding")
    assert "#onboarding" in alice_client.get("/topics/").content.decode()
    data = alice_client.get("/api/v1/topics", {"q": "onb"}).json()
    assert [t["slug"] for t in data] == ["onboarding"]


def test_autocomplete_suggests_last_term(alice_client, db):
    actions.create_topic(name="Terraform")
    r = alice_client.get("/topics/autocomplete/", {"skills": "Python, terr", "target": "id_skills"})
    assert 'data-topic-name="Terraform"' in r.content.decode()
    r = alice_client.get("/topics/autocomplete/", {"skill": "terr", "format": "options"})
    assert '<option value="terraform">' in r.content.decode()


def test_admin_merge_action(client, admin_user):
    a = actions.create_topic(name="JS")
    b = actions.create_topic(name="JavaScript")
    client.force_login(admin_user)
    r = client.post("/admin/topics/topic/", {"action": "merge", "_selected_action": [a.pk]})
    assert r.status_code == 200 and b"Merge into" in r.content
    r = client.post(
        "/admin/topics/topic/",
        {"action": "merge", "_selected_action": [a.pk], "apply": "1", "into": b.pk},
    )
    assert r.status_code == 302
    assert find_topic("js") == b


def test_admin_creates_topics_and_synonyms_through_actions(client, admin_user):
    client.force_login(admin_user)
    data = {
        "name": "Kubernetes",
        "slug": "kubernetes",
        "description": "",
        "synonyms-TOTAL_FORMS": "1",
        "synonyms-INITIAL_FORMS": "0",
        "synonyms-0-name": "k8s",
    }
    r = client.post("/admin/topics/topic/add/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert find_topic("k8s").slug == "kubernetes"
