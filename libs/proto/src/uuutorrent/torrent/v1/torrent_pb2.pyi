import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TorrentState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TORRENT_STATE_UNSPECIFIED: _ClassVar[TorrentState]
    TORRENT_STATE_DOWNLOADING: _ClassVar[TorrentState]
    TORRENT_STATE_SEEDING: _ClassVar[TorrentState]
    TORRENT_STATE_PAUSED: _ClassVar[TorrentState]
    TORRENT_STATE_QUEUED: _ClassVar[TorrentState]
    TORRENT_STATE_CHECKING: _ClassVar[TorrentState]
    TORRENT_STATE_STALLED: _ClassVar[TorrentState]
    TORRENT_STATE_METADATA: _ClassVar[TorrentState]
    TORRENT_STATE_ERROR: _ClassVar[TorrentState]
    TORRENT_STATE_MISSING: _ClassVar[TorrentState]
TORRENT_STATE_UNSPECIFIED: TorrentState
TORRENT_STATE_DOWNLOADING: TorrentState
TORRENT_STATE_SEEDING: TorrentState
TORRENT_STATE_PAUSED: TorrentState
TORRENT_STATE_QUEUED: TorrentState
TORRENT_STATE_CHECKING: TorrentState
TORRENT_STATE_STALLED: TorrentState
TORRENT_STATE_METADATA: TorrentState
TORRENT_STATE_ERROR: TorrentState
TORRENT_STATE_MISSING: TorrentState

class Torrent(_message.Message):
    __slots__ = ("hash", "name", "state", "progress", "size_bytes", "downloaded_bytes", "dlspeed", "upspeed", "eta_s", "num_seeds", "num_leechs", "added_at", "completed_at", "media_id", "episode", "episodes")
    HASH_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    DOWNLOADED_BYTES_FIELD_NUMBER: _ClassVar[int]
    DLSPEED_FIELD_NUMBER: _ClassVar[int]
    UPSPEED_FIELD_NUMBER: _ClassVar[int]
    ETA_S_FIELD_NUMBER: _ClassVar[int]
    NUM_SEEDS_FIELD_NUMBER: _ClassVar[int]
    NUM_LEECHS_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    EPISODE_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    hash: str
    name: str
    state: TorrentState
    progress: float
    size_bytes: int
    downloaded_bytes: int
    dlspeed: int
    upspeed: int
    eta_s: int
    num_seeds: int
    num_leechs: int
    added_at: _timestamp_pb2.Timestamp
    completed_at: _timestamp_pb2.Timestamp
    media_id: int
    episode: int
    episodes: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, hash: _Optional[str] = ..., name: _Optional[str] = ..., state: _Optional[_Union[TorrentState, str]] = ..., progress: _Optional[float] = ..., size_bytes: _Optional[int] = ..., downloaded_bytes: _Optional[int] = ..., dlspeed: _Optional[int] = ..., upspeed: _Optional[int] = ..., eta_s: _Optional[int] = ..., num_seeds: _Optional[int] = ..., num_leechs: _Optional[int] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., media_id: _Optional[int] = ..., episode: _Optional[int] = ..., episodes: _Optional[_Iterable[int]] = ...) -> None: ...

class TorrentFile(_message.Message):
    __slots__ = ("path", "size_bytes", "progress")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    path: str
    size_bytes: int
    progress: float
    def __init__(self, path: _Optional[str] = ..., size_bytes: _Optional[int] = ..., progress: _Optional[float] = ...) -> None: ...

class Transfer(_message.Message):
    __slots__ = ("host_path", "scp_command")
    HOST_PATH_FIELD_NUMBER: _ClassVar[int]
    SCP_COMMAND_FIELD_NUMBER: _ClassVar[int]
    host_path: str
    scp_command: str
    def __init__(self, host_path: _Optional[str] = ..., scp_command: _Optional[str] = ...) -> None: ...

class AddTorrentRequest(_message.Message):
    __slots__ = ("source", "media_id", "episode", "episodes")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    EPISODE_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    source: str
    media_id: int
    episode: int
    episodes: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, source: _Optional[str] = ..., media_id: _Optional[int] = ..., episode: _Optional[int] = ..., episodes: _Optional[_Iterable[int]] = ...) -> None: ...

class AddTorrentResponse(_message.Message):
    __slots__ = ("torrent", "created")
    TORRENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    torrent: Torrent
    created: bool
    def __init__(self, torrent: _Optional[_Union[Torrent, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class ListTorrentsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTorrentsResponse(_message.Message):
    __slots__ = ("torrents",)
    TORRENTS_FIELD_NUMBER: _ClassVar[int]
    torrents: _containers.RepeatedCompositeFieldContainer[Torrent]
    def __init__(self, torrents: _Optional[_Iterable[_Union[Torrent, _Mapping]]] = ...) -> None: ...

class GetTorrentRequest(_message.Message):
    __slots__ = ("hash",)
    HASH_FIELD_NUMBER: _ClassVar[int]
    hash: str
    def __init__(self, hash: _Optional[str] = ...) -> None: ...

class GetTorrentResponse(_message.Message):
    __slots__ = ("torrent", "files", "transfer")
    TORRENT_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_FIELD_NUMBER: _ClassVar[int]
    torrent: Torrent
    files: _containers.RepeatedCompositeFieldContainer[TorrentFile]
    transfer: Transfer
    def __init__(self, torrent: _Optional[_Union[Torrent, _Mapping]] = ..., files: _Optional[_Iterable[_Union[TorrentFile, _Mapping]]] = ..., transfer: _Optional[_Union[Transfer, _Mapping]] = ...) -> None: ...

class PauseTorrentRequest(_message.Message):
    __slots__ = ("hash",)
    HASH_FIELD_NUMBER: _ClassVar[int]
    hash: str
    def __init__(self, hash: _Optional[str] = ...) -> None: ...

class PauseTorrentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResumeTorrentRequest(_message.Message):
    __slots__ = ("hash",)
    HASH_FIELD_NUMBER: _ClassVar[int]
    hash: str
    def __init__(self, hash: _Optional[str] = ...) -> None: ...

class ResumeTorrentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteTorrentRequest(_message.Message):
    __slots__ = ("hash", "delete_files")
    HASH_FIELD_NUMBER: _ClassVar[int]
    DELETE_FILES_FIELD_NUMBER: _ClassVar[int]
    hash: str
    delete_files: bool
    def __init__(self, hash: _Optional[str] = ..., delete_files: _Optional[bool] = ...) -> None: ...

class DeleteTorrentResponse(_message.Message):
    __slots__ = ("removed",)
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    def __init__(self, removed: _Optional[bool] = ...) -> None: ...

class ListAllTorrentsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class OwnedTorrent(_message.Message):
    __slots__ = ("torrent", "owner_ids")
    TORRENT_FIELD_NUMBER: _ClassVar[int]
    OWNER_IDS_FIELD_NUMBER: _ClassVar[int]
    torrent: Torrent
    owner_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, torrent: _Optional[_Union[Torrent, _Mapping]] = ..., owner_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class ListAllTorrentsResponse(_message.Message):
    __slots__ = ("torrents",)
    TORRENTS_FIELD_NUMBER: _ClassVar[int]
    torrents: _containers.RepeatedCompositeFieldContainer[OwnedTorrent]
    def __init__(self, torrents: _Optional[_Iterable[_Union[OwnedTorrent, _Mapping]]] = ...) -> None: ...

class WatchTorrentsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WatchTorrentsResponse(_message.Message):
    __slots__ = ("torrent", "removed_hash", "snapshot_done")
    TORRENT_FIELD_NUMBER: _ClassVar[int]
    REMOVED_HASH_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_DONE_FIELD_NUMBER: _ClassVar[int]
    torrent: Torrent
    removed_hash: str
    snapshot_done: bool
    def __init__(self, torrent: _Optional[_Union[Torrent, _Mapping]] = ..., removed_hash: _Optional[str] = ..., snapshot_done: _Optional[bool] = ...) -> None: ...

class ForgetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class ForgetUserResponse(_message.Message):
    __slots__ = ("ownerships_dropped", "torrents_removed")
    OWNERSHIPS_DROPPED_FIELD_NUMBER: _ClassVar[int]
    TORRENTS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    ownerships_dropped: int
    torrents_removed: int
    def __init__(self, ownerships_dropped: _Optional[int] = ..., torrents_removed: _Optional[int] = ...) -> None: ...
