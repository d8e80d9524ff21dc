from django import template

from watchroom.core.times import local_text

register = template.Library()


@register.filter
def local(value, form: str = "%Y-%m-%d %H:%M") -> str:
    """A time in the site's zone, as people read it."""
    return local_text(value, form)
