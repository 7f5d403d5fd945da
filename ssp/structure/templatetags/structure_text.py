from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ssp.lib.choices import choice_label
from ssp.structure.models import Forum
from ssp.structure.text import cadence_in_words, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text or "")


@register.filter
def cadence(forum: Forum) -> str:
    return cadence_in_words(forum)


# Structure's templates load ``label`` from here; elsewhere it is ``{% load choice_labels %}`` (the same function).
register.filter("label", choice_label)
