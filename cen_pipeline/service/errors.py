"""The one way the service refuses a request: a status and a sentence, answered as JSON under `/api/` and as
a page elsewhere, never as a traceback."""

from __future__ import annotations


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
