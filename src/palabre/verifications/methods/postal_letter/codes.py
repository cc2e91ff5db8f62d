"""The codes of postal letters: random, from an alphabet without look-alikes (no 0/O, 1/I/L,
2/Z, 5/S, 8/B), printed in two groups of four, typed back with or without spaces or dashes
and in any case."""

import secrets

from palabre.verifications import crypto

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 8


def code_new() -> str:
    """A new code as printed: "ABCD-EFGH" (25⁸ ≈ 1.5 × 10¹¹ possibilities)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{code[:4]}-{code[4:]}"


def code_normalize(typed: str) -> str:
    """What the person typed, as compared: capitals, without spaces and dashes."""
    return "".join(char for char in str(typed or "").upper() if char.isalnum())


def code_hash(code: str) -> str:
    """The keyed hash a code is stored as (the letter keeps no code once sent)."""
    return crypto.keyed_hash(f"postal-letter:{code_normalize(code)}", normalized=False)


def code_matches(typed: str, stored_hash: str) -> bool:
    """Whether the typed code is the letter's, compared in constant time."""
    return crypto.compare(code_hash(typed), stored_hash)
