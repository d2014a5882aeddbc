"""The facts of one claim packet, chosen at random within the knobs.

A :class:`Scenario` says who claims, where they are insured and treated, what the stay
cost, which documents the packet holds and which defects were injected. Document
modules print these facts; :mod:`samples.oracle` judges the printed result. Defects are
injected here as printed deviations (another name on one document, a wrong 大写 ...),
never by changing the underlying facts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from samples import catalog, people, reference
from samples.money import amount_in_words, fen
from samples.reference import Hospital

CATEGORIES = ("retiree_resettled", "long_term_resident", "resident_staff", "referral",
              "emergency", "other_temporary")
FLAGS = ("name_mismatch", "id_mismatch", "id_invalid", "amount_mismatch", "amount_words_mismatch",
         "dates_inconsistent", "filing_not_valid", "filing_late", "referral_below_county",
         "claim_late", "seal_missing", "hospital_unknown", "poor_image")
CAPTURES = ("phone", "mailroom", "mixed", "digital")
CATEGORY_EVIDENCE = {  # domain.md section 2
    "retiree_resettled": ("household_register", "residence_proof"),
    "long_term_resident": ("residence_proof",),
    "resident_staff": ("work_assignment_proof",),
    "referral": ("referral_certificate",),
    "emergency": ("emergency_certificate",),
    "other_temporary": (),
}
LONG_TERM = ("retiree_resettled", "long_term_resident", "resident_staff")
BASE_DOCS = ("invoice", "expense_list", "discharge_certificate", "id_card", "insurance_card")
SEALED = ("discharge_certificate", "referral_certificate", "invoice")
NAME_DOCS = ("discharge_certificate", "invoice", "expense_list", "application_form", "filing_record",
             "insurance_card", "residence_proof", "household_register")
ID_DOCS = ("application_form", "filing_record", "residence_proof", "household_register")
UNKNOWN_HOSPITALS = ("{city}仁和骨科专科医院", "{city}博爱康复护理院", "{city}同心中西医结合门诊部")
EMPLOYERS = ("华远建设工程有限公司", "中铁某局第三工程有限公司", "东方电力设备安装有限公司",
             "北辰物流集团有限公司", "长城信息技术股份有限公司")


@dataclass(frozen=True)
class Item:
    """One expense-list row; ``ratio`` is the item's self-pay ratio (printed or not)."""

    code: str
    name: str
    spec: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    item_class: str
    ratio: Decimal
    fee: str
    day: date


@dataclass
class Filing:
    filing_date: date
    valid_from: date
    valid_until: date
    designated: list[str]
    treatment_region: str


@dataclass
class Scenario:
    packet_id: str
    seed: int
    category: str
    insurance_type: str
    insured_region: str
    hospital_name: str
    hospital_region: str
    hospital_id: str | None  # None: not in the directory (hospital_unknown)
    hospital_level: int
    person: people.Person
    admission: date
    discharge: date
    submitted_on: date
    diagnosis: str
    with_claim: bool
    capture: str
    items: list[Item] = field(default_factory=list)
    list_prints_ratio: bool = True
    inpatient_number: str = ""
    invoice_code: str = ""
    invoice_number: str = ""
    check_code: str = ""
    invoice_date: date | None = None
    filing: Filing | None = None
    referral_hospital: Hospital | None = None
    referral_date: date | None = None
    residence_region: str = ""
    residence_address: str = ""
    residence_until: date | None = None
    employer: str = ""
    work_from: date | None = None
    work_until: date | None = None
    documents: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    prior_paid: Decimal = Decimal("0.00")
    # printed deviations (defect injections)
    names: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    unsealed: set[str] = field(default_factory=set)
    list_total: Decimal = Decimal("0")
    invoice_total: Decimal = Decimal("0")
    invoice_words: str = ""
    discharge_dates_swapped: bool = False
    poor_doc: str | None = None

    @property
    def scope(self) -> str | None:
        if self.hospital_id is None:
            return None
        return reference.scope_of(self.insured_region, self.hospital_region)

    @property
    def items_total(self) -> Decimal:
        return sum((i.amount for i in self.items), Decimal("0.00"))

    def name_on(self, doc_type: str) -> str:
        return self.names.get(doc_type, self.person.name)

    def id_on(self, doc_type: str) -> str:
        """The ID number printed on a document ("*" overrides all: id_invalid)."""
        return self.ids.get(doc_type, self.ids.get("*", self.person.id_number))

    def declaration(self) -> dict:
        """The declaration of report.md, as the claim.json the upload form would send."""
        return {
            "name": self.person.name, "id_number": self.id_on("claim"),
            "insured_region": self.insured_region, "insurance_type": self.insurance_type,
            "category": self.category, "treatment_type": "inpatient",
            "submitted_on": self.submitted_on.isoformat(), "prior_paid_this_year": f"{self.prior_paid:.2f}",
        }


# --- choosing the scenario --------------------------------------------------------------


def build(rng: random.Random, packet_id: str, seed: int, index: int, **knobs) -> Scenario:
    """Draw a scenario; knobs (see README) fix any part of it."""
    clean = knobs.get("clean")
    dirty = not clean and (clean is False or rng.random() < 0.4)
    defects = _pick_defects(rng, knobs, dirty)
    category = knobs.get("category") or _implied_category(defects) or CATEGORIES[(seed + index) % 6]
    defects = _compatible(defects, category)
    scope = knobs.get("scope") or ("cross_province" if {"filing_not_valid", "filing_late"} & set(defects)
                                   else rng.choice(("cross_province", "cross_province", "intra_province")))
    insured, hospital = _pick_places(rng, knobs, scope, category, defects)
    scn = _base(rng, packet_id, seed, index, knobs, category, insured, hospital,
                unknown="hospital_unknown" in defects)
    _add_items(rng, scn)
    _add_category_evidence(rng, scn, knobs)
    _add_filing(rng, scn, knobs)
    _choose_documents(rng, scn, knobs, dirty, defects)
    for code in scn.defects:
        INJECT[code](rng, scn)
    return scn


def _pick_defects(rng: random.Random, knobs: dict, dirty: bool) -> list[str]:
    if "defects" in knobs and knobs["defects"] is not None:
        return sorted(set(knobs["defects"]))
    if not dirty or rng.random() < 0.35:
        return []
    return sorted(rng.sample(FLAGS, rng.choice((1, 1, 2))))


def _implied_category(defects: list[str]) -> str | None:
    if "filing_late" in defects:
        return "emergency"
    if "referral_below_county" in defects:
        return "referral"
    return None


def _compatible(defects: list[str], category: str) -> list[str]:
    """Drop defects the category cannot carry (filing_late needs an emergency ...)."""
    needs = {"filing_late": "emergency", "referral_below_county": "referral"}
    return [d for d in defects if needs.get(d, category) == category]


def _pick_places(rng, knobs, scope, category, defects) -> tuple[str, Hospital]:
    """Insured region and treating hospital giving the wanted scope.

    With hospital_unknown the hospital only lends its region to a fictional one.
    """
    hospitals = list(reference.hospitals().values())
    if knobs.get("hospital_id"):
        hospital = reference.hospitals()[knobs["hospital_id"]]
        return knobs.get("insured_region") or _region_for(rng, hospital, scope, category, defects), hospital
    weights = [{1: 1, 2: 3, 3: 6}[h.level] for h in hospitals]
    for _ in range(200):
        hospital = rng.choices(hospitals, weights)[0]
        insured = knobs.get("insured_region") or _region_for(rng, hospital, scope, category, defects)
        if insured and reference.scope_of(insured, hospital.region) == scope and insured != hospital.region:
            return insured, hospital
    raise ValueError(f"no insured region/hospital pair for scope {scope}")


def _region_for(rng, hospital: Hospital, scope: str, category: str, defects: list[str]) -> str | None:
    candidates = [r.code for r in reference.pooling_regions() if r.code != hospital.region
                  and reference.scope_of(r.code, hospital.region) == scope]
    if category == "referral":  # the referring hospital sits in the insured province
        need = {1} if "referral_below_county" in defects else {2, 3}
        provinces = {h.province for h in reference.hospitals().values()
                     if h.level in need and h.hospital_id != hospital.hospital_id}
        candidates = [c for c in candidates if c[:2] in provinces]
    return rng.choice(candidates) if candidates else None


def _base(rng, packet_id, seed, index, knobs, category, insured, hospital, unknown) -> Scenario:
    person = people.make_person(rng, insured, retired=category == "retiree_resettled")
    admission = date(2024, 1, 8) + timedelta(days=rng.randrange(0, 300))
    discharge = admission + timedelta(days=rng.randrange(3, 20))
    name, hid = hospital.name, hospital.hospital_id
    if unknown:
        city = reference.region_name(hospital.region).rstrip("市县")
        name, hid = rng.choice(UNKNOWN_HOSPITALS).format(city=city), None
    insurance = knobs.get("insurance_type") or rng.choice(
        ("employee", "employee", "resident") if category != "retiree_resettled" else ("employee",) * 4 + ("resident",))
    scn = Scenario(
        packet_id=packet_id, seed=seed, category=category, insurance_type=insurance,
        insured_region=insured, hospital_name=name, hospital_region=hospital.region,
        hospital_id=hid, hospital_level=hospital.level, person=person, admission=admission,
        discharge=discharge, submitted_on=discharge + timedelta(days=rng.randrange(6, 150)),
        diagnosis=rng.choice(catalog.EMERGENCY_DIAGNOSES if category == "emergency" else catalog.DIAGNOSES),
        with_claim=knobs.get("with_claim", rng.random() < 0.75),
        capture=knobs.get("capture") or CAPTURES[(seed * 3 + index) % 4],
    )
    scn.inpatient_number = f"{admission.year % 100:02d}{rng.randrange(100000, 999999)}"
    scn.invoice_code = f"{hospital.region[:2]}{rng.randrange(10, 99)}{admission.year % 100:02d}{rng.randrange(10, 99)}"
    scn.invoice_number = f"{rng.randrange(0, 10**10):010d}"
    scn.check_code = "".join(rng.choice("0123456789abcdef") for _ in range(6))
    scn.invoice_date = discharge
    scn.prior_paid = fen(Decimal(rng.choice((0, 0, 0, 1200, 3500.5))))
    return scn


def _add_items(rng: random.Random, scn: Scenario) -> None:
    """Daily charges for every day of the stay plus tests, drugs and maybe surgery."""
    days = (scn.discharge - scn.admission).days
    rows: list[tuple[catalog.CatalogItem, Decimal, date]] = []
    daily = list(catalog.DAILY)
    if rng.random() < 0.2:  # a single room: the bed is not covered (class C)
        daily[0] = catalog.SINGLE_ROOM[0]
    for d in range(days):
        day = scn.admission + timedelta(days=d)
        for c in daily:
            rows.append((c, Decimal(rng.choice((1, 1, 2))) if c.fee == "西药费" else Decimal(1), day))
    for c in rng.sample(catalog.ONCE, rng.randrange(8, 18)):
        rows.append((c, Decimal(rng.choice((1, 1, 2, 3, 5, 7, 14))), scn.admission + timedelta(days=rng.randrange(days))))
    for c in catalog.SURGERY.get(scn.diagnosis, ()):
        if rng.random() < 0.8:
            rows.append((c, Decimal(1), scn.admission + timedelta(days=1)))
    rows.sort(key=lambda r: (r[2], r[0].code))
    if rng.random() < 0.5:  # many lists merge the days: one row per item
        rows = _merge_days(rows)
    scn.list_prints_ratio = rng.random() < 0.7
    ratios = {}
    for c, qty, day in rows:
        ratio = ratios.setdefault(c.code, _ratio(rng, c.item_class))
        scn.items.append(Item(c.code, c.name, c.spec, c.unit, qty, c.price, fen(qty * c.price),
                              c.item_class, ratio, c.fee, day))
    scn.list_total = scn.invoice_total = scn.items_total
    scn.invoice_words = amount_in_words(scn.invoice_total)


def _merge_days(rows):
    merged: dict[str, list] = {}
    for c, qty, day in rows:
        merged.setdefault(c.code, [c, Decimal(0), day])[1] += qty
    return [tuple(v) for v in merged.values()]


def _ratio(rng: random.Random, item_class: str) -> Decimal:
    if item_class == "A":
        return Decimal("0.00")
    if item_class == "C":
        return Decimal("1.00")
    return Decimal(rng.choice(("0.10", "0.10", "0.05", "0.15", "0.20")))


def _add_category_evidence(rng: random.Random, scn: Scenario, knobs: dict) -> None:
    """Residence, employer posting and referral facts where the category uses them."""
    scn.residence_region = scn.hospital_region
    scn.residence_address = people.make_address(rng, scn.hospital_region)
    scn.residence_until = scn.discharge + timedelta(days=rng.randrange(200, 1500))
    scn.employer = rng.choice(EMPLOYERS)
    scn.work_from = scn.admission - timedelta(days=rng.randrange(60, 500))
    scn.work_until = scn.work_from + timedelta(days=rng.choice((364, 729, 1094)))
    if scn.work_until < scn.discharge:
        scn.work_until = scn.discharge + timedelta(days=200)
    if scn.category == "referral":
        scn.referral_hospital = _referring_hospital(rng, scn)
        scn.referral_date = scn.admission - timedelta(days=rng.randrange(1, 10))


def _referring_hospital(rng: random.Random, scn: Scenario) -> Hospital:
    pool = [h for h in reference.hospitals().values() if h.province == scn.insured_region[:2]
            and h.hospital_id != scn.hospital_id]
    return rng.choice([h for h in pool if h.level >= 2] or pool)  # level-1 pick is an injection


def _add_filing(rng: random.Random, scn: Scenario, knobs: dict) -> None:
    """A filing valid one year from filing (emergencies: filed after admission, valid from it)."""
    stay = (scn.discharge - scn.admission).days
    if scn.category == "emergency":
        filed = scn.admission + timedelta(days=rng.randrange(0, 4))
        valid_from = scn.admission
    else:
        filed = scn.admission - timedelta(days=rng.randrange(1, 330 - stay))
        valid_from = filed
    includes = knobs.get("designated_includes_hospital", rng.random() < 0.75)
    if scn.category not in LONG_TERM:
        includes = True
    scn.filing = Filing(filed, valid_from, _one_year(valid_from), _designated(rng, scn, includes),
                        scn.hospital_region)


def _one_year(d: date) -> date:
    try:
        return d.replace(year=d.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def _designated(rng: random.Random, scn: Scenario, includes: bool) -> list[str]:
    near = [h.name for h in reference.hospitals().values()
            if h.province == scn.hospital_region[:2] and h.name != scn.hospital_name]
    others = rng.sample(near, min(len(near), rng.randrange(0 if includes else 1, 3)))
    if not others and not includes:
        others = [rng.choice([h.name for h in reference.hospitals().values() if h.name != scn.hospital_name])]
    names = ([scn.hospital_name] if includes else []) + others
    return names[:3]


def _choose_documents(rng: random.Random, scn: Scenario, knobs: dict, dirty: bool, defects: list[str]) -> None:
    """The packet's document types: required ones, optional extras, minus omissions."""
    evidence = list(CATEGORY_EVIDENCE[scn.category])
    if scn.category == "retiree_resettled":
        evidence = rng.choice((["household_register"], ["residence_proof"], evidence))
    required = list(BASE_DOCS) + evidence
    if scn.scope != "intra_province":
        required.append("filing_record")
    if not scn.with_claim:
        required.append("application_form")
    protected = _docs_needed_by(defects, scn)
    omitted = knobs.get("omit")
    if omitted is None:
        omitted = []
        if dirty and (not defects or rng.random() < 0.3):
            candidates = [d for d in required if d not in protected]
            omitted = rng.sample(candidates, 1 if rng.random() < 0.8 else 2) if candidates else []
    scn.omitted = sorted(set(omitted))
    scn.documents = [d for d in required if d not in scn.omitted]
    scn.others = [k for k in ("lab_report", "medical_record", "blank") if rng.random() < 0.18]
    scn.defects = [d for d in defects if _can_carry(d, scn)]


def _docs_needed_by(defects: list[str], scn: Scenario) -> set[str]:
    needed = {"amount_mismatch": {"invoice", "expense_list"}, "amount_words_mismatch": {"invoice"},
              "dates_inconsistent": {"invoice", "discharge_certificate"},
              "filing_not_valid": {"filing_record"}, "filing_late": {"filing_record"},
              "referral_below_county": {"referral_certificate"}, "seal_missing": {"invoice"},
              "id_mismatch": {"id_card"}, "id_invalid": {"id_card"},
              "hospital_unknown": {"filing_record", "discharge_certificate"}}
    out: set[str] = set()
    for d in defects:
        out |= needed.get(d, set())
    return out


def _can_carry(defect: str, scn: Scenario) -> bool:
    docs = set(scn.documents)
    if defect == "id_mismatch":
        return "id_card" in docs and bool(docs & set(ID_DOCS))
    if defect in ("filing_not_valid", "filing_late"):
        return "filing_record" in docs and scn.scope == "cross_province"
    return _docs_needed_by([defect], scn) <= docs


# --- defect injections (domain.md section 6) ----------------------------------------------


def _name_mismatch(rng, scn):
    target = rng.choice([d for d in NAME_DOCS if d in scn.documents])
    scn.names[target] = people.other_name(rng, scn.person.name)


def _id_mismatch(rng, scn):
    target = rng.choice([d for d in ID_DOCS if d in scn.documents])
    scn.ids[target] = people.other_valid_id(rng, scn.person.id_number)


def _id_invalid(rng, scn):
    # every document (and the declaration) carries the same number with a bad check character
    scn.ids["*"] = people.break_check_char(scn.person.id_number)


def _amount_mismatch(rng, scn):
    delta = fen(Decimal(rng.choice((100, 50, 1000, 12.5, 300))))
    if rng.random() < 0.5:  # the invoice shows another total than the list
        scn.invoice_total = scn.items_total + delta
        scn.invoice_words = amount_in_words(scn.invoice_total)
    else:  # the list's total row does not add up its items
        scn.list_total = scn.items_total + delta


def _amount_words_mismatch(rng, scn):
    wrong = scn.invoice_total + rng.choice((Decimal("100"), Decimal("10"), Decimal("1000"), Decimal("-9")))
    scn.invoice_words = amount_in_words(wrong)


def _dates_inconsistent(rng, scn):
    if rng.random() < 0.5:
        scn.invoice_date = scn.admission - timedelta(days=rng.randrange(3, 40))
    else:
        scn.discharge_dates_swapped = True


def _filing_not_valid(rng, scn):
    f = scn.filing
    f.filing_date = f.valid_from = scn.admission - timedelta(days=rng.randrange(380, 700))
    f.valid_until = _one_year(f.valid_from)


def _filing_late(rng, scn):
    scn.filing.filing_date = scn.admission + timedelta(days=rng.randrange(5, 30))


def _referral_below_county(rng, scn):
    pool = [h for h in reference.hospitals().values() if h.province == scn.insured_region[:2] and h.level == 1]
    scn.referral_hospital = rng.choice(pool)


def _claim_late(rng, scn):
    scn.submitted_on = scn.discharge + timedelta(days=rng.randrange(370, 520))


def _seal_missing(rng, scn):
    scn.unsealed.add(rng.choice([d for d in SEALED if d in scn.documents]))


def _hospital_unknown(rng, scn):
    pass  # chosen with the places: the hospital is outside the directory


def _poor_image(rng, scn):
    # a page whose loss does not hide the packet's key facts
    scn.poor_doc = rng.choice([d for d in ("id_card", "insurance_card", "residence_proof",
                                           "household_register") if d in scn.documents]
                              or scn.documents)


INJECT = {code: globals()["_" + code] for code in FLAGS}
