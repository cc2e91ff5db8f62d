"""Fixtures shared by the tests of the space apps."""

from palabre.spaces.processes.tests.factories import test_component_type  # noqa: F401
