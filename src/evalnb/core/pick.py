"""A pick list that may grow: the values the database knows, and a new one only when confirmed.

:func:`pick` is what the forms use where a person would otherwise type free
text the database already knows the answer to (a subject, a procedure …):

* the drop-down offers the known values under their labels (translated where
  the catalog has them); typing a label or a stored value picks it, whatever
  its case;
* a value the database does not know is pointed out at once: when it is
  within an edit distance of 1–2 of a known one («Матиматика»), the known
  one is suggested, with a button that takes it;
* a new value is accepted only after an explicit confirmation, a tick under
  the field ("New subject «…» — add it?"), and the confirmation is for that
  value only: a different new value asks again.

Examples
--------
>>> subject = pick("subject", "Subject", [("Математика", "Математика"), ("Физика", "Физика")],
...                new_text="New subject «{value}» — add it?")
>>> subject.widget.value = "Матиматика"
>>> subject.suggestions
['Математика']
>>> subject.current()                 # not confirmed: nothing to store yet
>>> subject.confirm.value = True
>>> subject.current()
'Матиматика'
"""

from __future__ import annotations

import html
import re
from typing import Any, Sequence

import ipywidgets as w

from .forms import ERROR_STYLE, Field
from .i18n import translator

HINT_STYLE = "color:#8a5a00;font-size:90%"
#: the largest edit distance at which a known value is suggested
NEAR = 2


def distance(a: str, b: str, limit: int = NEAR) -> int:
    """Edit distance of two strings (insert, delete, replace, swap two neighbours).

    Counting stops above ``limit``: any distance beyond it is ``limit + 1``.

    Examples
    --------
    >>> distance("Матиматика", "Математика"), distance("Физкиа", "Физика"), distance("ab", "xyz")
    (1, 1, 3)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold().replace("ё", "е")


class PickField(Field):
    """A :class:`~evalnb.core.forms.Field` choosing among known values, or a confirmed new one.

    Parameters
    ----------
    name, label : as for every field.
    options : ``(shown label, stored value)`` pairs of the known values.
    new_text : the confirmation's text (already translated), with ``{value}``
        for the value typed, e.g. "New subject «{value}» — add it?"; ``None``:
        only known values are accepted.
    lang : the language of the widget's own messages (catalog ``core``).
    value : the stored value to start with.

    Attributes
    ----------
    widget : the combobox (``widget.value`` is the text shown or typed).
    hint : the line that names the near-misses; :attr:`suggestions` their labels.
    use : the button that takes the best suggestion.
    CSS classes ``evalnb-hint-NAME``, ``evalnb-use-NAME``, ``evalnb-confirm-NAME``
    mark the hint, the button and the tick.
    confirm : the tick that confirms the new value typed; :attr:`confirmed` the
        values confirmed so far.
    """

    def __init__(self, name: str, label: str, options: Sequence[tuple[str, Any]], *,
                 new_text: str | None = None, lang: str = "en", value: Any = None, required: bool = True):
        self._ = translator(lang, "core")
        self.new_text = new_text
        self.confirmed: set[str] = set()
        self.suggestions: list[str] = []
        widget = w.Combobox(options=[], value="", ensure_option=False,
                            placeholder=self._("Choose from the list or type"), layout=w.Layout(width="60%"))
        super().__init__(name, label, widget, required=required, parse=self._parse)
        self.hint = w.HTML("")
        self.use = w.Button(layout=w.Layout(width="auto", display="none"))
        self.use.on_click(lambda _b: self._take())
        self.confirm = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto", display="none"))
        self.below = [w.HBox([self.hint, self.use]), self.confirm]
        css = re.sub(r"[^A-Za-z0-9_-]", "-", name)    # for styling, and for the browser tests
        self.hint.add_class(f"evalnb-hint-{css}")
        self.use.add_class(f"evalnb-use-{css}")
        self.confirm.add_class(f"evalnb-confirm-{css}")
        self._quiet = False
        self.set_options(options)
        if value is not None:
            widget.value = self.labels.get(value, str(value))
        widget.observe(lambda _c: self._update(), names="value")
        self.confirm.observe(self._confirmed, names="value")
        self._update()

    # --- the known values ------------------------------------------------------
    def set_options(self, options: Sequence[tuple[str, Any]]) -> None:
        """Replace the known values (``(label, stored value)`` pairs); labels shown are unique."""
        self.labels: dict[Any, str] = {}
        self._known: dict[str, Any] = {}
        seen: set[str] = set()
        for label, value in options:
            label = str(label)
            if _key(label) in seen:     # two values under one label: tell them apart
                label = f"{label} ({value})"
            seen.add(_key(label))
            self.labels[value] = label
            self._known[_key(label)] = value
            self._known.setdefault(_key(value), value)
        self.widget.options = list(self.labels.values())
        self._update()

    def learn(self, value: Any, label: str | None = None) -> None:
        """Make ``value`` a known value (after it was saved)."""
        if value is None or value in self.labels:
            return
        self.set_options([*((lab, v) for v, lab in self.labels.items()), (label or str(value), value)])

    def known(self, text: str | None) -> Any:
        """The stored value ``text`` names (a label or a value, any case), or ``None``."""
        return self._known.get(_key(text or "")) if (text or "").strip() else None

    def current(self) -> Any:
        """The stored value now chosen: a known one, a confirmed new one, or ``None``."""
        text = " ".join((self.widget.value or "").split())
        if not text:
            return None
        found = self.known(text)
        if found is not None:
            return found
        return text if text in self.confirmed else None

    def near(self, text: str) -> list[str]:
        """Labels of the known values within an edit distance of 1–2 of ``text``, nearest first."""
        key = _key(text)
        if len(key) < 2:
            return []
        scored = []
        for value, label in self.labels.items():
            d = min(distance(key, _key(label)), distance(key, _key(value)))
            if 0 < d <= NEAR and d <= len(key) // 2:   # at most half the word: «数字» → «数学»
                scored.append((d, label))
        return [label for _d, label in sorted(scored)]

    # --- reacting to what is typed -----------------------------------------------
    def _update(self) -> None:
        text = " ".join((self.widget.value or "").split())
        new = bool(text) and self.known(text) is None
        self.suggestions = self.near(text) if new else []
        if self.suggestions:
            names = ", ".join(self._("«{value}»", value=s) for s in self.suggestions[:3])
            self.hint.value = (f'<span style="{HINT_STYLE}">'
                               + html.escape(self._("Not in the database. Did you mean {names}?", names=names))
                               + "</span>")
            self.use.description = self._("Use «{value}»", value=self.suggestions[0])
            self.use.layout.display = None
        else:
            self.hint.value = (f'<span style="{HINT_STYLE}">'
                               + html.escape(self._("Not in the database yet.")) + "</span>"
                               if new and self.new_text else "")
            self.use.layout.display = "none"
        self._quiet = True
        try:
            if new and self.new_text:
                self.confirm.description = self.new_text.format(value=text)
                self.confirm.value = text in self.confirmed
                self.confirm.layout.display = None
            else:
                self.confirm.value = False
                self.confirm.layout.display = "none"
        finally:
            self._quiet = False

    def _confirmed(self, change) -> None:
        if self._quiet:
            return
        text = " ".join((self.widget.value or "").split())
        if change["new"]:
            self.confirmed.add(text)
            self.error.value = ""
        else:
            self.confirmed.discard(text)

    def _take(self) -> None:
        if self.suggestions:
            self.widget.value = self.suggestions[0]

    def _parse(self, raw) -> Any:
        text = " ".join((raw or "").split())
        if not text:
            return None
        value = self.current()
        if value is not None:
            return value
        if self.new_text is None:
            raise ValueError(self._("Choose one of the list"))
        if self.suggestions:
            raise ValueError(self._("Not in the database: take «{value}», or tick the box below to add "
                                    "a new one", value=self.suggestions[0]))
        raise ValueError(self._("Not in the database: tick the box below to add it"))


def pick(name: str, label: str, options: Sequence[tuple[str, Any]], *, new_text: str | None = None,
         lang: str = "en", value: Any = None, required: bool = True) -> PickField:
    """A pick list of known values that takes a new one only when confirmed (see :class:`PickField`)."""
    return PickField(name, label, options, new_text=new_text, lang=lang, value=value, required=required)


__all__ = ["pick", "PickField", "distance", "ERROR_STYLE"]
