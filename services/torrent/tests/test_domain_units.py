"""Unit tests of the pure parts: sources, info hashes, state mapping, views, transfer hints."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime

import libtorrent as lt
import pytest

from uuut_kit.errors import InvalidArgument, NotFound
from uuut_torrent.service import normalize_hash
from uuut_torrent.sources import Magnet, TorrentUrl, parse_source, torrent_info_hash
from uuut_torrent.views import Ownership, State, TransferHints, map_state, torrent_view

HEX = "8b2308090dab1cd8a8bd8059933405946d423273"


def test_magnets_with_hex_or_base32_btih() -> None:
    assert parse_source(f"magnet:?xt=urn:btih:{HEX.upper()}&dn=x") == Magnet(
        f"magnet:?xt=urn:btih:{HEX.upper()}&dn=x", HEX
    )
    b32 = base64.b32encode(bytes.fromhex(HEX)).decode()
    assert len(b32) == 32
    assert parse_source(f"magnet:?xt=urn:btih:{b32}").info_hash == HEX


@pytest.mark.parametrize(
    "source",
    [
        "",
        "   ",
        "magnet:?xt=urn:btmh:1220" + "0" * 64,
        "magnet:",
        "javascript:alert(1)",
        "x" * 9000,
    ],
)
def test_bad_sources(source: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        parse_source(source)
    assert caught.value.reason == "BAD_SOURCE"


def test_urls_are_kept_for_the_fetcher() -> None:
    assert parse_source(" https://nyaa.si/download/1.torrent ") == TorrentUrl(
        "https://nyaa.si/download/1.torrent"
    )


def test_the_info_hash_is_the_sha1_of_the_raw_info_dict() -> None:
    # Keys out of canonical order on purpose: the hash is over the bytes as they are.
    info = b"d6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces20:" + b"a" * 20 + b"e"
    data = b"d8:announce3:url4:info" + info + b"e"
    assert torrent_info_hash(data) == hashlib.sha1(info).hexdigest()  # noqa: S324


def test_v2_only_torrents_use_the_truncated_sha256() -> None:
    info = lt.bencode({b"meta version": 2, b"name": b"x", b"piece length": 16384})
    data = b"d4:info" + info + b"e"
    assert torrent_info_hash(data) == hashlib.sha256(info).hexdigest()[:40]


@pytest.mark.parametrize(
    "data", [b"", b"<html>", b"d4:infoi1ee", b"d3:foo3:bare", b"d4:info" + b"l" * 100, b"d999:x"]
)
def test_malformed_torrent_files(data: bytes) -> None:
    with pytest.raises(InvalidArgument):
        torrent_info_hash(data)


@pytest.mark.parametrize(
    ("qbittorrent", "contract"),
    [
        ("downloading", "downloading"), ("forcedDL", "downloading"),
        ("uploading", "seeding"), ("forcedUP", "seeding"), ("stalledUP", "seeding"),
        ("pausedDL", "paused"), ("pausedUP", "paused"),
        ("stoppedDL", "paused"), ("stoppedUP", "paused"),
        ("queuedDL", "queued"), ("queuedUP", "queued"),
        ("checkingDL", "checking"), ("checkingUP", "checking"),
        ("checkingResumeData", "checking"), ("moving", "checking"),
        ("stalledDL", "stalled"), ("metaDL", "metadata"), ("forcedMetaDL", "metadata"),
        ("error", "error"), ("missingFiles", "missing"), ("unknown", "error"), ("", "error"),
    ],
)  # fmt: skip
def test_every_qbittorrent_state_maps_to_the_contract(qbittorrent: str, contract: str) -> None:
    assert map_state(qbittorrent) == State(contract)


@pytest.mark.parametrize("value", ["", "abc", "g" * 40, "a" * 39, "a" * 41, "a" * 63])
def test_hashes_that_are_not_40_or_64_hex_are_not_found(value: str) -> None:
    with pytest.raises(NotFound):
        normalize_hash(value)


def test_hashes_are_lowercased_and_v2_truncated() -> None:
    assert normalize_hash(HEX.upper()) == HEX
    assert normalize_hash("ab" * 32) == "ab" * 20


def test_views_hide_unknown_eta_and_unfinished_completion() -> None:
    owned = Ownership(1, HEX, 5, 2, datetime(2025, 1, 1, tzinfo=UTC))
    fields = {"name": "x", "state": "downloading", "progress": 0.5, "eta": 8640000,
              "completion_on": 4294967295, "size": 10, "completed": 5}  # fmt: skip
    view = torrent_view(HEX, fields, owned)
    assert (view.eta_s, view.completed_at, view.added_at) == (None, None, owned.added_at)
    assert (view.media_id, view.episode, view.downloaded_bytes) == (5, 2, 5)
    done = torrent_view(
        HEX, fields | {"progress": 1, "eta": 0, "completion_on": 1_700_000_000}, None
    )
    assert done.completed_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert done.eta_s is None and done.added_at == datetime.fromtimestamp(0, UTC)


def test_transfer_hints_map_the_download_dir_and_quote_for_the_shell() -> None:
    hints = TransferHints("box.example", "ann", "/srv/anime")
    fields = {"save_path": "/data/downloads/", "content_path": "/data/downloads/It's [01].mkv"}
    transfer = hints.transfer(fields)
    assert transfer.host_path == "/srv/anime/It's [01].mkv"
    assert transfer.scp_command == "scp -r 'ann@box.example:/srv/anime/It'\"'\"'s [01].mkv' ."
    unmapped = TransferHints("box", "ann", None).transfer({"save_path": "/d", "name": "x"})
    assert unmapped.host_path == "/d/x"


@pytest.mark.parametrize(
    ("reported", "progress"), [(float("nan"), 0.0), (-0.5, 0.0), (1.5, 1.0), (0.25, 0.25)]
)
def test_progress_is_always_a_number_from_zero_to_one(reported: float, progress: float) -> None:
    view = torrent_view(HEX, {"progress": reported}, None)
    assert view.progress == progress
