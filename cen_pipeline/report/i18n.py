"""Words and numbers of the report in English, French or Spanish: messages, code labels, number formats."""

from __future__ import annotations

import gettext
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from cen_pipeline.contract.codelists import UNKNOWN_COUNTRY, codelist
from cen_pipeline.core.assets import asset_dir

LANGUAGES = ("en", "fr", "es")
NOT_GIVEN = "not_given"

# Thousands separator and decimal mark per language (French uses a narrow no-break space, as in print).
_SEPARATORS = {"en": (",", "."), "fr": ("\u202f", ","), "es": (".", ",")}


@cache
def _messages() -> dict[str, dict[str, str]]:
    with (asset_dir("reports") / "annual" / "messages.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _country_names(lang: str) -> gettext.NullTranslations:
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:  # no catalogue for the language: English names
        return gettext.NullTranslations()


@dataclass(frozen=True)
class Words:
    """Everything language-dependent, for one language."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"language {self.lang!r}: use one of {', '.join(LANGUAGES)}")

    def t(self, key: str, **values: Any) -> str:
        """The message `key`, with its placeholders filled."""
        text = _messages()[self.lang][key]
        return text.format(**values) if values else text

    # Numbers.

    def integer(self, value: float | int | None) -> str:
        if value is None:
            return ""
        thousands, _ = _SEPARATORS[self.lang]
        return f"{round(value):,}".replace(",", thousands)

    def decimal(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return ""
        thousands, mark = _SEPARATORS[self.lang]
        text = f"{value:,.{digits}f}"
        return text.replace(",", "\x00").replace(".", mark).replace("\x00", thousands)

    def percent(self, value: float | None, signed: bool = False) -> str:
        """A percentage given as a number of percent (12.3 -> 12.3%); French and Spanish put a space."""
        if value is None:
            return ""
        text = self.decimal(abs(value) if signed else value)
        if signed:
            text = ("+" if value > 0 else "−" if value < 0 else "±") + text
        return text + ("%" if self.lang == "en" else "\u00a0%")

    # Labels of codes.

    def code(self, list_name: str, code: str | None) -> str:
        """The label of a code of a code list in this language; 'not_given' and yes/no read as words."""
        if code is None or code == NOT_GIVEN:
            return self.t("not_given")
        if code in ("yes", "no"):
            return self.t(code)
        if list_name == "country":
            return self.country(code)
        if list_name == "member":
            return self.country(code) if self.lang != "en" else codelist("member").label(code)
        try:
            return codelist(list_name).label(code, self.lang)
        except KeyError:
            return code

    def country(self, code: str | None) -> str:
        if code is None or code == NOT_GIVEN:
            return self.t("not_given")
        countries = codelist("country")
        english = countries.label(code, "en")
        if code == UNKNOWN_COUNTRY or self.lang == "en":
            return countries.label(code, self.lang)
        import pycountry

        record = pycountry.countries.get(alpha_2=code)
        if record is None:
            return english
        return _country_names(self.lang).gettext(getattr(record, "common_name", None) or record.name)

    def route(self, route: str) -> str:
        """`CN->FR` as `China → France`."""
        return " → ".join(self.country(part) for part in route.split("->"))


def message_keys(lang: str) -> set[str]:
    return set(_messages()[lang])
