"""The batch report engine: one report notebook, many schools, HTML/PDF handouts.

:func:`run` plans (notebook parameters checked, reports chosen from the table
the notebook's key belongs to, ids given by hand checked, parameters proven to
be injected as data), executes (local worker processes holding
pre-started, reused kernels, or a Dask cluster), exports (lean HTML, A4 PDF
with WeasyPrint) and writes ``OUT/<notebook>/`` atomically: a file per report
and format, ``<key>.summary.json``, ``manifest.json``, ``index.html`` and
``batch.log``.  A report that is up to date is not rebuilt.  The batch knows
nothing about the domains: a notebook declares itself in its metadata
(``evalnb.key``, ``applies_to``, ``figures``), and what its key names comes
from the schema registry (:mod:`.targets`).  Failures are
:class:`~evalnb.errors.ReportError` s, kept in the manifest.

Command line: :mod:`evalnb.batch.cli` (``evalnb batch``).
"""

from .model import FORMATS, safe_name
from .plan import NotebookSpec, load_notebook
from .runner import BatchResult, landing, run

__all__ = ["run", "landing", "BatchResult", "load_notebook", "NotebookSpec", "safe_name", "FORMATS"]
