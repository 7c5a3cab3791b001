def test_directory_and_profile_render(alice_client, alice, bob):
    r = alice_client.get("/people/")
    assert r.status_code == 200
    assert "Bob Baker" in r.content.decode()
    r = alice_client.get(f"/people/{bob.pk}/")
    assert r.status_code == 200
    r = alice_client.get("/")
    assert r.status_code == 200
    r = alice_client.get("/people/me/edit/")
    assert r.status_code == 200
    for url in [
        "/topics/",
        "/org/departments/",
        "/network/",
        "/accounts/tokens/",
        "/api/v1/people",
        "/api/v1/me",
    ]:
        assert alice_client.get(url).status_code == 200, url
