"""Helpers for the files people download and open in a spreadsheet."""

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A participant's text as a CSV cell that a spreadsheet shows and never runs.

    The leading apostrophe is the usual way to tell a spreadsheet "this is text"; numbers
    and empty cells are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose `write` hands the line back, for the streaming CSV writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns, rows):
    """The header, then each row (a dict) as a CSV line, participants' texts made safe:
    lines come as they are written, for a streaming response."""
    import csv

    columns = list(columns)
    writer = csv.DictWriter(_Echo(), fieldnames=columns)
    # Headers may be texts typed by people too (the questions of a form).
    yield writer.writerow({column: spreadsheet_safe(column) for column in columns})
    for row in rows:
        yield writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})


def json_chunks(rows):
    """The rows as one JSON list, written a row at a time."""
    import json

    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False, default=str)
    yield "]"


def xlsx_cell(sheet, value):
    """A value as a spreadsheet must show it: participants' texts stay text.

    openpyxl reads a string that starts with "=" as a formula, which the spreadsheet would
    run when opened; such strings are written as plain text. Control characters, which the
    file format refuses, are dropped.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def xlsx_write(file, *, title: str, columns, rows) -> None:
    """The rows as a spreadsheet written into `file`, one row in memory at a time (the
    write-only workbook keeps the rest in a temporary file of its own)."""
    from openpyxl import Workbook

    columns = list(columns)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([xlsx_cell(sheet, column) for column in columns])
    for row in rows:
        sheet.append([xlsx_cell(sheet, row.get(column, "")) for column in columns])
    workbook.save(file)
