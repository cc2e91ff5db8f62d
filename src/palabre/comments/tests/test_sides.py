"""The threads of one side (a debate's columns): in favour, neutral (or no position),
against, with counts that match the alignments and leave out what readers cannot see."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from palabre.comments import selectors, services
from palabre.moderation.models import Moderation

pytestmark = pytest.mark.django_db


def test_threads_and_counts_per_side(participant, other, post):
    made = {}
    for alignment in (1, 1, -1, 0, None):
        made.setdefault(alignment, []).append(
            services.comment_create(
                author=participant, target=post, body=f"side {alignment}", alignment=alignment
            )
        )
    reply = services.comment_create(author=other, target=post, body="reply", parent=made[1][0])
    hidden = made[-1][0]
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(hidden),
        object_id=hidden.pk,
        space=hidden.space,
        hidden_at=timezone.now(),
    )
    assert selectors.side_counts(post) == {"for": 2, "neutral": 2, "against": 0}
    page = selectors.comment_threads(target=post, user=participant, side="for")
    assert {root.pk for root in page.roots} == {c.pk for c in made[1]}
    assert page.total == 3  # two arguments and the reply in their threads
    assert [child.pk for root in page.roots for child in root.children] == [reply.pk]
    neutral = selectors.comment_threads(target=post, user=participant, side="neutral")
    assert {root.pk for root in neutral.roots} == {made[0][0].pk, made[None][0].pk}
    against = selectors.comment_threads(target=post, user=participant, side="against")
    assert [root.pk for root in against.roots] == [hidden.pk] and against.total == 0
    # An unknown side is no side: every thread.
    assert len(selectors.comment_threads(target=post, user=participant, side="x").roots) == 5
