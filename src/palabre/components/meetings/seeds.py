"""A few meetings for a new component of the demo or a fresh installation."""

import datetime
import random

from django.utils import timezone

from palabre.components.meetings.models import AgendaItem, Meeting

SEEDS = (
    # (days from today, hour, type, title fr, title en)
    (-20, 18, Meeting.Type.IN_PERSON, "Réunion de lancement", "Kick-off meeting"),
    (6, 18, Meeting.Type.HYBRID, "Atelier : aménager la place", "Workshop: redesigning the square"),
    (13, 12, Meeting.Type.ONLINE, "Permanence en ligne", "Online office hours"),
)


def seed_meetings(component, *, rng: random.Random) -> list[Meeting]:
    """Three published meetings of the organization: one past, two upcoming."""
    from palabre.components.meetings.services import meeting_reference

    made = []
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    for days, hour, kind, title_fr, title_en in SEEDS:
        day = today + datetime.timedelta(days=days)
        start = datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=zone)
        in_person = kind != Meeting.Type.ONLINE
        meeting = Meeting.objects.create(
            component=component,
            title={"fr": title_fr, "en": title_en},
            description={
                "fr": "<p>Venez échanger avec l'équipe du projet et vos voisins.</p>",
                "en": "<p>Come and talk with the project team and your neighbours.</p>",
            },
            type_of_meeting=kind,
            official=True,
            address="1 place du Ralliement, Angers" if in_person else "",
            location={"fr": "Salle polyvalente", "en": "Community hall"} if in_person else {},
            latitude=47.4712 + rng.uniform(-0.01, 0.01) if in_person else None,
            longitude=-0.5518 + rng.uniform(-0.01, 0.01) if in_person else None,
            online_url="https://visio.example.org/palabre"
            if kind != Meeting.Type.IN_PERSON
            else "",
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
            published_at=timezone.now(),
        )
        meeting.reference = meeting_reference(meeting)
        meeting.save(update_fields=["reference"])
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    position=0,
                    title={"fr": "Accueil", "en": "Welcome"},
                    duration_minutes=15,
                ),
                AgendaItem(
                    meeting=meeting,
                    position=1,
                    title={"fr": "Échanges", "en": "Discussion"},
                    duration_minutes=90,
                ),
            ]
        )
        made.append(meeting)
    return made
