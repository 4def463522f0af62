"""/api/v1/search: a free-text Nyaa search, ranked by episode and quality (never filtered)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from uuut_gateway.errors import call
from uuut_gateway.schemas.search import QUALITY_TO_PROTO, Candidate, Quality, SearchResults
from uuut_gateway.security import Clients, CurrentUser
from uuutorrent.search.v1 import search_pb2

router = APIRouter(prefix="/search", tags=["search"])

# A search may wait for Nyaa's rate limit and retry a 429 once: longer than the 5 s default.
SEARCH_DEADLINE_S = 30.0


@router.get("")
async def search(
    user: CurrentUser,
    clients: Clients,
    q: Annotated[str, Query(min_length=1, max_length=200, description="search text")],
    episode: Annotated[int | None, Query(ge=0, le=100_000, description="ranked first")] = None,
    quality: Annotated[Quality | None, Query(description="ranked first")] = None,
) -> SearchResults:
    request = search_pb2.SearchRequest(
        q=q, quality=QUALITY_TO_PROTO[quality] if quality else search_pb2.QUALITY_UNSPECIFIED
    )
    if episode is not None:
        request.episode = episode
    reply = await call(
        "search",
        clients.search.Search(request, metadata=user.metadata, timeout=SEARCH_DEADLINE_S),
    )
    return SearchResults(candidates=[Candidate.from_proto(c) for c in reply.candidates])
