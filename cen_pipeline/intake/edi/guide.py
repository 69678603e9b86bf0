"""The message implementation guide of CENSEZ, the seizure report message, generated from the mapping
tables in `cen_pipeline.intake.edi.message` (written by `cen schema export` to `schemas/edi_message_guide.md`)."""

from __future__ import annotations

from datetime import datetime

from cen_pipeline.contract.catalogue import kind
from cen_pipeline.contract.models import CASE_FIELDS, FEED_FIELDS, FeedRow
from cen_pipeline.intake.edi.acknowledgement import (
    SYNTAX_ERROR_CODES,
    build_application_acknowledgement,
    build_syntax_report,
)
from cen_pipeline.intake.edi.definition import (
    APPLICATION_REFERENCE,
    ASSOCIATION_CODE,
    CONTROLLING_AGENCY,
    FREE_TEXT_PIECE,
    FREE_TEXT_PIECES,
    MESSAGE_FUNCTIONS,
    MESSAGE_RELEASE,
    MESSAGE_TYPE,
    MESSAGE_VERSION,
    SEGMENT_RULES,
    TRANSPORT_MODES,
    SegmentRule,
)
from cen_pipeline.intake.edi.feed import feed_from_text
from cen_pipeline.intake.edi.mapping import MAPPING_PROBLEM_KINDS
from cen_pipeline.intake.edi.problems import PROBLEM_KINDS
from cen_pipeline.intake.edi.writer import write_interchange

# The data elements of each segment in order (simple data element or composite), as in UNTDID.
SEGMENT_ELEMENTS: dict[str, tuple[str, ...]] = {
    "BGM": ("C002", "C106", "1225"),
    "DTM": ("C507",),
    "RFF": ("C506",),
    "FTX": ("4451", "4453", "C107", "C108"),
    "LOC": ("3227", "C517", "C519"),
    "TDT": ("8051", "8028", "C220"),
    "ATT": ("9017", "C955", "C956"),
    "LIN": ("1082", "1229", "C212"),
    "PIA": ("4347", "C212"),
    "IMD": ("7077", "C272", "C273"),
    "QTY": ("C186",),
    "MOA": ("C516",),
}
COMPOSITES: dict[str, tuple[str, ...]] = {
    "C002": ("1001", "1131", "3055", "1000"),
    "C106": ("1004", "1056", "1060"),
    "C507": ("2005", "2380", "2379"),
    "C506": ("1153", "1154"),
    "C108": ("4440",) * 5,
    "C517": ("3225", "1131", "3055", "3224"),
    "C519": ("3223", "1131", "3055", "3222"),
    "C220": ("8067", "8066"),
    "C956": ("9019", "1131", "3055", "9018"),
    "C212": ("7140", "7143", "1131", "3055"),
    "C272": ("7081", "1131", "3055"),
    "C273": ("7009", "1131", "3055", "7008", "7008"),
    "C186": ("6063", "6060", "6411"),
    "C516": ("5025", "5004", "6345", "6343", "4405"),
}
NAMES: dict[str, str] = {
    "C002": "Document/message name",
    "C106": "Document/message identification",
    "C507": "Date/time/period",
    "C506": "Reference",
    "C107": "Text reference",
    "C108": "Text literal",
    "C517": "Location identification",
    "C519": "Related location one identification",
    "C220": "Mode of transport",
    "C955": "Attribute type",
    "C956": "Attribute detail",
    "C212": "Item number identification",
    "C272": "Item characteristic",
    "C273": "Item description",
    "C186": "Quantity details",
    "C516": "Monetary amount",
    "1000": "Document name",
    "1001": "Document name code",
    "1004": "Document identifier",
    "1056": "Version identifier",
    "1060": "Revision identifier",
    "1082": "Line item identifier",
    "1131": "Code list identification code",
    "1153": "Reference code qualifier",
    "1154": "Reference identifier",
    "1225": "Message function code",
    "1229": "Action request/notification description code",
    "2005": "Date or time or period function code qualifier",
    "2379": "Date or time or period format code",
    "2380": "Date or time or period text",
    "3055": "Code list responsible agency code",
    "3222": "First related location name",
    "3223": "First related location identifier",
    "3224": "Location name",
    "3225": "Location identifier",
    "3227": "Location function code qualifier",
    "4347": "Product identifier code qualifier",
    "4405": "Status description code",
    "4440": "Free text",
    "4451": "Text subject code qualifier",
    "4453": "Free text function code",
    "5004": "Monetary amount",
    "5025": "Monetary amount type code qualifier",
    "6060": "Quantity",
    "6063": "Quantity type code qualifier",
    "6343": "Currency type code qualifier",
    "6345": "Currency identification code",
    "6411": "Measurement unit code",
    "7008": "Item description",
    "7009": "Item description code",
    "7077": "Description format code",
    "7081": "Item characteristic code",
    "7140": "Item identifier",
    "7143": "Item type identification code",
    "8028": "Means of transport journey identifier",
    "8051": "Transport stage code qualifier",
    "8066": "Transport mode name",
    "8067": "Transport mode name code",
    "9017": "Attribute function code qualifier",
    "9018": "Attribute description",
    "9019": "Attribute description code",
}

_FORMS = {
    "text": "text as in the feed",
    "code": "code",
    "date": "date CCYYMMDD (feed: YYYY-MM-DD)",
    "number": "decimal number with the UNA decimal mark (feed: point)",
    "integer": "whole number",
    "flag": "`1` true, `0` false (feed: true/false)",
    "list": "one code per occurrence (feed: `|`-separated)",
    "free_text": f"pieces of {FREE_TEXT_PIECE} characters, joined on reading",
    "function": "message function, see below",
    "mode": "UN/ECE Rec. 19 mode derived from the conveyance (not read)",
}

# The example case of the guide: the examples declared on the record's fields, and a second goods line.
_PREPARED = datetime(2025, 4, 2, 14, 5)


def example_case() -> list[dict[str, str]]:
    """A two-line example case built from the examples declared on the fields of the record."""
    first = {name: str(FeedRow.model_fields[name].examples[0]) for name in FEED_FIELDS}  # type: ignore[index]
    first["case_action"] = "report"
    second = {name: first[name] for name in CASE_FIELDS} | {
        "line_no": "2",
        "product_category": "perfumes_cosmetics",
        "hs_code": "330300",
        "brand": "Chanel",
        "right_holder": "Chanel SAS",
        "ipr_types": "trade_mark",
        "quantity": "36",
        "unit": "pieces",
        "articles": "36",
        "value": "3240.00",
        "currency": "EUR",
        "value_basis": "retail",
        "health_safety": "true",
    }
    return [first, second]


def _position(index: int, component: int, tag: str) -> tuple[str, str, str]:
    element = SEGMENT_ELEMENTS[tag][index]
    number = f"{(index + 1) * 10:03d}"
    if element.startswith("C"):
        simple = COMPOSITES[element][component]
        return number, f"{element} {NAMES[element]} / {simple}", NAMES[simple]
    return number, element, NAMES[element]


def _codelist(name: str | None) -> str:
    return f" ([{name}](codelists/{name}.csv))" if name else ""


def _segment_rows(rule: SegmentRule) -> list[str]:
    rows: list[tuple[int, int, str]] = []
    if rule.qualifier_at is not None:
        codes = ", ".join(f"`{code}` {meaning}" for code, meaning in rule.qualifiers)
        content = f"qualifier: {codes}"
        if rule.qualifier_field:
            pairs = ", ".join(f"`{code}` = {value or 'no basis'}" for code, value in rule.qualifier_values)
            content += f"; gives `{rule.qualifier_field}`{_codelist(rule.qualifier_field)}: {pairs}"
        rows.append((*rule.qualifier_at, content))
    for fixed in rule.fixed:
        when = f" (when `{fixed.when}` is given)" if fixed.when else ""
        rows.append((fixed.element, fixed.component, f"`{fixed.value}` {fixed.meaning}{when}"))
    for slot in rule.slots:
        content = f"`{slot.field}`: {_FORMS[slot.form]}{_codelist(slot.codelist)}"
        rows.append((slot.element, slot.component, content))
    out = ["| Pos | Data element | Name | Content |", "|---|---|---|---|"]
    for element, component, content in sorted(rows, key=lambda r: (r[0], r[1])):
        number, ident, name = _position(element, component, rule.tag)
        out.append(f"| {number} | {ident} | {name} | {content} |")
    return out


def message_guide() -> str:
    """The Markdown message implementation guide (deterministic: the same text on every run)."""
    lines: list[str] = [
        f"# {MESSAGE_TYPE}: seizure report message implementation guide",
        "",
        "No public UN/EDIFACT message carries seizure reports, so this project defines its own message on",
        "standard UN/EDIFACT syntax (ISO 9735). One message reports one seizure case with its goods lines;",
        "it carries non-nominal data only: no segment names or identifies a person.",
        "",
        "## Identification",
        "",
        f"- UNH S009: message type `{MESSAGE_TYPE}`, version `{MESSAGE_VERSION}`, release "
        f"`{MESSAGE_RELEASE}`, controlling agency `{CONTROLLING_AGENCY}` (mutually defined), association "
        f"assigned code `{ASSOCIATION_CODE}`: `UNH+1+{MESSAGE_TYPE}:{MESSAGE_VERSION}:{MESSAGE_RELEASE}:"
        f"{CONTROLLING_AGENCY}:{ASSOCIATION_CODE}'`.",
        f"- UNB 0026 application reference: `{APPLICATION_REFERENCE}`.",
        "- Syntax version 3 (default service characters `:+.? '`, UNB date YYMMDD) or 4 (a repetition",
        "  separator such as `*`, UNB date CCYYMMDD). Character set UNOC (ISO 8859-1), or UNOW (UTF-8) when",
        "  the text needs characters outside ISO 8859-1.",
        "- Optional UNG/UNE functional groups (UNG 0038 `CENSEZ`); UNZ then counts groups, else messages.",
        "  UNT counts the segments of its message, UNH and UNT included.",
        "- Either decimal mark (point or comma) is accepted in numbers on reading; the writer uses the UNA's.",
        "- Codes with a `Z` are mutually defined for this message. Coded values are the project's codes;",
        "  each code list is published beside this guide under `codelists/`.",
        "",
        "## Message structure",
        "",
        "| Pos | Tag | Qualifier | Name | Status | Max use |",
        "|---|---|---|---|---|---|",
        "| 0000 | UNH | | Message header | M | 1 |",
    ]
    position = 10
    in_group = False
    for rule in SEGMENT_RULES:
        if rule.level == "line" and not in_group:
            in_group = True
            lines.append(f"| {position:04d} | | | Segment group 1: goods line | M | 9999 |")
            position += 10
        qualifier = " ".join(code for code, _ in rule.qualifiers)
        indent = "-- " if in_group else ""
        lines.append(
            f"| {position:04d} | {indent}{rule.tag} | {qualifier} | {rule.name} | {rule.status} | {rule.max_use} |"
        )
        position += 10
    lines += [
        f"| {position:04d} | UNT | | Message trailer | M | 1 |",
        "",
        "Status M: the segment must be sent (a withdrawal needs only BGM and ATT+MBR, and no goods line).",
        "The reader accepts the case segments in any order before the first LIN; the writer sends them in",
        "the order above. A segment not in the table, a case segment after the first LIN, an undefined",
        "qualifier or a segment repeated beyond its maximum rejects the message (see the problems below).",
        "",
        "## Segments",
        "",
    ]
    for rule in SEGMENT_RULES:
        qualifier = "/".join(code for code, _ in rule.qualifiers)
        title = f"{rule.tag}+{qualifier}" if qualifier else rule.tag
        lines += [
            f"### {title}: {rule.name}",
            "",
            f"Part: {'goods-line group' if rule.level == 'line' else 'case'}. Status {rule.status}, "
            f"at most {rule.max_use}.",
            "",
            *_segment_rows(rule),
            "",
        ]
        if rule.note:
            lines += [f"Note: {rule.note}.", ""]
    lines += [
        "## Message function (BGM 1225) and case action",
        "",
        "| 1225 | Meaning | `case_action` |",
        "|---|---|---|",
        *[
            f"| {code} | {meaning} | {action or '(empty: a report, the default)'} |"
            for (code, action), meaning in zip(
                MESSAGE_FUNCTIONS.items(), ("Original", "Replace", "Cancellation"), strict=True
            )
        ],
        "",
        "## Conveyance and transport mode (TDT C220)",
        "",
        "| `conveyance` (8066) | UN/ECE Rec. 19 mode (8067) |",
        "|---|---|",
        *[f"| {code} | {mode} |" for code, mode in TRANSPORT_MODES.items()],
        "",
        "## Field index",
        "",
        "Every field of the flat feed row and where the message carries it.",
        "",
        "| Field | Segment | Data element |",
        "|---|---|---|",
    ]
    for name in FEED_FIELDS:
        lines.append(f"| `{name}` | {_where(name)} |")
    lines += [
        "",
        "## Free text",
        "",
        f"FTX+AAA carries the description in pieces of {FREE_TEXT_PIECE} characters, {FREE_TEXT_PIECES} to a",
        "segment; the reader joins the pieces of every FTX+AAA in order. Service characters in any value are",
        "escaped with the release character. Line breaks are outside the EDIFACT character repertoires:",
        "a line break followed by what looks like a segment tag reads as a lost segment terminator.",
        "",
        "## Problems",
        "",
        "A problem of the envelope (UNA, UNB/UNZ, UNG/UNE) rejects every message; a problem inside a message",
        "rejects that message only, and the other messages of the interchange are used. The values of an",
        "accepted message are then checked like the cells of a CSV feed. Codes (in the problem catalogue):",
        "",
        "| Code | Rejects | Meaning | CONTRL 0085 |",
        "|---|---|---|---|",
    ]
    kinds = {**PROBLEM_KINDS, **MAPPING_PROBLEM_KINDS}
    for code in sorted(kinds):
        kind = kinds[code]
        scope = {
            "located": "the message it is in, else the interchange",
            "warning": "nothing (warning)",
        }.get(kind.scope, f"the {kind.scope}")
        syntax_code = SYNTAX_ERROR_CODES.get(code, "")
        syntax = f"{syntax_code} {SYNTAX_ERROR_NAMES[syntax_code]}" if syntax_code else "(not reported)"
        lines.append(f"| `{code}` | {scope} | {kind.title} | {syntax} |")
    example = write_interchange([example_case()], "FRDGDDI", "WCOCEN", "CEN000001", prepared=_PREPARED)
    lines += [
        "",
        "## Example",
        "",
        "A case of two goods lines, as `write_interchange` writes it:",
        "",
        "```",
        example.rstrip("\n"),
        "```",
    ]
    lines += _acknowledgement_section(example)
    lines.append("")
    return "\n".join(lines)


# ISO 9735 code list 0085 (syntax error, coded): the names of the codes the syntax report uses.
SYNTAX_ERROR_NAMES: dict[str, str] = {
    "2": "syntax version or level not supported",
    "12": "invalid value",
    "13": "missing",
    "15": "not supported in this position",
    "17": "no agreement",
    "18": "unspecified error",
    "20": "character invalid as service character",
    "26": "duplicate detected",
    "28": "references do not match",
    "29": "control count does not match number of instances received",
    "30": "functional groups and messages mixed",
    "33": "invalid occurrence outside message, package or group",
    "35": "too many repetitions",
}


def _acknowledgement_section(example: str) -> list[str]:
    """How the replies to an interchange are built, with the replies to the example interchange."""
    feed = feed_from_text(example)
    interchange = feed.interchange
    reference = interchange.messages[0].reference
    problem = kind("unknown-code").render("en", value="spaceships", codelist="product_category")
    detail = f"{feed.row_labels[1]}: {problem}"
    contrl = build_syntax_report(interchange, control_reference="CCEN000001", prepared=_PREPARED)
    aperak = build_application_acknowledgement(
        interchange,
        {reference: [("unknown-code", detail)]},
        control_reference="ACEN000001",
        prepared=_PREPARED,
    )
    return [
        "",
        "## Acknowledgements",
        "",
        "`cen validate --ack DIR` and `cen ingest --ack DIR` answer every interchange they read with two",
        "interchanges for the sender's system, written to `DIR` and named after the subject's control",
        "reference (UNB 0020): `<reference>.contrl.edi` and `<reference>.aperak.edi`. Both go from the",
        "subject's recipient back to its sender; UNB 0026 says which reply it is (`CONTRL` or `APERAK`), and",
        "each has its own control reference: `C` or `A` followed by the subject's (a hash of it when that",
        "would exceed the 14 characters of 0020). An interchange without a UNB sender gets no reply.",
        "",
        "**Syntax report** (CONTRL, `CONTRL:D:3:UN`, or `CONTRL:4:1:UN` for a syntax 4 interchange): one",
        "message.",
        "",
        "- `UCI`: 0020 the subject's control reference, S002 its sender, S003 its recipient, 0083 `7`",
        "  acknowledged or `4` rejected (a problem of the envelope), and for the first envelope problem its",
        "  0085 code (table above), 0013 the service segment and S011 the data element position.",
        "- `UCF` per UNG group of the subject (0048, S006, S007, 0083), followed by the UCM of its messages.",
        "- `UCM` per message: 0062 its reference, S009 its identifier, 0083 `7` or `4`, and for its first",
        "  problem 0085 (and 0013/S011 when the problem is in UNH or UNT).",
        "- `UCS` per problem of a message: 0096 the segment position counted from UNH as 1, 0085 the code.",
        "",
        "A message is rejected in the syntax report for its own syntax and structure problems; its values",
        "are judged in the application acknowledgement.",
        "",
        "**Application acknowledgement** (APERAK, `APERAK:D:96A:UN`): one message per subject message.",
        "",
        "- `BGM`: 1001 `ZZZ`, 1004 the subject message reference, 1225 `29` accepted or `27` not accepted.",
        "- `DTM+137`: the time of the reply (format 203).",
        "- `RFF+ACW`: the subject message reference.",
        "- `ERC` per error: C901 9321 the error code of the problem catalogue: an EDI code of the table",
        "  above, or an error of the contract found in the message's goods lines (`unknown-code`,",
        "  `out-of-range`, ...), or, for `cen ingest`, an error only the store can find (`unknown-case`,",
        "  a withdrawal of a case it does not hold; `quality-blocked`, a submission refused by the quality",
        "  gate). A broken envelope gives every message its problem.",
        "- `FTX+AAO` after each ERC: where the error is (message and segment) and what is wrong, in",
        "  English, in pieces of 512 characters.",
        "",
        "`cen ingest` acknowledges what the store did with the interchange; an interchange sent again is",
        "skipped and acknowledged as it was the first time.",
        "",
        "The replies to the example above, had its second goods line an unknown product category:",
        "",
        "```",
        contrl.rstrip("\n"),
        "```",
        "",
        "```",
        aperak.rstrip("\n"),
        "```",
    ]


def _where(name: str) -> str:
    places: list[str] = []
    for rule in SEGMENT_RULES:
        qualifier = "/".join(code for code, _ in rule.qualifiers)
        title = f"{rule.tag}+{qualifier}" if qualifier else rule.tag
        for slot in rule.slots:
            if slot.field == name and slot.form != "mode":
                places.append(f"{title} | {_position(slot.element, slot.component, rule.tag)[1]}")
        if rule.qualifier_field == name and rule.qualifier_at is not None:
            element = _position(*rule.qualifier_at, rule.tag)[1]
            places.append(f"{title} | {element} (the qualifier)")
    return "; ".join(places)
