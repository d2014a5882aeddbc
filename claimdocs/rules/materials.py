"""Required materials (domain.md §5): which documents the packet lacks, and where to get them.

Which documents are required is policy data (``required_documents``); what is said to the
person about a missing one is here, in plain Chinese with English beside it.
"""

from __future__ import annotations

from typing import Sequence

from claimdocs.model import Declaration, DocType, Document, MissingItem
from claimdocs.rules.policy import DocGroup, Policy
from claimdocs.rules.scope import CROSS_PROVINCE

TITLES = {
    DocType.APPLICATION_FORM: "异地就医费用报销申请表 (application form)",
    DocType.FILING_RECORD: "异地就医备案表/备案回执 (off-site filing record)",
    DocType.REFERRAL_CERTIFICATE: "转诊证明 (referral certificate)",
    DocType.DISCHARGE_CERTIFICATE: "出院证明 (discharge certificate)",
    DocType.INVOICE: "住院收费票据 (hospital invoice)",
    DocType.EXPENSE_LIST: "住院费用明细清单 (itemised expense list)",
    DocType.RESIDENCE_PROOF: "居住证或居住证明 (residence permit or proof of residence)",
    DocType.ID_CARD: "居民身份证 (resident ID card)",
    DocType.INSURANCE_CARD: "社会保障卡/医保卡 (social security card)",
    DocType.WORK_ASSIGNMENT_PROOF: "常驻异地工作证明 (proof of posting elsewhere)",
    DocType.EMERGENCY_CERTIFICATE: "急诊/抢救证明 (emergency certificate)",
    DocType.HOUSEHOLD_REGISTER: "居民户口簿 (household register)",
    DocType.OTHER: "其他材料 (other document)",
}

GUIDANCE = {
    DocType.APPLICATION_FORM: "请填写异地就医费用报销申请表，写明参保地、人员类别和参保类型（职工/居民）；也可在上传时填写申报信息。"
    " / Fill in the reimbursement application form stating insured region, category and insurance type, "
    "or enter them with the upload.",
    DocType.FILING_RECORD: "请通过国家医保服务平台App、参保地医保经办机构办理异地就医备案，并提供备案表或备案回执。"
    " / File the off-site treatment with the insurer of your insured region (national medical insurance app "
    "or the local insurance office) and hand in the filing form or receipt.",
    DocType.REFERRAL_CERTIFICATE: "请到转出医院（参保地就诊医院）医保办开具加盖医院公章的转诊证明。"
    " / Ask the insurance office of the referring hospital for a referral certificate bearing its seal.",
    DocType.DISCHARGE_CERTIFICATE: "请到就诊医院病案室（病案复印窗口）开具加盖医院公章的出院证明。"
    " / Ask the hospital's medical records office for a discharge certificate bearing the hospital seal.",
    DocType.INVOICE: "请到就诊医院住院处（出院结算窗口）领取住院收费票据；电子票据可在医院或财政电子票据平台查验打印。"
    " / Get the invoice from the hospital's inpatient billing desk; an electronic receipt can be printed "
    "from the hospital or the fiscal e-receipt platform.",
    DocType.EXPENSE_LIST: "请到就诊医院住院处或收费窗口打印加盖医院公章的住院费用明细清单。"
    " / Ask the hospital's billing desk to print the itemised expense list with the hospital seal.",
    DocType.RESIDENCE_PROOF: "请提供居住证，或由居住地社区居委会/街道办事处出具的居住证明。"
    " / Provide your residence permit, or a proof of residence from the residents' committee or "
    "sub-district office where you live.",
    DocType.ID_CARD: "请提供参保人居民身份证正反面照片或复印件。 / Provide a photo or copy of both sides of the ID card.",
    DocType.INSURANCE_CARD: "请提供社会保障卡（医保卡）正面照片；遗失可到参保地社保经办机构或合作银行补办。"
    " / Provide a photo of the social security card; a lost card is replaced by the local social security "
    "office or its partner bank.",
    DocType.WORK_ASSIGNMENT_PROOF: "请工作单位出具加盖单位公章的常驻异地工作（派驻）证明。"
    " / Ask your employer for a sealed letter confirming your posting to the other region.",
    DocType.EMERGENCY_CERTIFICATE: "请到就诊医院急诊科开具加盖医院公章的急诊/抢救证明，或提供急诊病历。"
    " / Ask the hospital's emergency department for a sealed emergency certificate or the emergency record.",
    DocType.HOUSEHOLD_REGISTER: "请提供居民户口簿（户主页和本人页）。"
    " / Provide the household register (head-of-household page and your own page).",
    DocType.OTHER: "请补充所需材料。 / Please add the required document.",
}


def required_groups(policy: Policy, declaration: Declaration, scope: str | None,
                    declaration_stated: bool) -> list[tuple[list[DocType], str]]:
    """Every required group of documents with the reason it is required (§5.1-§5.4).

    Scope unknown (hospital not identified): the filing record is not required yet; the
    packet is flagged hospital_unknown and re-judged once a reviewer fixes the hospital.
    """
    rules = policy.required_documents
    reasons: list[tuple[list[DocGroup], str]] = [(rules.always, "住院报销必备材料 / required for every inpatient claim (domain.md §5.1)")]
    if scope == CROSS_PROVINCE:
        reasons.append((rules.cross_province, "跨省异地就医须提供 / required for cross-province treatment (§5.2)"))
    if declaration.category is not None:
        reasons.append((rules.by_category.get(declaration.category, []),
                        f"人员类别 {declaration.category.value} 须提供 / required for category "
                        f"{declaration.category.value} (§2, §5.3)"))
    if not declaration_stated:
        reasons.append((rules.without_declaration, "上传时未填写申报信息 / the declaration was not given "
                        "with the upload (§5.4)"))
    return [(_as_list(group), reason) for groups, reason in reasons for group in groups]


def _as_list(group: DocGroup) -> list[DocType]:
    return list(group) if isinstance(group, list) else [group]


def missing_items(documents: Sequence[Document], groups: list[tuple[list[DocType], str]]) -> tuple[MissingItem, ...]:
    """A MissingItem for each group none of whose types is in the packet (first type named)."""
    present = {doc.type for doc in documents}
    missing: dict[DocType, MissingItem] = {}
    for types, reason in groups:
        if present.intersection(types) or types[0] in missing:
            continue
        missing[types[0]] = MissingItem(types[0], _message(types, reason), _guidance(types))
    return tuple(missing.values())


def _message(types: list[DocType], reason: str) -> str:
    if len(types) == 1:
        return f"缺少{TITLES[types[0]]}。{reason}"
    names = "或".join(TITLES[t] for t in types)
    return f"缺少{names}（任选其一 / any one of them）。{reason}"


def _guidance(types: list[DocType]) -> str:
    """Where to get each of the alternatives."""
    return " ".join(GUIDANCE[t] for t in types)


def declaration_stated(claim: Declaration | None) -> bool:
    """True when the typed claim states category, insured region and insurance type (§5.4)."""
    return claim is not None and None not in (claim.category, claim.insured_region, claim.insurance_type)

