"""The personal-data guard measured on the labelled corpus of `tests/data/`, beside Microsoft Presidio's pattern
recognizers (no language model: only what runs offline): recall on the personal-data snippets, false
rejections of the legitimate ones, and the time each takes.

    python -m cen_pipeline.bench guard
"""

from __future__ import annotations

import argparse
import csv
import importlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cen_pipeline.bench guard", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"guard: no corpus at {args.corpus} (it lives in the checkout's tests/data/)")
        return 0
    corpus = load_corpus(args.corpus)
    rows = [("cen-pipeline guard", measure(lambda t: bool(find_personal_data(t, "full")), corpus))]
    presidio = presidio_detector()
    if presidio is None:
        print("guard: presidio-analyzer is not installed; only our guard is measured")
    else:
        rows.append(("Presidio pattern recognizers", measure(presidio, corpus)))
    print(f"{'detector':<30} {'recall':>8} {'precision':>9} {'false rej.':>11} {'time':>8}")
    for name, m in rows:
        print(
            f"{name:<30} {m['recall']:>7.1%} {m['precision']:>9.1%} "
            f"{int(m['false_rejections']):>4} / {int(m['legitimate']):<4} {m['seconds']:>7.2f}s"
        )
    print(
        f"corpus: {rows[0][1]['nominal']:.0f} personal-data snippets, {rows[0][1]['legitimate']:.0f} legitimate"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
