"""The watchlist service: the user's AniList CURRENT list, media details and progress."""
