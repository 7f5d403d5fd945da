"""The REST API, versioned under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import SessionAuth

from ssp.accounts.api_auth import TokenAuth

api = NinjaAPI(
    title="SSP-platformen API",
    version="1",
    description="Læse- og skriveadgang til SSP-platformen. Samme adgangsregler og audit som web-siderne.",
    urls_namespace="api-1",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
)

# Each capability adds its router here; one line per app keeps merges trivial.
api.add_router("/", "ssp.structure.api.router")
api.add_router("/", "ssp.accounts.api.router")
api.add_router("/", "ssp.concerns.api.router")
api.add_router("/", "ssp.meetings.api.router")
api.add_router("/", "ssp.plans.api.router")
api.add_router("/", "ssp.insight.api.router")
