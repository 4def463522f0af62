"""The GraphQL documents we send to AniList (EXTERNAL-APIS.md §2.3)."""

from __future__ import annotations

# The media fields every list entry and detail carries.
MEDIA_FIELDS = (
    "id title { romaji english native } synonyms format status episodes season seasonYear "
    "nextAiringEpisode { episode airingAt } coverImage { large }"
)
# Fewer fields for related media: enough to follow and count a prequel chain.
RELATED_FIELDS = "id title { romaji english } format status episodes seasonYear"

VIEWER = """query Viewer {
  Viewer { id name }
}"""

# One call for the whole CURRENT list; custom lists come along and repeat entries.
CURRENT_LIST = f"""query CurrentList ($userId: Int) {{
  MediaListCollection(userId: $userId, type: ANIME, status: CURRENT) {{
    lists {{ name isCustomList status
      entries {{ id mediaId status progress media {{ {MEDIA_FIELDS} }} }} }}
  }}
}}"""

SAVE_PROGRESS = """mutation SaveProgress ($mediaId: Int, $progress: Int) {
  SaveMediaListEntry(mediaId: $mediaId, progress: $progress) { id mediaId status progress }
}"""


def media_with_relations(depth: int, fields: str = MEDIA_FIELDS) -> str:
    """Media by id with `depth` levels of relations (each level: edges with a relation type)."""

    def relations(level: int) -> str:
        if level == 0:
            return ""
        return (
            f"relations {{ edges {{ relationType(version: 2) "
            f"node {{ {RELATED_FIELDS} {relations(level - 1)} }} }} }}"
        )

    return f"""query MediaDetails ($id: Int) {{
  Media(id: $id, type: ANIME) {{ {fields} {relations(depth)} }}
}}"""
