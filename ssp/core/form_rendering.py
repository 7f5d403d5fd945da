"""One form renderer for the whole platform: every field is drawn with Det Fælles Designsystem's markup.

``{{ field.as_field_group }}`` renders ``core/forms/field.html``; a checkbox sits in ``form-group-checkbox``
with its label right after it, which is where the design system draws the box. Templates are looked up
through the project's template settings, so ``ssp/core/templates/django/forms/`` overrides Django's widgets.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class PlatformFormRenderer(TemplatesSetting):
    field_template_name = "core/forms/field.html"
