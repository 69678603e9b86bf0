"""The catalogue of problem codes: title, description and message template per code, in en, fr and es."""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "fr", "es")


@dataclass(frozen=True)
class ProblemKind:
    code: str
    severity: str  # "error" or "warning"
    scope: str  # file, column, cell, row, case, message, interchange
    title: dict[str, str]
    description: str
    message: dict[str, str]

    def render(self, lang: str, **params: Any) -> str:
        template = self.message.get(lang) or self.message["en"]
        return string.Formatter().vformat(template, (), _Blank(params))


class _Blank(dict[str, Any]):
    # A template may name a parameter a given problem lacks; it renders as empty rather than failing.
    def __missing__(self, key: str) -> str:
        return ""


@cache
def catalogue() -> dict[str, ProblemKind]:
    kinds: dict[str, ProblemKind] = {}
    for name in ("errors.toml", "edi_errors.toml"):
        path = resources.files("cen_pipeline").joinpath("data", name)
        if not path.is_file():
            continue
        for code, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            kinds[code] = ProblemKind(
                code,
                entry["severity"],
                entry["scope"],
                entry["title"],
                entry["description"],
                entry["message"],
            )
    return kinds


def kind(code: str) -> ProblemKind:
    return catalogue()[code]
