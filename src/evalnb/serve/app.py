"""Voilà, with ``/`` leading to the start page of the forms.

``python -m evalnb.serve.app NOTEBOOK_DIR [voila options]`` is ``python -m
voila`` with one more route: the server's root redirects to
``voila/render/index.ipynb`` (keeping the query string, e.g. ``?lang=ru``)
instead of showing a listing of files.  Everything else is Voilà's own:
kernels run the notebooks, only widget messages reach them from the browser
(never code), and tracebacks are hidden from users.
"""

from __future__ import annotations

import logging
import shutil
import sys

from urllib.parse import urlparse

from tornado.web import HTTPError, RedirectHandler
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

try:  # jupyter_server >= 2
    from jupyter_server.utils import url_path_join
except ImportError:  # pragma: no cover
    from notebook.utils import url_path_join

START_NOTEBOOK = "index.ipynb"


class _RoutineAsInfo(logging.Filter):
    """Culling the kernel of a page nobody has open is routine, not a warning: say it as INFO."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith("Culling '"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class PageClosedHandler(VoilaShutdownKernelHandler):
    """Frees a page's kernel when the page is closed.

    The browser says so with ``navigator.sendBeacon``, which cannot carry
    the XSRF header, so Voilà's own handler refuses it (403, voila#1458) and
    the kernel stays until the server stops.  The forgery the XSRF check
    guards against comes from another site; this handler accepts the request
    when its Origin (or Referer) is this server itself, and refuses any other.
    """

    def check_xsrf_cookie(self) -> None:
        source = self.request.headers.get("Origin") or self.request.headers.get("Referer") or ""
        if source and urlparse(source).netloc == self.request.host:
            return None
        return super().check_xsrf_cookie()

    async def post(self, kernel_id):
        if kernel_id not in self.kernel_manager:
            raise HTTPError(404, "no such kernel")
        await super().post(kernel_id)


class FormsVoila(Voila):
    name = "evalnb-forms"

    def initialize(self, argv=None):
        super().initialize(argv)
        # jupyter_server's default pong timeout (3 × the ping interval) is longer than tornado
        # allows, and tornado says so in the log of every page; the interval is what it uses
        self.tornado_settings = {"ws_ping_timeout": 30_000, **(self.tornado_settings or {})}
        self.log.addFilter(_RoutineAsInfo())

    def init_handlers(self):
        start = url_path_join(self.server_url, "voila/render", START_NOTEBOOK)
        root = [(self.server_url.rstrip("/") + "/?", RedirectHandler, {"url": start, "permanent": False})]
        handlers = [(pattern, PageClosedHandler, *rest) if handler is VoilaShutdownKernelHandler
                    else (pattern, handler, *rest)
                    for pattern, handler, *rest in super().init_handlers()]
        return root + handlers

    def stop(self):
        """Stop the kernels at once: a form saves in one transaction, so a kernel holds nothing
        to flush, and a kernel told to shut down while a page's cell runs only logs tracebacks."""
        from jupyter_core.utils import run_sync

        shutil.rmtree(self.connection_dir, ignore_errors=True)
        run_sync(self.kernel_manager.shutdown_all)(now=True)


def main(argv: list[str] | None = None) -> None:
    FormsVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":  # pragma: no cover
    main()
