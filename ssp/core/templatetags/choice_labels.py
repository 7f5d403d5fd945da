"""``{{ object|label:"field" }}``: a choice field's label, as ``object.get_<field>_display`` gives it, cheaper."""

from __future__ import annotations

from django import template

from ssp.lib.choices import choice_label

register = template.Library()
register.filter("label", choice_label)
