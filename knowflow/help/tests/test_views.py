"""Help pages loaded after the question page: related questions."""


def test_related_questions_load_after_the_page_and_respect_visibility(
    client, alice, bob, charlie, engineering
):
    from knowflow.help.actions import ask_question
    from knowflow.posts.models import Audience

    question = ask_question(alice, title="How do we rotate the staging database password?")
    public = ask_question(bob, title="Who can rotate the production database password?")
    private = ask_question(
        bob,
        title="Rotating the payroll database password",
        audience=Audience.DEPARTMENT,
        department=engineering,
    )
    ask_question(bob, title="Where is the coffee machine?")
    client.force_login(charlie)  # not in Engineering
    page = client.get(f"/help/questions/{question.pk}/").content.decode()
    assert f"/help/questions/{question.pk}/related/" in page
    html = client.get(f"/help/questions/{question.pk}/related/").content.decode()
    assert public.post.title in html and private.post.title not in html
    assert question.post.title not in html and "coffee" not in html
    client.force_login(bob)
    assert (
        private.post.title in client.get(f"/help/questions/{question.pk}/related/").content.decode()
    )
    assert client.get(f"/help/questions/{private.pk}/related/").status_code == 200
    client.force_login(charlie)
    assert client.get(f"/help/questions/{private.pk}/related/").status_code == 404
