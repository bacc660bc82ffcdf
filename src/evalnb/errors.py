"""The exceptions of evalnb.

One base, :class:`EvalnbError`, and specific subclasses that carry their
context as attributes (never only inside the message), so that a caller — the
CLI, a form, the batch manifest — can show each part where it belongs.  Every
exception survives pickling, because batch workers send them across process
and network boundaries (papermill does the same for its ``PapermillExecutionError``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class EvalnbError(Exception):
    """Base class of every error evalnb raises on purpose."""

    def __reduce__(self):
        # Exceptions pickle as ``cls(*self.args)`` by default, which loses
        # keyword-only context; rebuild from the full state instead.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls, args, state):
    obj = cls.__new__(cls)
    Exception.__init__(obj, *args)
    obj.__dict__.update(state)
    return obj


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and which rule it breaks.

    ``row`` is numbered as the user sees it in the file: the first data row of
    a CSV file (the line after the header) is row 2, as in a spreadsheet.
    """

    table: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    rule: str = ""
    hint: str | None = None
    #: what kind of rule, for messages in the user's language (see evalnb.core.forms.problem_message)
    code: str = ""
    params: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        where = []
        if self.table:
            where.append(f"table {self.table}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        head = ", ".join(where)
        text = f"{head}: " if head else ""
        if self.value is not None:
            text += f"value {self.value!r}: "
        text += self.rule
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_dict(self) -> dict:
        d = asdict(self)
        if d["value"] is not None and not isinstance(d["value"], (int, float, str, bool)):
            d["value"] = str(d["value"])
        return d


class InputError(EvalnbError, ValueError):
    """Bad input: a file, a table, a rules file, a form field or a parameter.

    Carries the first problem's ``table``, ``row``, ``column``, ``value``,
    ``rule`` and ``hint`` as attributes, and every problem found in
    ``problems`` (``evalnb validate`` reports them all at once).

    Examples
    --------
    >>> err = InputError("mark out of range", table="marks", row=3,
    ...                  column="mark", value=7, rule="mark must be 1-5")
    >>> err.row, err.column
    (3, 'mark')
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        table: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        rule: str | None = None,
        hint: str | None = None,
        problems: list[Problem] | None = None,
    ):
        if problems:
            problems = list(problems)
        else:
            problems = [Problem(table=table, row=row, column=column, value=value,
                                rule=rule or message or "", hint=hint)]
        first = problems[0]
        self.problems = problems
        self.table = first.table
        self.row = first.row
        self.column = first.column
        self.value = first.value
        self.rule = first.rule
        self.hint = first.hint
        if message is None:
            message = str(first) if len(problems) == 1 else (
                f"{len(problems)} problems; first: {first}")
        super().__init__(message)

    def report(self, limit: int | None = 50) -> str:
        """All problems, one per line, as the CLI prints them."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines)


class RulesError(InputError):
    """A rules (policy) file that is unreadable, has an unknown key or a wrong type."""


class ParameterError(InputError):
    """A notebook parameter that is unknown, missing or of the wrong type."""

    def __init__(self, message: str, *, notebook: str | None = None,
                 parameter: str | None = None, value: Any = None, hint: str | None = None):
        super().__init__(message, table=notebook, column=parameter, value=value,
                         rule=message, hint=hint)
        self.notebook = notebook
        self.parameter = parameter


class UnknownNameError(EvalnbError, KeyError):
    """A lookup in a registry (table, executor, exporter, language) found nothing.

    Names what was asked for and what is available.
    """

    def __init__(self, kind: str, name: str, available):
        self.kind = kind
        self.name = name
        self.available = sorted(available)
        super().__init__(f"unknown {kind} {name!r}; available: {', '.join(self.available) or 'none'}")

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class ReportError(EvalnbError):
    """A report notebook that failed for one school (cell, error name, message).

    The batch raises it where a report fails (a cell, the kernel, the export)
    and carries it back from its workers; :meth:`to_dict` is the report's
    ``error`` in the batch manifest.  ``cell`` counts the notebook's cells
    as written, from 0; ``traceback`` is the (clipped) text of the failure.
    """

    def __init__(self, message: str, *, key: Any = None, cell: int | None = None,
                 ename: str | None = None, evalue: str | None = None,
                 execution_count: int | None = None, traceback: str | None = None,
                 timeout: bool = False):
        super().__init__(message)
        self.key = key
        self.cell = cell
        self.ename = ename
        self.evalue = evalue
        self.execution_count = execution_count
        self.traceback = traceback
        self.timeout = timeout

    @property
    def message(self) -> str:
        return self.args[0] if self.args else ""

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, key: Any = None) -> "ReportError":
        """The error of a manifest entry (the inverse of :meth:`to_dict`)."""
        return cls(d.get("message") or f"{d.get('ename')}: {d.get('evalue')}", key=key,
                   cell=d.get("cell"), ename=d.get("ename"), evalue=d.get("evalue"),
                   execution_count=d.get("execution_count"), traceback=d.get("traceback"),
                   timeout=bool(d.get("timeout")))

    def to_dict(self) -> dict[str, Any]:
        """``cell``, ``execution_count``, ``ename``, ``evalue``, ``message``, and
        ``traceback`` / ``timeout`` when there is one."""
        d: dict[str, Any] = {"cell": self.cell, "execution_count": self.execution_count,
                             "ename": self.ename, "evalue": self.evalue, "message": self.message}
        if self.traceback is not None:
            d["traceback"] = self.traceback
        if self.timeout:
            d["timeout"] = True
        return d


class DatabaseError(EvalnbError):
    """The database cannot be opened, read or written.

    A bad URL, an unreachable or silent server, a missing, locked, read-only
    or damaged file.  ``url`` is the database as the user named it (without a
    password); ``reason`` is one of ``url``, ``driver``, ``missing``,
    ``unreachable``, ``timeout``, ``locked``, ``readonly``, ``corrupt``,
    ``schema`` or ``other``; ``hint`` says what to do.
    """

    def __init__(self, message: str, *, url: str | None = None, reason: str = "other",
                 hint: str | None = None):
        super().__init__(message)
        self.url = url
        self.reason = reason
        self.hint = hint


class OutputError(EvalnbError):
    """An output folder or file that cannot be written (it is a file, read-only, full)."""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.path = path
        self.hint = hint


class DomainError(EvalnbError):
    """A domain that cannot be loaded or registered (a broken entry point, two of one name)."""

    def __init__(self, message: str, *, domain: str | None = None):
        super().__init__(message)
        self.domain = domain


__all__ = [
    "DatabaseError", "DomainError", "OutputError", "EvalnbError", "InputError", "Problem", "RulesError", "ParameterError",
    "UnknownNameError", "ReportError",
]
