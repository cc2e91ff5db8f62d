"""Every comment shows a way to report it to those who may: signed-in people who did not
write it. Its author, visitors and blocked people see none, nor does anyone on a comment
already hidden or deleted."""

import pytest
from django.utils import timezone

from palabre.comments import services
from palabre.moderation import services as moderation
from palabre.moderation.models import Report

pytestmark = pytest.mark.django_db


def report_url(comment) -> str:
    from palabre.core.resources import resource_ref

    return f"/moderation/report/{resource_ref(comment).as_string()}/"


def page(browser, post) -> str:
    response = browser.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_in_participant_can_report_each_comment_of_others(
    client, signed_in, participant, other, post
):
    root = services.comment_create(author=participant, target=post, body="Premier avis")
    reply = services.comment_create(author=other, target=post, body="Une réponse", parent=root)

    html = page(signed_in(other), post)
    assert report_url(root) in html and report_url(reply) not in html
    html = page(signed_in(participant), post)
    assert report_url(reply) in html and report_url(root) not in html
    for url in (report_url(root), report_url(reply)):
        assert url not in page(client, post)


def test_blocked_people_see_no_report_control(signed_in, participant, other, post):
    root = services.comment_create(author=participant, target=post, body="Premier avis")
    other.blocked_at = timezone.now()
    other.save()
    assert report_url(root) not in page(signed_in(other), post)


def test_hidden_and_deleted_comments_show_no_report_control(
    signed_in, participant, other, moderator, post
):
    hidden = services.comment_create(author=participant, target=post, body="Caché")
    deleted = services.comment_create(author=participant, target=post, body="Effacé")
    moderation.resource_hide(actor=moderator, target=hidden)
    services.comment_delete(actor=participant, comment=deleted)
    html = page(signed_in(other), post)
    assert report_url(hidden) not in html and report_url(deleted) not in html


def test_the_control_leads_to_a_report_the_moderators_receive(signed_in, participant, other, post):
    root = services.comment_create(author=participant, target=post, body="Premier avis")
    browser = signed_in(other)
    assert browser.get(report_url(root)).status_code == 200
    response = browser.post(report_url(root), {"reason": "spam", "details": ""})
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{root.pk}")
    assert Report.objects.filter(reporter=other, object_id=root.pk).exists()
