"""How a step of a flow fails: in the contract's terms (HTTP status, stable code, a sentence),
so a route can answer it as is and catch-up can report it per episode."""

from __future__ import annotations

from collections.abc import Mapping


class FlowError(Exception):
    def __init__(
        self, status: int, code: str, detail: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.headers = dict(headers or {})


def not_aired(episode: int, detail: str) -> FlowError:
    return FlowError(404, "not_aired", f"episode {episode} {detail}")


def out_of_time(step: str) -> FlowError:
    return FlowError(504, "upstream_timeout", f"no time was left for the {step}")
