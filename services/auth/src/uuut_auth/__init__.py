"""The auth service: users, passwords, logins, signing keys and tokens."""
