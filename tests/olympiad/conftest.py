"""Fixtures of the olympiad tests: the domain registered in this process."""

from __future__ import annotations

import pytest

from olympiad_helpers import register_domains


@pytest.fixture(autouse=True, scope="session")
def olympiad_domain():
    """The olympiad domain (and every other domain that loads) in the registry.

    Until the ``evalnb.domains`` entry point of the olympiad is in the
    installed metadata, the test registers the domain itself.
    """
    register_domains()
    yield
