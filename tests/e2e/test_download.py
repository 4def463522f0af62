"""Download the next episode, end to end: signup → login → link → watchlist → download → the
torrent reaches progress 1.0 from the seeder → progress update → the fake AniList shows it."""

from __future__ import annotations

from uuut_sandbox.demo.sandbox import Sandbox
from uuut_sandbox.demo.world import ANILIST_USER_ID

from ..contract.stack import RunningStack
from .client import Client

FRIEREN_S2 = 182255  # airing: episodes 1-3 are out, the demo user watched 2
JJK_S3 = 172463  # airing: 1-7 out, 5 watched
YOZAKURA_S2 = 180367  # airing: 1-8 out, 6 watched


def anilist_progress(sandbox: Sandbox, media_id: int) -> int:
    assert sandbox.anilist is not None
    entries = sandbox.anilist.world.entries.values()
    return next(
        e["progress"]
        for e in entries
        if e["userId"] == ANILIST_USER_ID and e["mediaId"] == media_id
    )


async def test_download_the_next_episode_watch_it_and_tell_anilist(
    client: Client, sandbox: Sandbox
) -> None:
    await client.sign_up_and_link()
    entry = await client.entry(FRIEREN_S2)
    assert (entry["progress"], entry["latest_aired_episode"], entry["next_episode"]) == (2, 3, 3)

    answer = await client.ok("POST", "/watchlist/download", {"media_id": FRIEREN_S2}, status=201)
    torrent, release = answer["torrent"], answer["release"]
    assert (torrent["media_id"], torrent["episode"]) == (FRIEREN_S2, 3)
    assert "Frieren" in release["title"] and release["parsed"]["episode"] == 3
    assert release["parsed"]["resolution"] == "1080p" and not release["parsed"]["batch"]
    assert torrent["hash"] == release["info_hash"]
    assert {"search", "add", "total"} <= answer["timings_ms"].keys()
    assert answer["timings_ms"]["total"] >= answer["timings_ms"]["search"]

    done = await client.downloaded(torrent["hash"])
    assert done["completed_at"] is not None and done["size_bytes"] > 0
    assert [f["progress"] for f in done["files"]] == [1.0]
    listed = (await client.ok("GET", "/torrents"))["torrents"]
    assert [(t["hash"], t["episode"]) for t in listed] == [(torrent["hash"], 3)]

    # Asking again is the same torrent, not a second one.
    again = await client.post("/watchlist/download", {"media_id": FRIEREN_S2, "episode": 3})
    assert again.status_code == 200, again.text
    assert again.json()["torrent"]["hash"] == torrent["hash"] and again.json()["release"] is None

    # Watched: progress goes to AniList, and the list says nothing new has aired.
    updated = await client.ok(
        "POST", "/watchlist/progress", {"media_id": FRIEREN_S2, "progress": 3}
    )
    assert (updated["progress"], updated["next_episode"]) == (3, None)
    assert anilist_progress(sandbox, FRIEREN_S2) == 3
    nothing = await client.post("/watchlist/download", {"media_id": FRIEREN_S2})
    assert nothing.status_code == 404 and nothing.json()["code"] == "not_aired"

    # Operators see each step's latency, by step name only.
    metrics = (await client.http.get(f"{client.gateway_url}/metrics")).text
    for step in ("details", "owned", "preferences", "search", "add", "total"):
        assert f'gateway_download_step_seconds_count{{step="{step}"}}' in metrics


async def test_the_quality_preference_decides_the_release(client: Client) -> None:
    await client.sign_up_and_link()
    preferences = {"quality": "720p", "groups": ["ToonsHub"], "trusted_only": False}
    assert await client.ok("PUT", "/users/me/preferences", preferences) == preferences
    assert await client.ok("GET", "/users/me/preferences") == preferences
    for bad, code in (
        (preferences | {"quality": "4k"}, "validation_error"),
        (preferences | {"groups": [f"g{i}" for i in range(21)]}, "validation_error"),
        (preferences | {"groups": ["  "]}, "validation_error"),
        ({"quality": "720p", "groups": []}, "validation_error"),
        (preferences | {"groups": ["bad\u0000group"]}, "preferences_invalid"),
    ):
        refused = await client.put("/users/me/preferences", bad)
        assert (refused.status_code, refused.json()["code"]) == (422, code), refused.text
    assert await client.ok("GET", "/users/me/preferences") == preferences

    answer = await client.ok(
        "POST", "/watchlist/download", {"media_id": JJK_S3, "episode": 6}, status=201
    )
    assert answer["release"]["parsed"]["resolution"] == "720p"
    assert answer["release"]["parsed"]["group"] == "ToonsHub"
    # Asked for once, a quality wins over the preference.
    asked = await client.ok(
        "POST",
        "/watchlist/download",
        {"media_id": JJK_S3, "episode": 7, "quality": "1080p"},
        status=201,
    )
    assert asked["release"]["parsed"]["resolution"] == "1080p"
    assert asked["torrent"]["episode"] == 7
    await client.downloaded(asked["torrent"]["hash"])


async def test_a_failed_torrent_fetch_leaves_nothing_behind(
    client: Client, sandbox: Sandbox, stack: RunningStack
) -> None:
    username = await client.sign_up_and_link()
    wanted = {"media_id": YOZAKURA_S2, "episode": 7}
    first = await client.ok("POST", "/watchlist/download", wanted, status=201)
    info_hash = first["torrent"]["hash"]
    await client.ok("DELETE", f"/torrents/{info_hash}?delete_files=true", status=204)

    # The search is now in the search service's cache: the next request to Nyaa is the
    # .torrent download, and Nyaa fails it.
    assert sandbox.nyaa is not None
    sandbox.nyaa.fail_next(500)
    failed = await client.post("/watchlist/download", wanted)
    assert (failed.status_code, failed.json()["code"]) == (502, "upstream_error"), failed.text
    assert (await client.ok("GET", "/torrents"))["torrents"] == []
    async with Client(stack.gateway_url) as admin:
        login = await admin.http.post(
            "/auth/token", data={"username": stack.admin_username, "password": stack.admin_password}
        )
        admin.headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        # The torrent may live on for other users (catch-up takes every aired episode), but
        # never as this user's.
        everything = (await admin.ok("GET", "/torrents/all"))["torrents"]
        owners = [t["owners"] for t in everything if t["hash"] == info_hash]
        assert all(username not in names for names in owners), owners

    # Nyaa answers again: the same request now works.
    again = await client.ok("POST", "/watchlist/download", wanted, status=201)
    assert again["torrent"]["hash"] == info_hash


async def test_what_cannot_be_downloaded_says_why(client: Client) -> None:
    await client.sign_up_and_link()
    cases = [
        ({"media_id": 180745}, 404, "not_aired"),  # Slime S4: announced, nothing aired
        ({"media_id": 166873}, 404, "not_aired"),  # Mushoku III: caught up
        ({"media_id": FRIEREN_S2, "episode": 11}, 404, "not_aired"),  # beyond its 10 episodes
        ({"media_id": 153152}, 404, "no_release"),  # Tearmoon: nobody released episode 2
        ({"media_id": 113415}, 404, "not_found"),  # Jujutsu Kaisen: COMPLETED, not CURRENT
        ({"media_id": 424242}, 404, "not_found"),
        ({"media_id": FRIEREN_S2, "episode": 0}, 422, "validation_error"),
        ({"media_id": FRIEREN_S2, "quality": "4k"}, 422, "validation_error"),
        ({"episode": 3}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        answer = await client.post("/watchlist/download", body)
        assert (answer.status_code, answer.json()["code"]) == (status, code), (body, answer.text)
    assert (await client.ok("GET", "/torrents"))["torrents"] == []
