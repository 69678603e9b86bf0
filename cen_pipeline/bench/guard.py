"""The personal-data guard measured on independent labelled texts (`labelled_text.py`, per class and field)
and on the regression corpus of `tests/data/`, beside Microsoft Presidio's pattern
recognizers (no language model: only what runs offline): recall on the personal-data snippets, false
rejections of the legitimate ones, and the time each takes.

    python -m cen_pipeline.bench guard
"""

from __future__ import annotations

import argparse
import csv
import importlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from cen_pipeline.bench.labelled_text import SEEDS, Text, texts
from cen_pipeline.contract.nominal import find_personal_data

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "personal_data_corpus.csv"
# Presidio's recognizers for the kinds the guard looks for; each runs on patterns alone.
PRESIDIO_RECOGNIZERS = (
    "PhoneRecognizer",
    "EmailRecognizer",
    "IbanRecognizer",
    "CreditCardRecognizer",
    "UsPassportRecognizer",
    "UsLicenseRecognizer",
    "UsSsnRecognizer",
    "UsItinRecognizer",
    "UkNinoRecognizer",
    "EsNifRecognizer",
    "EsNieRecognizer",
    "ItFiscalCodeRecognizer",
    "ItPassportRecognizer",
    "ItDriverLicenseRecognizer",
    "InPanRecognizer",
    "InAadhaarRecognizer",
    "InPassportRecognizer",
    "InVehicleRegistrationRecognizer",
    "PlPeselRecognizer",
)


def load_corpus(path: Path = CORPUS) -> list[tuple[str, bool]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["text"], r["label"] == "nominal") for r in csv.DictReader(f)]


def presidio_detector() -> Callable[[str], bool] | None:
    """A detector made of Presidio's pattern recognizers, or None when presidio-analyzer is not installed."""
    try:
        module = importlib.import_module("presidio_analyzer.predefined_recognizers")
    except ImportError:
        return None
    # tldextract (under Presidio's e-mail recognizer) tries to refresh its suffix list from the network and
    # falls back on the copy it ships: its failure is no news here.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    os.environ.setdefault("TLDEXTRACT_CACHE", str(Path(tempfile.gettempdir()) / "tldextract"))
    recognizers = [getattr(module, name)() for name in PRESIDIO_RECOGNIZERS if hasattr(module, name)]

    def detect(text: str) -> bool:
        return any(r.analyze(text, r.supported_entities, None) for r in recognizers)

    return detect


def measure(detect: Callable[[str], bool], corpus: Sequence[tuple[str, bool]]) -> dict[str, float]:
    started = time.perf_counter()
    found = [(detect(text), nominal) for text, nominal in corpus]
    seconds = time.perf_counter() - started
    caught = sum(1 for hit, nominal in found if hit and nominal)
    false = sum(1 for hit, nominal in found if hit and not nominal)
    nominal_total = sum(1 for _, nominal in corpus if nominal)
    return {
        "recall": caught / nominal_total,
        "precision": caught / (caught + false) if caught + false else 1.0,
        "caught": caught,
        "nominal": nominal_total,
        "false_rejections": false,
        "legitimate": len(corpus) - nominal_total,
        "seconds": seconds,
    }


def screen_of(field: str) -> str:
    """The screening level of a free-text field of the contract."""
    from cen_pipeline.contract.models import rule_of
    from cen_pipeline.contract.value_rules import Text as TextRule

    rule = rule_of(field)
    assert isinstance(rule, TextRule) and rule.screen, field
    return rule.screen


def ours(text: str, field: str = "description") -> bool:
    """The guard as the contract runs it in `field`."""
    return bool(find_personal_data(text, screen_of(field)))


def by_group(
    detect: Callable[[str, str], bool], labelled: Sequence[Text], key: Callable[[Text], str]
) -> dict[str, tuple[int, int]]:
    """Per group: (texts decided wrongly, texts), where wrong is a miss for personal data and a refusal
    for a legitimate text."""
    counts: dict[str, list[int]] = {}
    for t in labelled:
        wrong, total = counts.setdefault(key(t), [0, 0])
        counts[key(t)] = [wrong + (detect(t.text, t.field) != t.nominal), total + 1]
    return {k: (v[0], v[1]) for k, v in sorted(counts.items())}


def held_out_table(part: str, presidio: Callable[[str], bool] | None, show_misses: bool) -> list[str]:
    """Recall per class and false refusals per class and field on a part of the independent texts."""
    labelled = texts(part)
    detectors: list[tuple[str, Callable[[str, str], bool]]] = [("cen-pipeline", ours)]
    if presidio is not None:
        detectors.append(("Presidio", lambda text, _field: presidio(text)))

    def label(t: Text, group: str) -> str:
        return f"{'personal' if t.nominal else 'legitimate'}: {group}"

    # Per detector, per grouping (class, field): the counts of `by_group`.
    results: dict[str, dict[str, dict[str, tuple[int, int]]]] = {
        name: {
            "by class": by_group(detect, labelled, lambda t: label(t, t.kind)),
            "by field": by_group(detect, labelled, lambda t: label(t, t.field)),
        }
        for name, detect in detectors
    }
    lines = [
        f"independent texts, {part} part: {len(labelled)} texts (recall for personal data, "
        "false refusals for legitimate text)"
    ]
    header = f"{'class / field':<40}" + "".join(f"{name:>16}" for name in results)
    for title in ("by class", "by field"):
        lines += ["", f"{title}:", header]
        for group in results["cen-pipeline"][title]:
            cells = []
            for counts in results.values():
                wrong, total = counts[title][group]
                share = (total - wrong) / total if group.startswith("personal") else wrong / total
                cells.append(f"{share:>8.1%} ({wrong:>3}/{total:<3})")
            lines.append(f"{group:<40}" + "".join(f"{c:>16}" for c in cells))
    if show_misses:
        if part != "dev":
            raise SystemExit("guard: only the dev part's texts may be shown")
        lines += ["", "decided wrongly (dev part):"]
        lines += [f"  {'missed' if t.nominal else 'refused'} {t.kind} in {t.field}: {t.text}"
                  for t in labelled if ours(t.text, t.field) != t.nominal]  # fmt: skip
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cen_pipeline.bench guard", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--part", choices=sorted(SEEDS), default="measured", help="part of the independent texts"
    )
    parser.add_argument(
        "--show-misses", action="store_true", help="list the texts decided wrongly (dev only)"
    )
    args = parser.parse_args(argv)
    presidio = presidio_detector()
    if presidio is None:
        print("guard: presidio-analyzer is not installed; only our guard is measured")
    if args.corpus.is_file():
        corpus = load_corpus(args.corpus)
        rows = [("cen-pipeline guard", measure(lambda t: bool(find_personal_data(t, "full")), corpus))]
        if presidio is not None:
            rows.append(("Presidio pattern recognizers", measure(presidio, corpus)))
        print("regression corpus (written with the guard):")
        print(f"{'detector':<30} {'recall':>8} {'precision':>9} {'false rej.':>11} {'time':>8}")
        for name, m in rows:
            print(
                f"{name:<30} {m['recall']:>7.1%} {m['precision']:>9.1%} "
                f"{int(m['false_rejections']):>4} / {int(m['legitimate']):<4} {m['seconds']:>7.2f}s"
            )
        print(
            f"corpus: {rows[0][1]['nominal']:.0f} personal-data snippets, {rows[0][1]['legitimate']:.0f} legitimate\n"
        )
    else:
        print(f"guard: no regression corpus at {args.corpus} (it lives in the checkout's tests/data/)")
    try:
        print("\n".join(held_out_table(args.part, presidio, args.show_misses)))
    except ImportError as err:
        print(f"guard: the independent texts need the dev dependencies ({err.name} is missing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
