"""What moderation keeps about a person, for their archive: the reports they made.
(Reports about them and moderators' notes belong to the organization's moderation.)"""

from itertools import batched

from django.utils.translation import gettext_lazy as _

from palabre.moderation.models import Report, UserReport
from palabre.privacy.helpers import described, resources_of
from palabre.privacy.registry import Section, register_section


def report_rows(user, organization):
    reports = Report.objects.filter(reporter=user, space__organization=organization).order_by(
        "created_at", "pk"
    )
    for chunk in batched(reports.iterator(chunk_size=500), 500):
        targets = resources_of((r.content_type_id, r.object_id) for r in chunk)
        for report in chunk:
            target = targets.get((report.content_type_id, report.object_id))
            yield {
                **described(target, organization),
                "reason": report.get_reason_display(),
                "details": report.details,
                "reported_at": report.created_at,
            }
    people = (
        UserReport.objects.filter(reporter=user, reported__organization=organization)
        .select_related("reported")
        .order_by("created_at", "pk")
    )
    for report in people:
        yield {
            "about": report.reported.nickname,
            "address": "",
            "reason": report.get_reason_display(),
            "details": report.details,
            "reported_at": report.created_at,
        }


register_section(
    Section(
        name="reports",
        label=_("The reports you made"),
        columns=(
            ("about", _("The contribution or the participant you reported")),
            ("address", _("Its address on the site")),
            ("reason", _("The reason you gave")),
            ("details", _("What you added")),
            ("reported_at", _("When you reported it")),
        ),
        rows=report_rows,
    )
)
