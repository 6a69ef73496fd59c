import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    """Models and migrations agree (a model change without its migration fails here)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
