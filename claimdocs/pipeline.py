"""The one orchestrator: a packet's files in, its report out.

It reads like the table of contents of the product; every stage it names is a function
from a typed value to a typed value, so a worker can run any stage alone (one page at a
time, on another machine) and store its output.

    files -> pages -> upright, cleaned page images -> words -> page types
          -> documents -> fields -> names mended across documents (by their characters,
          then by the ID numbers they carry) -> an unread ID number by a card's name and
          birth date -> a list's unread total from its invoice -> a certificate's
          impossible or half-read stay from its invoice
          -> judgement (missing, flags, amount) -> report
"""

from __future__ import annotations

import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Sequence

from claimdocs import ingest, vision
from claimdocs.classify import (
    PageClass, classify_page, group_documents, is_blank, mark_continuations, title_type, with_page_mark,
)
from claimdocs.directory import Directory, load_directory
from claimdocs.errors import InputError, ProcessingError
from claimdocs.extract import extract_document
from claimdocs.extract.identity import id_numbers_by_name, id_numbers_from_digits
from claimdocs.extract.lists import list_totals_from_invoices
from claimdocs.extract.names import (
    mend_names, names_by_id_number, names_found_whole, packet_name, printed_name,
)
from claimdocs.extract.stays import stays_mended
from claimdocs.model import (
    Declaration, DocType, Document, PageRef, PageResult, PageText, PageVision, PreparedPage, Quality, RawPage,
    SourceFile, TextSource,
)
from claimdocs.ocr import (
    SIDEWAYS_BELOW, OcrEngine, Reading, TesseractEngine, most_confident, read_turns, read_upright, scale_for,
)
from claimdocs.ocr.cards import read_cards
from claimdocs.ocr.columns import reread_columns
from claimdocs.ocr.figures import reread_figures
from claimdocs.ocr.names import reread_names
from claimdocs.ocr.numbers import reread_numbers
from claimdocs.ocr.sharpen import reread_sharpened
from claimdocs.ocr.titles import reread_title
from claimdocs.ocr.totals import reread_total_under_seal
from claimdocs.pagepool import PagePool
from claimdocs.report import build_report
from claimdocs.rules import judge
from claimdocs.rules.policy import PolicyStore
from claimdocs.settings import Settings
from claimdocs.text import strip_punct
from claimdocs.vision.imageops import dark_pixels, rotate_box, rotate_quarter
from claimdocs.vision.quality import confirm_with_ocr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PacketFile:
    """A file of the packet: where it is, and what ingest made of it (or why it failed)."""

    path: Path
    name: str
    source: SourceFile | None
    error: InputError | None = None


@dataclass(frozen=True)
class ReadPacket:
    """The reading half's result: files, pages and documents with their fields."""

    packet_id: str
    files: tuple[PacketFile, ...]
    pages: tuple[PageResult, ...]
    documents: tuple[Document, ...]


def read_packet(paths: Sequence[Path], settings: Settings, engine: OcrEngine | None = None,
                pool: PagePool | None = None, claim: Declaration | None = None) -> ReadPacket:
    """Read every file of a packet: classify each page, group documents, extract fields.
    ``pool``: worker processes kept from packet to packet (page_pool), else made for this one.
    ``claim``: the declaration, whose typed name (without one, the name the packet's
    digital documents print: printed_name) mends names misread and names documents whose
    name went unread (mend_names, names_found_whole, which without either takes the
    name the packet's documents read surely: packet_name)."""
    files = open_files(paths, settings)
    engine = engine or make_engine(settings)
    pages = read_pages(files, settings, engine, pool)
    pages = mark_continuations(pages)
    documents = extract_documents(pages, directory_of(settings))
    texts = {page.ref: page.text for page in pages}
    declared = declared_name(claim) or printed_name(documents, texts)
    read_surely = packet_name(documents)
    documents = mend_names(documents, declared)
    documents = names_found_whole(documents, texts, declared or read_surely)
    documents = id_numbers_from_digits(documents, texts)
    documents = names_by_id_number(documents)
    documents = id_numbers_by_name(documents, texts)
    documents = list_totals_from_invoices(documents, texts)
    documents = stays_mended(documents)
    return ReadPacket(packet_id_of(files), tuple(files), tuple(pages), tuple(documents))


def declared_name(claim: Declaration | None) -> str | None:
    """The name typed on the claim, as names are compared (no spaces or punctuation)."""
    name = strip_punct(claim.name) if claim is not None and claim.name else ""
    return name or None


def judge_packet(packet: ReadPacket, claim: Declaration | None, settings: Settings, today: date,
                 policy: str | None = None):
    """The judging half (domain.md sections 5-8): missing items, flags, amount, decision."""
    policies = PolicyStore.load(settings.policy_dir)
    if policy:
        policies = policies.pin(policy)
    return judge(packet.documents, packet.pages, claim, directory_of(settings), policies, today)


# --- stages -------------------------------------------------------------------------


def open_files(paths: Sequence[Path], settings: Settings) -> list[PacketFile]:
    """Sniff, hash and check every file; a bad file is kept with its error, not dropped."""
    files = []
    for path, name in _named(expand_paths(paths)):
        try:
            files.append(PacketFile(path, name, ingest.open_file(path, settings, name=name)))
        except InputError as error:
            log.info("file %s refused: %s", masked(name), error.code)
            files.append(PacketFile(path, name, None, error))
    return files


def read_pages(files: Sequence[PacketFile], settings: Settings, engine: OcrEngine,
               pool: PagePool | None = None) -> list[PageResult]:
    """Read every page of every readable file, one page per worker process (``pool``, or
    one made for these pages; see pagepool.py), or per thread when ``page_processes`` is
    off; returned in packet order."""
    jobs = [(f, number) for f in files if f.source for number in range(1, f.source.page_count + 1)]
    if pool is not None:
        return pool.map(jobs, _page_lost)
    if not settings.page_processes or not jobs:
        with ThreadPoolExecutor(max_workers=settings.worker_count()) as threads:
            return list(threads.map(lambda job: read_page(job[0], job[1], settings, engine), jobs))
    with page_pool(settings, engine, len(jobs)) as pool:
        return pool.map(jobs, _page_lost)


def page_pool(settings: Settings, engine: OcrEngine, pages: int | None = None) -> PagePool:
    """Worker processes that read pages (at most one per page), to be used with ``with``."""
    size = min(settings.worker_count(), pages or settings.worker_count())
    return PagePool(_read_job, (settings, engine), size, settings.page_timeout_seconds)


def _read_job(job: tuple[PacketFile, int], settings: Settings, engine: OcrEngine) -> PageResult:
    return read_page(job[0], job[1], settings, engine)


def _page_lost(job: tuple[PacketFile, int], error: ProcessingError) -> PageResult:
    """A page whose worker crashed or overran the page deadline."""
    file, number = job
    log.warning("page %s/%d lost: %s", masked(file.name), number, error.code)
    return unreadable_page(PageRef(file.name, number), error)


def read_page(file: PacketFile, number: int, settings: Settings, engine: OcrEngine) -> PageResult:
    """One page: load it, make it upright and clean, read its text, classify it."""
    ref = PageRef(file.name, number)
    try:
        raw = ingest.load_page(file.path, file.source, number, settings)
        text, prepared = read_text(vision.prepare(raw, settings), engine, settings.ocr_try_sideways)
        text, page_class = first_look(text, prepared, engine)
        text, prepared, page_class = read_uncut(raw, text, prepared, page_class, settings, engine)
        text = reread_names(text, prepared.image, prepared.dpi, engine)
        text, page_vision = second_look(page_class.type, text, prepared, engine)
        page_vision = digital_qr_codes(file, number, page_class.type, prepared, page_vision)
        page_class = with_page_mark(page_class, text)
    except (InputError, ProcessingError) as error:
        log.info("page %s/%d unreadable: %s", masked(file.name), number, error.code)
        return unreadable_page(ref, error)
    keep_words(settings, ref, text)
    return PageResult(ref, page_class.type, page_class.confidence, text, page_vision,
                      has_title=page_class.has_title, page_mark=page_class.page_mark)


def first_look(text: PageText, prepared: PreparedPage, engine: OcrEngine) -> tuple[PageText, PageClass]:
    """The page's reading with its long numbers read again (ocr/numbers.py), classified,
    its cards read again enlarged and its title alone where they tell the type."""
    text = reread_numbers(text, prepared.image, prepared.dpi, engine)
    text, page_class = look_at_cards(text, classify_page(text), prepared, engine)
    return look_at_title(text, page_class, prepared, engine)


def read_uncut(raw: RawPage, text: PageText, prepared: PreparedPage, page_class: PageClass, settings: Settings,
               engine: OcrEngine) -> tuple[PageText, PreparedPage, PageClass]:
    """A page cut out of a photo (vision's find_paper) that reads as nothing once its
    cards and title were looked at (first_look), read again whole: the cut may have
    followed a shadow's edge instead of the sheet's. A card photographed under a shadow
    band was cut at the band, its lit half stretched to a sheet and read as garbage,
    where the photo whole reads 姓名曾玉国 and its number (s3071-027). Nothing is the page
    typed other unsurely (below TURN_TYPE_SURE), or blank; a cut-out with nothing on it
    to read (_inkless: a blank sheet, never given to OCR) is nothing indeed. The photo
    whole is read as it stands up (no turns: one reading more) and taken only when it
    tells a type surely, or, where the cut-out read blank, any type; else the cut-out's
    reading stands."""
    if not prepared.paper_cut or not text.lines:
        return text, prepared, page_class
    blank = is_blank(text)
    if page_class.type is not DocType.OTHER or (page_class.confidence >= TURN_TYPE_SURE and not blank):
        return text, prepared, page_class
    whole_text, whole = read_text(vision.prepare(raw, settings, cut_paper=False), engine, sideways=False)
    whole_text, whole_class = first_look(whole_text, whole, engine)
    if whole_class.type is DocType.OTHER or (whole_class.confidence < TURN_TYPE_SURE and not blank):
        return text, prepared, page_class
    log.info("page %s/%d: its cut-out read as nothing, the photo whole is read", masked(raw.ref.file), raw.ref.page)
    return whole_text, whole, whole_class


def read_text(prepared: PreparedPage, engine: OcrEngine, sideways: bool = True) -> tuple[PageText, PreparedPage]:
    """The page's text: its PDF text layer, or OCR. A page that reads better turned (by
    180°, or on its side) is turned: the returned PreparedPage is then the turned one."""
    if prepared.text_layer is not None:
        return prepared.text_layer, prepared
    if prepared.vision.card_boxes:
        # Cards copied small read poorly at page scale whichever way up; each card is read
        # again alone, enlarged and turned as it reads best (look_at_cards).
        reading = Reading(engine.read(prepared.image, prepared.dpi, ocr_scale(prepared)), False)
        if not _unreadable(reading):
            return reading.text, prepared
        # Garbage and of no type: a card that fills the photo, its paper found as the
        # card itself and the "cards" on it its portrait or chip, which the layout test
        # turned the wrong way. It is tried turned as any unreadable page is.
    elif _inkless(prepared):
        # No ink at all (a blank back side, scanned or photographed): nothing to read.
        # OCR read such a photo's noise as garbage in a second, then four times more
        # turned (5 s a page).
        height, width = prepared.image.shape[:2]
        return PageText(TextSource.OCR, (), width, height, 0.0), prepared
    else:
        reading = read_upright(engine, prepared.image, prepared.dpi, ocr_scale(prepared))
    if sideways and _unreadable(reading):
        # Unreadable both ways up and of no type: only then is the page tried on its sides,
        # and upside down in full when the band check kept it as it was.
        turns = (90, 270) if reading.flipped else (180, 90, 270)
        readings = read_turns(engine, prepared.image, prepared.dpi, ocr_scale(prepared), turns)
        # A page with cards on it turns only to read as a type surely: garbage around a
        # small card (look_at_cards reads it) may read surer on its side and mean nothing.
        reading = best_turn(reading, readings, typed_only=bool(prepared.vision.card_boxes))
    turn = 180 if reading.flipped else reading.sideways
    if not turn:
        return reading.text, prepared
    upright = None if prepared.upright is None else rotate_quarter(prepared.upright, turn)
    cards = tuple(rotate_box(box, turn, prepared.image.shape) for box in prepared.vision.card_boxes)
    turned = replace(prepared, image=rotate_quarter(prepared.image, turn), upright=upright,
                     vision=replace(prepared.vision, rotation=(prepared.vision.rotation + turn) % 360,
                                    card_boxes=cards))
    return reading.text, turned


def _inkless(prepared: PreparedPage) -> bool:
    """A page on which vision found nothing shaped like a character, and no ink either
    (its ink mask empty, so no contrast to it) or only ink too faint for text on bright
    paper (below the quality check's min_contrast): a grey scan of a blank back side
    with a faint page number, which Tesseract's layout analysis took two minutes a
    reading to call garbage (s3042-027: ten minutes for the page, read upright and
    turned). Both: a sparse page's few characters can be too few to measure (a title
    and two lines, photographed), but its ink is there, and dark. Or, whatever the
    contrast, a page that cleanup left with less dark ink than one character
    (_no_ink_left)."""
    measures, thresholds = prepared.vision.quality.measures, vision.DEFAULT_THRESHOLDS
    if "contrast" not in measures or measures.get("char_height_px"):
        return False
    # Faint ink on bright paper only: a photo too dark to read (its paper at 30) has
    # little contrast too, and its text is there.
    faint = measures["contrast"] < thresholds.min_contrast \
        and measures.get("paper_brightness", 0) >= thresholds.min_paper_brightness
    return measures["contrast"] == 0 or faint or _no_ink_left(prepared)


# Less dark ink than this, in pixels at 300 dpi, is not one character: a 10-point
# character at 300 dpi is a box of about 40 px with a fifth of it inked (~300 px).
MIN_TEXT_INK_AT_300_DPI = 150


def _no_ink_left(prepared: PreparedPage) -> bool:
    """The page cleaned for OCR holds less dark ink than one character. A blank sheet
    scanned with a scanner's dark edge along it measures high contrast (the edge), but
    cleanup leaves only the paper's grain, which Tesseract's sparse-text layout analysis
    took more than ten minutes to read as garbage (development s4100-036, stopped by the
    page deadline)."""
    return dark_pixels(prepared.image) < MIN_TEXT_INK_AT_300_DPI * (prepared.dpi / 300.0) ** 2


def _unreadable(reading: Reading) -> bool:
    """A reading that is garbage (below SIDEWAYS_BELOW) and tells no type surely (below
    TURN_TYPE_SURE: an application form upside down, the orientation check fooled, read
    as an insurance card at 0.29 from its garbage, s3043-025)."""
    return (reading.text.confidence or 0.0) < SIDEWAYS_BELOW and not _tells_a_type(reading.text)


# A page turned that reads as a type this surely is the right way up, however poorly
# its characters read: a 1-bit scan's broken strokes read as badly (confidence 0.3–0.4)
# either way up, and only what they say tells the ways apart.
TURN_TYPE_SURE = 0.6


def _tells_a_type(text: PageText) -> bool:
    """Whether a reading tells a type surely (TURN_TYPE_SURE)."""
    page_class = classify_page(text)
    return page_class.type is not DocType.OTHER and page_class.confidence >= TURN_TYPE_SURE


def best_turn(first: Reading, turned: list[Reading], typed_only: bool = False) -> Reading:
    """Of a garbage page's readings turned, the one that tells a type surely, else (unless
    ``typed_only``) the one read surest (by a margin over ``first``, which told no type)."""
    typed = [(page_class.confidence, reading) for reading in turned
             if (page_class := classify_page(reading.text)).type is not DocType.OTHER
             and page_class.confidence >= TURN_TYPE_SURE]
    if typed:
        return max(typed, key=lambda typed_reading: typed_reading[0])[1]
    return first if typed_only else most_confident(first, turned)


# Pages that may hold a card copied or photographed small: unrecognised ones, and cards
# whose fields a closer reading makes surer.
CARD_PAGE_TYPES = (DocType.OTHER, DocType.ID_CARD, DocType.INSURANCE_CARD, DocType.RESIDENCE_PROOF)


def look_at_cards(text: PageText, page_class: PageClass, prepared: PreparedPage,
                  engine: OcrEngine) -> tuple[PageText, PageClass]:
    """Cards found on the page (vision/cards.py, in ``prepare``) read again enlarged
    (ocr/cards.py), and the page classified again with what they say."""
    boxes = prepared.vision.card_boxes
    if text.source is not TextSource.OCR or not boxes or page_class.type not in CARD_PAGE_TYPES:
        return text, page_class
    upright = prepared.upright if prepared.upright is not None else prepared.image
    text = read_cards(text, upright, boxes, prepared.dpi, engine, tells=_tells_a_type)
    return text, classify_page(text)


# How sure a page is of the type its title read alone names, when the page's words
# alone tell no type (a 1-bit scan's invoice, its red labels gone).
TITLE_REREAD_CONFIDENCE = 0.7


def look_at_title(text: PageText, page_class: PageClass, prepared: PreparedPage,
                  engine: OcrEngine) -> tuple[PageText, PageClass]:
    """A page that tells no type surely: its title read again alone (ocr/titles.py),
    from the page before cleanup first, and the page typed by the title that reading
    names (classify.title_type), unless the page's words tell it otherwise surely."""
    if text.source is not TextSource.OCR or (page_class.type is not DocType.OTHER
                                             and page_class.confidence >= TURN_TYPE_SURE):
        return text, page_class
    images = (prepared.image,)
    if prepared.upright is not None and prepared.upright.shape[:2] == prepared.image.shape[:2]:
        images = (prepared.upright, prepared.image)
    found = reread_title(text, images, prepared.dpi, engine, is_title=lambda line: title_type(line) is not None)
    if found is None:
        return text, page_class
    reread, title = found
    titled = title_type(title)
    if titled is DocType.OTHER:  # a lab report's title, a medical record's: the page is other
        return text, page_class
    again = classify_page(reread)
    if again.type is titled:  # the words agree, the title makes it surer
        return reread, replace(again, confidence=max(again.confidence, TITLE_REREAD_CONFIDENCE), has_title=True)
    if again.type is not DocType.OTHER and again.confidence >= TURN_TYPE_SURE:
        return reread, again
    return reread, PageClass(titled, TITLE_REREAD_CONFIDENCE, True, again.page_mark)


def second_look(page_type: DocType, text: PageText, prepared: PreparedPage,
                engine: OcrEngine) -> tuple[PageText, PageVision]:
    """What needs the text or the type: the quality verdict confirmed by how well OCR
    read the page; an expense list read again sharpened when its rows do not check
    (ocr/sharpen.py), its class and quantity columns read again (ocr/columns.py), its
    prices and amounts read again by ``eng`` when its rows still do not check
    (ocr/figures.py), and its total, when a seal hides it (ocr/totals.py); an invoice's
    QR code."""
    quality = confirm_with_ocr(prepared.vision.quality, text.confidence)
    page_vision = replace(prepared.vision, quality=quality)
    if page_type is DocType.EXPENSE_LIST and text.source is TextSource.OCR:
        text, image = reread_sharpened(text, prepared.image, prepared.dpi, engine, ocr_scale(prepared))
        text = reread_columns(text, image, prepared.dpi, engine, ocr_scale(prepared))
        text = reread_figures(text, image, prepared.dpi, engine)
        text = reread_total_under_seal(text, prepared.image, prepared.dpi, engine, page_vision.seal)
    if page_type is DocType.INVOICE and prepared.text_layer is None:  # only electronic invoices carry a QR code
        # The image before cleanup: a 1-bit scan's QR modules do not survive the median filter.
        image = prepared.upright if prepared.upright is not None else prepared.image
        page_vision = replace(page_vision, qr_codes=vision.read_qr_codes(image, prepared.dpi))
    return text, page_vision


# Code-like squares drawn again on one page, at most: a receipt prints one code.
MAX_CODE_REGIONS = 3


def digital_qr_codes(file: PacketFile, number: int, page_type: DocType, prepared: PreparedPage,
                     page_vision: PageVision) -> PageVision:
    """A digital invoice's QR code (an electronic receipt's PDF). Its page was drawn at
    ingest.TEXT_LAYER_DPI, too coarse for the code's modules, so each code-like square
    on it (vision.code_regions) is drawn again from the PDF at vision.QR_DPI and decoded
    there; boxes are given in pixels of the page as first drawn. A region PDFium cannot
    draw again leaves the page without that code, never unread."""
    if page_type is not DocType.INVOICE or prepared.text_layer is None or file.source is None:
        return page_vision
    codes = []
    for box in vision.code_regions(prepared.image, prepared.dpi)[:MAX_CODE_REGIONS]:
        try:
            region = ingest.render_region(file.path, file.source, number, box, prepared.dpi, vision.QR_DPI)
        except InputError as error:  # drawn once already: the page's reading stands without its code
            log.info("page %s/%d: its code region could not be drawn again (%s)", masked(file.name), number,
                     error.code)
            continue
        back = prepared.dpi / vision.QR_DPI
        for code in vision.read_qr_codes(region, vision.QR_DPI):
            x0, y0, x1, y1 = code.box
            codes.append(replace(code, box=(box[0] + round(x0 * back), box[1] + round(y0 * back),
                                            box[0] + round(x1 * back), box[1] + round(y1 * back))))
    return replace(page_vision, qr_codes=tuple(codes))


def ocr_scale(prepared: PreparedPage) -> float:
    return scale_for(prepared.vision.quality.measures.get("char_height_px"))


def extract_documents(pages: Sequence[PageResult], directory: Directory) -> list[Document]:
    """Group pages into documents and extract each one's fields."""
    groups = group_documents(pages)
    return [extract_document(f"d{index}", group, directory) for index, group in enumerate(groups, 1)]


# --- helpers ------------------------------------------------------------------------


def keep_words(settings: Settings, ref: PageRef, text: PageText) -> None:
    """In debug mode, keep a page's words as <file>_p0003_words.tsv beside its images."""
    if settings.debug_dir is None:
        return
    folder = Path(settings.debug_dir)
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["line\tx0\ty0\tx1\ty1\tconfidence\ttext"]
    for number, line in enumerate(text.lines, 1):
        rows += [f"{number}\t" + "\t".join(map(str, w.box)) + f"\t{w.confidence:.2f}\t{w.text}" for w in line.words]
    stem = Path(ref.file).name.replace(".", "_")
    (folder / f"{stem}_p{ref.page:04d}_words.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def masked(name: str) -> str:
    """A file name for the logs: people name their scans after themselves (张伟身份证.jpg)."""
    return "file-" + hashlib.sha256(name.encode()).hexdigest()[:10]


def make_engine(settings: Settings) -> OcrEngine:
    return TesseractEngine(settings.ocr_languages, settings.ocr_timeout_seconds, settings.tesseract_cmd,
                           settings.ocr_page_segmentation, in_process=settings.ocr_in_process)


def directory_of(settings: Settings) -> Directory:
    return load_directory(settings.regions_csv, settings.hospitals_csv)


def unreadable_page(ref: PageRef, error: Exception) -> PageResult:
    """A page that could not be read: kept in the report as 'other' with a poor-image verdict."""
    text = PageText(TextSource.OCR, lines=(), width=0, height=0, confidence=0.0)
    problem = getattr(error, "code", "unreadable")
    vision_result = PageVision(0, 0.0, Quality(False, ("unreadable", problem), {}), None)
    return PageResult(ref, DocType.OTHER, 0.0, text, vision_result, has_title=False)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and the files inside given directories (sorted, recursively).

    Inside a directory, hidden files and ``.json`` files (a claim declaration, a sample's
    ground truth) are skipped: they are never scans. Files named explicitly are always read.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not _skipped(p, path))
        else:
            found.append(path)
    return found


def _skipped(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    return any(part.startswith(".") for part in relative.parts) or path.suffix.lower() == ".json"


def _named(paths: list[Path]) -> list[tuple[Path, str]]:
    """Each path with the name the report uses: its file name, made unique if needed."""
    seen: dict[str, int] = {}
    named = []
    for path in paths:
        count = seen.get(path.name, 0)
        seen[path.name] = count + 1
        named.append((path, path.name if count == 0 else f"{path.stem}~{count}{path.suffix}"))
    return named


def packet_id_of(files: Sequence[PacketFile]) -> str:
    """A packet's id: derived from its files' content, so the same packet gets the same id."""
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.name):
        digest.update((file.source.sha256 if file.source else file.name).encode())
    return "p-" + digest.hexdigest()[:16]


def process_packet(
    paths: Sequence[Path],
    settings: Settings,
    claim: Declaration | None = None,
    policy: str | None = None,
    today: date | None = None,
    engine: OcrEngine | None = None,
    pool: PagePool | None = None,
) -> dict:
    """The whole pipeline: read the packet, judge it, and return its report (report.md)."""
    packet = read_packet(paths, settings, engine, pool, claim)
    judgement = judge_packet(packet, claim, settings, today or date.today(), policy)
    return build_report(packet, judgement)
