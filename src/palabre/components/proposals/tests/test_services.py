"""Rules of the proposals services: texts, publication, edition, withdrawal, answers."""

import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.components.proposals import services
from palabre.components.proposals.models import Proposal, ProposalLink, ProposalState
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.models import ActionLog

GOOD_TITLE = "Des bancs à l'ombre près du marché"
GOOD_BODY = "Les personnes âgées n'ont nulle part où s'asseoir en été."


def draft(component, author, title=GOOD_TITLE, body=GOOD_BODY):
    return services.proposal_create_draft(
        author=author, component=component, title=title, body=body
    )


def test_fingerprint_matches_the_documented_canonical_string():
    title = {"fr": "Économie d'énergie", "en": "Energy saving"}
    body = {"fr": "L'été, éteindre « les vitrines »", "en": "Switch shop windows off"}
    # Written by hand from the rule: sorted keys at every level, no spaces, UTF-8 kept.
    canonical = (
        '{"body":{"en":"Switch shop windows off","fr":"L\'été, éteindre « les vitrines »"},'
        '"title":{"en":"Energy saving","fr":"Économie d\'énergie"}}'
    )
    assert services.fingerprint_source(title=title, body=body) == canonical
    expected = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert services.fingerprint(title=title, body=body) == expected
    # The same string through `sha256sum` in a shell gives this value.
    assert expected == "fd5b8c6b7544645635d198f6aad1e6f23ab4eb7d0f9f83380a9ec4b61348a91e"


def test_draft_then_publish_gives_reference_fingerprint_email(
    component, author, django_capture_on_commit_callbacks
):
    proposal = draft(component, author)
    assert proposal.state == Proposal.State.DRAFT
    assert proposal.title == {"fr": GOOD_TITLE}
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_publish(actor=author, proposal=proposal)
    assert proposal.state == Proposal.State.PUBLISHED
    now = timezone.localtime(proposal.published_at)
    assert proposal.reference == f"TEST-PROP-{now:%Y}-{now:%m}-{proposal.pk}"
    assert re.fullmatch(r"TEST-PROP-\d{4}-\d{2}-\d+", proposal.reference)
    assert (
        proposal.fingerprint
        == hashlib.sha256(
            f'{{"body":{{"fr":"{GOOD_BODY}"}},"title":{{"fr":"{GOOD_TITLE}"}}}}'.encode()
        ).hexdigest()
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [author.email]
    assert proposal.reference in mail.outbox[0].body


@pytest.mark.parametrize(
    "title, message",
    [
        ("DES BANCS PARTOUT EN VILLE", "capital letters"),
        ("Des bancs partout en ville !!", "repeat"),
        ("Des bancs ??", "too short"),
        ("Bancs", "too short"),
    ],
)
def test_drafts_refuse_poor_titles_as_the_form_announces(component, author, title, message):
    with pytest.raises(ValidationError) as error:
        draft(component, author, title=title)
    assert message in " ".join(error.value.message_dict["title"])
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("body", ["", "Trop court", "   Trop court   "])
def test_the_text_has_the_minimum_length_of_the_setting(component, author, body):
    with pytest.raises(ValidationError) as error:
        draft(component, author, body=body)
    assert error.value.message_dict["body"]
    assert not Proposal.objects.exists()
    proposal = draft(component, author, body="Quinze lettres.")
    assert services.proposal_publish(actor=author, proposal=proposal).state == "published"


def test_a_minimum_of_zero_takes_any_text(organization, author):
    component = ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(body_min_length=0)
    )
    proposal = draft(component, author, body="Oui.")
    assert services.proposal_publish(actor=author, proposal=proposal).state == "published"


def test_the_minimum_length_cannot_pass_the_maximum(organization):
    from palabre.core.settings_schema import validate_settings

    component = ProposalsComponentFactory(space__organization=organization)
    with pytest.raises(ValidationError) as error:
        validate_settings(
            component.manifest,
            proposals_settings(body_min_length=500, body_max_length=200),
            step_ids=[],
            languages=["fr", "en"],
        )
    assert "global.body_min_length" in error.value.message_dict


def test_drafts_refuse_a_title_too_long(component, author):
    with pytest.raises(ValidationError):
        draft(component, author, title="x" * 151)
    assert not Proposal.objects.exists()


def test_body_length_follows_the_setting(organization, author):
    component = ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(body_max_length=100)
    )
    with pytest.raises(ValidationError) as error:
        draft(component, author, body="a" * 101)
    assert "at most 100" in error.value.message_dict["body"][0]
    proposal = draft(component, author, body="a" * 100)
    services.proposal_publish(actor=author, proposal=proposal)


def test_proposal_limit_per_person(organization, author):
    component = ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(proposal_limit=1)
    )
    services.proposal_publish(actor=author, proposal=draft(component, author))
    second = draft(component, author, title="Une autre idée pour la ville")
    with pytest.raises(ValidationError, match="limit of 1"):
        services.proposal_publish(actor=author, proposal=second)
    second.refresh_from_db()
    assert second.state == Proposal.State.DRAFT


def test_creation_needs_the_step_setting(organization, author):
    component = ProposalsComponentFactory(
        space__organization=organization,
        settings=proposals_settings(step={"creation_enabled": False}),
    )
    with pytest.raises(PermissionDenied):
        draft(component, author)


def test_only_authors_publish_or_update_a_draft(component, author, user):
    proposal = draft(component, author)
    with pytest.raises(PermissionDenied):
        services.proposal_publish(actor=user, proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_update_draft(actor=user, proposal=proposal, title="Autre titre")


def test_edit_window(component, author):
    proposal = services.proposal_publish(actor=author, proposal=draft(component, author))
    edited = services.proposal_edit(
        actor=author,
        proposal=proposal,
        title="Des bancs à l'ombre près des halles",
        body=GOOD_BODY,
    )
    assert edited.title == {"fr": "Des bancs à l'ombre près des halles"}
    assert edited.fingerprint == services.fingerprint(title=edited.title, body=edited.body)
    Proposal.objects.filter(pk=proposal.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="time to edit"):
        services.proposal_edit(actor=author, proposal=proposal, title=GOOD_TITLE, body=GOOD_BODY)


def test_no_edit_once_answered(component, author, admin_user):
    proposal = services.proposal_publish(actor=author, proposal=draft(component, author))
    services.proposal_answer(actor=admin_user, proposal=proposal, state="evaluating")
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="has an answer"):
        services.proposal_edit(actor=author, proposal=proposal, title=GOOD_TITLE, body=GOOD_BODY)


def test_withdraw_refused_once_supported(component, author, user):
    proposal = ProposalFactory(component=component, author=author)
    services.proposal_support(user=user, proposal=proposal)
    with pytest.raises(ValidationError, match="supports cannot be withdrawn"):
        services.proposal_withdraw(actor=author, proposal=proposal)
    services.proposal_unsupport(user=user, proposal=proposal)
    withdrawn = services.proposal_withdraw(actor=author, proposal=proposal)
    assert withdrawn.state == Proposal.State.WITHDRAWN


def test_only_authors_withdraw(component, user):
    proposal = ProposalFactory(component=component)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(actor=user, proposal=proposal)


def test_coauthor_invitation_and_acceptance(component, author, user):
    proposal = ProposalFactory(component=component, author=author)
    services.proposal_invite_coauthor(actor=author, proposal=proposal, user=user)
    with pytest.raises(ValidationError):
        services.proposal_invite_coauthor(actor=author, proposal=proposal, user=user)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(actor=user, proposal=proposal)
    services.proposal_accept_coauthorship(user=user, proposal=proposal)
    assert services.proposal_withdraw(actor=user, proposal=proposal).state == "withdrawn"


def test_endorsements_are_counted_once(component, user):
    proposal = ProposalFactory(component=component)
    services.proposal_endorse(user=user, proposal=proposal)
    with pytest.raises(ValidationError):
        services.proposal_endorse(user=user, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.endorsements_count == 1
    services.proposal_unendorse(user=user, proposal=proposal)
    services.proposal_unendorse(user=user, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.endorsements_count == 0


# Answers -------------------------------------------------------------------------------


def test_rejection_needs_a_reason(component, admin_user):
    proposal = ProposalFactory(component=component)
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(actor=admin_user, proposal=proposal, state="rejected")
    assert "reason" in error.value.message_dict["answer"][0]
    proposal.refresh_from_db()
    assert proposal.answer_state == "not_answered"
    services.proposal_answer(
        actor=admin_user, proposal=proposal, state="rejected", answer={"fr": "Hors compétence"}
    )
    proposal.refresh_from_db()
    assert proposal.public_answer_state == "rejected"


def test_accepted_with_costs_requires_cost_report_and_period(organization, admin_user):
    component = ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(answers_with_costs=True)
    )
    proposal = ProposalFactory(component=component)
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(actor=admin_user, proposal=proposal, state="accepted")
    assert set(error.value.message_dict) == {"cost", "cost_report", "execution_period"}
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(
            actor=admin_user,
            proposal=proposal,
            state="accepted",
            cost="-3",
            cost_report={"fr": "Devis"},
            execution_period="2027",
        )
    assert set(error.value.message_dict) == {"cost"}
    answered = services.proposal_answer(
        actor=admin_user,
        proposal=proposal,
        state="accepted",
        cost="12000.50",
        cost_report={"fr": "Devis"},
        execution_period="2027",
    )
    assert str(answered.cost) == "12000.50"
    assert ActionLog.objects.filter(action="answer").count() == 1


def test_answers_wait_for_bulk_publication(organization, admin_user):
    component = ProposalsComponentFactory(
        space__organization=organization,
        settings=proposals_settings(step={"publish_answers_immediately": False}),
    )
    first, second = ProposalFactory.create_batch(2, component=component)
    for proposal in (first, second):
        services.proposal_answer(actor=admin_user, proposal=proposal, state="evaluating")
    first.refresh_from_db()
    assert first.public_answer_state == "not_answered"
    assert (
        services.proposals_publish_answers(
            actor=admin_user, component=component, proposal_ids=[first.pk, second.pk]
        )
        == 2
    )
    first.refresh_from_db()
    assert first.public_answer_state == "evaluating"


def test_valuators_answer_only_their_proposals(component, admin_user, valuator):
    mine, other = ProposalFactory.create_batch(2, component=component)
    services.proposals_assign_valuator(
        actor=admin_user, component=component, proposal_ids=[mine.pk], valuator=valuator
    )
    services.proposal_answer(actor=valuator, proposal=mine, state="evaluating")
    services.valuation_note_create(actor=valuator, proposal=mine, body="À chiffrer")
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=valuator, proposal=other, state="evaluating")
    with pytest.raises(PermissionDenied):
        services.valuation_note_create(actor=valuator, proposal=other, body="Non")


def test_assigning_someone_who_is_not_a_valuator_is_refused(component, admin_user, user):
    proposal = ProposalFactory(component=component)
    with pytest.raises(ValidationError):
        services.proposals_assign_valuator(
            actor=admin_user, component=component, proposal_ids=[proposal.pk], valuator=user
        )


def test_custom_states(component, admin_user):
    state = services.proposal_state_save(
        actor=admin_user, component=component, key="done", name={"fr": "Déjà fait"}
    )
    with pytest.raises(ValidationError):
        services.proposal_state_save(
            actor=admin_user, component=component, key="done", name={"fr": "Encore"}
        )
    with pytest.raises(ValidationError):
        services.proposal_state_save(
            actor=admin_user, component=component, key="accepted", name={"fr": "Non"}
        )
    proposal = ProposalFactory(component=component)
    services.proposal_answer(actor=admin_user, proposal=proposal, state=state)
    proposal.refresh_from_db()
    assert proposal.public_answer_label == "Déjà fait"
    with pytest.raises(ValidationError):
        services.proposal_state_delete(actor=admin_user, state=state)
    other = ProposalsComponentFactory(space=component.space)
    foreign = ProposalState.objects.create(component=other, key="x", name={"fr": "X"})
    with pytest.raises(ValidationError):
        services.proposal_answer(actor=admin_user, proposal=proposal, state=foreign)


# Official proposals, merge, split, copy -----------------------------------------------


def test_official_and_offline_proposals_are_published_at_once(component, admin_user):
    proposal = services.proposal_create_official(
        actor=admin_user,
        component=component,
        title={"fr": "Rénover le lavoir"},
        body={"fr": "Reçue par courrier"},
        source="offline",
        source_details="paper, ref 12",
    )
    assert proposal.state == "published" and proposal.reference and proposal.fingerprint
    with pytest.raises(ValidationError) as error:
        services.proposal_create_official(
            actor=admin_user,
            component=component,
            title={"fr": "Rénover le lavoir"},
            body={},
            source="meeting",
        )
    assert "source_details" in error.value.message_dict


def test_merge_withdraws_originals_with_links(component, admin_user):
    first, second = ProposalFactory.create_batch(2, component=component)
    merged = services.proposals_merge(
        actor=admin_user,
        component=component,
        proposal_ids=[first.pk, second.pk],
        title={"fr": "Deux idées réunies"},
        body={"fr": "Ensemble"},
    )
    first.refresh_from_db()
    assert first.state == "withdrawn"
    assert merged.source == "organization" and merged.state == "published"
    assert set(
        ProposalLink.objects.filter(to_proposal=merged).values_list("from_proposal", flat=True)
    ) == {first.pk, second.pk}
    with pytest.raises(ValidationError):
        services.proposals_merge(
            actor=admin_user,
            component=component,
            proposal_ids=[first.pk, merged.pk],
            title={"fr": "Encore"},
            body={},
        )


def test_split_and_copy(component, admin_user):
    proposal = ProposalFactory(component=component)
    parts = services.proposal_split(
        actor=admin_user,
        proposal=proposal,
        parts=[({"fr": "Partie une"}, {}), ({"fr": "Partie deux"}, {})],
    )
    assert len(parts) == 2
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"
    target = ProposalsComponentFactory(space=component.space)
    copies = services.proposals_copy(
        actor=admin_user, component=component, proposal_ids=[parts[0].pk], target=target
    )
    assert copies[0].component == target and copies[0].title == {"fr": "Partie une"}
    assert ProposalLink.objects.filter(kind="copied", from_proposal=parts[0]).exists()


def test_participants_cannot_use_backoffice_services(component, user):
    proposal = ProposalFactory(component=component)
    with pytest.raises(PermissionDenied):
        services.proposal_answer(actor=user, proposal=proposal, state="evaluating")
    with pytest.raises(PermissionDenied):
        services.proposals_merge(
            actor=user, component=component, proposal_ids=[proposal.pk], title={}, body={}
        )
