"""One exception tree for the whole analyzer.

Every error a user can cause says what was wrong, where (file and line when
there is one) and how to fix it, in one line; the CLI maps each class to an
exit code and prints :meth:`CallscoreError.one_line` instead of a traceback.
"""

from __future__ import annotations


class CallscoreError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 1

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def one_line(self) -> str:
        """The message and its fix on one line, as the CLI prints it."""
        text = self.message.replace("\n", " ")
        if self.fix:
            text = f"{text} ({self.fix})"
        return text


class UsageError(CallscoreError):
    """Options that contradict each other or name things that do not exist."""

    exit_code = 2


class InputError(CallscoreError):
    """A transcript (or roster, participants file...) that cannot be read."""

    exit_code = 3

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}", fix=fix)
        self.reason = message


class ParseError(InputError):
    """The file was read but its content does not fit the format."""


class ConfigError(CallscoreError):
    """A shipped or user-supplied rules/config file is invalid."""

    exit_code = 2

    def __init__(
        self, path: str, message: str, *, line: int | None = None, fix: str | None = None
    ) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}", fix=fix)
        self.path = path
        self.line = line


class ModelError(CallscoreError):
    """A model file is missing, corrupt or from another version."""

    exit_code = 3
