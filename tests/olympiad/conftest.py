"""The olympiad tests: the domain as the registry finds it through its entry point."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def olympiad_domain():
    import evalnb.olympiad as olympiad
    from evalnb.core import domain

    assert domain.get("olympiad") is olympiad.DOMAIN
    return olympiad.DOMAIN
