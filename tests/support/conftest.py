"""Fixtures of the support ("500+") tests."""

from __future__ import annotations

import pytest

from evalnb.core import domain as _domains


@pytest.fixture(scope="session", autouse=True)
def support_domain():
    """The support domain, as the registry finds it through its entry point."""
    import evalnb.support as support

    assert _domains.get("support") is support.DOMAIN
    return support.DOMAIN
