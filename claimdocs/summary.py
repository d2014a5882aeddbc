"""A human-readable summary of a report, for the terminal (``claimdocs process`` without
``--json``): what was found, what is missing and how to get it, what is flagged, and the
amount with its steps. It reads only the report, the same contract the UI shows.
"""

from __future__ import annotations

from typing import Any

TYPE_NAMES = {
    "application_form": "报销申请表 application form",
    "filing_record": "异地就医备案表 filing record",
    "referral_certificate": "转诊证明 referral certificate",
    "discharge_certificate": "出院证明 discharge certificate",
    "invoice": "医疗收费票据 invoice",
    "expense_list": "费用明细清单 expense list",
    "residence_proof": "居住证明 residence proof",
    "id_card": "居民身份证 ID card",
    "insurance_card": "社会保障卡 insurance card",
    "work_assignment_proof": "派驻证明 work assignment proof",
    "emergency_certificate": "急诊证明 emergency certificate",
    "household_register": "户口簿 household register",
    "other": "其他 other",
}
DECISIONS = {
    "complete": "材料齐全 complete",
    "incomplete": "材料不全 incomplete: please add what is missing",
    "needs_review": "需人工审核 needs review",
}
SHOWN_FIELDS = ("invoice_number", "issue_date", "total_amount", "admission_date", "discharge_date",
                "hospital", "filing_date", "valid_until", "referral_date", "emergency_date")


def render_summary(report: dict[str, Any]) -> str:
    """The report as plain text, a section per question a person asks."""
    sections = [_header(report), _files(report), _documents(report), _missing(report),
                _flags(report), _amount(report)]
    return "\n\n".join(s for s in sections if s) + "\n"


def _header(report: dict[str, Any]) -> str:
    hospital = report.get("hospital") or {}
    scope = {"cross_province": "跨省 cross-province", "intra_province": "省内 intra-province"}.get(
        report.get("scope"), "未知 unknown")
    lines = [f"Packet {report['packet_id']}: {DECISIONS.get(report['decision'], report['decision'])}",
             f"  hospital: {hospital.get('name', 'not identified')}"
             + (f" (level {hospital['level']})" if hospital.get("level") else ""),
             f"  scope: {scope}"]
    return "\n".join(lines)


def _files(report: dict[str, Any]) -> str:
    lines = ["Files:"]
    for file in report["files"]:
        if file.get("error"):
            lines.append(f"  ✗ {file['name']}: {file['error']['message']}")
        else:
            lines.append(f"  {file['name']}: {file['pages']} page(s)")
    for page in report["pages"]:
        problems = page.get("quality", {}).get("problems") or []
        if problems:
            lines.append(f"  ! {page['file']} p.{page['page']}: {', '.join(problems)} — please re-take this page")
    return "\n".join(lines)


def _documents(report: dict[str, Any]) -> str:
    lines = ["Found:"]
    for document in report["documents"]:
        pages = ", ".join(f"{p['file']} p.{p['page']}" for p in document["pages"])
        lines.append(f"  {document['id']} {TYPE_NAMES.get(document['type'], document['type'])}"
                     f" ({pages}; confidence {document['confidence']:.2f})")
        fields = document["fields"]
        shown = [f"{k}={fields[k]}" for k in SHOWN_FIELDS if k in fields]
        if "items" in fields:
            shown.append(f"items={len(fields['items'])}")
        if shown:
            lines.append("      " + ", ".join(shown))
    return "\n".join(lines)


def _missing(report: dict[str, Any]) -> str:
    if not report["missing"]:
        return "Missing: nothing 材料齐全"
    lines = ["Missing 缺少的材料:"]
    for item in report["missing"]:
        lines.append(f"  - {TYPE_NAMES.get(item['code'], item['code'])}: {item['message']}")
        if item.get("guidance"):
            lines.append(f"    how to get it: {item['guidance']}")
    return "\n".join(lines)


def _flags(report: dict[str, Any]) -> str:
    if not report["flags"]:
        return "Flags: none"
    lines = ["Flags 需审核的问题:"]
    for flag in report["flags"]:
        documents = f" [{', '.join(flag.get('documents', []))}]" if flag.get("documents") else ""
        lines.append(f"  - {flag['code']}{documents}: {flag['message']}")
    return "\n".join(lines)


def _amount(report: dict[str, Any]) -> str:
    amount = report.get("reimbursement")
    if amount is None:
        return "Amount: no expense figures could be read"
    lines = [f"Reimbursable 可报销金额: {amount['reimbursable']} {amount['currency']} "
             f"(policy {amount['policy']})", "  steps:"]
    for step in amount["trace"]:
        documents = f" [{', '.join(step.get('documents', []))}]" if step.get("documents") else ""
        rule = f" — {step['rule']}" if step.get("rule") else ""
        lines.append(f"    {step['step']}: {step['value']}{rule}{documents}")
    return "\n".join(lines)
