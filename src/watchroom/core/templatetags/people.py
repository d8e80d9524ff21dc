"""`{{ user|person }}`: a person's name as people read it (see watchroom.core.people).
Loaded into every template (settings: TEMPLATES builtins)."""

from django import template

from watchroom.core.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user)
