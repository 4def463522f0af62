"""The one error type the command prints as a single line instead of a traceback."""

from __future__ import annotations


class StackError(Exception):
    """Something the user can fix (a busy port, a missing binary, an unreachable database)."""


def find_stack_error(exc: BaseException) -> StackError | None:
    """The first StackError in `exc`, looking inside exception groups and causes."""
    if isinstance(exc, StackError):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = find_stack_error(inner)
            if found is not None:
                return found
    return None
