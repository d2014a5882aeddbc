"""An expense list's rows in doubt settled by its total (table.reconcile_with_total), and
the list's total kept or set aside (extract's _drop_impossible_total, lists.py).

The figures are those Tesseract read on blurred phone photos and grey scans of generated
lists (development sets 2026 and 3040), with the confidences it gave them.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from claimdocs.extract import _drop_impossible_total, table
from claimdocs.extract.fields import normal_line
from claimdocs.extract.lists import ROWS_SUM_CONFIDENCE, list_totals_from_invoices
from claimdocs.layout import lines_from_words
from claimdocs.model import DocType, Document, ExpenseItem, ItemClass, PageRef, PageText, TextSource, Word

COLUMNS_X = (60, 200, 520, 640, 760, 900)


def at(y: int, *cells: str, sure: tuple[float, ...] | None = None):
    """One row of cells under the header's columns (编码 名称 类别 数量 单价 金额)."""
    sure = sure or (0.9,) * len(cells)
    words = [Word(text, (x, y, x + 16 * len(text), y + 16), confidence)
             for x, text, confidence in zip(COLUMNS_X, cells, sure) if text]
    return normal_line(lines_from_words(words)[0])


HEADER = at(100, "项目编码", "项目名称", "类别", "数量", "单价", "金额")


def entries_of(*rows):
    found = table.find_header([HEADER])
    assert found is not None
    return table.read_entries(list(rows), found[1])


def amounts(items) -> list[D]:
    return [item.amount for item in items]


def test_a_row_that_does_not_check_is_its_quantity_times_its_price_when_the_total_says_so():
    """GIVEN rows of a blurred photo (s2026-010) whose amounts were misread unsurely:
    2 × 35.60 read 11.20 (0.49) and 1 × 60.00 read 0.00 (0.28) WHEN settled by a total
    of 468.20 THEN they are 71.20 and 60.00, their quantity × price; by 348.20 (what
    they say as read) they stand; by 408.20, which either one alone could make (71.20
    with 0.00, or 11.20 with 60.00), nothing is settled."""
    entries = entries_of(
        at(140, "110200002", "住院诊察费", "甲", "13", "25.00", "325.00"),
        at(180, "131006", "低分子量肝素生注射渡", "乙", "2", "35.60", "11.20", sure=(0.72, 0.9, 0.89, 0.96, 0.73, 0.49)),
        at(220, "340200010", "康复综合评定", "乙", "1", "60.00", "0.00", sure=(0.88, 0.9, 0.91, 0.92, 0.85, 0.28)),
        at(260, "250102001", "尿常规", "甲", "1", "12.00", "12.00"))
    assert [(type(e).__name__, e.checked) for e in entries] == [("Row", True), ("Row", False), ("Row", False),
                                                                ("Row", True)]
    assert amounts(table.reconcile_with_total(entries, D("468.20"))) == [D("325.00"), D("71.20"), D("60.00"),
                                                                        D("12.00")]
    assert amounts(table.reconcile_with_total(entries, D("348.20"))) == [D("325.00"), D("11.20"), D("0.00"),
                                                                        D("12.00")]
    assert table.reconcile_with_total(entries, D("408.20")) is None


def test_a_row_read_in_whole_yuan_is_its_hundredth_when_the_total_says_so():
    """GIVEN a blurred photo's row 医用外科口罩 1 × 1.20 read 120 120, both points lost
    (s3069-017) WHEN settled by a total with 1.20 for it THEN it is 1 × 1.20; by a total
    with 120.00 for it, it stands as read."""
    entries = entries_of(
        at(140, "110200002", "住院诊察费", "甲", "13", "25.00", "325.00"),
        at(180, "CL0003", "医用外和村口寻", "丙", "1", "120", "120"),
        at(220, "250102001", "尿常规", "甲", "1", "12.00", "12.00"))
    assert [(type(e).__name__, e.checked) for e in entries] == [("Row", True), ("Row", False), ("Row", True)]
    settled = table.reconcile_with_total(entries, D("338.20"))
    assert amounts(settled) == [D("325.00"), D("1.20"), D("12.00")] and settled[1].unit_price == D("1.20")
    assert amounts(table.reconcile_with_total(entries, D("457.00"))) == [D("325.00"), D("120"), D("12.00")]


def test_a_row_read_as_an_amount_alone_is_the_gap_when_the_gap_is_its_price_a_whole_number_of_times():
    """GIVEN 0.9%氯化钠注射液 whose quantity went unread and whose amount read 61.@ (s3040-016):
    only 3.85 is left, one unit WHEN settled by a total 61.60 above the other rows THEN
    it is 16 × 3.85; a gap its price does not divide (61.00) settles nothing."""
    rows = [at(140, "2024-04-20", "住院诊察费", "甲", "13", "25.00", "325.00"),
            at(180, "202404-23", "0.9%氧化钠注射流", "音类", "", "3.85", "61.@", sure=(0.0, 0.9, 0.04, 0.0, 0.91, 0.54)),
            at(220, "2024-05-07", "康复综合评定", "乙", "1", "60.00", "60.00")]
    entries = table.read_entries(rows, None)  # its header went unread
    assert isinstance(entries[1], table.Unresolved)
    assert [(i.quantity, i.amount) for i in entries[1].readings] == [(D(1), D("3.85"))]
    settled = table.reconcile_with_total(entries, D("446.60"))
    assert [(i.quantity, i.unit_price, i.amount) for i in settled][1] == (D(16), D("3.85"), D("61.60"))
    assert table.reconcile_with_total(entries, D("446.00")) is None


def test_an_unread_row_beside_rows_taken_on_trust_is_the_gap_only_when_its_quantity_divides_it():
    """GIVEN a row whose figures all went unread but its quantity 3 (注射用泮托拉唑钠,
    s3040-010) beside a row whose figures do not check WHEN settled THEN the unread row
    is the gap 85.50 = 3 × 28.50; a gap 3 does not divide (85.00) could hide the other
    row's misreading, and settles nothing."""
    entries = entries_of(
        at(140, "110200002", "住院诊察费", "甲", "12", "25.00", "300.00"),
        at(180, "XJ1004", "注射用洋托拉几钠", "乙", "3", "切", "才.】", sure=(0.86, 0.5, 0.9, 0.82, 0.0, 0.14)),
        at(220, "CL0003", "医用外科口罩", "甲", "1", "1.20", "1.20"))
    assert isinstance(entries[1], table.Unread) and entries[1].quantity == 3
    trusted = [entries[0], entries[1], table.Row(entries[2].item, checked=False)]
    settled = table.reconcile_with_total(trusted, D("386.70"))
    assert [(i.quantity, i.unit_price, i.amount) for i in settled][1] == (D(3), D("28.50"), D("85.50"))
    assert table.reconcile_with_total(trusted, D("386.20")) is None


def test_an_unread_row_whose_code_stands_outside_a_misread_header_is_the_gap():
    """GIVEN a photographed list whose header read 疯日二妇对目名稳 规格 单位 数量 单价 (项目编码
    and 项目名称 garbled, so no code column) and whose last row lost its figures:
    250401011 《反应站白测定 了 (s3039-011) WHEN settled by the total THEN that row, known
    by its item code in the first cell, is the 280.00 the other rows leave; a first cell
    that is a date is no item code."""
    header = at(100, "疯日二妇对目名稳", "", "规格", "单位", "数量", "单价")
    columns = table.find_header([header])[1]
    assert "code" not in columns
    rows = [at(140, "110200002", "", "住院诊察费", "12", "25.00", "300.00"),
            at(180, "250401011", "", "《反应站白测定", "了", "", "")]
    entries = table.read_entries(rows, columns)
    assert isinstance(entries[1], table.Unread) and entries[1].code == "250401011"
    assert amounts(table.reconcile_with_total(entries, D("580.00"))) == [D("300.00"), D("280.00")]
    dated = table.read_entries([rows[0], at(180, "2024-10-29", "", "《反应站白测定", "了", "", "")], columns)
    assert len(dated) == 1


def test_an_unresolved_row_is_first_read_keeping_both_its_price_and_its_amount():
    """GIVEN a scanned list (s3046-000) whose rows 中级护理 1 30.00 360.00 and 静脉输液 1 12.00
    144.00 lost the 2 of their quantity 12, and whose 丹红注射液 row kept only its quantity 2
    under a seal, its total unread WHEN settled by the invoice's total THEN the rows are
    12 × 30.00 and 12 × 12.00, the gap 2 × 26.40: reading 30.00 or 12.00 alone would set
    a printed figure aside, and so would make as many totals as there are readings."""
    entries = entries_of(
        at(140, "110200002", "住院诊察费", "甲", "12", "25.00", "300.00"),
        at(180, "120100003", "中级护理", "外", "1", "30.00", "360.00"),
        at(220, "120400001", "静脉输液(第一组)", "绅", "1", "12.00", "144.00"),
        at(260, "ZC1002", "丹红注射液", "乙", "2", "二河Ne-80", ""))
    assert [type(entry).__name__ for entry in entries] == ["Row", "Unresolved", "Unresolved", "Unread"]
    settled = table.reconcile_with_total(entries, D("856.80"))
    assert [(i.quantity, i.amount) for i in settled] == [
        (D(12), D("300.00")), (D(12), D("360.00")), (D(12), D("144.00")), (D(2), D("52.80"))]


def test_a_figure_read_in_one_cell_with_a_seals_marks_and_the_item_code_is_the_rows_figure():
    """GIVEN a scanned list's last row read 5%葡萄糖注射液 甲 1 4.20 /Ar全N XJ0002, a seal's
    ring across its amount and the gaps to the 项目编码 column lost (s3046-020) WHEN read
    THEN it is a row of 4.20 with its code XJ0002, not a line whose 4.20 could be taken
    for the list's total; a word with digits that is no code (A引6) keeps the cell whole."""
    entries = entries_of(at(140, "110200002", "住院诊察费", "甲", "12", "25.00", "300.00"),
                         at(180, "", "5%葡萄糖注射液", "甲", "1", "4.20 /Ar全N XJ0002", ""))
    assert len(entries) == 2 and isinstance(entries[1], table.Row)
    assert (entries[1].item.amount, entries[1].item.code) == (D("4.20"), "XJ0002")
    misread = entries_of(at(180, "", "5%葡萄糖注射液", "甲", "1", "4.20 A引6 XJ0002", ""))
    assert not any(isinstance(entry, table.Row) and entry.item.code == "XJ0002" for entry in misread)


def test_an_unread_row_is_the_gap_only_in_whole_units_of_its_items_price_on_other_rows():
    """GIVEN a scanned list (s3046-003) whose last 注射用头孢曲松钠 row, XJ1001, lost its
    figures under a seal (1 AM), the same item checked on an earlier row at 6.80 a unit
    WHEN settled THEN the total 6813.00 makes it 1 × 6.80, and the 6816.60 read on the
    seal-crossed 合计 row, which would make it 10.40, settles nothing. Beside a row taken
    on trust, the row's own quantity must agree too (s3044-021: an invoice total 100.00
    off the list's was made of a guess and 2 × 4.20 for a row whose quantity went unread)."""
    entries = entries_of(
        at(140, "XJ1001", "注射用头孢曲松钠", "甲", "2", "6.80", "13.60"),
        at(180, "110200002", "住院诊察费", "甲", "12", "25.00", "300.00"),
        at(220, "XJ1001", "注射用头孢曲松钠", "甲", "1", "AM", ""))
    assert isinstance(entries[2], table.Unread)
    settled = table.reconcile_with_total(entries, D("320.40"))
    assert [(i.quantity, i.unit_price, i.amount) for i in settled][2] == (D(1), D("6.80"), D("6.80"))
    assert table.reconcile_with_total(entries, D("324.00")) is None
    # Beside a row taken on trust (301.00 as read), the gap is the price as many times as
    # the unread row's own quantity says (1), and no other whole number of times.
    trusted = [entries[0], table.Row(replace(entries[1].item, amount=D("301.00")), checked=False), entries[2]]
    assert table.reconcile_with_total(trusted, D("321.40"))[2].quantity == 1
    assert table.reconcile_with_total(trusted, D("328.20")) is None
    assert table.reconcile_with_total(trusted, D("328.00")) is None


def test_a_list_whose_checked_rows_make_a_figure_its_invoice_prints_takes_that_total():
    """GIVEN a list whose 合计金额 row a seal garbled (站 4 Ms7.357) and whose rows all check,
    and an invoice whose total read 22281535 (no decimals: garbage) but whose cash paid,
    beside a garbled label, reads 1025.00, what the rows add up to (s3039-025) WHEN list
    totals are settled THEN the list's total is 1025.00, as sure as that line; where no
    invoice prints that figure, the rows' sum still, unsurely (_total_of_checked_rows),
    unless a total was read and set aside; a row that does not check leaves it unread."""
    def words(y: int, *cells: str) -> list[Word]:
        return [Word(text, (x, y, x + 16 * len(text), y + 16), 0.9) for x, text in zip(COLUMNS_X, cells) if text]

    rows = [words(140, "110200002", "住院诊察费", "甲", "12", "25.00", "300.00"),
            words(180, "120100003", "中级护理", "甲", "12", "30.00", "360.00"),
            words(220, "210300001", "胸部CT平扫", "甲", "1", "240.00", "240.00"),
            words(260, "340200010", "康复综合评定", "乙", "2", "62.50", "125.00")]

    def settled(list_rows, paid: str, read_as: dict | None = None):
        page, bill = PageRef("list.pdf", 4), PageRef("list.pdf", 3)
        header = words(100, "项目编码", "项目名称", "类别", "数量", "单价", "金额")
        foot = words(300, "合计金额", "站", "4 Ms7.357")
        texts = {page: PageText(TextSource.OCR, lines_from_words([w for r in (header, *list_rows, foot) for w in r]),
                                1000, 1400, 0.8),
                 bill: PageText(TextSource.OCR, lines_from_words([Word("合计(小写) 22281535", (0, 40, 300, 60), 0.6),
                                                                  Word(f"个人现心太开叉付 {paid}", (0, 80, 300, 100), 0.7)]),
                                1000, 1400, 0.7)}
        listed = Document("d2", DocType.EXPENSE_LIST, (page,), 0.99, {"items": []}, {}, read_as=read_as or {})
        invoice = Document("d1", DocType.INVOICE, (bill,), 0.99, {"total_amount": D("22281535.00")}, {"total_amount": 0.6})
        found = list_totals_from_invoices([invoice, listed], texts)[1]
        return found.fields.get("total_amount"), found.field_confidence.get("total_amount")

    assert settled(rows, "1025.00") == (D("1025.00"), 0.7)
    assert settled(rows, "1026.00") == (D("1025.00"), ROWS_SUM_CONFIDENCE)
    assert settled(rows, "1026.00", read_as={"total_amount": D("25.00")}) == (None, None)
    unchecked = [*rows[:3], words(260, "340200010", "康复综合评定", "乙", "2", "60.00", "125.00")]
    assert settled(unchecked, "1025.00") == (None, None)


def test_a_total_equal_to_a_row_with_an_item_code_is_that_row_not_the_total():
    """GIVEN a list whose 合计 row was garbled (合计 本 胖, s3040-021), so that its largest
    amount, 8680.00, was taken for the total, and that amount is a row's, one unit of
    注射用胸腺法新 with its code XJ1009 WHEN checked THEN the total is set aside (kept to
    show what was read); a last row without a code may be the total row itself, its
    label garbled too, and the total stands."""
    def row(name: str, amount: str, code: str | None, checked: bool):
        return table.Row(ExpenseItem(name, ItemClass.A, D(1), D(amount), D(amount), code=code), checked)

    entries = [row("住院诊察费", "75.00", "110200002", True), row("注射用胸腺法新", "8680.00", "XJ1009", False)]
    fields, confidence = {"total_amount": D("8680.00")}, {"total_amount": 0.7}
    assert _drop_impossible_total(entries, fields, confidence) == D("8680.00")
    assert "total_amount" not in fields and "total_amount" not in confidence

    entries[-1] = row("合针本胖", "8755.00", None, False)
    fields = {"total_amount": D("8755.00")}
    assert _drop_impossible_total(entries, fields, {"total_amount": 0.7}) is None
    assert fields == {"total_amount": D("8755.00")}


def test_a_total_set_aside_below_its_rows_is_restored_when_an_invoice_has_it():
    """GIVEN a list whose total 7,220.20 read surely was set aside because a row that
    checks came to more (25.00 × 134 = 3350.00: the ring of a seal read as a 3 in 14 and
    350.00, s3040-028) WHEN the packet's invoice totals 7220.20 THEN the list's total is
    7220.20, an invoice of another total restores nothing."""
    page = PageRef("list.jpg", 1)
    text = PageText(TextSource.OCR, (), 2480, 3508, 0.9)
    listed = Document("d1", DocType.EXPENSE_LIST, (page,), 0.99, {"items": []}, {}, {},
                      {"total_amount": D("7220.20")})
    invoice = Document("d2", DocType.INVOICE, (PageRef("invoice.jpg", 1),), 0.99, {"total_amount": D("7220.20")},
                       {"total_amount": 0.9})
    restored = list_totals_from_invoices([listed, invoice], {page: text})[0]
    assert restored.fields["total_amount"] == D("7220.20") and restored.field_confidence["total_amount"] == 0.9
    assert "total_amount" not in restored.read_as
    other = Document("d2", DocType.INVOICE, invoice.pages, 0.99, {"total_amount": D("7230.20")}, {"total_amount": 0.9})
    assert list_totals_from_invoices([listed, other], {page: text})[0] is listed


def test_a_total_whose_unit_was_read_as_a_digit_is_read_to_the_fen():
    """GIVEN the total row 金额合计 7496.657% (7496.65元, its 元 read as 7%, s3040-024)
    WHEN the list's total is read THEN it is 7496.65; 7496.6578 is no amount."""
    from tests.test_expense_figures import _list_document

    doc = _list_document("住院费用明细清单", "住院诊察费  甲  9  25.00  225.00", "金额合计  7496.657%", "第1页/共1页")
    assert doc.fields["total_amount"] == D("7496.65")
    doc = _list_document("住院费用明细清单", "住院诊察费  甲  9  25.00  225.00", "金额合计  7496.6578", "第1页/共1页")
    assert "total_amount" not in doc.fields


def test_a_list_total_read_without_its_point_is_the_reading_its_rows_make():
    """GIVEN the total row 总计 79452070 (7945.20元, its point lost and its 元 read as 70,
    a phone photo, s3065-001) WHEN the list's rows add up to 7945.20 THEN the total is
    7945.20; rows that add up to none of its readings leave it unread, and so does a
    figure with its point where the rows make another sum."""
    from tests.test_expense_figures import _list_document

    rows = ("住院诊察费  甲  3  25.00  75.00", "动态心电图  乙  14  180.00  2520.00", "腹腔镜下胆囊切除术  乙  1  5350.20  5350.20")
    doc = _list_document("住院费用明细清单", *rows, "总计  79452070", "第1页/共1页")
    assert doc.fields["total_amount"] == D("7945.20")
    doc = _list_document("住院费用明细清单", *rows, "总计  794520", "第1页/共1页")
    assert doc.fields["total_amount"] == D("7945.20")
    doc = _list_document("住院费用明细清单", *rows, "总计  79462070", "第1页/共1页")
    assert "total_amount" not in doc.fields


def _list_with_total_row(*cells: str) -> tuple[Document, dict[PageRef, PageText]]:
    """A list whose last page's total row reads ``cells`` and whose rows prove nothing."""
    page = PageRef("list.jpg", 1)
    words = [Word(text, (60 + 120 * i, 900, 60 + 120 * i + 24 * len(text), 930), 0.6) for i, text in enumerate(cells)]
    text = PageText(TextSource.OCR, tuple(lines_from_words(words)), 2480, 3508, 0.8)
    return Document("d1", DocType.EXPENSE_LIST, (page,), 0.99, {"items": []}, {}), {page: text}


def _invoice(total: str, number: int = 2) -> Document:
    return Document(f"d{number}", DocType.INVOICE, (PageRef(f"invoice{number}.jpg", 1),), 0.99,
                    {"total_amount": D(total)}, {"total_amount": 0.9})


def test_a_total_row_garbled_by_a_seal_takes_the_one_invoice_total_its_remains_fit():
    """GIVEN a list whose total row reads 合计 2 癌 4.40 元 (2864.40, the seal's ring across
    86, s3044-024) and whose rows cannot prove a total WHEN the packet's invoices total
    2864.40 and 1250.00 THEN the list's total is 2864.40, no surer than its row, and what
    was read is kept; a digit read against it (2860.40), or two invoices both fitting
    (2864.40, 2874.40), leave it unread."""
    listed, texts = _list_with_total_row("合计", "2", "癌", "4.40", "元")
    settled = list_totals_from_invoices([listed, _invoice("2864.40"), _invoice("1250.00", 3)], texts)[0]
    assert settled.fields["total_amount"] == D("2864.40")
    assert settled.read_as["total_amount"].split() == ["2", "癌", "4.40元"]
    assert settled.field_confidence["total_amount"] == 0.6
    for totals in (("2860.40",), ("2864.40", "2874.40")):
        documents = [listed, *(_invoice(total, n) for n, total in enumerate(totals, 2))]
        assert list_totals_from_invoices(documents, texts)[0] is listed


def test_a_total_row_whose_points_were_misread_fits_the_invoice_of_its_digits():
    """GIVEN 合计 9.42155 (9,421.55 with its comma read as a point and its point lost,
    s3044-008) WHEN the invoice totals 9421.55 THEN so does the list, and so 合计金额 8041350
    元 for an invoice of 8041.50 (the point read as a digit) and 金额合计 2 T487.45 for one of
    7487.45 (the ¥ read as a mark apart), and 总计 es 有1088735 for one of 10887.35
    (every digit, after marks); too little read
    (合计 _4amses) or the fen unread (合计 7,328.人5) fits no invoice."""
    listed, texts = _list_with_total_row("合计", "9.42155")
    assert list_totals_from_invoices([listed, _invoice("9421.55")], texts)[0].fields["total_amount"] == D("9421.55")
    # its point read as a digit (合计金额 8041350 元 for 8041.50, s3057-021)
    listed, texts = _list_with_total_row("合计金额", "8041350", "元")
    assert list_totals_from_invoices([listed, _invoice("8041.50")], texts)[0].fields["total_amount"] == D("8041.50")
    assert list_totals_from_invoices([listed, _invoice("8041.58")], texts)[0] is listed
    # its ¥ read as a mark apart before the figure, whose 7 read T (金额合计 2 T487.45, s3057-010)
    listed, texts = _list_with_total_row("金额合计", "2 T487.45")
    assert list_totals_from_invoices([listed, _invoice("7487.45")], texts)[0].fields["total_amount"] == D("7487.45")
    assert list_totals_from_invoices([listed, _invoice("7481.45")], texts)[0] is listed
    for cells, total in ((("总计", "_4amses"), "14625.05"), (("合计", "7,328.人5"), "7328.45")):
        listed, texts = _list_with_total_row(*cells)
        assert list_totals_from_invoices([listed, _invoice(total)], texts)[0] is listed
    # every digit of the total, its point lost, after marks (总计 es 有1088735, s3071-003)
    listed, texts = _list_with_total_row("总计", "es 有1088735")
    assert list_totals_from_invoices([listed, _invoice("10887.35")], texts)[0].fields["total_amount"] == D("10887.35")
    assert list_totals_from_invoices([listed, _invoice("10887.36")], texts)[0] is listed


def test_a_total_row_with_a_mark_read_before_its_label_is_the_total_not_a_row():
    """GIVEN a list whose last row reads 人金额合计 9282.15 (a seal's ring read as 人 before
    the label, s3044-016) and whose rows come to 9282.05 (one misread: 1 × 45.70 = 91.30)
    WHEN extracted THEN the list has its two rows and its total is 9282.15; 本页合计 with a
    mark before it is still a page's subtotal, not the total. So is 费用总额 read with its
    ends garbled but its 用总 kept (村用总额, 楠用总客), but not an item's name garbled into
    用总 with more than a figure after it."""
    from tests.test_expense_figures import _list_document

    rows = ("住院诊察费  甲  7  25.00  175.00", "复方氨基酸注射液(18AA)  乙  1  45.70  91.30")
    doc = _list_document("住院费用明细清单", *rows, "人金额合计  9282.15", "第1页/共1页")
    assert len(doc.fields["items"]) == 2 and doc.fields["total_amount"] == D("9282.15")
    subtotal = at(900, "一本页合计", "", "", "", "", "266.30")
    assert table.is_total_row(subtotal) and not table.is_list_total(subtotal)
    assert table.is_list_total(at(900, "人金额合计", "", "", "", "", "9282.15"))
    # 费用总额 with its 费 misread (s3053-017): the total, not one more row
    garbled = _list_document("住院费用明细清单", *rows, "村用总额  266.30", "第1页/共1页")
    assert len(garbled.fields["items"]) == 2 and garbled.fields["total_amount"] == D("266.30")
    # 费用总额 garbled at both ends, its 用总 kept (s3057-001, s3054-014): the total row,
    # not one more row; and no figure's digit is taken for its label.
    for label in ("楠用总客", "慢用总客", "栅用总狠", "作用总外"):
        garbled = _list_document("住院费用明细清单", *rows, f"{label}  266.30", "第1页/共1页")
        assert len(garbled.fields["items"]) == 2 and garbled.fields["total_amount"] == D("266.30")
    assert table.total_row_remains(at(900, "慢用总客", "", "", "", "9077", "4070")).split() == ["9077", "4070"]
    # An item whose name garbled into 用总 (中级护理, s3058-002) stays an item.
    item = at(900, "", "用总芒理", "", "20.99", "芒,急", "120100003")
    assert not table.is_total_row(item) and not table.is_list_total(item)
    assert table.total_row_remains(at(900, "慢用总9077.40", "", "", "", "", "")) == "慢用总9077.40"


def test_a_figure_of_a_row_is_never_the_total_taken_for_a_garbled_total_row():
    """GIVEN a list whose total row is garbled beyond reading and whose largest figure is a
    row's price misread with a 5 glued to it (注射用胸腺法新 14 58680.00 8680.00, s2026-014)
    WHEN the list's total is read THEN it is not 58680.00; the largest amount on a line of
    its own still is the total."""
    from tests.test_expense_figures import _list_document

    rows = ("住院诊察费  甲  8  25.00  200.00", "注射用胸腺法新  乙  14  58680.00  8680.00")
    doc = _list_document("住院费用明细清单", *rows, "人 金 灿 合 N", "第1页/共1页")
    assert doc.fields.get("total_amount") != D("58680.00")
    doc = _list_document("住院费用明细清单", *rows, "人 金 灿 8880.00", "第1页/共1页")
    assert doc.fields["total_amount"] == D("8880.00")


def test_a_rows_date_blurred_into_a_figure_is_neither_its_amount_nor_the_lists_total():
    """GIVEN a blurred photo of a list's last page, no header read, whose rows open with
    their date read as a figure (20410.05 SS三司生注射丰 甲灿 习 42 for 2024.10.05 and a
    row's figures garbled, s3039-023) and whose 费用总额 reads 费用总客 2190250 WHEN read
    THEN no item of 20410.05 is made of the date, and 20410.05 is not the list's total
    either: a figure before an item's name is no figure of the list."""
    from tests.test_expense_figures import _list_document

    rows = ("204.1105  住这诊察费  时类  25.00  2500", "20411.05  阴护再  音灿  3000  3000")
    doc = _list_document("住院费用清单", *rows, "20410.05 SS三司生注射丰  甲灿  习  42", "费用总客  2190250",
                         "箱2页/共2页")
    assert D("20410.05") not in amounts(doc.fields["items"])
    assert doc.fields.get("total_amount") != D("20410.05")


def test_a_total_set_aside_that_lost_its_first_digit_takes_the_invoice_total_it_ends():
    """GIVEN a list whose total row reads 合计金额 5 “4118.25 (14118.25, its 1 garbled),
    4118.25 set aside as below the rows' sum (s3046-006) WHEN the packet's invoice totals
    14118.25 THEN so does the list; an invoice of 24118.25 beside it leaves it unread."""
    listed, texts = _list_with_total_row("合计金额", "5", "“4118.25")
    listed = Document(listed.id, listed.type, listed.pages, 0.99, {"items": []}, {}, {},
                      {"total_amount": D("4118.25")})
    assert list_totals_from_invoices([listed, _invoice("14118.25")], texts)[0].fields["total_amount"] == D("14118.25")
    both = list_totals_from_invoices([listed, _invoice("14118.25"), _invoice("24118.25", 3)], texts)[0]
    assert "total_amount" not in both.fields


def test_a_row_misread_beyond_its_quantity_times_price_is_the_gap_in_whole_units_of_its_price():
    """GIVEN a grey 300 dpi scan's rows (s3047-001): 0.9%氯化钠注射液 XJ0001 with its
    quantity 2 read 多 and its amount 7.70 read 79, both at 0.00, the item checked at 3.85
    on another row WHEN settled by a total of 336.55 THEN the row is the 7.70 the others
    leave, 2 × 3.85; neither 79.00 as read nor 1 × 3.85 makes that total. A gap its price
    does not divide (337.00) settles nothing."""
    entries = entries_of(
        at(140, "XJ0001", "0.9%氯化钠注射液", "甲", "1", "3.85", "3.85"),
        at(180, "XJ0001", "0.%%毛化钠注射液", "甲", "多", "3.85", "79", sure=(0.91, 0.44, 0.92, 0.0, 0.91, 0.0)),
        at(220, "110200002", "住院诊察费", "甲", "13", "25.00", "325.00"))
    assert isinstance(entries[1], table.Row) and not entries[1].checked
    settled = table.reconcile_with_total(entries, D("336.55"))
    assert [(i.quantity, i.unit_price, i.amount) for i in settled][1] == (D(2), D("3.85"), D("7.70"))
    assert table.reconcile_with_total(entries, D("337.00")) is None


def test_a_row_whose_leading_digit_a_seal_took_is_the_gap_that_ends_in_its_amount():
    """GIVEN a list's last row 硫酸氢氯吡格雷片 XJ1005 1 2.40 under a seal (s3047-020): its
    price and amount 32.40 lost their 3, one figure read WHEN settled by a total 30.00
    above the rows as read THEN the row is 32.40, the gap ending in what was read; a gap
    that does not (31.40) settles nothing."""
    entries = entries_of(
        at(140, "110200002", "住院诊察费", "甲", "13", "25.00", "325.00"),
        at(180, "XJ1005", "硫酸氢毛吡格雷片", "乙", "1", "", "2.40", sure=(0.9, 0.9, 0.9, 0.9, 0.0, 0.9)))
    assert isinstance(entries[1], table.Row) and not entries[1].checked
    settled = table.reconcile_with_total(entries, D("357.40"))
    assert [(i.quantity, i.unit_price, i.amount) for i in settled] == [(D(13), D("25.00"), D("325.00")),
                                                                      (D(1), D("32.40"), D("32.40"))]
    assert table.reconcile_with_total(entries, D("356.40")) is None


def test_a_row_whose_quantity_was_read_unsurely_is_the_gap_in_whole_units_of_its_price():
    """GIVEN the last row of a 200 dpi grey scan (s2027-029), 康复综合评定 5 × 60.00 =
    300.00, its quantity read 3 at 0.45 and its amount lost under a seal WHEN settled by
    the invoice's total THEN it is the 300.00 the other rows leave, 5 × 60.00. The same
    quantity read surely (0.92) is not overruled: nothing is settled."""
    rows = (at(140, "110200002", "住院诊察费", "甲", "13", "25.00", "325.00"),)
    for sure, settled in ((0.45, [(D(13), D("325.00")), (D(5), D("300.00"))]), (0.92, None)):
        entries = entries_of(*rows, at(180, "340200010", "康复综合评定", "乙", "3", "60.00", "",
                                       sure=(0.91, 0.96, 0.91, sure, 0.9, 0.0)))
        found = table.reconcile_with_total(entries, D("625.00"))
        assert (found and [(i.quantity, i.amount) for i in found]) == (settled or None)


def test_a_total_read_without_its_first_digits_is_the_sum_of_rows_that_all_check():
    """GIVEN a two-page list's total row read 费用总额对 2572.00 (s3047-013: 12572.00, its 1
    read into the label's last mark) under rows that all check and add up to 12572.00
    WHEN checked THEN the total is that sum, what was read kept; a row that does not
    check, or a sum that does not end so, leaves the total set aside."""
    def row(amount: str, checked: bool = True):
        return table.Row(ExpenseItem("住院诊察费", ItemClass.A, D(1), D(amount), D(amount)), checked)

    entries = [row("12000.00"), row("500.00"), row("72.00")]
    fields, confidence = {"total_amount": D("2572.00")}, {"total_amount": 0.8}
    assert _drop_impossible_total(entries, fields, confidence) == D("2572.00")
    assert fields == {"total_amount": D("12572.00")} and confidence == {"total_amount": 0.8}
    for changed in ([*entries[:2], row("72.00", checked=False)], [*entries[:2], row("73.00")]):
        fields = {"total_amount": D("2572.00")}
        assert _drop_impossible_total(changed, fields, {"total_amount": 0.8}) == D("2572.00")
        assert fields == {}


def test_a_list_whose_rows_each_read_their_likeliest_way_make_an_invoice_total_takes_it():
    """GIVEN a photographed list whose 中级护理 row lost the 2 of its quantity 12 (1 30.00
    360.00: 12 × 30.00 its likeliest reading) and whose total row's label was read as
    marks and its figure without its point (AAA会办 456000, as 楠用总客 2890250 on
    s3057-001), so that the row stands as one more row whose figures went unread (the
    figure taken for an item code), and an invoice whose total is what the rows make read
    their likeliest way WHEN list totals are settled THEN the list takes that total with
    those rows: they are the items extraction gives, and the garbled row is no row the
    total must leave a gap for. A total the rows cannot make settles nothing."""
    rows = (("110200002", "住院诊察费", "甲", "12", "25.00", "300.00"),
            ("120100003", "中级护理", "甲", "1", "30.00", "360.00"),
            ("331501027", "人工髋关节置换术", "甲", "1", "3900.00", "3900.00"), ("", "AAA会办", "", "", "", "456000"))
    entries = entries_of(*(at(140 + 40 * i, *cells) for i, cells in enumerate(rows)))
    assert [type(entry).__name__ for entry in entries] == ["Row", "Unresolved", "Row", "Unread"]
    assert amounts(table.likeliest_items(entries)) == [D("300.00"), D("360.00"), D("3900.00")]
    settled = table.settle_with_total(entries, D("4560.00"))
    assert amounts(settled.items) == [D("300.00"), D("360.00"), D("3900.00")] and settled.strain == 0

    page, bill = PageRef("list.jpg", 1), PageRef("invoice.jpg", 1)
    lines = [HEADER.line, *(at(140 + 40 * i, *cells).line for i, cells in enumerate(rows))]
    texts = {page: PageText(TextSource.OCR, tuple(lines), 1000, 1400, 0.8),
             bill: PageText(TextSource.OCR, (), 1000, 1400, 0.9)}
    listed = Document("d2", DocType.EXPENSE_LIST, (page,), 0.99, {"items": table.likeliest_items(entries)}, {})
    for total, taken in (("4560.00", D("4560.00")), ("9999.99", None)):
        invoice = Document("d1", DocType.INVOICE, (bill,), 0.99, {"total_amount": D(total)}, {"total_amount": 0.9})
        found = list_totals_from_invoices([invoice, listed], texts)[1]
        assert found.fields.get("total_amount") == taken
        assert amounts(found.fields["items"]) == [D("300.00"), D("360.00"), D("3900.00")]


def test_a_total_row_read_as_a_row_leaves_the_rows_above_it_as_extraction_reads_them():
    """GIVEN a list whose total row's label was read as marks (AAA会办), so that the row
    is one more row of the table, above it 中级护理 1 30.00 360.00 in doubt (12 × 30.00 its
    likeliest reading), and an
    invoice of 5872.55 that the rows above do not make WHEN list totals are settled THEN
    the list's total is 5872.55 and its items are the three rows above, each its
    likeliest way, as extraction gave them: the row in doubt is not dropped, a list short
    of rows being a list misread."""
    rows = [("110200002", "住院诊察费", "甲", "12", "25.00", "300.00"), ("120100003", "中级护理", "甲", "1", "30.00", "360.00"),
            ("250102001", "尿常规", "甲", "1", "12.00", "12.00"), ("", "AAA会办", "", "", "", "5,872.55")]
    page = PageRef("list.jpg", 1)
    texts = {page: PageText(TextSource.OCR, tuple([HEADER.line, *(at(140 + 40 * i, *cells).line
                                                                   for i, cells in enumerate(rows))]), 1000, 1400, 0.8)}
    entries = table.list_entries([texts[page]])
    assert [type(entry).__name__ for entry in entries] == ["Row", "Unresolved", "Row", "Unresolved"]
    listed = Document("d1", DocType.EXPENSE_LIST, (page,), 0.99, {"items": table.likeliest_items(entries)}, {})
    invoice = Document("d2", DocType.INVOICE, (PageRef("invoice.jpg", 1),), 0.99, {"total_amount": D("5872.55")},
                       {"total_amount": 0.9})
    settled = list_totals_from_invoices([listed, invoice], texts)[0]
    assert settled.fields["total_amount"] == D("5872.55")
    assert amounts(settled.fields["items"]) == [D("300.00"), D("360.00"), D("12.00")]


def test_a_row_whose_quantity_alone_reads_is_the_gap_that_its_quantity_divides():
    """GIVEN 医用外科口罩 2 × 1.20 = 2.40 read 2 224 under a seal's ring (s3070-000): its
    figures make no reading of 2.40 WHEN settled by a total 2.40 above the other rows
    THEN it is 2 × 1.20; a gap its quantity does not divide to the fen (2.41) settles
    nothing, and a row whose quantity went unread is no such gap."""
    rows = [at(140, "110200002", "住院诊察费", "甲", "3", "25.00", "75.00"),
            at(180, "CL0003", "医用外科口重", "丙", "2", "224", ""),
            at(220, "250102001", "尿常规", "甲", "1", "12.00", "12.00")]
    entries = entries_of(*rows)
    assert isinstance(entries[1], table.Unresolved) and entries[1].quantity == 2
    assert D("2.40") not in amounts(entries[1].readings)
    settled = table.reconcile_with_total(entries, D("89.40"))
    assert [(i.quantity, i.unit_price, i.amount) for i in settled][1] == (D(2), D("1.20"), D("2.40"))
    assert table.reconcile_with_total(entries, D("89.41")) is None
    unquantified = entries_of(rows[0], at(180, "CL0003", "医用外科口重", "丙", "", "224", ""), rows[2])
    assert table.reconcile_with_total(unquantified, D("89.40")) is None
