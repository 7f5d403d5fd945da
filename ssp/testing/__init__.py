"""Shared test fixtures, one module per capability (listed in the root conftest ``pytest_plugins``)."""
