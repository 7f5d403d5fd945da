from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_it_has_no_model_changes_without_a_migration() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
