"""Voilà, with ``/`` leading to the start page of the forms.

``python -m evalnb.serve.app NOTEBOOK_DIR [voila options]`` is ``python -m
voila`` with one more route: the server's root redirects to
``voila/render/index.ipynb`` (keeping the query string, e.g. ``?lang=ru``)
instead of showing a listing of files.  Everything else is Voilà's own:
kernels run the notebooks, only widget messages reach them from the browser
(never code), and tracebacks are hidden from users.
"""

from __future__ import annotations

import sys

from tornado.web import RedirectHandler
from voila.app import Voila

try:  # jupyter_server >= 2
    from jupyter_server.utils import url_path_join
except ImportError:  # pragma: no cover
    from notebook.utils import url_path_join

START_NOTEBOOK = "index.ipynb"


class FormsVoila(Voila):
    name = "evalnb-forms"

    def init_handlers(self):
        start = url_path_join(self.server_url, "voila/render", START_NOTEBOOK)
        root = [(self.server_url.rstrip("/") + "/?", RedirectHandler, {"url": start, "permanent": False})]
        return root + super().init_handlers()


def main(argv: list[str] | None = None) -> None:
    FormsVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":  # pragma: no cover
    main()
