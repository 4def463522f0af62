"""Per-request context shared by interceptors, domain code and outgoing calls."""

from __future__ import annotations

from contextvars import ContextVar

from uuut_kit.errors import Unauthenticated
from uuut_kit.tokens import Caller

current_caller: ContextVar[Caller | None] = ContextVar("current_caller", default=None)
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def caller() -> Caller:
    """The verified caller of the RPC being served; UNAUTHENTICATED when there is none."""
    found = current_caller.get()
    if found is None:
        raise Unauthenticated("this call needs an access token")
    return found
