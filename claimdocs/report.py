"""The packet report of ../shared/spec/report.md: the product's one output contract.

``build_report`` turns the pipeline's typed results into the JSON document; the CLI, the
API and the UI all show this same document. Fields may be added, never renamed.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

import jsonschema

from claimdocs.model import Document, ExpenseItem, PageResult, Reimbursement, to_jsonable
from claimdocs.settings import PACKAGE_DIR

SCHEMA_ID = "claimdocs.report/1"
FEN = Decimal("0.01")


def build_report(packet, judgement) -> dict[str, Any]:
    """The report for a read packet (``pipeline.ReadPacket``) and its ``rules.Judgement``."""
    return {
        "schema": SCHEMA_ID,
        "packet_id": packet.packet_id,
        "files": [_file(f) for f in packet.files],
        "pages": [_page(p) for p in packet.pages],
        "documents": [_document(d) for d in packet.documents],
        "declaration": _declaration(judgement),
        "scope": judgement.scope,
        "hospital": _hospital(judgement.hospital),
        "missing": [to_jsonable(m) for m in judgement.missing],
        "flags": [to_jsonable(f) for f in judgement.flags],
        "decision": judgement.decision.value,
        "reimbursement": _reimbursement(judgement.reimbursement),
        "notes": list(getattr(judgement, "notes", ())),
    }


def _file(file) -> dict[str, Any]:
    if file.source is None:
        return {"name": file.name, "sha256": _sha256_of(file.path), "pages": 0,
                "error": {"code": file.error.code, "message": file.error.message}}
    return {"name": file.name, "sha256": file.source.sha256, "pages": file.source.page_count,
            "format": file.source.format.value, "size": file.source.size}


def _sha256_of(path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        pass  # a missing file: the hash of nothing, the error says why
    return digest.hexdigest()


def _page(page: PageResult) -> dict[str, Any]:
    vision = page.vision
    return {
        "file": page.ref.file,
        "page": page.ref.page,
        "type": page.type.value,
        "confidence": round(float(page.confidence), 4),
        "text_source": page.text.source.value,
        "ocr_confidence": None if page.text.confidence is None else round(float(page.text.confidence), 4),
        "seal": vision.seal,
        "quality": {"ok": vision.quality.ok, "problems": list(vision.quality.problems),
                    "measures": {k: round(float(v), 3) for k, v in vision.quality.measures.items()}},
        "rotation": vision.rotation,
        "skew_degrees": round(float(vision.skew_degrees), 2),
        "continues_previous": page.continues_previous,
    }


def _document(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "type": document.type.value,
        "pages": [{"file": ref.file, "page": ref.page} for ref in document.pages],
        "confidence": round(float(document.confidence), 4),
        "fields": {name: _field_value(name, value) for name, value in document.fields.items()},
        "field_confidence": dict(document.field_confidence),
        # Beyond report.md: a value mended from another document, and what was read here.
        **({"read_as": {name: _field_value(name, value) for name, value in document.read_as.items()}}
           if document.read_as else {}),
    }


MONEY_FIELDS = {"total_amount", "total_amount_words", "fund_paid", "self_paid"}


def _field_value(name: str, value: Any) -> Any:
    if name in MONEY_FIELDS and isinstance(value, Decimal):
        return money(value)
    if name == "items":
        return [_item(item) for item in value]
    return to_jsonable(value)


def _item(item: ExpenseItem) -> dict[str, Any]:
    return {
        "name": item.name,
        "class": item.item_class.value,
        "quantity": str(item.quantity),
        "unit_price": str(item.unit_price),
        "amount": money(item.amount),
        "self_pay_ratio": None if item.self_pay_ratio is None else str(item.self_pay_ratio),
        "code": item.code,
    }


def _declaration(judgement) -> dict[str, Any]:
    declared = to_jsonable(judgement.declaration)
    if isinstance(declared.get("prior_paid_this_year"), str):
        declared["prior_paid_this_year"] = money(Decimal(declared["prior_paid_this_year"]))
    declared["unknown"] = list(getattr(judgement, "unknown_declaration_fields", ()))
    return declared


def _hospital(hospital) -> dict[str, Any] | None:
    if hospital is None:
        return None
    return {"hospital_id": hospital.hospital_id, "name": hospital.name,
            "region": hospital.region, "level": hospital.level}


def _reimbursement(reimbursement: Reimbursement | None) -> dict[str, Any] | None:
    if reimbursement is None:
        return None
    result = {
        "currency": reimbursement.currency,
        "policy": reimbursement.policy,
        **{name: money(getattr(reimbursement, name)) for name in
           ("total", "class_a", "class_b", "class_c", "eligible", "deductible", "reimbursable")},
        "ratio": format(reimbursement.ratio, "f"),
        "trace": [to_jsonable(step) for step in reimbursement.trace],
    }
    return result


def money(value: Decimal) -> str:
    """Money as the report writes it: exactly two decimals."""
    return str(Decimal(value).quantize(FEN))


# --- schema ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((PACKAGE_DIR / "data" / "report.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_errors(report: dict[str, Any]) -> list[str]:
    """Every way ``report`` breaks report.schema.json (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in _validator().iter_errors(report)]
