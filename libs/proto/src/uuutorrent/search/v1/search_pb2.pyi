import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Quality(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    QUALITY_UNSPECIFIED: _ClassVar[Quality]
    QUALITY_480P: _ClassVar[Quality]
    QUALITY_720P: _ClassVar[Quality]
    QUALITY_1080P: _ClassVar[Quality]
    QUALITY_2160P: _ClassVar[Quality]

class MediaFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEDIA_FORMAT_UNSPECIFIED: _ClassVar[MediaFormat]
    MEDIA_FORMAT_TV: _ClassVar[MediaFormat]
    MEDIA_FORMAT_MOVIE: _ClassVar[MediaFormat]
    MEDIA_FORMAT_SPECIAL: _ClassVar[MediaFormat]
    MEDIA_FORMAT_OVA: _ClassVar[MediaFormat]
    MEDIA_FORMAT_ONA: _ClassVar[MediaFormat]
QUALITY_UNSPECIFIED: Quality
QUALITY_480P: Quality
QUALITY_720P: Quality
QUALITY_1080P: Quality
QUALITY_2160P: Quality
MEDIA_FORMAT_UNSPECIFIED: MediaFormat
MEDIA_FORMAT_TV: MediaFormat
MEDIA_FORMAT_MOVIE: MediaFormat
MEDIA_FORMAT_SPECIAL: MediaFormat
MEDIA_FORMAT_OVA: MediaFormat
MEDIA_FORMAT_ONA: MediaFormat

class Prequel(_message.Message):
    __slots__ = ("titles", "episodes")
    TITLES_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    titles: _containers.RepeatedScalarFieldContainer[str]
    episodes: int
    def __init__(self, titles: _Optional[_Iterable[str]] = ..., episodes: _Optional[int] = ...) -> None: ...

class Show(_message.Message):
    __slots__ = ("title_romaji", "title_english", "title_native", "synonyms", "format", "episodes", "season_year", "prequels")
    TITLE_ROMAJI_FIELD_NUMBER: _ClassVar[int]
    TITLE_ENGLISH_FIELD_NUMBER: _ClassVar[int]
    TITLE_NATIVE_FIELD_NUMBER: _ClassVar[int]
    SYNONYMS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    SEASON_YEAR_FIELD_NUMBER: _ClassVar[int]
    PREQUELS_FIELD_NUMBER: _ClassVar[int]
    title_romaji: str
    title_english: str
    title_native: str
    synonyms: _containers.RepeatedScalarFieldContainer[str]
    format: MediaFormat
    episodes: int
    season_year: int
    prequels: _containers.RepeatedCompositeFieldContainer[Prequel]
    def __init__(self, title_romaji: _Optional[str] = ..., title_english: _Optional[str] = ..., title_native: _Optional[str] = ..., synonyms: _Optional[_Iterable[str]] = ..., format: _Optional[_Union[MediaFormat, str]] = ..., episodes: _Optional[int] = ..., season_year: _Optional[int] = ..., prequels: _Optional[_Iterable[_Union[Prequel, _Mapping]]] = ...) -> None: ...

class Preferences(_message.Message):
    __slots__ = ("quality", "groups", "trusted_only")
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    TRUSTED_ONLY_FIELD_NUMBER: _ClassVar[int]
    quality: Quality
    groups: _containers.RepeatedScalarFieldContainer[str]
    trusted_only: bool
    def __init__(self, quality: _Optional[_Union[Quality, str]] = ..., groups: _Optional[_Iterable[str]] = ..., trusted_only: _Optional[bool] = ...) -> None: ...

class ParsedRelease(_message.Message):
    __slots__ = ("title", "episode", "season", "resolution", "group", "batch", "version", "episode_first", "episode_last")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EPISODE_FIELD_NUMBER: _ClassVar[int]
    SEASON_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    EPISODE_FIRST_FIELD_NUMBER: _ClassVar[int]
    EPISODE_LAST_FIELD_NUMBER: _ClassVar[int]
    title: str
    episode: int
    season: int
    resolution: int
    group: str
    batch: bool
    version: int
    episode_first: int
    episode_last: int
    def __init__(self, title: _Optional[str] = ..., episode: _Optional[int] = ..., season: _Optional[int] = ..., resolution: _Optional[int] = ..., group: _Optional[str] = ..., batch: _Optional[bool] = ..., version: _Optional[int] = ..., episode_first: _Optional[int] = ..., episode_last: _Optional[int] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ("title", "info_hash", "magnet", "torrent_url", "size_bytes", "seeders", "leechers", "downloads", "trusted", "remake", "published_at", "parsed", "score", "reasons", "view_url", "category_id")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    INFO_HASH_FIELD_NUMBER: _ClassVar[int]
    MAGNET_FIELD_NUMBER: _ClassVar[int]
    TORRENT_URL_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SEEDERS_FIELD_NUMBER: _ClassVar[int]
    LEECHERS_FIELD_NUMBER: _ClassVar[int]
    DOWNLOADS_FIELD_NUMBER: _ClassVar[int]
    TRUSTED_FIELD_NUMBER: _ClassVar[int]
    REMAKE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    PARSED_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    VIEW_URL_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    title: str
    info_hash: str
    magnet: str
    torrent_url: str
    size_bytes: int
    seeders: int
    leechers: int
    downloads: int
    trusted: bool
    remake: bool
    published_at: _timestamp_pb2.Timestamp
    parsed: ParsedRelease
    score: float
    reasons: _containers.RepeatedScalarFieldContainer[str]
    view_url: str
    category_id: str
    def __init__(self, title: _Optional[str] = ..., info_hash: _Optional[str] = ..., magnet: _Optional[str] = ..., torrent_url: _Optional[str] = ..., size_bytes: _Optional[int] = ..., seeders: _Optional[int] = ..., leechers: _Optional[int] = ..., downloads: _Optional[int] = ..., trusted: _Optional[bool] = ..., remake: _Optional[bool] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., parsed: _Optional[_Union[ParsedRelease, _Mapping]] = ..., score: _Optional[float] = ..., reasons: _Optional[_Iterable[str]] = ..., view_url: _Optional[str] = ..., category_id: _Optional[str] = ...) -> None: ...

class FindReleasesRequest(_message.Message):
    __slots__ = ("show", "episode", "preferences")
    SHOW_FIELD_NUMBER: _ClassVar[int]
    EPISODE_FIELD_NUMBER: _ClassVar[int]
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    show: Show
    episode: int
    preferences: Preferences
    def __init__(self, show: _Optional[_Union[Show, _Mapping]] = ..., episode: _Optional[int] = ..., preferences: _Optional[_Union[Preferences, _Mapping]] = ...) -> None: ...

class FindReleasesResponse(_message.Message):
    __slots__ = ("candidates", "searches")
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    SEARCHES_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    searches: int
    def __init__(self, candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., searches: _Optional[int] = ...) -> None: ...

class SearchRequest(_message.Message):
    __slots__ = ("q", "episode", "quality")
    Q_FIELD_NUMBER: _ClassVar[int]
    EPISODE_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    q: str
    episode: int
    quality: Quality
    def __init__(self, q: _Optional[str] = ..., episode: _Optional[int] = ..., quality: _Optional[_Union[Quality, str]] = ...) -> None: ...

class SearchResponse(_message.Message):
    __slots__ = ("candidates",)
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    def __init__(self, candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ...) -> None: ...
