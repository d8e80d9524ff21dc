"""Rendering of list and detail pages: one small helper, so every app's pages look
and behave alike (search as you type, filters, paging, print)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render


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
