"""The part of AniList's schema the fake serves, and the projection of answers onto a selection.

Objects are plain dicts keyed by field name; a value may be a `Computed` that is only worked
out when the selection asks for it (airing schedule, relations, the viewer's list entry).
Asking for a field the schema does not have fails the way AniList fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from uuut_sandbox.anilist.graphql import Field, GraphQLError

# Object types: field -> type of its value (lists are plain Python lists of that type).
# Anything not an object type is a leaf (scalar or enum).
OBJECT_TYPES: dict[str, dict[str, str]] = {
    "Query": {
        "Viewer": "User",
        "User": "User",
        "Media": "Media",
        "MediaListCollection": "MediaListCollection",
    },
    "Mutation": {"SaveMediaListEntry": "MediaList"},
    "User": {
        "id": "Int!",
        "name": "String!",
        "about": "String",
        "avatar": "UserAvatar",
        "bannerImage": "String",
        "siteUrl": "String",
    },
    "UserAvatar": {"large": "String", "medium": "String"},
    "MediaListCollection": {
        "lists": "MediaListGroup",
        "user": "User",
        "hasNextChunk": "Boolean",
    },
    "MediaListGroup": {
        "entries": "MediaList",
        "name": "String",
        "isCustomList": "Boolean",
        "isSplitCompletedList": "Boolean",
        "status": "MediaListStatus",
    },
    "MediaList": {
        "id": "Int!",
        "userId": "Int!",
        "mediaId": "Int!",
        "status": "MediaListStatus",
        "score": "Float",
        "progress": "Int",
        "progressVolumes": "Int",
        "repeat": "Int",
        "priority": "Int",
        "private": "Boolean",
        "notes": "String",
        "hiddenFromStatusLists": "Boolean",
        "customLists": "Json",
        "updatedAt": "Int",
        "createdAt": "Int",
        "media": "Media",
        "user": "User",
    },
    "Media": {
        "id": "Int!",
        "idMal": "Int",
        "type": "MediaType",
        "title": "MediaTitle",
        "synonyms": "[String]",
        "format": "MediaFormat",
        "status": "MediaStatus",
        "episodes": "Int",
        "duration": "Int",
        "season": "MediaSeason",
        "seasonYear": "Int",
        "startDate": "FuzzyDate",
        "endDate": "FuzzyDate",
        "genres": "[String]",
        "averageScore": "Int",
        "isAdult": "Boolean",
        "countryOfOrigin": "CountryCode",
        "siteUrl": "String",
        "bannerImage": "String",
        "coverImage": "MediaCoverImage",
        "nextAiringEpisode": "AiringSchedule",
        "relations": "MediaConnection",
        "mediaListEntry": "MediaList",
    },
    "MediaTitle": {
        "romaji": "String",
        "english": "String",
        "native": "String",
        "userPreferred": "String",
    },
    "MediaCoverImage": {
        "extraLarge": "String",
        "large": "String",
        "medium": "String",
        "color": "String",
    },
    "FuzzyDate": {"year": "Int", "month": "Int", "day": "Int"},
    "AiringSchedule": {
        "id": "Int!",
        "airingAt": "Int!",
        "timeUntilAiring": "Int!",
        "episode": "Int!",
        "mediaId": "Int!",
    },
    "MediaConnection": {"edges": "MediaEdge", "nodes": "Media"},
    "MediaEdge": {"id": "Int", "relationType": "MediaRelation", "node": "Media"},
}


@dataclass(frozen=True)
class Computed:
    """A field value worked out on demand from the field's arguments."""

    resolve: Callable[[dict[str, Any]], Any]


ArgumentResolver = Callable[[Field], dict[str, Any]]


def project(
    value: Any, type_name: str, selections: list[Field], arguments: ArgumentResolver
) -> Any:
    """The part of `value` (an object of `type_name`, a list of them, or null) that was asked.

    The selections were checked by `validate` before anything ran.
    """
    if value is None:
        return None
    if isinstance(value, list):
        return [project(item, type_name, selections, arguments) for item in value]
    fields = OBJECT_TYPES[type_name]
    result: dict[str, Any] = {}
    for selected in selections:
        if selected.name == "__typename":
            result[selected.key] = type_name
            continue
        field_type = fields[selected.name]
        item = value.get(selected.name)
        if isinstance(item, Computed):
            item = item.resolve(arguments(selected))
        if field_type in OBJECT_TYPES:
            assert selected.selections is not None
            item = project(item, field_type, selected.selections, arguments)
        result[selected.key] = item
    return result


def check_selection(selected: Field, field_type: str) -> None:
    """Objects need a selection of subfields; leaves must not have one."""
    if field_type in OBJECT_TYPES and selected.selections is None:
        raise GraphQLError(
            f'Field "{selected.name}" of type "{field_type}" must have a selection of '
            f'subfields. Did you mean "{selected.name} {{ ... }}"?',
            selected.line,
            selected.column,
        )
    if field_type not in OBJECT_TYPES and selected.selections is not None:
        raise GraphQLError(
            f'Field "{selected.name}" must not have a selection since type "{field_type}" '
            "has no subfields.",
            selected.line,
            selected.column,
        )


def validate(selections: list[Field], type_name: str, check_arguments: ArgumentResolver) -> None:
    """Refuse the whole document before running any of it, as GraphQL validation does."""
    fields = OBJECT_TYPES[type_name]
    for selected in selections:
        if selected.name == "__typename":
            continue
        field_type = fields.get(selected.name)
        if field_type is None:
            raise GraphQLError(
                f'Cannot query field "{selected.name}" on type "{type_name}".',
                selected.line,
                selected.column,
            )
        check_selection(selected, field_type)
        check_arguments(selected)
        if selected.selections is not None:
            validate(selected.selections, field_type, check_arguments)
