"""Pytest configuration for the voting-rules tests: no Django, no database."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # The project's pytest configuration declares this marker too; declaring it here keeps
    # these tests runnable on their own (for instance with -p no:django and another rootdir).
    config.addinivalue_line("markers", "slow: long-running checks")


@pytest.fixture(autouse=True)
def english_messages() -> None:
    """Shadow the project-wide autouse fixture of the same name, which needs Django.

    These tests use no translation (the library has no user-facing strings), and they must
    run without Django settings.
    """
    return None
