"""The watchlist service over real gRPC, real PostgreSQL and the fake AniList over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from uuut_sandbox.anilist import FakeAniList
from uuut_watchlist.vault import TokenVault
from uuutorrent.watchlist.v1 import watchlist_pb2 as pb

from .conftest import ANN, ANN_OTHER_TOKEN, ANN_TOKEN, BOB_TOKEN, HOUR, Clock


def error_info(error: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo:
    raw = dict(error.trailing_metadata() or ())["grpc-status-details-bin"]
    info = error_details_pb2.ErrorInfo()
    status_pb2.Status.FromString(raw).details[0].Unpack(info)
    return info


async def failure(call) -> tuple[grpc.StatusCode, str, dict[str, str], str]:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    info = error_info(caught.value)
    return caught.value.code(), info.reason, dict(info.metadata), caught.value.details() or ""


async def linked(stub, as_user, user_id: int, token: str = ANN_TOKEN) -> pb.AniListAccount:  # type: ignore[no-untyped-def]
    reply = await stub.LinkAniList(
        pb.LinkAniListRequest(access_token=token), metadata=as_user(user_id)
    )
    return reply.account


async def listed(stub, as_user, user_id: int) -> dict[int, pb.WatchlistEntry]:  # type: ignore[no-untyped-def]
    reply = await stub.ListWatchlist(pb.ListWatchlistRequest(), metadata=as_user(user_id))
    return {entry.media_id: entry for entry in reply.entries}


# -- link --------------------------------------------------------------------------------------


async def test_link_names_the_anilist_account_and_stores_the_token_sealed(
    stub, as_user, new_user, database_url: str, tmp_path
) -> None:
    user = new_user()
    account = await linked(stub, as_user, user)
    assert (account.user_id, account.username) == (ANN, "ann")
    reply = await stub.GetAniListLink(pb.GetAniListLinkRequest(), metadata=as_user(user))
    assert (reply.account.user_id, reply.account.username) == (ANN, "ann")

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        row = await connection.fetchrow(
            "SELECT token_key_id, token_sealed FROM anilist_links WHERE user_id = $1", user
        )
    finally:
        await connection.close()
    assert row is not None and ANN_TOKEN.encode() not in bytes(row["token_sealed"])
    keys = tmp_path / "watchlist" / "token-keys"
    assert keys.stat().st_mode & 0o777 == 0o600
    assert row["token_key_id"] in keys.read_text()


async def test_a_token_anilist_rejects_is_anilist_relink_and_nothing_is_stored(
    stub, as_user, new_user
) -> None:
    user = new_user()
    code, reason, _, _ = await failure(
        stub.LinkAniList(pb.LinkAniListRequest(access_token="expired"), metadata=as_user(user))
    )
    assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "ANILIST_RELINK")
    reply = await stub.GetAniListLink(pb.GetAniListLinkRequest(), metadata=as_user(user))
    assert not reply.HasField("account")


async def test_a_malformed_token_never_reaches_anilist(
    stub, as_user, new_user, fake: FakeAniList
) -> None:
    for token in ("", "two words", "x" * 9000, "line\nbreak"):
        code, reason, _, _ = await failure(
            stub.LinkAniList(
                pb.LinkAniListRequest(access_token=token), metadata=as_user(new_user())
            )
        )
        assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "ANILIST_RELINK")
    assert fake.requests == []


async def test_two_users_may_link_one_anilist_account(stub, as_user, new_user) -> None:
    first, second = new_user(), new_user()
    assert (await linked(stub, as_user, first)).user_id == ANN
    assert (await linked(stub, as_user, second, ANN_OTHER_TOKEN)).user_id == ANN
    assert set(await listed(stub, as_user, first)) == set(await listed(stub, as_user, second))
    await stub.UnlinkAniList(pb.UnlinkAniListRequest(), metadata=as_user(first))
    assert (await listed(stub, as_user, second))[1].progress == 2  # the other link stays


async def test_relinking_replaces_the_account_and_unlink_forgets_it(
    stub, as_user, new_user
) -> None:
    user = new_user()
    await linked(stub, as_user, user)
    assert (await linked(stub, as_user, user, BOB_TOKEN)).username == "bob"
    assert set(await listed(stub, as_user, user)) == {2}  # bob's private list, with his token
    await stub.UnlinkAniList(pb.UnlinkAniListRequest(), metadata=as_user(user))
    await stub.UnlinkAniList(pb.UnlinkAniListRequest(), metadata=as_user(user))  # idempotent
    code, reason, _, _ = await failure(
        stub.ListWatchlist(pb.ListWatchlistRequest(), metadata=as_user(user))
    )
    assert (code, reason) == (grpc.StatusCode.FAILED_PRECONDITION, "ANILIST_NOT_LINKED")


async def test_authorize_url_needs_a_client_id(start_service, as_user, new_user) -> None:
    without = await start_service()
    code, reason, _, _ = await failure(
        without.GetAuthorizeUrl(pb.GetAuthorizeUrlRequest(), metadata=as_user(new_user()))
    )
    assert (code, reason) == (grpc.StatusCode.NOT_FOUND, "ANILIST_NOT_CONFIGURED")
    configured = await start_service(anilist_client_id="4242")
    reply = await configured.GetAuthorizeUrl(
        pb.GetAuthorizeUrlRequest(), metadata=as_user(new_user())
    )
    assert reply.url == (
        "https://anilist.co/api/v2/oauth/authorize?client_id=4242&response_type=token"
    )


# -- the list ----------------------------------------------------------------------------------


async def test_list_is_current_only_each_media_once_with_the_contract_formulas(
    stub, as_user, new_user, clock: Clock
) -> None:
    user = new_user()
    await linked(stub, as_user, user)
    entries = await listed(stub, as_user, user)
    # PAUSED (6, also in a custom list), PLANNING (7) and COMPLETED (8) are left out; 5 is
    # only in a custom list; 1 is in a status list and a custom list but comes once.
    assert list(entries) == [1, 2, 3, 4, 9, 10, 11, 5]

    airing = entries[1]
    assert (airing.title, airing.title_romaji, airing.title_english) == (
        "Airing EN",
        "Airing",
        "Airing EN",
    )
    assert list(airing.synonyms) == ["Airing Show"]
    assert (airing.format, airing.status) == (pb.MEDIA_FORMAT_TV, pb.MEDIA_STATUS_RELEASING)
    assert (airing.progress, airing.total_episodes, airing.latest_aired_episode) == (2, 12, 4)
    assert airing.next_episode == 3
    assert airing.next_airing_at.ToDatetime(tzinfo=UTC) == datetime.fromtimestamp(
        int(clock.now) + HOUR, UTC
    )
    assert airing.cover_url == "https://img.example/1.jpg"

    def shape(entry: pb.WatchlistEntry):  # type: ignore[no-untyped-def]
        return (
            entry.total_episodes if entry.HasField("total_episodes") else None,
            entry.latest_aired_episode if entry.HasField("latest_aired_episode") else None,
            entry.next_episode if entry.HasField("next_episode") else None,
            entry.HasField("next_airing_at"),
        )

    assert shape(entries[2]) == (24, 24, 11, False)  # finished: every episode aired
    assert shape(entries[3]) == (None, 1100, 1100, True)  # unknown count, still airing
    assert shape(entries[4]) == (12, 0, None, True)  # episode 1 scheduled, none aired
    assert shape(entries[9]) == (24, None, None, False)  # hiatus, nothing scheduled
    assert shape(entries[10]) == (8, 8, None, False)  # cancelled, all watched
    assert shape(entries[11]) == (None, None, None, False)  # announced only
    assert not entries[5].HasField("title_english") and entries[5].title == "Only In Custom"


async def test_the_list_is_cached_briefly_per_anilist_account(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service(list_cache_s=60)
    first, second = new_user(), new_user()
    await linked(stub, as_user, first)
    await linked(stub, as_user, second, ANN_OTHER_TOKEN)
    for user in (first, second, first):
        await listed(stub, as_user, user)
    assert fake.count("MediaListCollection") == 1
    uncached = await start_service(list_cache_s=0)
    await listed(uncached, as_user, first)
    await listed(uncached, as_user, first)
    assert fake.count("MediaListCollection") == 3


async def test_an_expired_token_asks_to_relink(stub, as_user, new_user, fake) -> None:
    user = new_user()
    await linked(stub, as_user, user, ANN_OTHER_TOKEN)
    fake.world.revoke_token(ANN_OTHER_TOKEN)
    code, reason, _, details = await failure(
        stub.ListWatchlist(pb.ListWatchlistRequest(), metadata=as_user(user))
    )
    assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "ANILIST_RELINK")
    assert ANN_OTHER_TOKEN not in details


# -- progress ----------------------------------------------------------------------------------


async def test_progress_is_saved_on_anilist_and_the_cached_list_follows(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service(list_cache_s=60)
    user = new_user()
    await linked(stub, as_user, user)
    assert (await listed(stub, as_user, user))[1].progress == 2
    reply = await stub.UpdateProgress(
        pb.UpdateProgressRequest(media_id=1, progress=4), metadata=as_user(user)
    )
    assert (reply.entry.progress, reply.entry.HasField("next_episode")) == (4, False)
    saved = next(e for e in fake.world.entries.values() if e["userId"] == ANN and e["mediaId"] == 1)
    assert saved["progress"] == 4
    assert (await listed(stub, as_user, user))[1].progress == 4
    assert fake.count("MediaListCollection") == 1
    unknown_total = await stub.UpdateProgress(
        pb.UpdateProgressRequest(media_id=3, progress=5000), metadata=as_user(user)
    )
    assert unknown_total.entry.progress == 5000


@pytest.mark.parametrize(
    ("media_id", "progress", "code", "reason"),
    [
        (1, 13, grpc.StatusCode.INVALID_ARGUMENT, "PROGRESS_OUT_OF_RANGE"),
        (1, -1, grpc.StatusCode.INVALID_ARGUMENT, "PROGRESS_OUT_OF_RANGE"),
        (6, 4, grpc.StatusCode.NOT_FOUND, "MEDIA_NOT_ON_LIST"),  # paused, not CURRENT
        (999, 1, grpc.StatusCode.NOT_FOUND, "MEDIA_NOT_ON_LIST"),
    ],
)
async def test_progress_is_validated_before_anilist_is_asked(
    stub, as_user, new_user, fake: FakeAniList, media_id, progress, code, reason
) -> None:
    user = new_user()
    await linked(stub, as_user, user)
    request = pb.UpdateProgressRequest(media_id=media_id, progress=progress)
    assert (await failure(stub.UpdateProgress(request, metadata=as_user(user))))[:2] == (
        code,
        reason,
    )
    assert fake.count("SaveMediaListEntry") == 0


# -- media details -----------------------------------------------------------------------------


async def test_media_details_follow_the_prequel_chain(stub, as_user, new_user, fake) -> None:
    user = new_user()
    await linked(stub, as_user, user)
    reply = await stub.GetMediaDetails(
        pb.GetMediaDetailsRequest(media_id=1), metadata=as_user(user)
    )
    details = reply.details
    assert (details.title_romaji, details.title_english, details.title_native) == (
        "Airing",
        "Airing EN",
        "放送中",
    )
    assert (details.season, details.season_year, details.episodes) == (
        pb.MEDIA_SEASON_FALL,
        2026,
        12,
    )
    # Season 3 (over the film), season 2, season 1, the ONA pilot: two requests' worth.
    chain = [(p.media_id, p.distance, p.episodes) for p in details.prequels]
    assert chain == [(20, 1, 12), (21, 2, 13), (24, 3, 11), (25, 4, 10)]
    assert details.episode_offset == 12 + 13 + 11 + 10
    assert reply.entry.progress == 2
    assert fake.count("Media") == 2
    await stub.GetMediaDetails(pb.GetMediaDetailsRequest(media_id=1), metadata=as_user(user))
    assert fake.count("Media") == 2  # cached

    unknown = await stub.GetMediaDetails(
        pb.GetMediaDetailsRequest(media_id=4), metadata=as_user(user)
    )
    assert [p.media_id for p in unknown.details.prequels] == [27]
    assert not unknown.details.HasField("episode_offset")
    code, reason, _, _ = await failure(
        stub.GetMediaDetails(pb.GetMediaDetailsRequest(media_id=8), metadata=as_user(user))
    )
    assert (code, reason) == (grpc.StatusCode.NOT_FOUND, "MEDIA_NOT_ON_LIST")


# -- who is asking ----------------------------------------------------------------------------


async def test_every_rpc_needs_a_user_token(stub, key) -> None:
    calls = [
        (stub.LinkAniList, pb.LinkAniListRequest(access_token=ANN_TOKEN)),
        (stub.UnlinkAniList, pb.UnlinkAniListRequest()),
        (stub.GetAniListLink, pb.GetAniListLinkRequest()),
        (stub.GetAuthorizeUrl, pb.GetAuthorizeUrlRequest()),
        (stub.ListWatchlist, pb.ListWatchlistRequest()),
        (stub.UpdateProgress, pb.UpdateProgressRequest(media_id=1, progress=1)),
        (stub.GetMediaDetails, pb.GetMediaDetailsRequest(media_id=1)),
    ]
    operator = key.sign(sub="operator", aud="uuutorrent:watchlist")
    for method, request in calls:
        code, reason, _, _ = await failure(method(request))
        assert (code, reason) == (grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
        code, reason, _, _ = await failure(
            method(request, metadata=(("authorization", f"Bearer {operator}"),))
        )
        assert (code, reason) == (grpc.StatusCode.PERMISSION_DENIED, "FORBIDDEN")


async def test_each_user_sees_only_their_own_link(stub, as_user, new_user) -> None:
    mine, theirs = new_user(), new_user()
    await linked(stub, as_user, mine)
    reply = await stub.GetAniListLink(pb.GetAniListLinkRequest(), metadata=as_user(theirs))
    assert not reply.HasField("account")
    _, reason, _, _ = await failure(
        stub.ListWatchlist(pb.ListWatchlistRequest(), metadata=as_user(theirs))
    )
    assert reason == "ANILIST_NOT_LINKED"


async def test_tokens_sealed_with_a_rotated_key_still_work_and_are_resealed(
    start_service, as_user, new_user, database_url: str, tmp_path
) -> None:
    user = new_user()
    await linked(await start_service(), as_user, user)
    new_key = TokenVault.rotate(tmp_path / "watchlist" / "token-keys")
    after_rotation = await start_service()
    assert 1 in await listed(after_rotation, as_user, user)
    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        key_id = await connection.fetchval(
            "SELECT token_key_id FROM anilist_links WHERE user_id = $1", user
        )
    finally:
        await connection.close()
    assert key_id == new_key


async def test_a_show_just_added_on_anilist_is_found_despite_the_cache(
    start_service, as_user, new_user, fake: FakeAniList
) -> None:
    stub = await start_service(list_cache_s=60)
    user = new_user()
    await linked(stub, as_user, user)
    assert 6 not in await listed(stub, as_user, user)
    paused = next(
        e for e in fake.world.entries.values() if e["userId"] == ANN and e["mediaId"] == 6
    )
    paused["status"] = "CURRENT"  # resumed on AniList's site meanwhile
    reply = await stub.UpdateProgress(
        pb.UpdateProgressRequest(media_id=6, progress=4), metadata=as_user(user)
    )
    assert reply.entry.progress == 4
    assert fake.count("MediaListCollection") == 2
