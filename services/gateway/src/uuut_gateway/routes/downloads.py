"""/api/v1/watchlist/download and /catch-up: the product's main job (the flows do the work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response, status

from uuut_gateway.errors import ApiError
from uuut_gateway.flows import DownloadWanted, FlowError, catch_up, download
from uuut_gateway.flows.grpc_services import GrpcServices
from uuut_gateway.schemas.downloads import CatchUpIn, CatchUpOut, DownloadIn, DownloadOut
from uuut_gateway.security import Clients, CurrentUser

router = APIRouter(prefix="/watchlist", tags=["watchlist"])


def _api_error(error: FlowError) -> ApiError:
    return ApiError(error.status, error.code, error.detail, error.headers)


@router.post(
    "/download",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": DownloadOut, "description": "you already owned that episode"}},
)
async def download_episode(
    body: DownloadIn, user: CurrentUser, clients: Clients, response: Response
) -> DownloadOut:
    """Find an aired episode of a show on your CURRENT list on Nyaa and add it to qBittorrent."""
    wanted = DownloadWanted(body.media_id, body.episode, body.quality)
    try:
        downloaded = await download(GrpcServices(clients, user.metadata), wanted)
    except FlowError as error:
        raise _api_error(error) from None
    if not downloaded.created:
        response.status_code = status.HTTP_200_OK
    return DownloadOut.of(downloaded)


@router.post("/catch-up")
async def catch_up_episodes(
    user: CurrentUser, clients: Clients, body: Annotated[CatchUpIn | None, Body()] = None
) -> CatchUpOut:
    """Queue every aired, unwatched episode you do not own yet, for one show or all of them."""
    media_id = body.media_id if body else None
    try:
        result = await catch_up(GrpcServices(clients, user.metadata), media_id)
    except FlowError as error:
        raise _api_error(error) from None
    return CatchUpOut.of(result)
