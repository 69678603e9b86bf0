"""The text of `sample_data/README.md`: what each sample holds and the planted events, from the facts of the
generated feeds and the fault manifest.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from cen_pipeline.contract.codelists import codelist
from cen_pipeline.samples.faults import FAULTS
from cen_pipeline.samples.members import MEMBERS
from cen_pipeline.samples.reference import (
    GAP_MEMBER,
    GAP_YEAR,
    LATE_MEMBER,
    NEW_ROUTE,
    REGIME_FACTOR,
    REGIME_FROM,
    REGIME_MEMBER,
    SEASON,
    SPIKE_CATEGORY,
    SPIKE_FACTOR,
    SPIKE_MEMBER,
    SPIKE_MONTH,
    YEARS,
)
from cen_pipeline.samples.register import REGISTER_FILE, register_facts


def _month_name(key: str) -> str:
    return date.fromisoformat(key + "-01").strftime("%B %Y")


def readme_text(facts: dict[str, Any], manifest: list[dict[str, Any]]) -> str:
    members = codelist("member")
    regions = codelist("wco_region")
    counts: dict[str, dict[str, int]] = facts["counts"]
    register = register_facts()
    total_cases = sum(c["cases"] for c in counts.values())
    total_lines = sum(c["lines"] for c in counts.values())
    files = sum(c["files"] for c in counts.values())
    spike_key = f"{SPIKE_MONTH[0]}-{SPIKE_MONTH[1]:02d}"
    route = facts["new_route_by_month"]
    regime = facts["regime_by_year"]
    before = [regime[y] for y in YEARS if y < REGIME_FROM]
    after = [regime[y] for y in YEARS if y >= REGIME_FROM]
    out = [
        "# Sample data",
        "",
        "Synthetic IPR seizure records for trying, testing and demonstrating the pipeline. **Everything here is",
        "invented**: no case, office figure, value or route is taken from a real submission, and no file holds",
        "personal data (descriptions are short neutral texts; brands and right holders are companies).",
        "",
        "Regenerate everything (the same bytes on every run; the seed is fixed and no date depends on the day):",
        "",
        "```",
        "python -m cen_pipeline.samples            # writes sample_data/",
        "python -m cen_pipeline.samples --out DIR  # writes elsewhere",
        "python -m cen_pipeline.samples --big sample_data/big/feed.csv --lines 10000000  # benchmark file",
        "```",
        "",
        "The big benchmark file is written by DuckDB from hashes of the line number (valid, about 2.5 goods lines",
        "per case, ten Members, 2019-2025) and is not committed (`sample_data/big/` is ignored).",
        "",
        "## feeds/: canonical feeds of 15 Members, 2019-2025",
        "",
        f"One canonical CSV per Member and seizure year, `<MEMBER>_<YEAR>.csv`, as a Member submits it: {files}",
        f"files, {total_cases} cases, {total_lines} goods lines. A case has 1 to 4 goods lines; the case fields",
        "are repeated on each of its lines. Every file validates with no error under the `canonical` profile.",
        "",
        "| Member | Name | WCO region | RILO | Currency | Value basis | Files | Cases | Lines |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in MEMBERS:
        c = counts[m.code]
        out.append(
            f"| {m.code} | {members.label(m.code)} | {regions.label(m.region)} | "
            f"{members.attributes[m.code]['rilo']} | {m.currency} | {m.basis} | {c['files']} | {c['cases']} | "
            f"{c['lines']} |"
        )
    out += [
        "",
        "What the data look like:",
        "",
        f"- Monthly seasonality with a fourth-quarter peak (December about {SEASON[11] / SEASON[1]:.1f} times "
        "February), and",
        "  a yearly trend per Member (for example US +5 %, TR +9 %, MX -3 % a year).",
        "- Postal and express-courier parcels make most of the cases; sea containers carry most of the articles",
        "  (thousands per line against a handful in a parcel).",
        "- Departure countries are mostly CN and HK, then TR, AE, VN, IN, TH, SG; road consignments come from",
        "  neighbouring countries; some sea and air consignments list transit hubs (AE, SG, TR, HK).",
        "- HS codes match the product category; units are pairs for shoes, kg for foodstuffs, litres for",
        "  beverages, packs for medicines (loose tablets in parcels are counted in pieces).",
        "- Values are in the Member's currency on the Member's basis: `retail` in the EU Members and JP, `msrp`",
        "  in the US, `declared` elsewhere. Some lines have no value.",
        "- Long-form fields are filled as each Member's system allows: several Members leave traffic, customs",
        "  procedure, concealment, e-commerce, description, UN/LOCODE or number of articles empty.",
        f"- Submission follows seizure by a median of {facts['other_median_days']:.0f} days, except at "
        f"{LATE_MEMBER} (see event e).",
        "",
        "## Planted events",
        "",
        "Later tests check that the trend and alert code finds these.",
        "",
        f"a. **Spike**: {SPIKE_MEMBER} ({members.label(SPIKE_MEMBER)}), product category `{SPIKE_CATEGORY}`, "
        f"in {_month_name(spike_key)} only",
        f"   ({spike_key}): {facts['spike_count']} cases with a `{SPIKE_CATEGORY}` line against a mean of "
        f"{facts['spike_baseline']} a month over the",
        f"   twelve months before ({SPIKE_FACTOR:g} times the usual level, at least 8). The extra cases are parcels "
        "and air cargo from IN and CN.",
        f"   No other month of {SPIKE_MEMBER} {SPIKE_CATEGORY} has more than {facts['spike_max_other']} cases.",
        f"b. **New route**: departure {NEW_ROUTE[0]} -> destination {NEW_ROUTE[1]} "
        f"({members.label(NEW_ROUTE[1])}), first seen in {_month_name(facts['new_route_first'])}",
        f"   and never before in any feed; then every month to December 2025, "
        f"{min(route.values())} to {max(route.values())} cases a month",
        "   (sport shoes, some with clothing; sea containers and express parcels), reported by "
        f"{NEW_ROUTE[1]}: " + ", ".join(f"{k}: {v}" for k, v in route.items()) + ".",
        f"c. **Reporting change**: {REGIME_MEMBER} ({members.label(REGIME_MEMBER)}) reports about "
        f"{REGIME_FACTOR:g} times more cases from January {REGIME_FROM}",
        "   across all categories, conveyances and routes in the same proportions (its reporting practice",
        "   changed, not the traffic). Cases per year: "
        + ", ".join(f"{y}: {n}" for y, n in regime.items())
        + f" (mean {np.mean(before):.1f} a year before, {np.mean(after):.1f} after).",
        "   No category of this Member should raise a category alert for the jump.",
        f"d. **Gap in reporting**: {GAP_MEMBER} ({members.label(GAP_MEMBER)}) sent nothing for {GAP_YEAR}: "
        f"there is no file `{GAP_MEMBER}_{GAP_YEAR}.csv`",
        f"   (not reported, which is not zero); it reports again from January {GAP_YEAR + 1}.",
        f"e. **Late submitter**: {LATE_MEMBER} ({members.label(LATE_MEMBER)}) submits a median "
        f"{facts['late_median_days']:.0f} days after seizure",
        f"   (all other Members together: {facts['other_median_days']:.0f} days).",
        "",
        "Other departure -> destination pairs first seen in 2024 or 2025 (chance, rare, not planted): "
        + (
            "; ".join(
                f"{r} from {m} ({n} case{'s' if n != 1 else ''} in all)"
                for r, m, n in facts["routes_first_seen_late"]
            )
            or "none"
        )
        + ".",
        "",
        "## profiles/: the same 12 cases (25 goods lines) in each feed profile",
        "",
        "| File | Profile | Form |",
        "|---|---|---|",
        "| `canonical.csv` | `canonical` | UTF-8, comma, record field names as headings |",
        "| `canonical-bom.csv` | `canonical` | the same with a UTF-8 byte-order mark |",
        "| `canonical-utf16.csv` | `canonical` | the same in UTF-16 with a byte-order mark |",
        "| `fr-douane.csv` | `fr-douane` | Windows-1252, semicolon, decimal comma, space as thousands separator, "
        "DD/MM/YYYY, French headings and national codes; the reporting Member is the profile's constant FR |",
        '| `en-workbook.xlsx` | `en-workbook` | sheet "IPR seizures", readable headings and transport, place '
        "and procedure labels, real Excel dates, numbers and yes/no cells |",
        "",
        "All describe the same cases of FR in 2025 (`FR-2025-900001` to `FR-2025-900012`) and use only values",
        "the national profiles can express. The CSV files include a description with accents, one with an",
        "embedded line break and quotes, and one with quotes and a semicolon.",
        "",
        f"`{REGISTER_FILE}` (profile `seizure-register`) is of another kind: a register exported record by "
        f"record, as international seizure databases publish them: {register['rows']:,} rows, one per seizure, "
        "`;`-separated, DD/MM/YYYY, country names in UN English (sub-national qualifiers, historical names), "
        "amounts in grams, millilitres and tablets, some as a spreadsheet's float renderings "
        "(`123.45000000000002`), no case reference, place and transport values no code list knows, "
        f"{register['repeated']} rows sent twice, and {register['faulty']} rows with a fault a Member would "
        "have to fix (a date that does not exist, an unknown country, a value with too many decimals, a "
        "negative amount). The profile stores every other row without pre-processing; `ingest/README.md` "
        "explains each of its settings.",
        "",
        "## faults/: one small file per problem code",
        "",
        "Each file is the same three valid cases (four rows) with one faulty cell, row or column, named after",
        "the problem code it triggers. `manifest.json` lists for each file the profile, the Member to validate",
        "for (`member-mismatch.csv` needs `--member FR`), the code, the spreadsheet row (header = 1), the column",
        "heading and letter, the cell text as written (null for file-level problems) and the expected exit",
        "status (1 for errors; 0 for `unknown-column.csv`, `number-rounded.csv` and `conversion-rounded.csv`,",
        "whose problems are warnings; 3 for unreadable input). The two `conversion-` files are validated with",
        "`national-units.toml` beside them (`--profile sample_data/faults/national-units.toml`): the canonical",
        "headings, with quantities in grams and milligrams converted to kilograms.",
        "",
        "| File | Code | Row | Column | What is wrong |",
        "|---|---|---|---|---|",
    ]
    notes = {f.file: f.note for f in FAULTS}
    for entry in manifest:
        if entry["exit"] == 3:
            continue
        column = f"{entry['column']} ({entry['letter']})" if entry["letter"] else (entry["column"] or "")
        out.append(
            f"| `{entry['file']}` | `{entry['code']}` | {entry['row'] or ''} | {column} | "
            f"{notes[entry['file']]} |"
        )
    out += [
        "| `not-utf8.csv` | unreadable (exit 3) | | | Latin-1 bytes in a file read as UTF-8 |",
        "| `not-a-workbook.xlsx` | unreadable (exit 3) | | | a text file with an .xlsx name |",
        "",
        "`brands-pass.csv` is valid (no problem at all): its brands and right holders are Louis Vuitton, Calvin",
        "Klein, Tommy Hilfiger, Ralph Lauren, Giorgio Armani and Hugo Boss, company names that look like person",
        "names and must not be taken for personal data.",
        "",
    ]
    return "\n".join(out)
