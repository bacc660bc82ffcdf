"""evalnb — school and teacher evaluation rules as calculators, forms and reports.

The package is layered (see ``DESIGN.md``): :mod:`evalnb.core` (schemas,
store, rules, languages, charts), one sub-package per domain
(:mod:`evalnb.assessment`, :mod:`evalnb.diagnosis`, :mod:`evalnb.training`),
and :mod:`evalnb.batch` on top, which knows nothing about the domains.
"""

from importlib.metadata import PackageNotFoundError, version as _version

from .errors import (EvalnbError, InputError, ParameterError, Problem, ReportError,
                     RulesError, UnknownNameError)
from .record import read_meta, read_records, record, report_meta

try:
    __version__ = _version("evalnb")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = [
    "EvalnbError", "InputError", "ParameterError", "Problem", "ReportError",
    "RulesError", "UnknownNameError", "record", "read_records", "report_meta",
    "read_meta", "__version__",
]
