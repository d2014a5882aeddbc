"""The sample-packet generator: determinism, coverage, self-consistent truth, oracle."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pillow_heif
import pytest
from PIL import Image

from samples import oracle, reference, scenario
from samples.generate import _documents, make_packet
from samples.money import amount_in_words
from samples.people import id_is_valid

pillow_heif.register_heif_opener()
ALL_TYPES = {"application_form", "filing_record", "referral_certificate", "discharge_certificate", "invoice",
             "expense_list", "residence_proof", "id_card", "insurance_card", "work_assignment_proof",
             "emergency_certificate", "household_register", "other"}
PACKETS = {  # index: knobs — a small set spanning captures, declarations and defects
    0: dict(capture="phone", misleading_share=1.0, clean=True),
    1: dict(capture="mailroom", with_claim=False, category="retiree_resettled"),
    2: dict(capture="digital", defects=["amount_words_mismatch", "name_mismatch"], category="referral"),
    3: dict(capture="mixed", defects=["poor_image", "seal_missing", "filing_late"]),
}


@pytest.fixture(scope="session")
def packets(tmp_path_factory) -> dict[int, Path]:
    out = tmp_path_factory.mktemp("packets")
    return {i: make_packet(5, i, out, **knobs) for i, knobs in PACKETS.items()}


def _truth(folder: Path) -> dict:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def test_same_seed_gives_identical_truth_and_pages(tmp_path, packets):
    """GIVEN a packet made twice from the same seed and index THEN truth and files are identical."""
    again = make_packet(5, 0, tmp_path, **PACKETS[0])
    assert (again / "truth.json").read_bytes() == (packets[0] / "truth.json").read_bytes()
    for f in _truth(again)["files"]:
        assert (again / f["name"]).read_bytes() == (packets[0] / f["name"]).read_bytes(), f["name"]


def test_every_document_type_appears_across_a_small_set():
    """Documents only (no rendering): one packet per category, mailed in, covers every type."""
    seen = set()
    for index in range(12):
        rng = random.Random(index)
        category = scenario.CATEGORIES[index % 6]
        scn = scenario.build(rng, "t", 1, index, clean=True, with_claim=False, category=category)
        scn.others = ["lab_report"]
        seen |= {doc.type for _, doc in _documents(rng, scn)}
    assert seen == ALL_TYPES


def test_truth_is_self_consistent(packets):
    for folder in packets.values():
        truth = _truth(folder)
        defects = set(truth["scenario"]["defects"])
        docs = {d["type"]: d["fields"] for d in truth["documents"]}
        items = docs["expense_list"]["items"]
        for item in items:
            assert Decimal(item["amount"]) == (Decimal(item["quantity"]) * Decimal(item["unit_price"])).quantize(Decimal("0.01"))
        if "amount_mismatch" not in defects:
            assert sum(Decimal(i["amount"]) for i in items) == Decimal(docs["expense_list"]["total_amount"])
        if "amount_words_mismatch" not in defects:
            assert docs["invoice"]["total_amount_words"] == amount_in_words(Decimal(docs["invoice"]["total_amount"]))
        ids = [f["id_number"] for f in docs.values() if "id_number" in f]
        assert all(id_is_valid(i) for i in ids) != ("id_invalid" in defects)
        assert set(truth["expected"]["flags"]) == defects, folder.name  # every injection is detectable
        assert set(truth["expected"]["missing"]) >= set(truth["scenario"]["omitted"]) - {"residence_proof"}


def test_expected_outcome_follows_decision_rules(packets):
    for folder in packets.values():
        exp = _truth(folder)["expected"]
        want = "incomplete" if exp["missing"] else "needs_review" if exp["flags"] else "complete"
        assert exp["decision"] == want
    assert _truth(packets[3])["expected"]["reimbursement"]["reimbursable"] == "0.00"  # filing_late


def test_oracle_gives_the_worked_example_of_domain_section_7():
    items = [{"class": "A", "amount": "6000.00", "self_pay_ratio": None},
             {"class": "B", "amount": "3000.00", "self_pay_ratio": None},
             {"class": "C", "amount": "1000.00", "self_pay_ratio": None}]
    docs = {"expense_list": {"items": items}, "filing_record": {"designated_hospitals": []}}
    level3 = next(h for h in reference.hospitals().values() if h.level == 3)
    declaration = {"insurance_type": "employee", "category": "referral", "prior_paid_this_year": "0.00"}
    result = oracle.reimbursement(docs, declaration, level3, "cross_province", [])
    assert (result["eligible"], result["deductible"], result["ratio"], result["reimbursable"]) == (
        "8700.00", "900.00", "0.70", "5460.00")
    assert oracle.reimbursement(docs, declaration, level3, "cross_province", ["filing_not_valid"])["reimbursable"] == "0.00"


@pytest.mark.parametrize("amount, words", [("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"), ("100", "壹佰元整"),
                                           ("1.05", "壹元零伍分"), ("10010", "壹万零壹拾元整"),
                                           ("101000", "壹拾万零壹仟元整")])
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words
    assert oracle.parse_amount_words(words) == Decimal(amount)


def test_amount_words_round_trip():
    rng = random.Random(3)
    for _ in range(500):
        amount = Decimal(rng.randrange(1, 10**8)) / 100
        assert oracle.parse_amount_words(amount_in_words(amount)) == amount


def test_files_decode_in_their_real_format(packets):
    formats = {"JPEG": "jpeg", "PNG": "png", "TIFF": "tiff", "WEBP": "webp", "HEIF": "heic"}
    misleading = 0
    for folder in packets.values():
        for f in _truth(folder)["files"]:
            path = folder / f["name"]
            if f["format"] == "pdf":
                with pdfplumber.open(path) as pdf:
                    assert len(pdf.pages) == len(f["pages"])
                    text = pdf.pages[0].extract_text() or ""
                    assert bool(text.strip()) == f["text_layer"]
            else:
                with Image.open(path) as img:
                    assert formats[img.format] == f["format"]
                    assert getattr(img, "n_frames", 1) == len(f["pages"])
            if f.get("misleading_extension"):
                misleading += 1
                assert path.suffix.lstrip(".") not in (f["format"], "jpeg" if f["format"] == "jpg" else "")
            assert path.stat().st_size < 3_000_000
    assert misleading > 0
