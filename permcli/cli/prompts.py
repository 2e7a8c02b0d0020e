"""Asking for what was not given: only on a terminal, and every question has a flag.

With no terminal a missing value is a usage error (exit 2), never a hang.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, NoReturn, Sequence

import typer


def interactive() -> bool:
    if os.environ.get("PERM_NO_PROMPT"):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


def usage_error(ctx, message: str) -> NoReturn:
    """A usage error as Click shows one: usage line, hint, message; exit code 2."""
    command = ctx.command_path
    typer.echo(f"{ctx.get_usage()}\nTry '{command} --help' for help.\n\nError: {message}", err=True)
    raise typer.Exit(2)


def missing(ctx, what: str, param: str) -> NoReturn:
    """The usage error for a value perm may not ask for (no terminal)."""
    usage_error(ctx, f"Missing {what} '{param}'.")


def _q():
    import questionary

    return questionary


def _answer(question):
    return question.unsafe_ask()  # Ctrl-C raises KeyboardInterrupt: perm exits 130


def ask_text(message: str, validate: Callable[[str], str | None] | None = None, default: str = "") -> str:
    def check(text: str):
        if validate is None:
            return True
        problem = validate(text)
        return True if problem is None else problem

    return _answer(_q().text(message, default=default, validate=check))


def ask_choice(message: str, choices: Sequence[str]) -> str:
    return _answer(_q().select(message, choices=list(choices)))


def ask_optional_choice(message: str, choices: Sequence[str]) -> str | None:
    skip = "(none)"
    answer = _answer(_q().select(message, choices=[skip, *choices]))
    return None if answer == skip else answer


def ask_confirm(message: str, default: bool = False) -> bool:
    return _answer(_q().confirm(message, default=default))


def ask_completing(message: str, choices: Sequence[str], validate=None) -> str:
    def check(text: str):
        if validate is None:
            return True
        problem = validate(text)
        return True if problem is None else problem

    return _answer(_q().autocomplete(message, choices=list(choices), validate=check))


def problem_of(fn: Callable[[str], object]) -> Callable[[str], str | None]:
    """A validator for a prompt from a function that raises PermError on bad input."""
    from ..domain.errors import PermError

    def check(text: str) -> str | None:
        try:
            fn(text)
        except PermError as exc:
            return str(exc)
        return None

    return check
