"""The Tesseract engine on real rendered pages: words, boxes, confidences, lines, errors."""

import numpy as np
import pytest

from claimdocs.errors import OcrError, OcrTimeoutError
from claimdocs.model import TextSource
from claimdocs.ocr import TesseractEngine, scale_for, tesseract
from tests.pages import render_page


@pytest.fixture(scope="module")
def discharge_page():
    return render_page("出院证明书", [
        "姓名：王秀英    性别：女    年龄：67岁",
        "住院号：ZY20240815001",
        "入院日期：2024年08月15日        出院日期：2024-08-28",
        "出院诊断：冠状动脉粥样硬化性心脏病",
    ])


def test_reads_chinese_lines_with_boxes_and_confidences(discharge_page):
    text = TesseractEngine().read(discharge_page, 200)
    assert text.source is TextSource.OCR
    assert text.lines[0].text == "出院证明书"
    joined = text.text.replace(" ", "")
    for expected in ("王秀英", "ZY20240815001", "2024年08月15日", "2024-08-28", "冠状动脉"):
        assert expected in joined
    assert 0.5 < text.confidence <= 1.0
    height, width = discharge_page.shape
    for word in text.words:
        x0, y0, x1, y1 = word.box
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert 0.0 <= word.confidence <= 1.0


def test_lines_come_in_reading_order(discharge_page):
    text = TesseractEngine().read(discharge_page, 200)
    tops = [line.box[1] for line in text.lines]
    assert tops == sorted(tops)
    # The two dates sit on one row, far apart: they come back as one line, in order.
    row = next(line.text for line in text.lines if "入院日期" in line.text)
    assert row.index("入院日期") < row.index("出院日期")


def test_missing_tesseract_is_a_typed_error(discharge_page):
    with pytest.raises(OcrError, match="not installed"):
        TesseractEngine(tesseract_cmd="/nonexistent/tesseract").read(discharge_page, 200)


@pytest.mark.parametrize("in_process", [True, False], ids=["library", "program"])
def test_timeout_is_a_typed_error(in_process):
    noise = np.random.default_rng(0).integers(0, 255, (1500, 1500), dtype=np.uint8)
    with pytest.raises(OcrTimeoutError):
        TesseractEngine(timeout_seconds=0.05, in_process=in_process).read(noise, 300)


@pytest.mark.parametrize("options", [{}, {"scale": 1.3}, {"block": True}], ids=["page", "enlarged", "block"])
def test_library_reads_exactly_as_the_program(discharge_page, options):
    """GIVEN a page WHEN read in process (libtesseract) and by the tesseract program
    THEN the words, boxes and confidences are the same: only the program's start-up is saved."""
    def words(engine):
        return [(w.text, w.box, w.confidence) for w in engine.read(discharge_page, 200, **options).words]

    assert tesseract._library() is not None, "libtesseract 5 should load where tesseract is installed"
    assert words(TesseractEngine(in_process=True)) == words(TesseractEngine())


def test_a_configured_program_is_run_not_the_library():
    assert TesseractEngine(tesseract_cmd="/usr/local/bin/tesseract", in_process=True).in_process is False
    assert TesseractEngine(in_process=True).in_process is True
    assert TesseractEngine().in_process is False  # the program through pytesseract, by default


def test_tsv_rows_become_columns_as_pytesseract_gives_them():
    tsv = "1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t\n5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t96.750473\t王秀英\n"
    data = tesseract._data_from_tsv(tsv)
    assert data["text"] == ["", "王秀英"] and data["conf"] == [-1, 96] and data["left"] == [0, 10]
    assert [w.text for w in tesseract._words_from_data(data)] == ["王秀英"]


def test_a_page_on_its_side_reads_best_turned_upright(discharge_page):
    """GIVEN a page lying on its side WHEN read both ways up and then on its sides THEN
    the reading turned upright wins and says so."""
    import cv2

    from claimdocs.ocr import most_confident, read_turns, read_upright

    engine = TesseractEngine()
    lying = cv2.rotate(discharge_page, cv2.ROTATE_90_COUNTERCLOCKWISE)
    first = read_upright(engine, lying, 200)
    best = most_confident(first, read_turns(engine, lying, 200, 1.0))
    assert best.sideways == 90
    assert "出院证明书" in best.text.text.replace(" ", "")


def test_an_upside_down_page_is_read_turned_and_an_upright_one_once(discharge_page):
    """GIVEN a page upside down WHEN read THEN the band check sends it to a second reading
    turned by 180°, which wins; GIVEN it upright THEN one reading is all it costs."""
    import cv2

    from claimdocs.ocr import read_upright

    calls = []

    class Counting(TesseractEngine):
        def read(self, image, dpi, scale=1.0, block=False, languages=None):
            calls.append(image.shape)
            return super().read(image, dpi, scale, block, languages)

    engine = Counting()
    upside_down = read_upright(engine, cv2.rotate(discharge_page, cv2.ROTATE_180), 200)
    assert upside_down.flipped and "出院证明书" in upside_down.text.text.replace(" ", "")
    assert len(calls) == 3 and calls[1][0] < discharge_page.shape[0] / 2  # page, a band, page turned
    calls.clear()
    assert not read_upright(engine, discharge_page, 200).flipped and len(calls) == 1


def test_small_print_is_enlarged_and_large_print_shrunk_before_ocr():
    assert scale_for(20) == 1.5 and scale_for(24) == 1.25  # small print: up to 1.5×
    assert scale_for(28) == scale_for(45) == scale_for(None) == 1.0
    assert scale_for(60) == 0.67 and scale_for(80) == 0.5  # a phone photo's large print


def test_a_page_of_large_print_read_shrunk_reads_the_same_with_boxes_on_the_page():
    # GIVEN a page as a 12-megapixel phone photo sees it: characters about 57 px high
    page = render_page("出院证明书", ["住院号：ZY20240815001", "入院日期：2024年08月15日"], dpi=400)
    engine = TesseractEngine()
    # WHEN read shrunk to the scale the pipeline picks for it, and at full size
    shrunk, whole = engine.read(page, 400, scale=0.7), engine.read(page, 400)
    # THEN the words are read as well, and their boxes are in the page's own pixels
    joined = shrunk.text.replace(" ", "")
    assert "ZY20240815001" in joined and "2024年08月15日" in joined
    assert (shrunk.width, shrunk.height) == (whole.width, whole.height) == (page.shape[1], page.shape[0])
    [small] = [w.box for w in shrunk.words if "ZY2024" in w.text]
    [large] = [w.box for w in whole.words if "ZY2024" in w.text]
    assert all(abs(a - b) <= 4 for a, b in zip(small, large))


def test_a_garbage_page_turned_is_kept_when_it_then_tells_its_type_however_poorly_it_reads():
    """GIVEN a 1-bit scan upside down: read upright it is garbage of no type (0.41), turned
    by 180° its broken strokes read no surer (0.30) but say 出院证明书 WHEN the turns are
    judged THEN the turned reading wins; without a type, the surest reading does."""
    from claimdocs.model import Line, PageText, TextSource, Word
    from claimdocs.ocr import Reading
    from claimdocs.pipeline import best_turn

    def reading(texts: list[str], confidence: float, turn: int) -> Reading:
        """Lines read surely (0.9) amid garbage: the page's mean confidence is ``confidence``."""
        lines = tuple(Line(t, (0, 40 * i, 600, 40 * i + 30), (Word(t, (0, 40 * i, 600, 40 * i + 30), 0.9),), 0.9)
                      for i, t in enumerate(texts))
        text = PageText(TextSource.OCR, lines, 1240, 1754, confidence)
        return Reading(text, flipped=turn == 180, sideways=0 if turn == 180 else turn)

    garbage = reading(["一 一 一", "3 (用 : 呈 5", "人 》 W"], 0.41, 0)
    upside_down = reading(["出院证明书", "姓名 张伟 性别 男", "入院日期 2024年3月1日 出院日期 2024年3月9日",
                           "出院诊断 肺炎", "出院医嘱 注意休息"], 0.30, 180)
    sideways = reading(["AAA", "~~ --"], 0.35, 90)
    assert best_turn(garbage, [upside_down, sideways]) is upside_down
    surer = reading(["RN 13 -- 一"], 0.56, 270)
    assert best_turn(garbage, [sideways, surer]) is surer
    assert best_turn(garbage, [sideways]) is garbage


def test_an_invoice_whose_title_a_one_bit_scan_broke_is_typed_by_its_title_read_alone():
    """GIVEN a receipt form scanned 1-bit at 150 dpi by a mail room (generated, s3063-000
    page 5): its red labels dropped out, and the page's reading garbled its title
    安徽省医疗住院收费票据 as 净徽省医打卫收续县振, so the page told no type WHEN read THEN
    its title line, read again alone, names an invoice, and its number, total and date
    are extracted."""
    from datetime import date
    from decimal import Decimal
    from pathlib import Path

    from claimdocs import ingest
    from claimdocs.pipeline import PacketFile, directory_of, extract_documents, make_engine, read_page
    from claimdocs.settings import Settings

    path = Path(__file__).parent / "resources" / "scans" / "invoice_title_broken_1bit.tif"
    settings = Settings()
    page = read_page(PacketFile(path, path.name, ingest.open_file(path, settings)), 1, settings, make_engine(settings))
    assert page.type.value == "invoice" and page.has_title
    fields = extract_documents([page], directory_of(settings))[0].fields
    assert fields["invoice_number"] == "1301578786"
    assert fields["total_amount"] == Decimal("11530.00")
    assert fields["issue_date"] == date(2024, 6, 11)


def test_a_title_read_alone_names_a_type_only_when_close_to_one():
    from claimdocs.classify import title_type
    from claimdocs.model import DocType

    assert title_type("安徽省医疗主院收费点所") is DocType.INVOICE  # three of eight misread
    assert title_type("住院费用明细消单") is DocType.EXPENSE_LIST
    assert title_type("入院记录") is DocType.OTHER  # exactly a medical record, one off 出院记录
    assert title_type("院证") is None  # two characters of 出院证 say little
    assert title_type("安徽省医打让让费旧所") is None


def test_a_title_read_well_enough_on_the_page_is_not_read_again():
    """GIVEN pages that told no type surely, one whose title line the page's reading
    already read close to an invoice's (医疗作院收费可所, s3063-008) and a lab report
    whose title read right WHEN their titles are looked at THEN neither is read again:
    the invoice is typed surer by its title, the report stays "other"."""
    import numpy as np

    from claimdocs.classify import classify_page
    from claimdocs.model import (DocType, Line, PageRef, PageText, PageVision, PreparedPage, Quality, TextSource,
                                 Word)
    from claimdocs.pipeline import look_at_title

    class NoReading:
        def read(self, *args, **kwargs):
            raise AssertionError("read again")

    def page(*rows: tuple[str, int]) -> PageText:
        lines = []
        for index, (row, height) in enumerate(rows):
            box = (100, 50 + 60 * index, 100 + 30 * len(row), 50 + 60 * index + height)
            lines.append(Line(row, box, (Word(row, box, 0.6),), 0.6))
        return PageText(TextSource.OCR, tuple(lines), 1654, 2339, 0.6)

    image = np.full((2339, 1654), 255, np.uint8)
    prepared = PreparedPage(PageRef("scan.tif", 5), image, 200, PageVision(0, 0.0, Quality(True), None))
    invoice = page(("医疗作院收费可所", 40), ("许文  250.00  500.00", 30), ("杭州西溪医院  300.00", 30))
    first = classify_page(invoice)
    assert first.confidence < 0.6
    _, typed = look_at_title(invoice, first, prepared, NoReading())
    assert typed.type is DocType.INVOICE and typed.confidence >= 0.7 and typed.has_title
    report = page(("检验报告单", 40), ("姓名:许文  性别:男", 30), ("项目  结果  单位", 30))
    kept = classify_page(report)
    assert look_at_title(report, kept, prepared, NoReading())[1].type is DocType.OTHER
