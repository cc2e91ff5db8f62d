import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.resources import resource_ref
from palabre.core.tests.factories import OrganizationFactory, SpaceFactory, UserFactory
from palabre.moderation import selectors, services
from palabre.moderation.models import Report, UserReport
from palabre.moderation.tests.conftest import person_with_role, signed_in

pytestmark = pytest.mark.django_db


def report_url(target):
    return f"/moderation/report/{resource_ref(target).as_string()}/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Report a contribution ---------------------------------------------------------------
def test_anonymous_people_are_sent_to_sign_in(client, post):
    response = client.get(report_url(post))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(report_url(post), {"reason": "spam"})
    assert response.status_code == 302 and not Report.objects.exists()


def test_the_form_offers_the_four_reasons(post, user):
    response = signed_in(user).get(report_url(post))
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("spam", "offensive", "off_topic", "other"):
        assert f'value="{value}"' in html
    assert 'name="details"' in html


def test_reporting_redirects_back_with_a_message(post, user):
    response = signed_in(user).post(
        report_url(post), {"reason": "offensive", "details": "Rude"}, follow=True
    )
    assert response.redirect_chain[-1][0] == post.get_absolute_url()
    assert "Thank you. The moderators will look at this contribution." in messages_of(response)
    assert Report.objects.get().reason == "offensive"


def test_a_second_report_gets_a_clear_message_and_changes_nothing(post, user):
    client = signed_in(user)
    client.post(report_url(post), {"reason": "spam"})
    response = client.post(report_url(post), {"reason": "other", "details": "x"}, follow=True)
    assert "You have already reported this contribution." in messages_of(response)
    assert Report.objects.get().reason == "spam"
    response = client.get(report_url(post), follow=True)
    assert response.redirect_chain[-1][0] == post.get_absolute_url()
    assert "You have already reported this contribution." in messages_of(response)


def test_the_author_is_turned_away(post, author):
    response = signed_in(author).post(report_url(post), {"reason": "spam"}, follow=True)
    assert "You cannot report your own contribution." in messages_of(response)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "rude"}, "Choose one of the proposed reasons."),
        ({}, "Choose one of the proposed reasons."),
        ({"reason": "other", "details": ""}, "Explain what is wrong"),
        ({"reason": "spam", "details": "x" * 1001}, "under 1000 characters"),
    ],
)
def test_bad_inputs_show_the_form_again_with_a_message(post, user, data, message):
    response = signed_in(user).post(report_url(post), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_the_third_report_hides_and_sends_back_to_the_component(post, participants):
    people = participants(3)
    for person in people[:2]:
        signed_in(person).post(report_url(post), {"reason": "spam"})
    response = signed_in(people[2]).post(report_url(post), {"reason": "spam"}, follow=True)
    assert response.redirect_chain[-1][0] == post.component.get_absolute_url()
    assert any("hidden until a moderator" in text for text in messages_of(response))
    assert selectors.is_hidden(post)


@pytest.mark.parametrize("ref", ["nonsense", "999999-1", "1-999999"])
def test_unknown_references_answer_404(user, ref):
    assert signed_in(user).get(f"/moderation/report/{ref}/").status_code == 404


def test_contributions_the_person_cannot_see_answer_404(space, post, user):
    space.private = True
    space.save()
    client = signed_in(user)
    assert client.get(report_url(post)).status_code == 404
    assert client.post(report_url(post), {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_hidden_contributions_answer_404(post, user, moderator):
    services.resource_hide(actor=moderator, target=post)
    assert signed_in(user).get(report_url(post)).status_code == 404


def test_blocked_people_are_refused(post, user, admin_user):
    services.user_block(actor=admin_user, user=user, justification="Spam")
    response = signed_in(user).post(report_url(post), {"reason": "spam"})
    assert response.status_code == 403 and not Report.objects.exists()


# Report a participant ----------------------------------------------------------------
THANKS = "Thank you. The administrators will look at this participant."


def test_report_a_participant(user, author):
    client = signed_in(user)
    url = f"/moderation/report-user/{author.nickname}/?next=/processes/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "spam", "next": "/processes/"}, follow=False)
    assert response.status_code == 302 and response["Location"] == "/processes/"
    assert UserReport.objects.get().reported == author
    # A second report gets the same thanks (anything else would tell the nickname exists)
    # and records nothing more.
    again = client.post(url, {"reason": "spam"}, follow=True)
    assert THANKS in messages_of(again)
    assert UserReport.objects.count() == 1


def test_report_a_participant_refuses_outside_addresses_and_oneself(user, author):
    client = signed_in(user)
    response = client.post(
        f"/moderation/report-user/{author.nickname}/",
        {"reason": "spam", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == "/"
    response = client.post(
        f"/moderation/report-user/{user.nickname}/", {"reason": "spam"}, follow=True
    )
    assert "You cannot report yourself." in messages_of(response)
    assert UserReport.objects.count() == 1


def test_whether_a_nickname_exists_does_not_show(user, author):
    """Nicknames are not public: an unknown one, a deleted account and a person of another
    organization get exactly the page and the answer a participant gets."""
    elsewhere = UserFactory(organization=OrganizationFactory(host="other.example.org"))
    gone = UserFactory(organization=user.organization, deleted_at=timezone.now())
    client = signed_in(user)
    pages = {}
    for nickname in (author.nickname, "nobody-here", elsewhere.nickname, gone.nickname):
        page = client.get(f"/moderation/report-user/{nickname}/")
        assert page.status_code == 200
        # Each page has its own form token (and script nonce): the rest must be the same.
        html = re.sub(r'(value|nonce)="[^"]*"', "", page.content.decode())
        pages[nickname] = html.replace(nickname, "NICKNAME")
        response = client.post(
            f"/moderation/report-user/{nickname}/", {"reason": "spam"}, follow=True
        )
        assert messages_of(response) == [THANKS]
    assert len(set(pages.values())) == 1
    assert author.display_name not in pages[author.nickname]
    assert [report.reported for report in UserReport.objects.all()] == [author]


# The report button -------------------------------------------------------------------
def render_button(person, target):
    request = RequestFactory().get("/")
    request.user = person
    template = Template("{% load moderation %}{% report_button target %}")
    return template.render(Context({"request": request, "target": target}))


def test_the_report_button_shows_for_signed_in_people_other_than_the_author(post, user, author):
    assert report_url(post) in render_button(user, post)
    assert render_button(author, post).strip() == ""
    assert render_button(AnonymousUser(), post).strip() == ""


# Backoffice: contributions ------------------------------------------------------------
def test_participants_and_collaborators_stay_out(space, user):
    collaborator = person_with_role(space, SpaceRole.Role.COLLABORATOR)
    assert signed_in(collaborator).get("/admin/moderation/").status_code == 403
    assert signed_in(user).get("/admin/moderation/").status_code == 403


def test_the_list_shows_reports_with_reasons_and_details(post, participants, moderator):
    first, second = participants(2)
    services.report_create(reporter=first, target=post, reason="offensive", details="Insults")
    services.report_create(reporter=second, target=post, reason="spam")
    response = signed_in(moderator).get("/admin/moderation/")
    html = response.content.decode()
    assert response.status_code == 200
    assert post.get_absolute_url() in html
    assert "Insults" in html and "Offensive, hateful or harassing: 1" in html and "Spam: 1" in html


def test_only_spaces_the_person_moderates_are_listed(organization, post, user, moderator):
    other_post = PostFactory(component__space=SpaceFactory(organization=organization))
    services.report_create(reporter=user, target=post, reason="spam")
    services.report_create(reporter=user, target=other_post, reason="spam")
    page = signed_in(moderator).get("/admin/moderation/").context["page"]
    assert [moderation.object_id for moderation in page.object_list] == [post.pk]
    other_space = other_post.component.space
    assert signed_in(moderator).get(f"/admin/moderation/?space={other_space.pk}").status_code == 404


def test_filters_by_space_and_state(organization, space, component, participants, org_admin):
    reporter = participants(1)[0]
    visible = PostFactory(component=component)
    hidden = PostFactory(component=component)
    elsewhere = PostFactory(component__space=SpaceFactory(organization=organization))
    for target in (visible, hidden, elsewhere):
        services.report_create(reporter=reporter, target=target, reason="spam")
    services.resource_hide(actor=org_admin, target=hidden)
    client = signed_in(org_admin)

    def listed(query):
        page = client.get(f"/admin/moderation/{query}").context["page"]
        return {moderation.object_id for moderation in page.object_list}

    assert listed("") == {visible.pk, hidden.pk, elsewhere.pk}
    assert listed(f"?space={space.pk}") == {visible.pk, hidden.pk}
    assert listed(f"?space={space.pk}&state=pending") == {visible.pk}
    assert listed("?state=hidden") == {hidden.pk}


def test_hide_and_unhide_from_the_backoffice_are_logged(space, post, user, moderator):
    services.report_create(reporter=user, target=post, reason="spam")
    moderation_id = selectors.moderation_page(spaces=[space]).object_list[0].pk
    client = signed_in(moderator)
    response = client.post(
        f"/admin/moderation/{moderation_id}/hide/",
        {"reason": "Advertising", "query": "state=pending"},
    )
    assert (
        response.status_code == 302 and response["Location"] == "/admin/moderation/?state=pending"
    )
    assert selectors.is_hidden(post)
    client.post(f"/admin/moderation/{moderation_id}/unhide/")
    assert not selectors.is_hidden(post)
    assert list(ActionLog.objects.order_by("id").values_list("action", "user")) == [
        ("hide", moderator.pk),
        ("unhide", moderator.pk),
    ]
    assert client.get(f"/admin/moderation/{moderation_id}/hide/").status_code == 405


def test_moderators_of_another_space_cannot_hide(organization, space, post, user):
    services.report_create(reporter=user, target=post, reason="spam")
    moderation_id = selectors.moderation_page(spaces=[space]).object_list[0].pk
    elsewhere = person_with_role(SpaceFactory(organization=organization), SpaceRole.Role.MODERATOR)
    response = signed_in(elsewhere).post(f"/admin/moderation/{moderation_id}/hide/")
    assert response.status_code == 403 and not selectors.is_hidden(post)


def test_the_list_needs_the_same_queries_for_1_and_30_reports(
    component, participants, moderator, django_assert_max_num_queries
):
    client = signed_in(moderator)
    reporters = participants(2)

    def add_reported_posts(count):
        for target in PostFactory.create_batch(count, component=component):
            for person in reporters:
                services.report_create(
                    reporter=person, target=target, reason="other", details="Why"
                )

    add_reported_posts(1)
    client.get("/admin/moderation/")  # warm the content type cache and the session
    with django_assert_max_num_queries(20) as few:
        client.get("/admin/moderation/")
    add_reported_posts(29)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/moderation/")
    assert len(response.context["page"].object_list) == 30


# Backoffice: participants -------------------------------------------------------------
def test_only_organization_admins_see_reported_participants(space, moderator):
    space_admin = person_with_role(space, SpaceRole.Role.ADMIN)
    assert signed_in(moderator).get("/admin/moderation/participants/").status_code == 403
    assert signed_in(space_admin).get("/admin/moderation/participants/").status_code == 403


def test_block_and_unblock_from_the_backoffice(hideable_posts, org_admin, user, author, post):
    services.user_report_create(reporter=user, reported=author, reason="spam")
    client = signed_in(org_admin)
    response = client.get("/admin/moderation/participants/")
    assert author.nickname in response.content.decode()
    response = client.post(
        f"/admin/moderation/participants/{author.pk}/block/",
        {"justification": "Advertising everywhere", "hide_content": "on"},
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.is_blocked and selectors.is_hidden(post)
    client.post(f"/admin/moderation/participants/{author.pk}/unblock/")
    author.refresh_from_db()
    assert not author.is_blocked
    assert list(ActionLog.objects.order_by("id").values_list("action", flat=True)) == [
        "block",
        "unblock",
    ]


def test_blocking_without_justification_shows_the_error(org_admin, user, author):
    services.user_report_create(reporter=user, reported=author, reason="spam")
    response = signed_in(org_admin).post(
        f"/admin/moderation/participants/{author.pk}/block/", {"justification": " "}
    )
    assert response.status_code == 200
    assert "Explain why this participant is blocked." in response.content.decode()
    author.refresh_from_db()
    assert not author.is_blocked


def test_participants_list_queries_do_not_grow(
    organization, org_admin, django_assert_max_num_queries
):
    client = signed_in(org_admin)
    reporter = UserFactory(organization=organization)

    def report_people(count):
        for person in UserFactory.create_batch(count, organization=organization):
            services.user_report_create(reporter=reporter, reported=person, reason="spam")

    report_people(1)
    client.get("/admin/moderation/participants/")
    with django_assert_max_num_queries(20) as few:
        client.get("/admin/moderation/participants/")
    report_people(29)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/moderation/participants/")
    assert len(response.context["people"]) == 30


def test_reported_comments_show_their_text_and_link_in_constant_queries(
    post, participants, moderator, django_assert_max_num_queries
):
    from palabre.comments.services import comment_create

    writer, reporter = participants(2)
    client = signed_in(moderator)

    def add_reported_comments(count):
        for number in range(count):
            comment = comment_create(author=writer, target=post, body=f"Rude words {number}")
            services.report_create(reporter=reporter, target=comment, reason="offensive")

    add_reported_comments(1)
    client.get("/admin/moderation/")
    with django_assert_max_num_queries(25) as few:
        response = client.get("/admin/moderation/")
    html = response.content.decode()
    assert "Rude words 0" in html and f"{post.get_absolute_url()}#comment-" in html
    add_reported_comments(29)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/moderation/")
    assert len(response.context["page"].object_list) == 30


def test_the_report_form_names_the_contribution(organization, post, user, author, admin_user):
    """A contribution is named by its title; a comment, which has none, by its author (the
    organization for an official comment, as its thread shows it) and what it comments on."""
    from palabre.comments.services import comment_create

    author.name = "Marie Curie"
    author.save()
    post.title = {"en": "The new market hall"}
    post.save()
    by_author = comment_create(author=author, target=post, body="A comment")
    official = comment_create(author=admin_user, target=post, body="Our answer", official=True)

    def heading(target):
        html = signed_in(user).get(report_url(target)).content.decode()
        title = re.search(r"<title>([^<]*)", html).group(1)
        return re.search(r"<h1>([^<]*)</h1>", html).group(1), title

    assert heading(post)[0] == "Report “The new market hall”"
    h1, title = heading(by_author)
    assert h1 == "Report a comment by Marie Curie on “The new market hall”"
    assert title.startswith(h1)
    assert heading(official)[0] == (
        f"Report a comment by {organization.name} on “The new market hall”"
    )
