"""What notifications keep about a person, for their archive: what they follow and what
they were told."""

from itertools import batched

from django.utils.translation import gettext_lazy as _

from palabre.core.mail import organization_url
from palabre.core.resources import organization_id_of
from palabre.notifications.models import Follow
from palabre.notifications.selectors import notifications_of
from palabre.privacy.helpers import described, resources_of
from palabre.privacy.registry import Section, register_section


def follow_rows(user, organization):
    follows = Follow.objects.filter(user=user).order_by("created_at", "pk")
    for chunk in batched(follows.iterator(chunk_size=500), 500):
        targets = resources_of((f.content_type_id, f.object_id) for f in chunk)
        for follow in chunk:
            target = targets.get((follow.content_type_id, follow.object_id))
            # An account follows on several organizations' sites: this site's only.
            if target is None or organization_id_of(target) != organization.pk:
                continue
            yield {**described(target, organization), "since": follow.created_at}


def notification_rows(user, organization):
    notifications = notifications_of(user=user, organization=organization).order_by(
        "created_at", "pk"
    )
    for notification in notifications.iterator(chunk_size=500):
        yield {
            "event": notification.event,
            "title": notification.title,
            "address": organization_url(organization, notification.url) if notification.url else "",
            "created_at": notification.created_at,
            "read_at": notification.read_at,
            "emailed_at": notification.emailed_at,
        }


register_section(
    Section(
        name="follows",
        label=_("What you follow"),
        columns=(
            ("about", _("The space or contribution you follow")),
            ("address", _("Its address on the site")),
            ("since", _("Since when")),
        ),
        rows=follow_rows,
    )
)
register_section(
    Section(
        name="notifications",
        label=_("The notifications you received"),
        columns=(
            ("event", _("The kind of event")),
            ("title", _("What it was about")),
            ("address", _("The address it led to")),
            ("created_at", _("When it happened")),
            ("read_at", _("When you read it on the site")),
            ("emailed_at", _("When it was emailed to you")),
        ),
        rows=notification_rows,
    )
)
