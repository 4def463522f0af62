import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MediaFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEDIA_FORMAT_UNSPECIFIED: _ClassVar[MediaFormat]
    MEDIA_FORMAT_TV: _ClassVar[MediaFormat]
    MEDIA_FORMAT_TV_SHORT: _ClassVar[MediaFormat]
    MEDIA_FORMAT_MOVIE: _ClassVar[MediaFormat]
    MEDIA_FORMAT_SPECIAL: _ClassVar[MediaFormat]
    MEDIA_FORMAT_OVA: _ClassVar[MediaFormat]
    MEDIA_FORMAT_ONA: _ClassVar[MediaFormat]
    MEDIA_FORMAT_MUSIC: _ClassVar[MediaFormat]

class MediaStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEDIA_STATUS_UNSPECIFIED: _ClassVar[MediaStatus]
    MEDIA_STATUS_FINISHED: _ClassVar[MediaStatus]
    MEDIA_STATUS_RELEASING: _ClassVar[MediaStatus]
    MEDIA_STATUS_NOT_YET_RELEASED: _ClassVar[MediaStatus]
    MEDIA_STATUS_CANCELLED: _ClassVar[MediaStatus]
    MEDIA_STATUS_HIATUS: _ClassVar[MediaStatus]

class MediaSeason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEDIA_SEASON_UNSPECIFIED: _ClassVar[MediaSeason]
    MEDIA_SEASON_WINTER: _ClassVar[MediaSeason]
    MEDIA_SEASON_SPRING: _ClassVar[MediaSeason]
    MEDIA_SEASON_SUMMER: _ClassVar[MediaSeason]
    MEDIA_SEASON_FALL: _ClassVar[MediaSeason]
MEDIA_FORMAT_UNSPECIFIED: MediaFormat
MEDIA_FORMAT_TV: MediaFormat
MEDIA_FORMAT_TV_SHORT: MediaFormat
MEDIA_FORMAT_MOVIE: MediaFormat
MEDIA_FORMAT_SPECIAL: MediaFormat
MEDIA_FORMAT_OVA: MediaFormat
MEDIA_FORMAT_ONA: MediaFormat
MEDIA_FORMAT_MUSIC: MediaFormat
MEDIA_STATUS_UNSPECIFIED: MediaStatus
MEDIA_STATUS_FINISHED: MediaStatus
MEDIA_STATUS_RELEASING: MediaStatus
MEDIA_STATUS_NOT_YET_RELEASED: MediaStatus
MEDIA_STATUS_CANCELLED: MediaStatus
MEDIA_STATUS_HIATUS: MediaStatus
MEDIA_SEASON_UNSPECIFIED: MediaSeason
MEDIA_SEASON_WINTER: MediaSeason
MEDIA_SEASON_SPRING: MediaSeason
MEDIA_SEASON_SUMMER: MediaSeason
MEDIA_SEASON_FALL: MediaSeason

class AniListAccount(_message.Message):
    __slots__ = ("user_id", "username")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    username: str
    def __init__(self, user_id: _Optional[int] = ..., username: _Optional[str] = ...) -> None: ...

class WatchlistEntry(_message.Message):
    __slots__ = ("media_id", "title", "title_romaji", "title_english", "synonyms", "format", "status", "progress", "total_episodes", "latest_aired_episode", "next_episode", "next_airing_at", "cover_url")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TITLE_ROMAJI_FIELD_NUMBER: _ClassVar[int]
    TITLE_ENGLISH_FIELD_NUMBER: _ClassVar[int]
    SYNONYMS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_EPISODES_FIELD_NUMBER: _ClassVar[int]
    LATEST_AIRED_EPISODE_FIELD_NUMBER: _ClassVar[int]
    NEXT_EPISODE_FIELD_NUMBER: _ClassVar[int]
    NEXT_AIRING_AT_FIELD_NUMBER: _ClassVar[int]
    COVER_URL_FIELD_NUMBER: _ClassVar[int]
    media_id: int
    title: str
    title_romaji: str
    title_english: str
    synonyms: _containers.RepeatedScalarFieldContainer[str]
    format: MediaFormat
    status: MediaStatus
    progress: int
    total_episodes: int
    latest_aired_episode: int
    next_episode: int
    next_airing_at: _timestamp_pb2.Timestamp
    cover_url: str
    def __init__(self, media_id: _Optional[int] = ..., title: _Optional[str] = ..., title_romaji: _Optional[str] = ..., title_english: _Optional[str] = ..., synonyms: _Optional[_Iterable[str]] = ..., format: _Optional[_Union[MediaFormat, str]] = ..., status: _Optional[_Union[MediaStatus, str]] = ..., progress: _Optional[int] = ..., total_episodes: _Optional[int] = ..., latest_aired_episode: _Optional[int] = ..., next_episode: _Optional[int] = ..., next_airing_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cover_url: _Optional[str] = ...) -> None: ...

class Prequel(_message.Message):
    __slots__ = ("media_id", "title_romaji", "title_english", "format", "episodes", "season_year", "distance")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_ROMAJI_FIELD_NUMBER: _ClassVar[int]
    TITLE_ENGLISH_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    SEASON_YEAR_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_FIELD_NUMBER: _ClassVar[int]
    media_id: int
    title_romaji: str
    title_english: str
    format: MediaFormat
    episodes: int
    season_year: int
    distance: int
    def __init__(self, media_id: _Optional[int] = ..., title_romaji: _Optional[str] = ..., title_english: _Optional[str] = ..., format: _Optional[_Union[MediaFormat, str]] = ..., episodes: _Optional[int] = ..., season_year: _Optional[int] = ..., distance: _Optional[int] = ...) -> None: ...

class MediaDetails(_message.Message):
    __slots__ = ("media_id", "title_romaji", "title_english", "title_native", "synonyms", "format", "status", "episodes", "season", "season_year", "prequels", "episode_offset")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_ROMAJI_FIELD_NUMBER: _ClassVar[int]
    TITLE_ENGLISH_FIELD_NUMBER: _ClassVar[int]
    TITLE_NATIVE_FIELD_NUMBER: _ClassVar[int]
    SYNONYMS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    SEASON_FIELD_NUMBER: _ClassVar[int]
    SEASON_YEAR_FIELD_NUMBER: _ClassVar[int]
    PREQUELS_FIELD_NUMBER: _ClassVar[int]
    EPISODE_OFFSET_FIELD_NUMBER: _ClassVar[int]
    media_id: int
    title_romaji: str
    title_english: str
    title_native: str
    synonyms: _containers.RepeatedScalarFieldContainer[str]
    format: MediaFormat
    status: MediaStatus
    episodes: int
    season: MediaSeason
    season_year: int
    prequels: _containers.RepeatedCompositeFieldContainer[Prequel]
    episode_offset: int
    def __init__(self, media_id: _Optional[int] = ..., title_romaji: _Optional[str] = ..., title_english: _Optional[str] = ..., title_native: _Optional[str] = ..., synonyms: _Optional[_Iterable[str]] = ..., format: _Optional[_Union[MediaFormat, str]] = ..., status: _Optional[_Union[MediaStatus, str]] = ..., episodes: _Optional[int] = ..., season: _Optional[_Union[MediaSeason, str]] = ..., season_year: _Optional[int] = ..., prequels: _Optional[_Iterable[_Union[Prequel, _Mapping]]] = ..., episode_offset: _Optional[int] = ...) -> None: ...

class LinkAniListRequest(_message.Message):
    __slots__ = ("access_token",)
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    def __init__(self, access_token: _Optional[str] = ...) -> None: ...

class LinkAniListResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: AniListAccount
    def __init__(self, account: _Optional[_Union[AniListAccount, _Mapping]] = ...) -> None: ...

class UnlinkAniListRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UnlinkAniListResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAniListLinkRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAniListLinkResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: AniListAccount
    def __init__(self, account: _Optional[_Union[AniListAccount, _Mapping]] = ...) -> None: ...

class GetAuthorizeUrlRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetAuthorizeUrlResponse(_message.Message):
    __slots__ = ("url",)
    URL_FIELD_NUMBER: _ClassVar[int]
    url: str
    def __init__(self, url: _Optional[str] = ...) -> None: ...

class ListWatchlistRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListWatchlistResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[WatchlistEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[WatchlistEntry, _Mapping]]] = ...) -> None: ...

class UpdateProgressRequest(_message.Message):
    __slots__ = ("media_id", "progress")
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    media_id: int
    progress: int
    def __init__(self, media_id: _Optional[int] = ..., progress: _Optional[int] = ...) -> None: ...

class UpdateProgressResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: WatchlistEntry
    def __init__(self, entry: _Optional[_Union[WatchlistEntry, _Mapping]] = ...) -> None: ...

class GetMediaDetailsRequest(_message.Message):
    __slots__ = ("media_id",)
    MEDIA_ID_FIELD_NUMBER: _ClassVar[int]
    media_id: int
    def __init__(self, media_id: _Optional[int] = ...) -> None: ...

class GetMediaDetailsResponse(_message.Message):
    __slots__ = ("entry", "details")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    entry: WatchlistEntry
    details: MediaDetails
    def __init__(self, entry: _Optional[_Union[WatchlistEntry, _Mapping]] = ..., details: _Optional[_Union[MediaDetails, _Mapping]] = ...) -> None: ...
