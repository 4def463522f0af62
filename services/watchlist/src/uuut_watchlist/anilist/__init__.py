"""The AniList GraphQL API: documents, parsing, and a resilient transport."""
