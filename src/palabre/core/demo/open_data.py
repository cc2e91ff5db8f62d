"""The demo's open data: each organization's files built once the demo is written, so that
/open-data/ links them at once (the daily command rebuilds them afterwards)."""

from palabre.opendata.archive import archive_build


def add_open_data(*, organizations) -> None:
    for organization in organizations:
        archive_build(organization=organization)
