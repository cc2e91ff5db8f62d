"""How the participants of a space compare with the reference figures."""

import pytest
from django.utils import timezone

from palabre.comments.services import comment_create
from palabre.components.budgets.models import Order
from palabre.components.budgets.tests.factories import BudgetFactory, BudgetsComponentFactory
from palabre.components.meetings.models import Registration
from palabre.components.meetings.tests.factories import MeetingFactory, MeetingsComponentFactory
from palabre.components.proposals.models import Support
from palabre.components.proposals.tests.factories import ProposalFactory, ProposalsComponentFactory
from palabre.core.tests.factories import SpaceFactory, UserFactory
from palabre.profile_questions.models import ProfileAnswer
from palabre.profile_questions.selectors import space_representation

pytestmark = pytest.mark.django_db


def answer(person, question, position):
    ProfileAnswer.objects.create(
        user=person, question=question, option=question.options.get(position=position)
    )


def people(organization, count):
    return [UserFactory(organization=organization) for _ in range(count)]


def test_participants_are_those_who_contributed_in_the_space(organization, space, age):
    proposals = ProposalsComponentFactory(space=space)
    author, supporter, commenter, voter, elsewhere, nobody, registered, waiting = people(
        organization, 8
    )
    proposal = ProposalFactory(component=proposals, author=author)
    Support.objects.create(proposal=proposal, user=supporter)
    comment_create(author=commenter, target=proposal, body="Oui")
    budget = BudgetFactory(component=BudgetsComponentFactory(space=space))
    Order.objects.create(budget=budget, user=voter, checked_out_at=timezone.now())
    # A basket never cast is no vote; a proposal in another space is another space's.
    Order.objects.create(budget=budget, user=nobody)
    ProposalFactory(
        component=ProposalsComponentFactory(space=SpaceFactory(organization=organization)),
        author=elsewhere,
    )
    # A seat at a meeting of the space counts; a place on its waiting list does not.
    meeting = MeetingFactory(component=MeetingsComponentFactory(space=space))
    Registration.objects.create(meeting=meeting, user=registered, code="A1")
    Registration.objects.create(
        meeting=meeting, user=waiting, code="A2", status=Registration.Status.WAITING
    )
    for person in (author, supporter, commenter, voter, elsewhere, nobody, registered, waiting):
        answer(person, age, 1)

    total, (figures,) = space_representation(space=space)

    assert total == 5
    assert [(row.label, row.count, row.percent) for row in figures.options] == [
        ("16-29", 5, 100.0),
        ("30-59", 0, 0.0),
        ("60+", 0, 0.0),
    ]
    assert figures.shares_shown


def test_shares_next_to_the_reference_when_every_group_is_large_enough(
    organization, space, age, district
):
    proposals = ProposalsComponentFactory(space=space)
    young = people(organization, 6)
    old = people(organization, 9)
    for person in young + old:
        ProposalFactory(component=proposals, author=person)
    for person in young:
        answer(person, age, 1)
    for person in old:
        answer(person, age, 3)
    # The district: 2 answered "Nord", too few to show anything but "fewer than 5".
    for person in young[:2]:
        answer(person, district, 1)

    total, (ages, districts) = space_representation(space=space)

    assert total == 15
    assert ages.shares_shown
    assert ages.answered == 15
    rows = {row.label: row for row in ages.options}
    assert rows["16-29"].count == 6
    assert rows["16-29"].percent == pytest.approx(40)
    assert rows["16-29"].difference == pytest.approx(10)
    assert rows["30-59"].percent == 0
    assert rows["30-59"].difference == pytest.approx(-45)
    assert rows["60+"].percent == pytest.approx(60)
    assert not districts.shares_shown
    assert districts.answered == 0
    assert [row.small for row in districts.options] == [True, False]


def test_the_page_shows_a_table_and_a_chart_and_hides_small_groups(
    signed_in, org_admin, organization, space, age
):
    proposals = ProposalsComponentFactory(space=space)
    for person in people(organization, 3):
        ProposalFactory(component=proposals, author=person)
        answer(person, age, 2)

    response = signed_in(org_admin).get(f"/admin/profile-questions/spaces/{space.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Participants: fewer than 5." in html
    assert '<th scope="row">30-59</th>' in html
    assert "fewer than 5" in html
    assert ">3<" not in html
    assert 'class="results-bar representation-bars"' in html
    assert 'aria-hidden="true"' in html
    assert "45.0%" in html  # the reference share


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("org_admin", 200),
        ("space_admin", 200),
        ("other_space_admin", 403),
        ("participant", 403),
        ("visitor", 302),
    ],
)
def test_who_may_read_a_space_s_figures(request, client, signed_in, space, age, who, status):
    browser = client if who == "visitor" else signed_in(request.getfixturevalue(who))
    response = browser.get(f"/admin/profile-questions/spaces/{space.pk}/")
    assert response.status_code == status


def test_another_organization_s_space_is_not_found(signed_in, other_org_admin, space):
    response = signed_in(other_org_admin).get(
        f"/admin/profile-questions/spaces/{space.pk}/", HTTP_HOST="other.example.org"
    )
    assert response.status_code == 404


def test_the_number_of_queries_does_not_grow_with_participants(
    signed_in, org_admin, organization, space, age, district, django_assert_max_num_queries
):
    browser = signed_in(org_admin)
    url = f"/admin/profile-questions/spaces/{space.pk}/"
    browser.get(url)
    proposals = ProposalsComponentFactory(space=space)

    def add(count):
        for person in people(organization, count):
            ProposalFactory(component=proposals, author=person)
            answer(person, age, 1 + person.pk % 3)
            answer(person, district, 1 + person.pk % 2)

    add(2)
    with django_assert_max_num_queries(20) as few:
        browser.get(url)
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get(url)
