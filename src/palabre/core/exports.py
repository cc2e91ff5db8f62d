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
