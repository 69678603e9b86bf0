"""Uploaded files on disk: streamed in chunks to the spool folder under the SHA-256 of their bytes, with a
limit on their size. The name a sender gave a file is only shown, never used as a path; only its type,
taken from a fixed list, makes the spooled file's suffix (the readers go by it)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from cen_pipeline.service.errors import Refused

FILE_TYPES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".edi": "edi"}
CHUNK = 1 << 20


@dataclass(frozen=True)
class Spooled:
    path: Path
    sha256: str
    size: int
    file_name: str  # as the sender named it, for showing
    suffix: str


def shown_name(name: str | None) -> str:
    """The sender's file name without any folder, in printable characters, at most 200 of them."""
    base = PurePath((name or "").replace("\\", "/")).name
    text = "".join(c for c in base if c.isprintable())[:200]
    return text or "upload"


def file_suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in FILE_TYPES:
        raise Refused(
            415, f"{name}: the service reads CSV (.csv, .tsv, .txt), Excel (.xlsx) and EDIFACT (.edi) files"
        )
    return suffix


def spool(chunks: Iterable[bytes], folder: Path, name: str | None, limit_bytes: int) -> Spooled:
    """Write the chunks to the spool folder under their SHA-256; the same bytes sent twice are one file."""
    shown = shown_name(name)
    suffix = file_suffix(shown)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    fd, partial = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit_bytes:
                    raise Refused(
                        413, f"{shown}: the file is larger than the limit of {limit_bytes // 1_000_000} MB "
                        "(CEN_MAX_UPLOAD_MB)",
                    )  # fmt: skip
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise Refused(422, f"{shown}: the file is empty")
        target = folder / f"{digest.hexdigest()}{suffix}"
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return Spooled(target, digest.hexdigest(), size, shown, suffix)


def spooled_path(folder: Path, sha256: str, file_type_suffix: str) -> Path:
    return folder / f"{sha256}{file_type_suffix}"
