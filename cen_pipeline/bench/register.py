"""A register reporting for many Members at once, at scale: validate, ingest, coverage, the quality scorecard
and the alerts over a generated 52-Member register (`samples/many_members.py`, one Member silent for a year,
one reporting ten times as much from a month on), each timed beside DuckDB's plain load of the same file,
and what they say checked: every Member with cases in coverage and in the scorecard with its own months, the
jump the Member's reporting change and not spikes.

    python -m cen_pipeline.bench register [--lines N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

import duckdb

from cen_pipeline.bench.ingest import Figure, cen, measure, plain_load, report
from cen_pipeline.samples.many_members import JUMP, SILENT, ManyMemberRegister, write_many_member_register

MEMBERS, MONTHS = 52, 36


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=300_000)
    parser.add_argument("--dir", type=Path, default=Path("out/bench"))
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    # A little more than MEMBERS x MONTHS x rate (the jump's Member reports ten times as much for a third of
    # the months, the silent one nothing for a year): at least the rows asked for.
    per_month = args.lines / (MEMBERS * MONTHS)
    start = time.perf_counter()
    made = write_many_member_register(args.dir / "register.csv", MEMBERS, MONTHS, per_month)
    print(
        f"generated {made.path} ({made.rows:,} rows, {MEMBERS} Members) in {time.perf_counter() - start:.1f} s"
    )
    db = args.dir / "register.duckdb"
    for leftover in (db, Path(f"{db}.wal")):
        leftover.unlink(missing_ok=True)
    baseline = measure(
        "DuckDB plain read_csv into a table", plain_load(made.path, args.dir / "plain-register.duckdb", ";")
    )
    profile = ("--profile", "seizure-register")
    figures: list[Figure] = [
        baseline,
        measure("cen validate", cen("validate", str(made.path), *profile, "--format", "json")),
        measure("cen ingest into a fresh store", cen("ingest", str(made.path), *profile, "--db", str(db))),
        measure("cen quality (scorecard)", cen("quality", "--db", str(db), "--format", "json")),
        measure(
            "cen alerts (every month)",
            cen("alerts", "--db", str(db), "--since", "2022-01", "--format", "json"),
        ),
    ]
    report(figures, baseline, f"{made.rows:,} register rows of {MEMBERS} Members, measured in this run")
    _check(made, db)


def _check(made: ManyMemberRegister, db: Path) -> None:
    """What the outputs say of the Members, against what the register holds."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        covered = {m for (m,) in con.execute("SELECT DISTINCT member FROM coverage").fetchall()}
        silent_months = con.execute(
            "SELECT count(*) FROM coverage WHERE member = ? AND status = 'not_reported'",
            [made.members[SILENT]],
        ).fetchone()
    finally:
        con.close()
    scored = json.loads(_stdout(cen("quality", "--db", str(db), "--format", "json")))
    members = {r["code"] for r in scored if r["level"] == "member"}
    alerts = json.loads(_stdout(cen("alerts", "--db", str(db), "--since", "2022-01", "--format", "json")))
    jump = made.members[JUMP]
    changes = [a["period"] for a in alerts if a["kind"] == "reporting_change" and a["stratum"] == jump]
    spikes = [
        a
        for a in alerts
        if a["kind"] == "spike" and a["stratum"].startswith(jump) and a["period"] >= min(changes or ["9999"])
    ]
    expected = set(made.members.values())
    print(
        f"  Members in coverage: {len(covered & expected)} of {len(expected)}; in the scorecard: "
        f"{len(members & expected)}; {SILENT}'s months not reported: {silent_months[0] if silent_months else 0}"
        f" (silent for 12); {JUMP}'s reporting changes: {', '.join(changes) or 'none'}, spikes from then: "
        f"{len(spikes)}"
    )


def _stdout(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=False).stdout


if __name__ == "__main__":
    main()
