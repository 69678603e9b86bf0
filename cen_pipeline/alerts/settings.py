"""Alert settings read from a TOML file (`cen alerts --settings FILE`): the run's parameters at top level, the
statistical methods' in a `[methods]` table, each named as in :class:`~cen_pipeline.alerts.config.AlertConfig`
and :class:`~cen_pipeline.alerts.methods.common.AlertMethodConfig`. A setting the file leaves out keeps its
default; `settings.toml`, shipped beside this module, holds every default with the reason for it."""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from cen_pipeline.alerts.config import DEFAULT, AlertConfig

SHIPPED = Path(__file__).with_name("settings.toml")


class SettingsError(ValueError):
    """A settings file that cannot be read or names a setting wrongly; the message names the file and key."""


def load_settings(path: Path) -> AlertConfig:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SettingsError(f"{path}: cannot be read ({err.strerror or err})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise SettingsError(f"{path}: not a TOML file ({err})") from None
    methods = table.pop("methods", {})
    if not isinstance(methods, dict):
        raise SettingsError(f"{path}: methods must be a table ([methods])")
    try:
        return replace(
            DEFAULT,
            **_values(table, DEFAULT, path, ""),
            methods=replace(DEFAULT.methods, **_values(methods, DEFAULT.methods, path, "methods.")),
        )
    except ValueError as err:  # a value out of its range, said by the settings' own checks
        raise SettingsError(f"{path}: {err}") from None


def _values(table: dict[str, Any], defaults: object, path: Path, prefix: str) -> dict[str, Any]:
    """The settings of one table, each of its default's type (a list for a tuple, an integer for a float)."""
    known = {f.name for f in fields(defaults)} - {"methods"}  # type: ignore[arg-type]
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise SettingsError(
                f"{path}: no setting {prefix}{key} (the settings are {', '.join(sorted(known))})"
            )
        default = getattr(defaults, key)
        out[key] = _typed(value, default, f"{path}: {prefix}{key}")
    return out


def _typed(value: Any, default: Any, where: str) -> Any:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise SettingsError(f"{where} must be true or false")
    if isinstance(default, float) or (default is None and isinstance(value, float)):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise SettingsError(f"{where} must be a number")
    if isinstance(default, int) or default is None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise SettingsError(f"{where} must be a whole number")
    if isinstance(default, tuple):
        kinds = {type(v) for v in default}
        if isinstance(value, list) and all(type(v) in kinds for v in value):
            return tuple(value)
        raise SettingsError(f"{where} must be a list like {list(default)}")
    return value
