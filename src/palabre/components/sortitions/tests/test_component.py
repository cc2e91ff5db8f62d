"""The sortitions manifest: statistics, sitemap, demo seed."""

import pytest
from django.utils import timezone

from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.components.sortitions import lottery, services
from palabre.components.sortitions.models import Panel, ProposalDraw
from palabre.core.registry import components

pytestmark = pytest.mark.django_db


def test_stats_count_the_draws_made_and_not_cancelled(space_admin, component, proposals):
    for _ in range(3):
        ProposalFactory(component=proposals)
    values = {"title": {"fr": "T"}, "proposals_component": proposals, "count": 1}
    made = services.draw_create(actor=space_admin, component=component, public_value="1", **values)
    services.draw_create(actor=space_admin, component=component, **values)
    cancelled = services.draw_create(
        actor=space_admin, component=component, public_value="2", **values
    )
    services.draw_cancel(actor=space_admin, draw=cancelled, reason={"fr": "Erreur"})
    manifest = components["sortitions"]
    published = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Publié"}, size=2
    )
    Panel.objects.filter(pk=published.pk).update(published_at=timezone.now())
    services.panel_create(actor=space_admin, component=component, title={"fr": "Non"}, size=2)
    assert manifest.stats([component]) == {"proposal_draws": 1, "citizen_panels": 1}
    urls = list(manifest.sitemap([component]))
    assert made.get_absolute_url() in urls and published.get_absolute_url() in urls
    assert len(urls) == 4


def test_the_demo_seed_makes_a_finished_draw_that_replays(component, proposals):
    for _ in range(5):
        ProposalFactory(component=proposals)
    components["sortitions"].seed(component, [])
    draw = ProposalDraw.objects.get(component=component)
    assert draw.is_drawn and len(draw.selected) == 3
    assert lottery.replay(draw.inputs()) == draw.selected


def test_the_demo_panel_is_a_panel_of_30_drawn_from_300_within_every_quota(component):
    from palabre.components.sortitions.services import panel_members

    components["sortitions"].seed(component, [])
    panel = Panel.objects.get(component=component, call_open=False)
    assert panel.volunteers.count() == 300 and panel.size == 30
    assert panel.is_drawn and panel.is_public
    assert lottery.replay(panel.inputs()) == panel.selected
    assert sum(panel.probabilities.values()) == pytest.approx(30)
    assert panel.minimum > panel.greedy_minimum
    features = dict(panel.volunteers.values_list("number", "features"))
    quotas = list(panel.quotas.all())
    members = panel_members(panel)
    for group in [*panel.panels, members]:
        assert len(set(group)) == 30
        for quota in quotas:
            count = sum(1 for number in group if features[number][quota.feature] == quota.value)
            assert quota.minimum <= count <= quota.maximum
    replacement = panel.replacements.get()
    assert lottery.replay(replacement.inputs()) == [replacement.replacement]


def test_the_histogram_counts_every_volunteer_once_around_the_average_chance():
    from palabre.components.sortitions.selectors import probability_histogram

    fair = {"1": 0.1, "2": 0.1, "3": 0.09, "4": 0.11, "5": 1.0}
    greedy = {"1": 0.0, "2": 0.02, "3": 0.3, "4": 0.5, "5": 0.98}
    histogram = probability_histogram(fair, greedy, size=1)  # average chance 0.2
    rows = histogram["rows"]
    assert rows[0]["low"] == 0 and rows[-1]["high"] == 1.0
    assert [round(row["high"], 2) for row in rows] == [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4,
                                                       0.6, 1.0]  # fmt: skip
    assert sum(row["count"] for row in rows) == sum(row["greedy"] for row in rows) == 5
    assert rows[-1]["count"] == 1  # a chance of exactly 1 is in the last range
    assert histogram["largest"] == 3  # 0.1, 0.1 and 0.11


def test_the_demo_also_calls_for_volunteers(component):
    components["sortitions"].seed(component, [])
    calling = Panel.objects.get(component=component, call_open=True)
    assert calling.is_calling and not calling.is_public
    assert calling.quotas.exists() and calling.volunteers.count() == 40
