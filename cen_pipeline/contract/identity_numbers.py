"""Identity numbers written without a word that names them, recognised by their national format and check
digits (python-stdnum): only formats distinctive enough that a goods, transport or tariff reference of the
same shape is rare, and always with the number's own check.

Each format is a pattern (Python `re` and RE2 alike) and the stdnum module that validates it; the union of
the patterns is part of the SQL pre-filter of the identity kind.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

# (pattern, stdnum module) by issuing country. A pattern is anchored on ASCII word boundaries by the caller.
FORMATS: tuple[tuple[str, str], ...] = (
    (r"[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}", "br.cpf"),
    (r"[0-9]{11}", "br.cpf"),  # two check digits: one random number in a hundred passes
    (r"[0-9]{11}", "no.fodselsnummer"),  # a date of birth and two check digits
    (r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] (?:[0-9]{2} [0-9]{2} [0-9]{2}|[0-9]{6}) [A-Z]", "gb.nino"),
    (r"[0-9]{17}[0-9Xx]", "cn.ric"),
    (r"[2-9][0-9]{3} [0-9]{4} [0-9]{4}", "in_.aadhaar"),
    (r"[0-9]{8}-?[A-Za-z]", "es.dni"),
    (r"[XYZxyz]-?[0-9]{7}-?[A-Za-z]", "es.nie"),
    (r"[A-Za-z]{6}[0-9]{2}[A-Za-z][0-9]{2}[A-Za-z][0-9]{3}[A-Za-z]", "it.codicefiscale"),
    (r"[A-Z]{4}[0-9]{6}[HM][A-Z]{5}[0-9A-Z][0-9]", "mx.curp"),
    (r"[A-Z]{4}[0-9]{6}[A-Z0-9]{3}", "mx.rfc"),
    (r"[0-9]{6}[-+][0-9]{4}", "se.personnummer"),
    (r"[0-9]{6}[-+A][0-9]{3}[0-9A-Y]", "fi.hetu"),
    (r"[0-9]{6}-[0-9]{7}", "kr.rrn"),
    (r"756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2}", "ch.ssn"),
    (r"[0-9]{3} [0-9]{3} [0-9]{3}", "ca.sin"),
    (r"[0-9]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9]", "th.pin"),
    (r"[0-9]{11}", "tr.tckimlik"),
    (r"[0-9]{11}", "pl.pesel"),
    (r"[12][0-9]{14}", "fr.nir"),
    (r"[12][0-9]{12}", "ro.cnp"),
    (r"[0-9]{13}", "za.idnr"),
    (r"[0-9]{6}-[0-9]{4}", "dk.cpr"),
)


@cache
def _validator(module: str) -> object:
    return importlib.import_module(f"stdnum.{module}")


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), module) for pattern, module in FORMATS)


def candidate_pattern() -> str:
    """The union of the formats, for the kind's candidate pattern."""
    return "|".join(rf"\b{pattern}\b" for pattern in sorted({p for p, _ in FORMATS}))


def _cn_resident_id(piece: str) -> bool:
    """A Chinese resident ID by its check digit and birth date: its region table is never complete (counties
    are renamed and merged), and a number of a region the table lacks is still a person's."""
    from stdnum.cn import ric

    try:
        ric.get_birth_date(piece)
    except Exception:  # no date of birth: no resident ID
        return False
    return bool(ric.calc_check_digit(piece[:-1]) == piece[-1].upper())


def is_national_number(piece: str) -> bool:
    """Whether `piece` is, whole, a valid identity number of a format above."""
    for pattern, module in _compiled():
        if pattern.fullmatch(piece):
            if module == "gb.nino":  # no check digit: the spaced shape and its letters are the whole check
                return True
            if module == "cn.ric" and _cn_resident_id(piece):
                return True
            try:
                if _validator(module).is_valid(piece):  # type: ignore[attr-defined]
                    return True
            except Exception:  # a validator that cannot read the piece has not recognised it
                continue
    return False
