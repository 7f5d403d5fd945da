"""The API's error answers in its OpenAPI schema, for every operation at once.

Every route can answer 401 (no valid token), 403 (the role or a read-only token may not), 404 (not found, or
not visible to the caller: the two are answered alike) and 422 (a parameter or the body is invalid, naming the
field). Listing them per route would repeat the same four lines in every capability; the schema is completed
here instead, so a client (and the fuzzing test) sees every status the platform gives.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
            "description": "A message, or one entry per invalid field with its location (loc) and message (msg).",
        }
    },
    "required": ["detail"],
}
ERROR_ANSWERS = {
    "400": "Forespørgslen kan ikke læses (fx ugyldig JSON).",
    "401": "Ingen gyldig API-nøgle eller session.",
    "403": "Rollen eller nøglen giver ikke adgang.",
    "404": "Findes ikke, eller er ikke synlig for brugeren.",
    "422": "En parameter eller et felt er ugyldigt; svaret nævner feltet.",
}
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


class PlatformAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An id beyond what the database can store (SQLite refuses it with OverflowError) names nothing: 404.
        self.add_exception_handler(OverflowError, self._no_such_object)

    def _no_such_object(self, request: HttpRequest, exc: OverflowError | type[OverflowError]) -> HttpResponse:
        return self.create_response(request, {"detail": _("Findes ikke.")}, status=404)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method not in HTTP_METHODS:
                    continue
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_ANSWERS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                    )
        return schema
