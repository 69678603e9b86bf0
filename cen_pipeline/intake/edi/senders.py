"""The Member an interchange is sent for, by its UNB sender (`ingest/senders/edi.toml`): the sender is the
submitting Member's identity, as `--member` is for a file."""

from __future__ import annotations

import tomllib
from functools import cache

from cen_pipeline.contract.codelists import codelist
from cen_pipeline.core.assets import asset_dir
from cen_pipeline.core.errors import UsageError


@cache
def registered_senders() -> dict[str, str]:
    """UNB sender identification -> the Member it sends for."""
    path = asset_dir("ingest") / "senders" / "edi.toml"
    senders = tomllib.loads(path.read_text(encoding="utf-8")).get("senders", {})
    members = codelist("member").codes
    wrong = {s: m for s, m in senders.items() if m not in members}
    if wrong:
        raise ValueError(f"{path}: not WCO Members: {wrong}")
    return {str(s).strip().upper(): str(m) for s, m in senders.items()}


def submitting_member(sender: str, member: str | None) -> str | None:
    """The Member an interchange from `sender` is submitted for: the one `--member` names, else the one the
    sender is registered for (None: neither). A `--member` other than the sender's Member is a usage error."""
    registered = registered_senders().get(sender.strip().upper())
    if member and registered and member != registered:
        raise UsageError(
            f"the interchange's sender {sender} sends for {registered}, not for {member}: "
            f"run with --member {registered}, or register the sender in ingest/senders/edi.toml"
        )
    return member or registered
