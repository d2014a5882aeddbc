"""Accuracy of claimdocs on generated packets it was never tuned on.

    python -m bench.accuracy --count 30 --seed 9001 [--out DIR] [--json FILE] [--reports DIR] [--ocr-cache DIR]

Generates ``count`` packets with ``samples.generate`` (seed 9001 by default; the tests use
other seeds), runs the whole pipeline on each, and compares with the ground truth:

- page types: share of pages whose type is right;
- key fields (issue 2): invoice number, total and date; admission and discharge dates;
  expense-list total and item count; names; ID numbers: share exactly right;
- judging (issue 3): decision, ``missing`` exactly right, reimbursable amount to the fen.

Prints one table; with ``--json`` also writes every miss, to see what to fix.
"""

from __future__ import annotations

import argparse
import faulthandler
import hashlib
import json
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import re
from decimal import Decimal

from claimdocs.layout import lines_from_words
from claimdocs.model import (
    Category, DocType, Document, ExpenseItem, InsuranceType, ItemClass, PageRef, PageResult, PageText, PageVision,
    Quality, TextSource,
)
from claimdocs.pipeline import ReadPacket, directory_of, make_engine, process_packet
from claimdocs.report import build_report
from claimdocs.rules import judge
from claimdocs.rules.policy import PolicyStore
from claimdocs.rules.declaration import parse_claim_json
from claimdocs.settings import Settings
from samples.generate import make_packet

KEY_FIELDS = {
    "invoice": ("invoice_number", "total_amount", "issue_date", "name"),
    "discharge_certificate": ("admission_date", "discharge_date", "name"),
    "expense_list": ("total_amount", "item_count", "name"),
}
PERSON_FIELDS = ("name", "id_number")


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, ok: bool, miss: dict[str, Any]) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


class CachedEngine:
    """Development aid (``--ocr-cache DIR``): Tesseract's readings kept on disk, keyed by
    the exact image and arguments, so a change after OCR (classification, extraction,
    rules) is measured in a minute instead of re-reading every page. Any change to the
    images (vision) misses the cache and reads again."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.engine = make_engine(settings)
        folder.mkdir(parents=True, exist_ok=True)

    def read(self, image, dpi: float, scale: float = 1.0, block: bool = False, languages: str | None = None):
        key = hashlib.sha1(image.tobytes() + repr((image.shape, dpi, scale, block, languages)).encode()).hexdigest()
        path = self.folder / f"{key}.pickle"
        if path.exists():
            text = pickle.loads(path.read_bytes())
            # Lines are made again from the words: a change to layout applies to cached readings.
            return PageText(text.source, lines_from_words(text.words), text.width, text.height, text.confidence)
        text = self.engine.read(image, dpi, scale, block, languages)
        path.write_bytes(pickle.dumps(text))
        return text


def evaluate_packet(folder: Path, settings: Settings, tallies: dict[str, Tally], reports: Path | None = None,
                    engine=None) -> None:
    """Run the pipeline on one generated packet and count what it got right; with
    ``reports``, keep the report there (<packet>.json) to look into later."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    claim_file = folder / "claim.json"
    claim = parse_claim_json(json.loads(claim_file.read_text(encoding="utf-8"))) if claim_file.exists() else None
    # Mailed-in packets carry no submission date: the day the generator "handed them in" is today.
    today = date.fromisoformat(truth["scenario"]["submitted_on"])
    report = process_packet([folder], settings, claim=claim, today=today, engine=engine)
    packet = truth["packet_id"]
    if reports is not None:
        reports.mkdir(parents=True, exist_ok=True)
        (reports / f"{packet}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    _score_pages(packet, truth, report, tallies)
    _score_fields(packet, truth, report, tallies)
    _score_judgement(packet, truth, report, tallies)


# --- judging alone, on the ground truth's documents (what reading should have produced) ---


def judge_truth(folder: Path, settings: Settings, tallies: dict[str, Tally]) -> None:
    """Judge a packet from its truth documents: measures the rules without OCR errors."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    claim = parse_claim_json(truth["claim"]) if truth["claim"] else None
    documents = [_truth_document(d) for d in truth["documents"]]
    pages = [_truth_page(f, p) for f in truth["files"] for p in f["pages"]]
    policies = PolicyStore.load(settings.policy_dir)
    judgement = judge(documents, pages, claim, directory_of(settings), policies,
                      date.fromisoformat(truth["scenario"]["submitted_on"]))
    packet = ReadPacket(truth["packet_id"], (), tuple(pages), tuple(documents))
    _score_judgement(truth["packet_id"], truth, build_report(packet, judgement), tallies)


def _truth_document(data: dict) -> Document:
    fields = {name: _typed(name, value) for name, value in data["fields"].items()}
    refs = tuple(PageRef(p["file"], p["page"]) for p in data["pages"])
    return Document(data["id"], DocType(data["type"]), refs, 1.0, fields, {name: 1.0 for name in fields})


def _typed(name: str, value):
    if name == "items":
        return [ExpenseItem(i["name"], ItemClass(i["class"]), Decimal(i["quantity"]), Decimal(i["unit_price"]),
                            Decimal(i["amount"]), Decimal(i["self_pay_ratio"]) if i["self_pay_ratio"] else None)
                for i in value]
    if name == "category":
        return Category(value)
    if name == "insurance_type":
        return InsuranceType(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+\.\d{2}", value) and name not in ("name",):
        return Decimal(value)
    return value


def _truth_page(file: dict, page: dict) -> PageResult:
    poor = [d for d in page["degradations"] if d.startswith("poor_")]
    quality = Quality(not poor, tuple(p.removeprefix("poor_") for p in poor))
    text = PageText(TextSource.TEXT_LAYER, (), 0, 0, None)
    return PageResult(PageRef(file["name"], page["page"]), DocType(page["type"]), 1.0, text,
                      PageVision(0, 0.0, quality, page.get("seal")))


def _score_pages(packet: str, truth: dict, report: dict, tallies: dict[str, Tally]) -> None:
    found = {(p["file"], p["page"]): p for p in report["pages"]}
    for file in truth["files"]:
        for page in file["pages"]:
            got = found.get((file["name"], page["page"]), {})
            where = {"packet": packet, "file": file["name"], "page": page["page"]}
            tallies["page type"].add(got.get("type") == page["type"],
                                     {**where, "want": page["type"], "got": got.get("type")})
            if got.get("seal") is not None and "seal" in page:  # None: a grey page, no colour to see
                tallies["seal seen"].add(got["seal"] == page["seal"], {**where, "want": page["seal"], "got": got["seal"]})


def _score_fields(packet: str, truth: dict, report: dict, tallies: dict[str, Tally]) -> None:
    for document in truth["documents"]:
        match = _matching_document(document, report["documents"])
        fields = _comparable(match["fields"]) if match else {}
        want = _comparable(document["fields"])
        names = KEY_FIELDS.get(document["type"], ()) + PERSON_FIELDS
        for name in dict.fromkeys(names):
            if name not in want:
                continue
            key = f"{document['type']}.{name}" if name not in PERSON_FIELDS else f"{name}s"
            tallies[f"field {key}"].add(fields.get(name) == want[name], {
                "packet": packet, "document": document["id"], "field": name,
                "want": want[name], "got": fields.get(name)})


def _matching_document(document: dict, found: list[dict]) -> dict | None:
    """The reported document sharing most pages with the true one (same type preferred)."""
    pages = {(p["file"], p["page"]) for p in document["pages"]}
    def overlap(candidate: dict) -> tuple[int, bool]:
        theirs = {(p["file"], p["page"]) for p in candidate["pages"]}
        return len(pages & theirs), candidate["type"] == document["type"]
    best = max(found, key=overlap, default=None)
    return best if best is not None and overlap(best)[0] > 0 else None


def _comparable(fields: dict) -> dict:
    result = dict(fields)
    if "items" in fields:
        result["item_count"] = len(fields["items"])
    return result


def _score_judgement(packet: str, truth: dict, report: dict, tallies: dict[str, Tally]) -> None:
    expected = truth["expected"]
    tallies["decision"].add(report["decision"] == expected["decision"],
                            {"packet": packet, "want": expected["decision"], "got": report["decision"],
                             "flags": [f["code"] for f in report["flags"]], "want_flags": expected["flags"]})
    missing = sorted(m["code"] for m in report["missing"])
    tallies["missing exact"].add(missing == sorted(expected["missing"]),
                                 {"packet": packet, "want": expected["missing"], "got": missing})
    want = (expected.get("reimbursement") or {}).get("reimbursable")
    got = (report.get("reimbursement") or {}).get("reimbursable")
    if want is None and got is not None:
        # The oracle computes no amount without an expense list, a known hospital or a
        # declaration; report.md asks for one whenever an expense figure was read (the
        # invoice total), under stated assumptions the spec does not fix: not scored.
        tallies["reimbursable open"].add(True, {"packet": packet, "got": got})
    else:
        tallies["reimbursable exact"].add(want == got, {"packet": packet, "want": want, "got": got})
    flags = sorted({f["code"] for f in report["flags"]})
    tallies["flags exact"].add(flags == sorted(set(expected["flags"])),
                               {"packet": packet, "want": expected["flags"], "got": flags})


FLAG_KNOBS = ("name_mismatch", "id_mismatch", "id_invalid", "amount_mismatch", "amount_words_mismatch",
              "dates_inconsistent", "filing_not_valid", "filing_late", "referral_below_county", "claim_late",
              "seal_missing", "hospital_unknown", "poor_image")
OMIT_KNOBS = (("application_form", None), ("invoice", None), ("expense_list", None), ("discharge_certificate", None), ("id_card", None),
              ("insurance_card", None), ("filing_record", "referral"), ("referral_certificate", "referral"),
              ("emergency_certificate", "emergency"), ("residence_proof", "long_term_resident"),
              ("work_assignment_proof", "resident_staff"), ("household_register", "retiree_resettled"))
CATEGORIES = ("retiree_resettled", "long_term_resident", "resident_staff", "referral", "emergency", "other_temporary")


def covering_knobs(index: int) -> dict:
    """Knobs for packet ``index`` of a covering set: one packet per flag of domain.md §6
    (but duplicate_invoice), one per missing document (with both retiree documents
    missing for household_register), then clean packets of each category and scope."""
    if index < len(FLAG_KNOBS):
        return {"defects": [FLAG_KNOBS[index]]}
    index -= len(FLAG_KNOBS)
    if index < len(OMIT_KNOBS):
        code, category = OMIT_KNOBS[index]
        omit = [code, "residence_proof"] if code == "household_register" else [code]
        scope = "cross_province" if code == "filing_record" else None
        claim = {"with_claim": False} if code == "application_form" else {}
        return {"omit": omit, "defects": [], **claim, **({"category": category} if category else {}),
                **({"scope": scope} if scope else {})}
    index -= len(OMIT_KNOBS)
    return {"clean": True, "category": CATEGORIES[index % 6],
            "scope": ("intra_province", "cross_province")[index % 2]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--out", type=Path, help="where to generate the packets (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="write every miss to this file")
    parser.add_argument("--reports", type=Path, help="keep every packet's report in this folder")
    parser.add_argument("--ocr-cache", type=Path,
                        help="development: keep OCR readings here and reuse them (see CachedEngine)")
    parser.add_argument("--psm", type=int, help="Tesseract page segmentation mode to try instead of the default")
    parser.add_argument("--start", type=int, default=0, help="first packet index")
    parser.add_argument("--cover", action="store_true",
                        help="a covering set: every flag, every missing document, every category and scope")
    parser.add_argument("--from-truth", action="store_true",
                        help="judge the ground truth's documents instead of reading the files (rules alone)")
    args = parser.parse_args(argv)
    faulthandler.enable()  # a crash in a native library names its Python stack
    settings = Settings(**({"ocr_page_segmentation": args.psm} if args.psm is not None else {}))
    tallies: dict[str, Tally] = defaultdict(Tally)
    engine = CachedEngine(args.ocr_cache, settings) if args.ocr_cache else None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimdocs-accuracy-") as scratch:
        out = args.out or Path(scratch)
        for index in range(args.start, args.start + args.count):
            folder = make_packet(args.seed, index, out, **(covering_knobs(index) if args.cover else {}))
            if args.from_truth:
                judge_truth(folder, settings, tallies)
            else:
                evaluate_packet(folder, settings, tallies, args.reports, engine)
            print(f"  {folder.name}: done", file=sys.stderr)
    _print_table(tallies, args, time.perf_counter() - started)
    if args.json:
        args.json.write_text(json.dumps({k: {"right": t.right, "total": t.total, "misses": t.misses}
                                         for k, t in tallies.items()}, ensure_ascii=False, indent=1, default=str))
    return 0


def _print_table(tallies: dict[str, Tally], args: argparse.Namespace, seconds: float) -> None:
    source = "judged from their ground truth (no OCR)" if args.from_truth else "read from their files"
    print(f"claimdocs accuracy: {args.count} generated packets, seed {args.seed}, {source}, {seconds:.0f} s")
    key_fields = [t for k, t in tallies.items() if k.startswith("field ")]
    rows = [("page type", tallies["page type"])] if "page type" in tallies else []
    rows += sorted(((k, t) for k, t in tallies.items() if k.startswith("field ")), key=lambda kv: kv[0])
    rows.append(("key fields (all)", Tally(sum(t.right for t in key_fields), sum(t.total for t in key_fields))))
    rows += [(k, tallies[k]) for k in ("seal seen", "decision", "missing exact", "reimbursable exact", "flags exact")]
    if tallies["reimbursable open"].total:
        rows.append(("  (amounts the spec leaves open)", tallies["reimbursable open"]))
    for name, tally in rows:
        if tally.total == 0:
            continue
        if name.startswith("  ("):
            print(f"  {name:<34} {tally.total:7d}  packets, not scored")
            continue
        print(f"  {name:<34} {tally.share:7.1%}  ({tally.right}/{tally.total})")


if __name__ == "__main__":
    sys.exit(main())
