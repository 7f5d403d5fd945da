"""The platform draws selects in Python (``ssp.core.form_rendering``); the markup must stay Django's own."""

from __future__ import annotations

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from ssp.core.form_rendering import PlatformFormRenderer

HOSTILE = "Brændgaard <script>alert('x')</script> & \"Co\""


class Choices(forms.Form):
    single = forms.ChoiceField(choices=[("", "Alle"), ("1", HOSTILE), ("2", "Ærø")], initial="2")
    grouped = forms.ChoiceField(
        choices=[("Sjælland", [("a", "Guldborgsund"), ("b", HOSTILE)]), ("c", "Uden gruppe")], initial="b"
    )
    several = forms.MultipleChoiceField(choices=[(1, "Én"), (2, "To"), (3, "Tre")], initial=[1, 3])
    safe_label = forms.ChoiceField(choices=[("x", mark_safe("<b>fed</b>"))])


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_selects_render_the_same_markup_as_djangos_own_templates() -> None:
    ours, django_own = Choices(renderer=PlatformFormRenderer()), Choices(renderer=DjangoTemplates())
    for name in Choices.base_fields:
        assert _tags(str(ours[name])) == _tags(str(django_own[name])), name


def test_a_hostile_label_is_escaped_and_the_initial_choice_selected() -> None:
    html = str(Choices(renderer=PlatformFormRenderer())["grouped"])
    assert "<script>" not in html
    assert '<option value="b" selected>Brændgaard &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;' in html
    assert '<optgroup label="Sjælland">' in html
