"""Rendering of list and detail pages: one small helper, so every app's pages look
and behave alike (search as you type, filters, paging, print); and `RowTable`, the one
way to write a table's rows in Python where a page shows many of them and the template
language would spend most of the page's time on them (docs/decisions.md)."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from html import escape as _escape
from operator import or_
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Column:
    label: str
    value: Callable


@dataclass
class Filter:
    name: str
    label: str
    choices: list[tuple[str, str]]
    lookup: str
    current: str = field(default="", init=False)

    def __post_init__(self):
        self.choices = [(str(value), label) for value, label in self.choices]


def search(queryset: QuerySet, text: str, fields: Iterable[str]) -> QuerySet:
    text = text.strip()[:100]
    if not text:
        return queryset
    return queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": text}) for f in fields)))


def rows_for(objects, columns: list[Column], url: Callable | None):
    return [
        {"cells": [c.value(obj) for c in columns], "url": url(obj) if url else None}
        for obj in objects
    ]


def render_list(request, *, title, queryset, columns, search_fields, url=None, actions=(),
                filters=(), per_page=50):
    q = request.GET.get("q", "")
    queryset = search(queryset, q, search_fields)
    params = {"q": q} if q else {}
    for f in filters:
        f.current = request.GET.get(f.name, "")
        if f.current not in {value for value, _label in f.choices}:
            f.current = ""  # a value the filter does not offer is ignored, never a 500
        if f.current:
            value = f.current == "1" if f.lookup.endswith("__isnull") else f.current
            queryset = queryset.filter(**{f.lookup: value})
            params[f.name] = f.current
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    context = {
        "page_title": title,
        "columns": [c.label for c in columns],
        "rows": rows_for(page.object_list, columns, url or (lambda o: o.get_absolute_url())),
        "page": page,
        "q": q,
        "filters": filters,
        "actions": actions,
        "query_prefix": urlencode(params) + "&" if params else "",
    }
    return render(request, "list.html", context)


def render_detail(request, *, title, fields, actions=(), sections=(), template="detail.html",
                  extra=None):
    context = {"page_title": title, "fields": fields, "actions": actions, "sections": sections}
    context.update(extra or {})
    return render(request, template, context)


@dataclass(frozen=True)
class Cell:
    """A column of a `RowTable`: its heading, and how a row's cell reads from the item
    and the table's context (`value(item, context)`). A value is text (escaped), HTML
    built by `format_html` (kept), None (nothing) or a tuple of those (each escaped on
    its own, written one after the other)."""

    label: Any
    value: Callable[[Any, Mapping], Any]
    css: str = ""  # the cells' class
    head_css: str = ""  # the heading's class


def _piece(value) -> str:
    """A cell's value as HTML: safe HTML kept, anything else escaped. The same as
    `conditional_escape`, without its lazy-string wrapper on every call: a page of a
    hundred log rows escapes a thousand values (docs/decisions.md)."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is SafeString:
        return value
    if value is None:
        return ""
    if kind is tuple:
        return "".join([_piece(v) for v in value])
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


class RowTable:
    """A table's rows written in Python from a list of `Cell`s: the rows, the heading
    row and the empty row all come from that one list, so the number of columns (the
    empty row's colspan) is counted, never written by hand. Everything is escaped
    unless it is already safe HTML. For pages that show many rows (the duty log);
    other tables stay in templates."""

    def __init__(self, cells: Iterable[Cell], *, empty: Any = "",
                 row_attrs: Callable[[Any], Mapping[str, Any]] | None = None):
        self.cells = tuple(cells)
        self.empty = empty
        self.row_attrs = row_attrs
        self._opens = tuple(format_html('<td class="{}">', c.css) if c.css else "<td>"
                            for c in self.cells)

    @property
    def colspan(self) -> int:
        return len(self.cells)

    def head(self) -> SafeString:
        return format_html("<tr>{}</tr>", format_html_join(
            "", "<th{}>{}</th>", ((format_html(' class="{}"', c.head_css) if c.head_css
                                   else "", c.label) for c in self.cells)))

    def _attrs(self, item) -> str:
        if self.row_attrs is None:
            return ""
        return "".join([f' {_escape(name)}="{_piece(value)}"'
                        for name, value in self.row_attrs(item).items() if value is not None])

    def rows(self, items: Iterable, context: Mapping | None = None) -> SafeString:
        context = context or {}
        pairs = tuple(zip(self._opens, (c.value for c in self.cells), strict=True))
        out = []
        for item in items:
            parts = ["<tr", self._attrs(item), ">"]
            for opening, value in pairs:
                parts += (opening, _piece(value(item, context)), "</td>")
            parts.append("</tr>")
            out.append("".join(parts))
        if not out:
            return format_html('<tr><td colspan="{}" class="empty">{}</td></tr>', self.colspan,
                               self.empty)
        return mark_safe("\n".join(out))  # noqa: S308 - every piece escaped above
