"""The public pages: answering with and without JavaScript, errors next to each question,
the thank-you page, results, visitors without an account, private spaces."""

import pytest
from django.test import Client

from palabre.components.surveys.tests.factories import (
    SurveysComponentFactory,
    by_bus,
    mobility_survey,
    questions,
    survey_create,
)
from palabre.forms.models import Response
from palabre.forms.tests.factories import big_form, option_of, respond

pytestmark = pytest.mark.django_db


def url(survey, rest=""):
    return f"{survey.get_absolute_url()}{rest}"


def test_the_form_says_whether_the_survey_is_anonymous(client, signed_in, participant, component):
    named = mobility_survey(component)
    anonymous = mobility_survey(component, anonymous=True)
    browser = signed_in(participant)
    page = browser.get(url(named)).content.decode()
    assert "This survey is not anonymous." in page
    assert "data-form-engine" in page and "forms/conditions.js" in page
    assert "This survey is anonymous." in browser.get(url(anonymous)).content.decode()


def test_visitors_are_asked_to_sign_in(client, survey):
    page = client.get(url(survey)).content.decode()
    assert "Sign in to answer this survey." in page
    assert 'name="form_shown"' not in page


def test_an_answer_leads_to_the_thank_you_page_and_only_once(signed_in, participant, survey):
    browser = signed_in(participant)
    response = browser.post(url(survey), by_bus(survey))
    assert response.status_code == 302 and response["Location"] == url(survey, "thanks/")
    assert "Thank you for your answers" in browser.get(url(survey, "thanks/")).content.decode()
    again = browser.get(url(survey))
    assert again.status_code == 302 and again["Location"] == url(survey, "thanks/")
    browser.post(url(survey), by_bus(survey))
    assert Response.objects.count() == 1


def test_the_thank_you_page_leads_back_to_the_survey_before_answering(
    signed_in, participant, survey
):
    response = signed_in(participant).get(url(survey, "thanks/"))
    assert response.status_code == 302 and response["Location"] == url(survey)


def test_errors_are_shown_next_to_their_question_and_nothing_is_saved(
    signed_in, participant, survey
):
    q = questions(survey)
    data = by_bus(survey, **{q["Anything else?"].name: "x" * 201})
    del data[q["How do you come?"].name]
    response = signed_in(participant).post(url(survey), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: 2 answers need your attention." in page
    assert "This question is mandatory." in page
    assert "At most 200 characters (201 now)." in page
    assert f'id="{q["Anything else?"].name}-errors"' in page
    assert "x" * 201 in page  # what was typed comes back
    assert not Response.objects.exists()


def test_without_javascript_a_question_that_now_applies_is_shown_before_saving(
    signed_in, participant, survey
):
    q = questions(survey)
    mode, why = q["How do you come?"], q["Why by car?"]
    data = by_bus(survey, **{mode.name: str(option_of(mode, "Car").pk)})
    browser = signed_in(participant)
    response = browser.post(url(survey), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Given your answers, new questions apply" in page
    assert f'id="item-{why.pk}"' in page
    assert not Response.objects.exists()
    # The page now shows the question (and says so): answering it saves everything.
    shown = response.context["rendered"].shown
    assert str(why.pk) in shown.split(",")
    data.update({"form_shown": shown, why.name: "No bus at night"})
    assert browser.post(url(survey), data).status_code == 302
    assert Response.objects.get().answers.get(question=why).text == "No bus at night"


def test_with_javascript_the_question_shown_live_is_answered_at_once(
    signed_in, participant, survey
):
    q = questions(survey)
    mode, why = q["How do you come?"], q["Why by car?"]
    data = by_bus(survey, **{mode.name: str(option_of(mode, "Car").pk), why.name: "Far away"})
    data["form_shown"] += f",{why.pk}"
    assert signed_in(participant).post(url(survey), data).status_code == 302


def test_terms_are_shown_and_required(signed_in, participant, component):
    survey = mobility_survey(component, terms={"fr": "<p>Règles</p>", "en": "<p>Rules</p>"})
    browser = signed_in(participant)
    assert "I accept these terms" in browser.get(url(survey)).content.decode()
    page = browser.post(url(survey), by_bus(survey)).content.decode()
    assert "Accept the terms to answer." in page
    assert browser.post(url(survey), by_bus(survey, accept_terms="1")).status_code == 302


def test_a_visitor_without_an_account_answers_once_per_browser(component):
    survey = mobility_survey(component, allow_unregistered=True)
    browser = Client(headers={"accept-language": "en"})
    assert "You answer without an account." in browser.get(url(survey)).content.decode()
    assert browser.post(url(survey), by_bus(survey)).status_code == 302
    assert "Thank you" in browser.get(url(survey, "thanks/")).content.decode()
    assert browser.get(url(survey))["Location"] == url(survey, "thanks/")
    browser.post(url(survey), by_bus(survey))
    other = Client(headers={"accept-language": "en"})
    other.post(url(survey), by_bus(survey))
    assert Response.objects.count() == 2
    assert not Response.objects.filter(user__isnull=False).exists()


def test_too_many_answers_from_one_address_are_refused(space):
    from palabre.components.surveys.tests.factories import surveys_settings

    component = SurveysComponentFactory(
        space=space, settings=surveys_settings(unregistered_answers_per_hour=1)
    )
    survey = mobility_survey(component, allow_unregistered=True)
    Client().post(url(survey), by_bus(survey), REMOTE_ADDR="10.1.1.1")
    response = Client(headers={"accept-language": "en"}).post(
        url(survey), by_bus(survey), REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429
    assert "Too many answers" in response.content.decode()
    assert Response.objects.count() == 1


def test_closed_and_upcoming_surveys_say_so(signed_in, participant, component):
    import datetime

    from django.utils import timezone

    closed = mobility_survey(component, closes_at=timezone.now() - datetime.timedelta(days=1))
    browser = signed_in(participant)
    assert "This survey closed on" in browser.get(url(closed)).content.decode()
    assert browser.post(url(closed), by_bus(closed)).status_code == 403
    assert not Response.objects.exists()


def test_the_index_lists_surveys_and_what_the_person_answered(signed_in, participant, component):
    first = mobility_survey(component)
    mobility_survey(component, title={"fr": "Deuxième", "en": "Second"})
    survey_create(component, published=False, title={"fr": "Brouillon", "en": "Draft"})
    browser = signed_in(participant)
    browser.post(url(first), by_bus(first))
    page = browser.get(component.get_absolute_url()).content.decode()
    assert page.count("You answered") == 1
    assert "Second" in page and "Draft" not in page


def test_unpublished_surveys_are_for_the_staff_only(client, signed_in, space_admin, component):
    draft = mobility_survey(component, published=False)
    assert client.get(url(draft)).status_code == 404
    assert signed_in(space_admin).get(url(draft)).status_code == 200


# Results -------------------------------------------------------------------------------
def fill(survey, count):
    q = questions(survey)
    start = Response.objects.filter(form=survey.form).count()
    for index in range(start, start + count):
        mode = q["How do you come?"]
        data = {mode.name: str(option_of(mode, "Bus" if index % 3 else "Other").pk)}
        data[f"{mode.name}_o{option_of(mode, 'Other').pk}_text"] = f"Roller {index}"
        data[q["Do you feel safe?"].name] = str(index % 5 + 1)
        data[q["Anything else?"].name] = f"Comment {index}"
        respond(survey.form, data, f"r{index}")


def test_public_results_show_figures_in_tables_and_bars(client, component):
    survey = mobility_survey(component, public_results=True)
    fill(survey, 6)
    page = client.get(url(survey, "results/")).content.decode()
    assert "6 people answered." in page
    assert '<th scope="row">Bus</th>' in page and "66.7%" in page
    assert '<rect width="66.7" height="10"></rect>' in page
    assert "Average: 2.67 out of 5" in page
    assert "Comment 5" in page
    texts = client.get(url(survey, f"results/{questions(survey)['Anything else?'].pk}/"))
    assert "6 texts, newest first." in texts.content.decode()
    others = client.get(url(survey, f"results/{questions(survey)['How do you come?'].pk}/"))
    assert "Roller 0" in others.content.decode()


def test_results_are_for_the_staff_unless_made_public(client, signed_in, collaborator, survey):
    assert client.get(url(survey, "results/")).status_code == 404
    assert signed_in(collaborator).get(url(survey, "results/")).status_code == 200


def test_names_of_files_sent_are_never_on_public_pages(client, component):
    from palabre.forms.models import ItemKind
    from palabre.forms.tests.factories import add_item

    survey = mobility_survey(component, public_results=True)
    upload = add_item(survey.form, ItemKind.FILE, "Photo")
    assert client.get(url(survey, f"results/{upload.pk}/")).status_code == 404


def test_results_of_many_answers_take_the_same_queries(
    client, component, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survey = mobility_survey(component, public_results=True)
    fill(survey, 3)
    client.get(url(survey, "results/"))  # the structure is kept from the first request on
    with CaptureQueriesContext(connection) as few:
        client.get(url(survey, "results/"))
    fill(survey, 40)
    with django_assert_num_queries(len(few)):
        client.get(url(survey, "results/"))


def test_a_60_question_survey_renders_and_is_checked_in_the_queries_of_a_short_one(
    signed_in, participant, component
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from palabre.components.surveys.models import Survey

    browser = signed_in(participant)
    counts = []
    for size in (6, 60):
        form = big_form(component.space.organization, size, component=component)
        survey = Survey.objects.create(
            component=component, form=form, title={"fr": "Longue"}, published_at=timezone.now()
        )
        browser.get(url(survey))
        with CaptureQueriesContext(connection) as shown:
            page = browser.get(url(survey)).content.decode()
        with CaptureQueriesContext(connection) as checked:
            response = browser.post(url(survey), {"form_shown": ""})
        assert page.count('class="form-item') == size
        assert response.status_code == 200  # mandatory-free, but new questions apply
        counts.append((len(shown), len(checked)))
    assert counts[0] == counts[1]
    assert counts[1][0] <= 12 and counts[1][1] <= 12


# Private spaces -------------------------------------------------------------------------
def test_private_surveys_are_invisible_to_non_members_everywhere(
    client, signed_in, participant, member, private_space
):
    component = SurveysComponentFactory(space=private_space)
    survey = mobility_survey(component, public_results=True, allow_unregistered=True)
    fill(survey, 2)
    pages = [
        component.get_absolute_url(),
        url(survey),
        url(survey, "thanks/"),
        url(survey, "results/"),
        url(survey, f"results/{questions(survey)['Anything else?'].pk}/"),
    ]
    for browser in (client, signed_in(participant)):
        for page in pages:
            assert browser.get(page).status_code == 404, page
        assert browser.post(url(survey), by_bus(survey)).status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert component.get_absolute_url() not in sitemap
    assert Response.objects.count() == 2
    member_browser = signed_in(member)
    assert member_browser.get(url(survey, "results/")).status_code == 200
    assert member_browser.post(url(survey), by_bus(survey)).status_code == 302


def test_the_form_kept_in_memory_follows_a_corrected_text(
    signed_in, participant, space_admin, survey
):
    from palabre.forms.services import question_save

    browser = signed_in(participant)
    assert "Anything else?" in browser.get(url(survey)).content.decode()
    item = questions(survey)["Anything else?"]
    question_save(
        actor=space_admin,
        form=survey.form,
        item=item,
        kind=item.kind,
        body={"fr": "Autre chose ?", "en": "Something else?"},
        max_characters=200,
    )
    page = browser.get(url(survey)).content.decode()
    assert "Something else?" in page and "Anything else?" not in page


def test_a_file_that_is_not_what_it_says_is_refused_next_to_its_question(
    signed_in, participant, component
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from palabre.attachments.models import Attachment
    from palabre.forms.models import ItemKind
    from palabre.forms.tests.factories import add_item

    survey = mobility_survey(component)
    upload = add_item(survey.form, ItemKind.FILE, "A photo")
    data = by_bus(survey)
    data["form_shown"] += f",{upload.pk}"
    data[upload.name] = SimpleUploadedFile("photo.pdf", b"MZ not a pdf at all")
    response = signed_in(participant).post(url(survey), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "photo.pdf: This file is not a real PDF file." in page
    assert "Choose your file again" in page
    assert 'enctype="multipart/form-data"' in page
    assert not Response.objects.exists() and not Attachment.objects.exists()


def test_a_single_survey_is_the_component_page_without_a_link_back_to_itself(client, component):
    survey = mobility_survey(component, allow_unregistered=True)
    page = client.get(component.get_absolute_url()).content.decode()
    assert f'action="{survey.get_absolute_url()}"' in page
    assert "Back to Surveys" not in page
    assert "Back to Surveys" in client.get(url(survey)).content.decode()
