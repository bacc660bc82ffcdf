"""The olympiad tests: the domain registered in this process, before any fixture runs.

Until the ``evalnb.domains`` entry point of the olympiad is in the installed
metadata, the tests register the domain themselves (and every other domain
whose entry point loads from this source tree), at collection, so that the
suite's session fixtures already see it.
"""

from __future__ import annotations

from olympiad_helpers import register_domains

register_domains()
