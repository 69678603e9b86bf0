"""Synthetic sample data: Member feeds with planted events, one set of cases in three feed profiles, fault files.

Everything here is invented. The generator is deterministic: the same seed writes the same bytes on every run,
whatever the day, so the files under `sample_data/` can be committed and compared. Run it with

    python -m cen_pipeline.samples [--out sample_data]

and `python -m cen_pipeline.samples --big PATH --lines N` writes a large valid canonical CSV for benchmarks.

The package holds, by section: `reference` (reference tables and the planted-event constants), `goods` and
`members` (the tables of product categories and of reporting Members), `feeds` (the Member feeds), `profiles`
(the same cases in three feed profiles), `register` (a seizure register as databases export it), `faults` (one
small file per problem code) and `fault_files` (writing and verifying them), `big` (the large benchmark CSV)
and `readme` (the text of `sample_data/README.md`); `generate` and `main` are here, and the names other code
uses from the package are re-exported.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cen_pipeline.samples.big import write_big_csv
from cen_pipeline.samples.fault_files import verify_faults, write_faults
from cen_pipeline.samples.feeds import _months_before as _months_before
from cen_pipeline.samples.feeds import write_feeds
from cen_pipeline.samples.profiles import write_profiles
from cen_pipeline.samples.readme import readme_text
from cen_pipeline.samples.reference import GAP_MEMBER, GAP_YEAR, SEED, YEARS
from cen_pipeline.samples.register import write_register

__all__ = [
    "GAP_MEMBER",
    "GAP_YEAR",
    "YEARS",
    "generate",
    "main",
    "verify_faults",
    "write_big_csv",
    "write_feeds",
    "write_profiles",
]


def generate(out: Path, seed: int = SEED) -> dict[str, Any]:
    """(Re)write every sample under `out`; returns the facts of the feeds."""
    out.mkdir(parents=True, exist_ok=True)
    facts = write_feeds(out, seed)
    write_profiles(out, seed)
    write_register(out, seed)
    manifest = write_faults(out)
    (out / "README.md").write_text(readme_text(facts, manifest), encoding="utf-8")
    return facts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cen_pipeline.samples", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path("sample_data"), help="folder to (re)write")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    parser.add_argument("--big", type=Path, help="write only a big valid canonical CSV to this path")
    parser.add_argument("--lines", type=int, default=1_000_000, help="goods lines of the big CSV")
    args = parser.parse_args(argv)
    if args.big:
        write_big_csv(args.big, args.lines)
        print(f"{args.big}: {args.lines} goods lines")
        return 0
    facts = generate(args.out, args.seed)
    counts = facts["counts"]
    print(
        f"{args.out}: {sum(c['files'] for c in counts.values())} feed files, "
        f"{sum(c['cases'] for c in counts.values())} cases, {sum(c['lines'] for c in counts.values())} lines"
    )
    return 0
