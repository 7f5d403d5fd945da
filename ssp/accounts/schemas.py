from __future__ import annotations

from ninja import Schema


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    municipality_code: str | None
