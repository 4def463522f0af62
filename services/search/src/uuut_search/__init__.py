"""The search service: Nyaa RSS search and picking the right release."""
