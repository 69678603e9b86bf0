"""The EDIFACT message implementation guide, once the seizure message is defined (empty until then)."""

from __future__ import annotations


def message_guide() -> str:
    return ""
