"""The one kind of error a user sees: a single clear line, exit code 1."""


class PermError(Exception):
    """Something the user asked for cannot be done. The message is shown as it is.

    Messages name records by their IDs only: never a child's name or date of birth.
    """


class PolicyError(PermError):
    """A mistake in a policy file, located by file and line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.detail = message
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")
