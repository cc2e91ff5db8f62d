def test_language_switcher_saves_the_choice_of_a_signed_in_person(client, user):
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.locale == "en"


def test_language_switcher_ignores_a_language_the_organization_does_not_offer(client, user):
    user.organization.available_locales = ["fr"]
    user.organization.save()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.locale != "en"


def test_language_switcher_works_for_visitors(client, organization):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"
