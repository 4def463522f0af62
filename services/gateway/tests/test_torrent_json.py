"""GET /torrents writes its JSON without a pydantic model per torrent: byte for byte what
TorrentList(...).model_dump_json() gave, for any torrent the service can send."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uuut_gateway.schemas.torrents import TorrentList, TorrentListJson, TorrentOut
from uuutorrent.torrent.v1 import torrent_pb2 as pb

INT64 = st.integers(min_value=0, max_value=2**63 - 1)
INT32 = st.integers(min_value=0, max_value=2**31 - 1)
# From 0001-01-01 to 9999-12-31, as Timestamp allows; any nanosecond.
SECONDS = st.integers(min_value=-62_135_596_800, max_value=253_402_300_799)
NANOS = st.integers(min_value=0, max_value=999_999_999)
PROGRESS = st.one_of(
    st.sampled_from([0.0, 1.0, 1e-05, 1e-7, 5e-324, 1 / 3, 0.999999]),
    st.floats(min_value=0, max_value=1),
)


@st.composite
def torrents(draw: st.DrawFn) -> pb.Torrent:
    torrent = pb.Torrent(
        hash=draw(st.text("0123456789abcdef", min_size=40, max_size=40)),
        name=draw(st.text()),
        state=draw(st.integers(min_value=0, max_value=12)),  # unknown ones are "error"
        progress=draw(PROGRESS),
        size_bytes=draw(INT64),
        downloaded_bytes=draw(INT64),
        dlspeed=draw(INT64),
        upspeed=draw(INT64),
        num_seeds=draw(INT32),
        num_leechs=draw(INT32),
    )
    torrent.added_at.seconds, torrent.added_at.nanos = draw(SECONDS), draw(NANOS)
    if draw(st.booleans()):
        torrent.completed_at.seconds = draw(SECONDS)
        torrent.completed_at.nanos = draw(NANOS)
    for field in ("eta_s", "media_id", "episode"):
        if draw(st.booleans()):
            setattr(torrent, field, draw(INT32))
    return torrent


def answer(listed: list[pb.Torrent]) -> bytes:
    return pb.ListTorrentsResponse(torrents=listed).SerializeToString()


def pydantic_json(listed: list[pb.Torrent]) -> bytes:
    return (
        TorrentList(torrents=[TorrentOut.from_proto(t) for t in listed]).model_dump_json().encode()
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(torrents(), max_size=8))
def test_the_list_is_what_the_pydantic_models_wrote(listed: list[pb.Torrent]) -> None:
    render = TorrentListJson()
    assert render.render(1, answer(listed)) == pydantic_json(listed)
    assert render.render(1, answer(listed)) == pydantic_json(listed)  # the same answer
    assert render.render(1, answer(listed[::-1])) == pydantic_json(listed[::-1])  # the parts


def test_a_changed_torrent_is_written_anew_and_only_the_last_list_is_kept() -> None:
    render = TorrentListJson()
    first = pb.Torrent(hash="a" * 40, name="one", progress=0.5)
    second = pb.Torrent(hash="b" * 40, name="two")
    render.render(7, answer([first, second]))
    changed = pb.Torrent()
    changed.CopyFrom(first)
    changed.progress = 0.75
    assert render.render(7, answer([changed, second])) == pydantic_json([changed, second])
    assert render.render(8, answer([first])) == pydantic_json([first])
    # 7's entry holds exactly its last list; 8 has its own.
    assert len(render._kept[7].parts) == 2
    assert first.SerializeToString() not in render._kept[7].parts
    assert render.render(7, answer([])) == b'{"torrents":[]}' == pydantic_json([])
    assert render._kept[7].parts == {}
