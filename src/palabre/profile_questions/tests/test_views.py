"""Pages of profile questions: the person's own answers, the page offered after sign-up,
the backoffice section."""

import pytest

from palabre.core.models import ActionLog
from palabre.profile_questions.models import ProfileAnswer, ProfileOption, ProfileQuestion

pytestmark = pytest.mark.django_db

ANSWERS_URL = "/account/questions/"
WELCOME_URL = "/account/questions/welcome/"
ADMIN_URL = "/admin/profile-questions/"


def test_a_person_answers_changes_and_erases_from_the_account(
    signed_in, participant, age, district
):
    browser = signed_in(participant)
    page = browser.get(ANSWERS_URL).content.decode()
    assert "<legend>Age</legend>" in page
    assert "I prefer not to answer" in page
    young = age.options.first()

    response = browser.post(ANSWERS_URL, {f"q{age.pk}": young.pk, f"q{district.pk}": ""})

    assert response.status_code == 302
    assert list(ProfileAnswer.objects.values_list("option_id", flat=True)) == [young.pk]
    assert "Erase all my answers" in browser.get(ANSWERS_URL).content.decode()
    browser.post(f"{ANSWERS_URL}erase/")
    assert not ProfileAnswer.objects.exists()


def test_a_bad_answer_changes_nothing(signed_in, participant, age, district):
    browser = signed_in(participant)
    young = age.options.first()
    browser.post(ANSWERS_URL, {f"q{age.pk}": young.pk})

    response = browser.post(ANSWERS_URL, {f"q{age.pk}": district.options.first().pk})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(ProfileAnswer.objects.values_list("option_id", flat=True)) == [young.pk]


def test_the_questions_are_offered_once_after_sign_up_and_can_be_skipped(
    signed_in, participant, age
):
    browser = signed_in(participant)

    response = browser.get(f"{WELCOME_URL}?next=/processes/")

    assert response.status_code == 302
    assert response["Location"].startswith(ANSWERS_URL)
    page = browser.get(response["Location"]).content.decode()
    assert 'href="/processes/"' in page  # skip
    assert "Skip these questions" in page
    # Asked once: the next time, straight on.
    again = browser.get(f"{WELCOME_URL}?next=/processes/")
    assert again["Location"] == "/processes/"


def test_without_questions_the_welcome_page_goes_straight_on(signed_in, participant):
    response = signed_in(participant).get(f"{WELCOME_URL}?next=/processes/")
    assert response["Location"] == "/processes/"


def test_the_welcome_page_never_sends_to_another_site(signed_in, participant):
    response = signed_in(participant).get(f"{WELCOME_URL}?next=https://evil.example/")
    assert response["Location"] == "/"


def test_answering_is_never_required_to_take_part(signed_in, participant, age):
    # No permission check asks for answers: a proposals list offers its form all the same.
    from palabre.components.proposals.tests.factories import ProposalsComponentFactory
    from palabre.core.permissions import why_not
    from palabre.core.tests.factories import SpaceFactory

    component = ProposalsComponentFactory(space=SpaceFactory(organization=participant.organization))
    assert why_not(participant, "create", component) is None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("org_admin", 200),
        ("space_admin", 403),
        ("participant", 403),
        ("visitor", 302),
    ],
)
def test_who_may_open_the_questions_section(request, client, signed_in, age, who, status):
    browser = client if who == "visitor" else signed_in(request.getfixturevalue(who))
    option = age.options.first()
    for url in (
        ADMIN_URL,
        f"{ADMIN_URL}{age.pk}/",
        f"{ADMIN_URL}{age.pk}/delete/",
        f"{ADMIN_URL}options/{option.pk}/",
        f"{ADMIN_URL}options/{option.pk}/delete/",
    ):
        assert browser.get(url).status_code == status, url


def test_admins_add_a_question_its_options_and_reference_figures(signed_in, org_admin):
    browser = signed_in(org_admin)

    response = browser.post(ADMIN_URL, {"label_fr": "Genre", "label_en": "Gender"})

    question = ProfileQuestion.objects.get()
    assert response["Location"] == f"{ADMIN_URL}{question.pk}/"
    browser.post(
        f"{ADMIN_URL}{question.pk}/",
        {
            "add_option": "1",
            "option-label_fr": "Femme",
            "option-label_en": "Woman",
            "option-reference_share": "51.5",
        },
    )
    option = ProfileOption.objects.get()
    assert option.label == {"fr": "Femme", "en": "Woman"}
    assert str(option.reference_share) == "51.50"
    page = browser.get(f"{ADMIN_URL}{question.pk}/").content.decode()
    assert "51.50%" in page
    assert ActionLog.objects.filter(resource_type="profileoption", action="create").exists()


def test_a_bad_reference_share_is_explained_and_changes_nothing(signed_in, org_admin, age):
    option = age.options.first()
    response = signed_in(org_admin).post(
        f"{ADMIN_URL}options/{option.pk}/", {"label_fr": "16-29", "reference_share": "80"}
    )
    assert response.status_code == 200
    assert "more than 100%" in response.content.decode()
    option.refresh_from_db()
    assert option.reference_share == 30


def test_deleting_a_question_deletes_its_answers(signed_in, org_admin, participant, age):
    ProfileAnswer.objects.create(user=participant, question=age, option=age.options.first())
    browser = signed_in(org_admin)
    assert browser.get(f"{ADMIN_URL}{age.pk}/delete/").status_code == 200

    browser.post(f"{ADMIN_URL}{age.pk}/delete/")

    assert not ProfileQuestion.objects.exists()
    assert not ProfileAnswer.objects.exists()


def test_questions_of_another_organization_are_not_found(signed_in, other_org_admin, age):
    browser = signed_in(other_org_admin)
    response = browser.get(f"{ADMIN_URL}{age.pk}/", HTTP_HOST="other.example.org")
    assert response.status_code == 404
    response = browser.post(f"{ADMIN_URL}{age.pk}/delete/", HTTP_HOST="other.example.org")
    assert response.status_code == 404
    assert ProfileQuestion.objects.filter(pk=age.pk).exists()
