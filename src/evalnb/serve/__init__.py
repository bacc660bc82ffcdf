"""Serving the data-entry forms to people who never see code (``evalnb forms``).

* :mod:`~evalnb.serve.cli` — the ``evalnb forms`` command (Voilà on 127.0.0.1);
* :mod:`~evalnb.serve.page` — the page around each domain form: language,
  the user's name, the school / cycle choices;
* :mod:`~evalnb.serve.start` — the start page listing the forms;
* :mod:`~evalnb.serve.registry` — which forms are served, from which domain;
* :mod:`~evalnb.serve.server` — start and stop the server from Python (tests).

The notebooks are in ``notebooks/forms/``: one call each, no logic.
"""

from .context import request_lang, request_user
from .page import Page, form_page
from .start import StartPage, start_page

__all__ = ["Page", "form_page", "StartPage", "start_page", "request_lang", "request_user"]
