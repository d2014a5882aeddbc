"""Generate synthetic claim packets with ground truth.

    python -m samples.generate --out DIR --count N --seed S [--clean] [knobs...]

writes ``DIR/<packet_id>/`` with the packet's files, ``claim.json`` (when the scenario
declares online) and ``truth.json``. The same seed and index always give the same
truth and the same pages. Library use: :func:`make_packet`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

import numpy as np

from samples import oracle, packaging, scenario
from samples.documents import BUILDERS, other
from samples.documents.common import Doc

PACKET_ORDER = ("application_form", "id_card", "insurance_card", "filing_record", "household_register",
                "residence_proof", "work_assignment_proof", "referral_certificate", "emergency_certificate",
                "discharge_certificate", "invoice", "expense_list")
POOR_KINDS = ("blurred", "dark", "tiny", "cut_off")


def make_packet(seed: int, index: int, out_dir: Path, **knobs) -> Path:
    """Generate packet ``index`` of the set ``seed`` into ``out_dir``; returns its folder.

    Knobs (all optional, see README): clean, category, insurance_type, scope, hospital_id,
    insured_region, defects, omit, with_claim, capture, designated_includes_hospital,
    misleading_share (share of photos named with another format's extension, default 0.2).
    """
    knobs = {k: v for k, v in knobs.items() if v is not None}
    misleading_share = knobs.pop("misleading_share", 0.2)
    rng = random.Random(f"claimdocs-samples:{seed}:{index}")
    packet_id = f"s{seed}-{index:03d}"
    scn = scenario.build(rng, packet_id, seed, index, **knobs)
    docs = _documents(rng, scn)
    slots = [packaging.Slot(doc_id, doc, i) for doc_id, doc in docs for i in range(len(doc.pages))]
    plans = packaging.plan_files(rng, scn.capture, slots, scn.poor_doc, scn.unsealed)
    packaging.name_files(rng, plans, misleading_share)
    folder = Path(out_dir) / packet_id
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    nrng = np.random.default_rng(rng.getrandbits(64))
    poor_kind = rng.choice(POOR_KINDS) if "poor_image" in scn.defects else None
    files = [packaging.write(plan, folder, rng, nrng, poor_kind, scn.poor_doc) for plan in plans]
    truth = _truth(scn, docs, plans, files, poor_kind)
    if scn.with_claim:
        _write_json(folder / "claim.json", truth["claim"])
    _write_json(folder / "truth.json", truth)
    return folder


def _documents(rng: random.Random, scn: scenario.Scenario) -> list[tuple[str, Doc]]:
    """Build every document of the packet in a plausible handing-in order."""
    types = sorted(scn.documents, key=PACKET_ORDER.index)
    if scn.capture == "phone" and rng.random() < 0.5:
        rng.shuffle(types)
    built = [BUILDERS[t](rng, scn) for t in types]
    built += [other.other(rng, scn, kind) for kind in scn.others]
    return [(f"d{i}", doc) for i, doc in enumerate(built, 1)]


def _truth(scn: scenario.Scenario, docs, plans, files: list[dict], poor_kind: str | None) -> dict:
    where: dict[str, list[dict]] = {}
    for plan in plans:
        for n, slot in enumerate(plan.slots, 1):
            where.setdefault(slot.doc_id, []).append({"file": plan.name, "page": n})
    truth = {
        "packet_id": scn.packet_id,
        "seed": scn.seed,
        "claim": scn.declaration() if scn.with_claim else None,
        "scenario": _scenario_truth(scn, poor_kind),
        "files": files,
        "documents": [{"id": doc_id, "type": doc.type, "layout": doc.layout, "pages": where[doc_id],
                       "fields": doc.fields} for doc_id, doc in docs],
    }
    truth["expected"] = oracle.expected(truth)
    return truth


def _scenario_truth(scn: scenario.Scenario, poor_kind: str | None) -> dict:
    f = scn.filing
    return {
        "category": scn.category, "insurance_type": scn.insurance_type, "insured_region": scn.insured_region,
        "hospital_id": scn.hospital_id, "hospital_name": scn.hospital_name, "hospital_level": scn.hospital_level,
        "scope": scn.scope, "omitted": scn.omitted, "defects": sorted(scn.defects),
        "with_claim": scn.with_claim, "capture": scn.capture,
        "admission_date": scn.admission.isoformat(), "discharge_date": scn.discharge.isoformat(),
        "submitted_on": scn.submitted_on.isoformat(), "prior_paid_this_year": f"{scn.prior_paid:.2f}",
        "designated_includes_hospital": scn.hospital_name in f.designated,
        "list_prints_ratio": scn.list_prints_ratio, "poor_image": poor_kind, "poor_document_type": scn.poor_doc,
        "other_pages": scn.others,
    }


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- command line ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True, help="output folder (one sub-folder per packet)")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start", type=int, default=0, help="index of the first packet")
    p.add_argument("--clean", action="store_true", help="delete the output folder's packets first")
    p.add_argument("--only-clean", dest="only_clean", action="store_true",
                   help="packets without omissions or defects")
    p.add_argument("--dirty", action="store_true", help="every packet gets omissions or defects")
    p.add_argument("--category", choices=scenario.CATEGORIES)
    p.add_argument("--insurance-type", choices=("employee", "resident"))
    p.add_argument("--scope", choices=("intra_province", "cross_province"))
    p.add_argument("--hospital", dest="hospital_id", help="hospital_id from hospitals.csv")
    p.add_argument("--insured-region")
    p.add_argument("--defects", help="comma-separated flag codes to inject ('' for none)")
    p.add_argument("--omit", help="comma-separated document types to leave out ('' for none)")
    p.add_argument("--capture", choices=scenario.CAPTURES)
    claim = p.add_mutually_exclusive_group()
    claim.add_argument("--no-claim", dest="with_claim", action="store_false", default=None,
                       help="no claim.json: the packet carries an application form")
    claim.add_argument("--with-claim", dest="with_claim", action="store_true")
    return p


def _knobs(args: argparse.Namespace) -> dict:
    split = lambda v: None if v is None else [x for x in v.split(",") if x]  # noqa: E731
    defects = split(args.defects)
    if defects and set(defects) - set(scenario.FLAGS):
        raise SystemExit(f"unknown defect(s): {sorted(set(defects) - set(scenario.FLAGS))}")
    return {"clean": True if args.only_clean else False if args.dirty else None, "category": args.category,
            "insurance_type": args.insurance_type, "scope": args.scope, "hospital_id": args.hospital_id,
            "insured_region": args.insured_region, "defects": defects, "omit": split(args.omit),
            "capture": args.capture, "with_claim": args.with_claim}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    knobs = _knobs(args)
    if args.clean and args.out.exists():
        for child in args.out.iterdir():
            if child.is_dir() and (child / "truth.json").exists():
                shutil.rmtree(child)
    for index in range(args.start, args.start + args.count):
        folder = make_packet(args.seed, index, args.out, **knobs)
        expected = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["expected"]
        print(f"{folder.name}: {expected['decision']:<12} missing={expected['missing']} flags={expected['flags']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
