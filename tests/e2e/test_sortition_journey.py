"""A citizen panel is drawn by lot, and a visitor checks the draw.

The administrator creates a panel, imports its pool of volunteers and its quotas, changes a
quota, computes the fair distribution, publishes it, fixes the public value and draws the
panel. A visitor reads every volunteer's chance under pseudonymous numbers, downloads the
inputs of the draw and finds the command that replays it; the file replays to the members
shown. A draw of proposals is read the same way. axe-core checks the draw and panel pages.
"""

import csv
import io
import json
import re
from pathlib import Path

from playwright.sync_api import expect

from palabre.components.proposals.tests.factories import ProposalFactory, ProposalsComponentFactory
from palabre.components.sortitions import lottery, services
from palabre.components.sortitions.models import Panel
from palabre.components.sortitions.pools import DEMO_FEATURES, generated_people, generated_quotas
from palabre.core.components import component_admin_url
from palabre.core.models import User
from palabre.core.tests.factories import ComponentFactory, SpaceFactory


def pool_csv(tmp_path) -> tuple[str, str]:
    people = generated_people(32, seed=4)
    quotas = generated_quotas(people, 6)
    features = list(dict.fromkeys(q.feature for q in quotas))
    volunteers = io.StringIO()
    writer = csv.writer(volunteers)
    writer.writerow(["name", "contact", *features])
    for number, values in people.items():
        writer.writerow([f"Secret Name {number}", f"secret{number}@pool.example",
                         *(values[f] for f in features)])  # fmt: skip
    limits = io.StringIO()
    writer = csv.writer(limits)
    writer.writerow(["feature", "value", "min", "max"])
    for q in quotas:
        writer.writerow([q.feature, q.value, q.minimum, q.maximum])
    (tmp_path / "volunteers.csv").write_text(volunteers.getvalue())
    (tmp_path / "quotas.csv").write_text(limits.getvalue())
    return str(tmp_path / "volunteers.csv"), str(tmp_path / "quotas.csv")


def test_an_admin_draws_a_panel_and_a_visitor_checks_it(
    english_page, admin_page, demo, assert_accessible, tmp_path, settings
):
    # The greedy comparison is estimated from fewer runs here (the request computes it).
    settings.PALABRE_SORTITION_GREEDY_RUNS = 60
    space = SpaceFactory(organization=demo, title={"fr": "Jury citoyen", "en": "Citizens' jury"})
    component = ComponentFactory(
        space=space, manifest_name="sortitions", name={"fr": "Tirages", "en": "Draws by lot"}
    )
    admin = admin_page
    admin.goto(component_admin_url(component, "panel_new"))
    expect(admin.get_by_role("heading", level=1)).to_have_text("New citizen panel")
    admin.locator("[name='title_fr']").fill("Jury du climat")
    admin.locator("[name='size']").fill("6")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Jury du climat")

    volunteers, quotas = pool_csv(tmp_path)
    admin.get_by_label("Volunteers (CSV)").set_input_files(volunteers)
    admin.get_by_role("button", name="Import the pool").click()
    expect(admin.get_by_text("32 volunteers imported")).to_be_visible()
    admin.get_by_label("Quotas (CSV)").set_input_files(quotas)
    admin.get_by_role("button", name="Import the quotas").click()
    expect(admin.get_by_text("quotas imported")).to_be_visible()
    admin.get_by_label("Maximum for gender = woman").fill("5")
    admin.get_by_role("button", name="Save the quotas").click()
    expect(admin.get_by_text("The quotas were saved.")).to_be_visible()

    admin.get_by_role("button", name="Compute the distribution").click(timeout=120_000)
    # The computation runs in a background task (here at once, after the request commits):
    # wait for the page the form sends back before reloading it for the result.
    expect(admin.get_by_text("The distribution is being computed")).to_be_visible(timeout=120_000)
    admin.reload()
    expect(admin.get_by_text("Smallest chance of a volunteer")).to_be_visible()
    admin.locator("[name='value_source_fr']").fill("Le dé du conseil de quartier")
    admin.get_by_role("button", name="Publish the distribution").click()
    expect(admin.get_by_text("The distribution is published.")).to_be_visible()
    admin.locator("[name='public_value']").fill("4 6 1")
    admin.get_by_role("button", name="Draw the panel").click()
    expect(admin.get_by_text("The panel was drawn and published.")).to_be_visible()

    panel = Panel.objects.get(component=component)
    assert panel.status == Panel.Status.DRAWN
    assert panel.quotas.get(feature="gender", value="woman").maximum == 5

    visitor = english_page
    visitor.goto(panel.get_absolute_url())
    expect(visitor.get_by_role("heading", name="How fair is the selection?")).to_be_visible()
    replay = f"palabre sortition replay panel-{panel.pk}.json"
    expect(visitor.locator("pre.replay-command")).to_have_text(replay)
    assert "secret" not in visitor.content().lower()
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Download the inputs (JSON)").click()
    inputs = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert inputs["public_value"] == "4 6 1"
    members = [int(text) for text in visitor.locator(".panel-members li").all_inner_texts()]
    assert lottery.replay(inputs) == members
    assert_accessible(visitor)


def test_a_visitor_replays_a_draw_of_proposals(english_page, demo, assert_accessible):
    space = SpaceFactory(organization=demo, title={"fr": "Idées", "en": "Ideas"})
    proposals = ProposalsComponentFactory(space=space)
    for _ in range(8):
        ProposalFactory(component=proposals)
    component = ComponentFactory(
        space=space, manifest_name="sortitions", name={"fr": "Tirages", "en": "Draws by lot"}
    )
    admin = User.objects.get(email="admin@palabre.test")
    draw = services.draw_create(
        actor=admin,
        component=component,
        title={"fr": "Trois idées pour l’atelier", "en": "Three ideas for the workshop"},
        proposals_component=proposals,
        count=3,
        public_value="5",
    )
    visitor = english_page
    visitor.goto(component.get_absolute_url())
    visitor.get_by_role("link", name="Three ideas for the workshop").click()
    expect(visitor).to_have_url(re.compile(rf"/draws/{draw.pk}/$"))
    expect(visitor.locator("pre.replay-command")).to_have_text(
        f"palabre sortition replay draw-{draw.pk}.json"
    )
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Download the inputs (JSON)").click()
    inputs = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert lottery.replay(inputs) == draw.selected
    expect(visitor.locator(".draw-selected li")).to_have_count(3)
    assert_accessible(visitor)
    visitor.goto(component.get_absolute_url())
    assert_accessible(visitor)


def test_a_resident_volunteers_for_a_panel_with_the_keyboard(english_page, demo, assert_accessible):
    """The demo's mobility panel calls for volunteers: a participant answers its questions
    with the keyboard only and gets their pseudonymous number."""
    from palabre.core.tests.factories import DEMO_PASSWORD, UserFactory

    resident = UserFactory(organization=demo)
    page = english_page
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(resident.email)
    page.locator("input[name='password']").fill(DEMO_PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    panel = Panel.objects.get(
        component__space__organization=demo,
        component__space__slug="place-du-marche",
        call_open=True,
    )
    page.goto(panel.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Citizens' panel on mobility")
    assert_accessible(page)
    page.get_by_label("Your name").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Bob Volontaire")
    groups = page.locator(".volunteer-form fieldset")
    assert groups.count() == len(DEMO_FEATURES)
    for index in range(groups.count()):
        groups.nth(index).get_by_role("radio").first.focus()
        page.keyboard.press("Space")
    page.get_by_label(re.compile("I agree that the organizers")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Join the pool of volunteers").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("You are in the pool of volunteers. Thank you!")).to_be_visible()
    number = panel.volunteers.get(user=resident).number
    expect(page.locator(".volunteer-number")).to_have_text(str(number))
    assert_accessible(page)
