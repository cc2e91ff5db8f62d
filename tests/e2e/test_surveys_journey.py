"""The city builds a survey with a question shown on a condition, Alice answers it with
JavaScript (the question appears as she picks "Car"), Bob without (the page comes back with
it), and the city reads the chart and exports the answers.

The browser asks for English, the interface's source texts; axe-core checks the form, the
thank-you page and the results page.
"""

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from palabre.components.surveys.models import Survey
from palabre.core.components import component_admin_url
from palabre.core.demo import content
from palabre.core.models import Component, User
from palabre.forms.models import Response


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(content.PASSWORD)
    page.locator("main form [type='submit']").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def translated(page, name: str, french: str, english: str) -> None:
    page.locator(f"[name='{name}_fr']").fill(french)
    page.locator(f"[name='{name}_en']").fill(english)


def build_survey(page, component, assert_accessible) -> Survey:
    page.goto(component_admin_url(component))
    page.get_by_role("link", name="New survey").click()
    translated(page, "title", "Venir au marché", "Coming to the market")
    page.get_by_label("Show the results to everyone").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Coming to the market")).to_be_visible()

    assert_accessible(page)
    page.get_by_label("Add a question or a block").select_option("single_choice")
    page.get_by_role("button", name="Add", exact=True).click()
    translated(page, "body", "Comment venez-vous ?", "How do you come?")
    page.get_by_label("Mandatory").check()
    translated(page, "options-0-body", "Bus", "Bus")
    translated(page, "options-1-body", "Voiture", "Car")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The question was saved.")).to_be_visible()

    page.get_by_role("link", name="Back to the questions").click()
    page.get_by_label("Add a question or a block").select_option("short_answer")
    page.get_by_role("button", name="Add", exact=True).click()
    translated(page, "body", "Pourquoi en voiture ?", "Why by car?")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("This question is always shown.")).to_be_visible()
    page.get_by_label("Question it depends on").select_option(label="1. How do you come?")
    page.get_by_label("Show this question when that one").select_option("equal")
    page.get_by_label("Option", exact=True).select_option(label="Car")
    page.get_by_role("button", name="Add the condition").click()
    expect(page.get_by_text("The display condition was added.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the questions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").get_by_text("The survey is published.")).to_be_visible()
    return Survey.objects.get(title__en="Coming to the market")


def test_the_city_builds_a_survey_people_answer_it_and_the_city_reads_the_results(
    admin_page, browser, base_url, demo, assert_accessible
):
    admin_page.set_default_timeout(30_000)
    User.objects.filter(email__in=["alice@palabre.test", "bob@palabre.test"]).update(locale="en")
    component = Component.objects.get(
        space__organization=demo, space__slug="place-du-marche", manifest_name="surveys"
    )
    survey = build_survey(admin_page, component, assert_accessible)
    address = survey.get_absolute_url()

    # Alice, with JavaScript: the question appears as soon as she picks "Car".
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()
    sign_in(page, "alice@palabre.test")
    page.goto(address)
    why = page.get_by_label("Why by car?")
    expect(why).to_be_hidden()
    assert_accessible(page)
    page.get_by_label("Car", exact=True).check()
    expect(why).to_be_visible()
    why.fill("The bus stops at 8 pm")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    assert_accessible(page)
    context.close()

    # Bob, without JavaScript: the page comes back with the question that now applies.
    context = browser.new_context(base_url=base_url, locale="en-GB", java_script_enabled=False)
    context.set_default_timeout(30_000)
    page = context.new_page()
    sign_in(page, "bob@palabre.test")
    page.goto(address)
    expect(page.get_by_label("Why by car?")).to_be_hidden()
    page.get_by_label("Car", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Given your answers, new questions apply")).to_be_visible()
    page.get_by_label("Why by car?").fill("I carry my tools")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    context.close()
    assert Response.objects.filter(form=survey.form).count() == 2

    # The city reads the chart, publicly too, and exports the answers.
    admin_page.goto(component_admin_url(component, "results", pk=survey.pk))
    expect(admin_page.get_by_text("2 people answered.")).to_be_visible()
    expect(admin_page.locator("svg.results-bar").first).to_be_attached()
    expect(admin_page.get_by_role("row", name=re.compile(r"^Car 2 100\.0%"))).to_be_visible()
    with admin_page.expect_download() as download:
        admin_page.get_by_role("link", name="Export the answers as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["2. Why by car?"] for row in rows) == [
        "I carry my tools",
        "The bus stops at 8 pm",
    ]
    admin_page.goto(f"{address}results/")
    expect(
        admin_page.get_by_role("heading", name="Results of “Coming to the market”")
    ).to_be_visible()
    assert_accessible(admin_page)
