import pytest

from palabre.forms.selectors import forget_kept_forms


@pytest.fixture(autouse=True)
def kept_forms_forgotten():
    """Each test starts with no form kept in memory: rows of an earlier test, rolled back
    since, may have had the same ids."""
    forget_kept_forms()
    yield
    forget_kept_forms()
