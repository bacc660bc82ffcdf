"""Fixtures of the support ("500+") tests."""

from __future__ import annotations

import pytest

from evalnb.core import domain as _domains


def _load_other_domains() -> bool:
    """Load the installed domains once; False when an installed entry point cannot load.

    An entry point of the installed package may name a domain object this
    checkout does not have yet; the registry then stays with what loaded.
    """
    try:
        _domains.load_entry_points()
    except Exception:  # noqa: BLE001 - a broken entry point of another domain
        return False
    return True


ENTRY_POINTS_OK = _load_other_domains()


@pytest.fixture(scope="session", autouse=True)
def support_domain():
    """The support domain in the registry (the entry point is added at merge)."""
    import evalnb.support as support

    _domains.register(support.DOMAIN, replace=True)
    yield support.DOMAIN
