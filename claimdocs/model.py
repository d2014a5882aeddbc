"""Typed domain objects passed between the stages of the pipeline.

Every stage is a function from one of these to another. They are frozen, hold no
database or queue handles, and (except page images, which live in files) can be turned
into JSON with :func:`to_jsonable`, so a stage's output can be stored and a later stage
run on another worker.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np

Box = tuple[int, int, int, int]
"""A rectangle in page pixels: x0, y0, x1, y1 (x1, y1 exclusive)."""


class DocType(StrEnum):
    """Document types of domain.md section 3."""

    APPLICATION_FORM = "application_form"
    FILING_RECORD = "filing_record"
    REFERRAL_CERTIFICATE = "referral_certificate"
    DISCHARGE_CERTIFICATE = "discharge_certificate"
    INVOICE = "invoice"
    EXPENSE_LIST = "expense_list"
    RESIDENCE_PROOF = "residence_proof"
    ID_CARD = "id_card"
    INSURANCE_CARD = "insurance_card"
    WORK_ASSIGNMENT_PROOF = "work_assignment_proof"
    EMERGENCY_CERTIFICATE = "emergency_certificate"
    HOUSEHOLD_REGISTER = "household_register"
    OTHER = "other"


class Category(StrEnum):
    """Declared off-site categories of domain.md section 2."""

    RETIREE_RESETTLED = "retiree_resettled"
    LONG_TERM_RESIDENT = "long_term_resident"
    RESIDENT_STAFF = "resident_staff"
    REFERRAL = "referral"
    EMERGENCY = "emergency"
    OTHER_TEMPORARY = "other_temporary"


class InsuranceType(StrEnum):
    EMPLOYEE = "employee"
    RESIDENT = "resident"


class TextSource(StrEnum):
    TEXT_LAYER = "text_layer"
    OCR = "ocr"


class FileFormat(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    TIFF = "tiff"
    WEBP = "webp"
    HEIC = "heic"


class ItemClass(StrEnum):
    """Insurance class of an expense item: 甲 (A), 乙 (B), 丙/自费 (C, not covered)."""

    A = "A"
    B = "B"
    C = "C"


class Decision(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    NEEDS_REVIEW = "needs_review"


# --- files and pages ---------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    """One uploaded file, identified by content; ``name`` is the name it was given."""

    name: str
    sha256: str
    size: int
    format: FileFormat
    page_count: int


@dataclass(frozen=True, order=True)
class PageRef:
    """A page of the packet: file name and 1-based page number."""

    file: str
    page: int


@dataclass(frozen=True)
class Word:
    """A word (for Chinese usually one to a few characters) with its box and confidence."""

    text: str
    box: Box
    confidence: float


@dataclass(frozen=True)
class Line:
    """A line of text in reading order. ``text`` joins the words (no spaces between CJK)."""

    text: str
    box: Box
    words: tuple[Word, ...]
    confidence: float


@dataclass(frozen=True)
class PageText:
    """The text of one page, from the PDF text layer or from OCR, in page-image pixels."""

    source: TextSource
    lines: tuple[Line, ...]
    width: int
    height: int
    confidence: float | None = None  # mean OCR confidence in [0, 1]; None for a text layer

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(word for line in self.lines for word in line.words)


@dataclass(frozen=True)
class RawPage:
    """A page as ingest delivers it: an image (BGR, uint8) and, for digital PDFs, its text."""

    ref: PageRef
    image: np.ndarray | None
    dpi: float
    text_layer: PageText | None = None


@dataclass(frozen=True)
class Quality:
    """Whether a page is good enough to read, with the measures behind the verdict.

    ``problems`` uses the codes ``blurred``, ``too_dark``, ``too_small`` (resolution) and
    ``cut_off``; each names what the person should fix when re-taking the photo.
    """

    ok: bool
    problems: tuple[str, ...] = ()
    measures: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class QrCode:
    data: str
    box: Box


@dataclass(frozen=True)
class PageVision:
    """What OpenCV found on a page before OCR."""

    rotation: int  # degrees clockwise applied to make the page upright: 0, 90, 180, 270
    skew_degrees: float
    quality: Quality
    seal: bool | None  # None when the page had no colour to look for a red seal in
    seal_boxes: tuple[Box, ...] = ()
    qr_codes: tuple[QrCode, ...] = ()
    card_boxes: tuple[Box, ...] = ()  # ID-1 card outlines (a card copied or photographed small)


@dataclass(frozen=True)
class PreparedPage:
    """A page made upright and cleaned for OCR, with what vision measured."""

    ref: PageRef
    image: np.ndarray  # grey, uint8, upright and deskewed: what OCR reads
    dpi: float
    vision: PageVision
    text_layer: PageText | None = None
    upright: np.ndarray | None = None  # the upright page before cleanup (QR codes, seals)
    paper_cut: bool = False  # the page is the sheet vision cut out of a photo (find_paper)


@dataclass(frozen=True)
class PageResult:
    """Everything the reading half knows about one page."""

    ref: PageRef
    type: DocType
    confidence: float
    text: PageText
    vision: PageVision
    has_title: bool = True  # the page's heading names its type
    page_mark: tuple[int, int] | None = None  # (k, n) when the page says 第k页 共n页
    continues_previous: bool = False  # a continuation page (e.g. page 2 of an expense list)


# --- documents and fields ------------------------------------------------------------


@dataclass(frozen=True)
class ExpenseItem:
    """One row of an expense list (domain.md section 3, "Expense list items")."""

    name: str
    item_class: ItemClass
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    self_pay_ratio: Decimal | None = None
    code: str | None = None


@dataclass(frozen=True)
class Document:
    """One document of the packet: consecutive pages of one type and their fields.

    ``fields`` maps the field names of domain.md section 3 to typed values (str, Decimal,
    date, list of str, list of ExpenseItem); ``field_confidence`` holds, per extracted
    field, how sure the reading is, in [0, 1]; ``char_confidence``, for text fields read
    by OCR where it is known (names), how sure each character is; ``read_as``, for a
    field mended from another document (extract/names.py, lists.py), what OCR read on
    this one, and for an expense list's total read but set aside as below its rows
    (extract's _drop_impossible_total), the total read.
    """

    id: str
    type: DocType
    pages: tuple[PageRef, ...]
    confidence: float
    fields: dict[str, Any] = field(default_factory=dict)
    field_confidence: dict[str, float] = field(default_factory=dict)
    char_confidence: dict[str, tuple[float, ...]] = field(default_factory=dict)
    read_as: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Declaration:
    """What the insured person declares (report.md "Declaration"); any part may be absent."""

    name: str | None = None
    id_number: str | None = None
    insured_region: str | None = None
    insurance_type: InsuranceType | None = None
    category: Category | None = None
    treatment_type: str = "inpatient"
    submitted_on: date | None = None
    prior_paid_this_year: Decimal = Decimal("0.00")


# --- judging (domain.md sections 5-8) -----------------------------------------------------


@dataclass(frozen=True)
class MissingItem:
    code: DocType
    message: str
    guidance: str = ""


@dataclass(frozen=True)
class Flag:
    code: str  # a code of domain.md section 6
    message: str
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class TraceStep:
    step: str
    value: str
    rule: str = ""
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reimbursement:
    policy: str
    total: Decimal
    class_a: Decimal
    class_b: Decimal
    class_c: Decimal
    eligible: Decimal
    deductible: Decimal
    ratio: Decimal
    reimbursable: Decimal
    trace: tuple[TraceStep, ...] = ()
    currency: str = "CNY"


# --- JSON ------------------------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    """Turn a model value into plain JSON types (Decimal -> str, date -> ISO, enum -> value).

    Images (numpy arrays) are dropped: they are stored as files, not in JSON.
    """
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value
