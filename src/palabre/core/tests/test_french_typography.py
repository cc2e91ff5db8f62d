"""French typography of the interface: a narrow no-break space (U+202F) before “:”, “;”,
“!” and “?”, and inside « », so that the sign never starts a line and reads as French
printers set it.

URLs, HTML tags and placeholders are not French prose and are left out; so are times
(10:30) and a second sign following a first one (“?!”).
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

NNBSP = "\u202f"
FRENCH = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
NOT_PROSE = re.compile(
    r"<[^>]*>"  # an HTML tag
    r"|\b[a-z][a-z0-9+.-]*://[^\s<>\"«»]*|\bmailto:[^\s<>\"]*"  # an address
    r"|%\([^)]*\)[sdfr]|\{\{[^}]*\}\}|\{[a-z_]*\}"  # a placeholder
)


def typography_errors(text: str) -> list[str]:
    """The places of `text` that break the rule, with a few characters around them."""
    prose = NOT_PROSE.sub(lambda match: " " if match.group(0).startswith("<") else "X", text)
    errors = []
    for index, char in enumerate(prose):
        before = prose[index - 1] if index else ""
        if char in ":;!?":
            is_time = char == ":" and before.isdigit() and prose[index + 1 : index + 2].isdigit()
            if index and not is_time and before not in ":;!?" and before != NNBSP:
                errors.append(prose[max(0, index - 15) : index + 1])
        elif char == "«" and prose[index + 1 : index + 2] != NNBSP:
            errors.append(prose[index : index + 15])
        elif char == "»" and before != NNBSP:
            errors.append(prose[max(0, index - 15) : index + 1])
    return errors


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (f"Total{NNBSP}: %(total)s", 0),
        ("Total : %(total)s", 1),
        ("Total\u00a0: %(total)s", 1),
        ("Total: %(total)s", 1),
        (f"Voulez-vous supprimer «{NNBSP}%(title)s{NNBSP}»{NNBSP}?", 0),
        ("Voulez-vous supprimer « %(title)s » ?", 3),
        (f'Voir <a href="https://example.org/?a=1">la page</a>{NNBSP}!', 0),
        (f"Ouvert de 10:30 à 12:00{NNBSP}; fermé ensuite.", 0),
        (f"Quoi{NNBSP}?!", 0),
        ("https://example.org/a?b=1", 0),
    ],
)
def test_the_rule(text, errors):
    assert len(typography_errors(text)) == errors


def test_every_french_string_follows_the_rule():
    with FRENCH.open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    wrong = {}
    for message in catalogue:
        if not message.id:
            continue
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        errors = [error for text in texts for error in typography_errors(text or "")]
        if errors:
            wrong[message.id if isinstance(message.id, str) else message.id[0]] = errors
    assert wrong == {}, f"{len(wrong)} French strings break the rule"
