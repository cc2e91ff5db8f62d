"""Exports of a proposals component: one row per proposal, read in chunks.

Rows are produced from `.iterator(chunk_size=2000)`, so an export of 100,000 proposals holds
one chunk in memory at a time; the views stream them out as they come (the spreadsheet is
first written to a temporary file, as its format is a zip archive written at the end).
"""

from collections.abc import Iterator
from typing import BinaryIO

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from palabre.components.proposals.models import Proposal, ProposalLink
from palabre.core.models import Component
from palabre.core.translations import translated

COLUMNS = (
    "id",
    "reference",
    "title",
    "body",
    "state",
    "answer_state",
    "answer",
    "cost",
    "execution_period",
    "category",
    "scope",
    "address",
    "latitude",
    "longitude",
    "supports_count",
    "comments_count",
    "endorsements_count",
    "source",
    "source_details",
    "published_at",
    "withdrawn_at",
    "fingerprint",
    "url",
    "links",
)


def proposal_rows(component: Component) -> Iterator[dict]:
    """Every published or withdrawn proposal with its public answer (answers still being
    prepared are left out: the export is as public as the pages)."""
    from palabre.core.html import html_to_text

    queryset = (
        Proposal.objects.filter(component=component)
        .exclude(state=Proposal.State.DRAFT)
        .select_related("category", "scope", "custom_state")
        .prefetch_related(Prefetch("links_out", queryset=ProposalLink.objects.order_by("pk")))
        .order_by("pk")
    )
    base = component.get_absolute_url()
    for proposal in queryset.iterator(chunk_size=2000):
        published = proposal.answer_published_at is not None
        yield {
            "id": proposal.pk,
            "reference": proposal.reference,
            "title": translated(proposal.title),
            "body": translated(proposal.body),
            "state": proposal.state,
            "answer_state": proposal.custom_state.key
            if published and proposal.custom_state_id
            else proposal.public_answer_state,
            "answer": html_to_text(translated(proposal.answer)) if published else "",
            "cost": str(proposal.cost) if published and proposal.cost is not None else "",
            "execution_period": proposal.execution_period if published else "",
            "category": translated(proposal.category.name) if proposal.category else "",
            "scope": translated(proposal.scope.name) if proposal.scope else "",
            "address": proposal.address,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "supports_count": proposal.supports_count,
            "comments_count": proposal.comments_count,
            "endorsements_count": proposal.endorsements_count,
            "source": proposal.source,
            "source_details": proposal.source_details,
            "published_at": proposal.published_at.isoformat() if proposal.published_at else "",
            "withdrawn_at": proposal.withdrawn_at.isoformat() if proposal.withdrawn_at else "",
            "fingerprint": proposal.fingerprint,
            "url": f"{base}{proposal.pk}/",
            "links": " ".join(
                f"{link.kind}:{link.to_proposal_id}" for link in proposal.links_out.all()
            ),
        }


def _xlsx_cell(sheet, value):
    """A value as the spreadsheet must show it: participants' texts stay text.

    openpyxl reads a string that starts with "=" as a formula, which the spreadsheet would
    run when opened; such strings are written as plain text. Control characters, which the
    file format refuses, are dropped.
    """
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_xlsx(component: Component, file: BinaryIO) -> None:
    """The rows of `proposal_rows` as a spreadsheet written into `file`.

    The write-only workbook keeps one row at a time in memory and writes it to a temporary
    file of its own, so the size of the export does not weigh on the server's memory.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("proposals")
    sheet.append(COLUMNS)
    for row in proposal_rows(component):
        sheet.append([_xlsx_cell(sheet, row[column]) for column in COLUMNS])
    workbook.save(file)
