"""`cen serve`: the service on uvicorn, owning the store for as long as it runs."""

from __future__ import annotations

import logging
from pathlib import Path

from cen_pipeline.core.settings import settings
from cen_pipeline.service.tables import prepare
from cen_pipeline.store.db import connect, held


def open_store(db: Path) -> None:
    """Make the service's tables in the store (a no-op when it has them)."""
    with connect(db) as con:
        prepare(con)


def serve(db: Path, host: str, port: int, spool: Path | None = None, secure_cookies: bool = False) -> None:
    import uvicorn

    from cen_pipeline.service.api import Service
    from cen_pipeline.service.app import create_app
    from cen_pipeline.service.writer import Writer

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("cen.service").setLevel(logging.INFO)
    folder = spool or db.with_name(db.name + ".spool")
    with held(db):
        open_store(db)
        writer = Writer(db, folder, db.with_name(db.name + ".reports"), db.with_name(db.name + ".replies"))
        writer.start()
        limit = settings().upload_mb.value * 1_000_000
        try:
            uvicorn.run(
                create_app(Service(db, folder, writer, limit)), host=host, port=port, log_level="warning"
            )
        finally:
            writer.stop()
