"""Expense figures: reading rows from OCR word boxes without taking codes for amounts, and
choosing which figures the amount is computed from (domain.md §3, §6 amount_mismatch, §7).

The word boxes below are Tesseract's, copied from phone photos of expense lists."""

from __future__ import annotations

from decimal import Decimal as D

from claimdocs.extract import table
from claimdocs.extract.fields import normal_line
from claimdocs.layout import lines_from_words
from claimdocs.model import ExpenseItem, ItemClass, Word
from claimdocs.reimburse import compute_reimbursement
from claimdocs.rules.flags import run_checks
from claimdocs.rules.expenses import Figures, expense_basis, read_figures, reference_total
from claimdocs.rules.judge import build_case, tariffs
from tests.test_rules import POLICY, codes, doc, facts

TOLERANCE = D("0.01")


def line(*words: tuple[int, int, int, int, str]):
    """One row of words (x0, y0, x1, y1, text) as the extractor sees it."""
    built = lines_from_words([Word(text, (x0, y0, x1, y1), 0.9) for x0, y0, x1, y1, text in words])
    assert len(built) == 1
    return normal_line(built[0])


# A header whose 金额 was read as 全客: no amount column is known.
HEADER_WITHOUT_AMOUNT = line(
    (73, 223, 103, 239, "序号"), (131, 223, 194, 239, "项"), (155, 221, 169, 247, "目"), (169, 221, 184, 247, "名"),
    (183, 221, 197, 247, "称"), (495, 223, 557, 239, "医保"), (533, 221, 548, 247, "类"), (547, 221, 559, 247, "别"),
    (603, 223, 633, 239, "单位"), (702, 223, 732, 239, "数量"), (829, 224, 859, 239, "单价"),
    (977, 223, 1007, 239, "全"), (995, 221, 1009, 247, "客"), (1071, 224, 1085, 239, "项"),
    (1091, 224, 1100, 239, "目"), (1111, 221, 1137, 247, "编码"))


def columns_of(header) -> dict[str, float]:
    found = table.find_header([header])
    assert found is not None
    return found[1]


def test_an_amount_next_to_the_code_column_is_not_the_code_and_the_code_is_not_the_amount():
    """GIVEN a row under a header whose 金额 was misread, the amount lying as near the code
    column as the price column WHEN read THEN the amount is 30.00 and 120100003 is the code."""
    row = line((81, 265, 96, 277, "69"), (135, 263, 143, 276, "中"), (150, 263, 162, 278, "级"),
               (168, 263, 194, 279, "护理"), (519, 263, 533, 278, "甲"), (611, 263, 624, 278, "日"),
               (726, 264, 732, 276, "1"), (821, 264, 860, 277, "30.00"), (969, 265, 1008, 277, "30.00"),
               (1067, 265, 1137, 277, "120100003"))
    got = table.read_row(table.cells_of(row), columns_of(HEADER_WITHOUT_AMOUNT))
    assert got is not None and got.checked
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(1), D("30.00"), D("30.00"))
    assert got.item.code == "120100003" and got.item.name == "中级护理"


def test_a_misread_quantity_is_restored_from_the_figure_right_of_the_price():
    """GIVEN 了 read for the quantity 7 and no 金额 column known WHEN read THEN 7 × 28.00 = 196.00."""
    row = line((81, 381, 95, 393, "12"), (132, 385, 147, 388, "一"), (153, 379, 171, 395, "次"),
               (170, 376, 188, 403, "性"), (187, 379, 203, 395, "使"), (203, 376, 217, 403, "用"),
               (216, 379, 251, 395, "静脉"), (259, 376, 280, 403, "留置"), (279, 379, 289, 395, "针"),
               (519, 379, 534, 394, "乙"), (611, 379, 625, 395, "支"), (726, 380, 732, 393, "了"),
               (821, 381, 860, 393, "28.00"), (961, 381, 1008, 393, "196.00"), (1078, 380, 1125, 393, "CL0002"))
    got = table.read_row(table.cells_of(row), columns_of(HEADER_WITHOUT_AMOUNT))
    assert got is not None and got.checked and got.item.item_class == ItemClass.B
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(7), D("28.00"), D("196.00"))


def test_an_item_code_is_never_read_as_the_amount_of_an_unreadable_row():
    """GIVEN a blurred row whose price and amount are unreadable and whose code 110900001
    is the only clean number WHEN read without a header THEN no item of 110,900,001 yuan."""
    row = line((79, 276, 85, 287, "2"), (119, 271, 141, 296, "普"), (141, 275, 157, 289, "运"),
               (156, 271, 186, 296, "病房"), (185, 271, 215, 296, "床位"), (223, 275, 226, 289, "费"),
               (473, 274, 486, 289, "甲"), (557, 275, 569, 289, "日"), (747, 275, 762, 287, "细"),
               (761, 273, 775, 293, "."), (774, 275, 783, 287, "罗"), (882, 275, 897, 287, "列"),
               (900, 273, 918, 293, ".0"), (971, 275, 1035, 287, "110900001"))
    got = table.read_row(table.cells_of(row), None)
    assert got is None or got.item.amount < D("100000")


def test_an_amount_with_a_stray_third_decimal_is_not_taken_for_a_code():
    """GIVEN a scanned row whose amount 7.70 was read 7.710, under a header whose 金额 was
    read 全额 WHEN read THEN the row is kept: 2 × 3.85 = 7.70, and XJ0001 is its code."""
    header = line((177, 351, 238, 384, "序号"), (291, 351, 417, 384, "项"), (338, 346, 367, 397, "目"),
                  (366, 346, 396, 397, "名"), (395, 346, 421, 397, "称"), (1029, 352, 1089, 384, "类"),
                  (1066, 348, 1092, 399, "别"), (1205, 351, 1265, 383, "单位"), (1396, 351, 1457, 383, "数量"),
                  (1645, 352, 1705, 383, "单价"), (1932, 351, 1994, 383, "全"), (1972, 347, 1999, 398, "额"),
                  (2114, 352, 2143, 383, "项"), (2157, 352, 2174, 383, "目"), (2192, 347, 2244, 398, "编码"))
    row = line((291, 1287, 545, 1320, "0.%"), (357, 1283, 399, 1334, "毛"), (398, 1283, 434, 1334, "化"),
               (433, 1283, 466, 1334, "钠"), (465, 1287, 530, 1320, "注射"), (529, 1283, 549, 1334, "液"),
               (1045, 1288, 1072, 1319, "瑟"), (1443, 1290, 1458, 1317, "2"), (1644, 1290, 1706, 1317, "3.85"),
               (1932, 1290, 1994, 1316, "7.710"), (2130, 1291, 2223, 1317, "XJ0001"))
    got = table.read_row(table.cells_of(row), columns_of(header))
    assert got is not None and got.checked and got.item.code == "XJ0001"
    assert (got.item.quantity, got.item.unit_price, str(got.item.amount)) == (D(2), D("3.85"), "7.70")


def test_a_decimal_point_read_as_a_space_is_restored():
    """GIVEN a scanned row whose prices 88.00 were read as 88 00, the quantity unreadable
    (此) WHEN read THEN one unit at 88.00, not 8,800.00, and the row checks."""
    header = line((204, 367, 231, 384, "1"), (207, 355, 228, 365, "己"), (281, 354, 403, 384, "项"),
                  (325, 350, 355, 398, "目"), (355, 350, 382, 398, "名"), (382, 350, 406, 398, "称"),
                  (949, 355, 1007, 385, "类"), (987, 351, 1011, 399, "别"), (1111, 355, 1170, 384, "单位"),
                  (1283, 355, 1342, 384, "数量"), (1510, 355, 1569, 385, "单价"), (1772, 355, 1832, 385, "金额"),
                  (1889, 355, 2007, 385, "自"), (1930, 351, 1960, 399, "付"), (1960, 355, 2007, 385, "比例"),
                  (2130, 356, 2159, 385, "项"), (2171, 355, 2207, 385, "目"), (2207, 351, 2251, 399, "编码"))
    row = line((186, 1605, 216, 1628, "50"), (281, 1601, 402, 1631, "凝血"), (352, 1597, 382, 1645, "四"),
               (382, 1597, 406, 1645, "项"), (965, 1603, 989, 1632, "甲"), (1125, 1602, 1153, 1632, "次"),
               (1328, 1606, 1341, 1629, "此"), (1493, 1606, 1521, 1629, "88"), (1539, 1606, 1568, 1629, "00"),
               (1755, 1606, 1784, 1629, "88"), (1802, 1606, 1830, 1629, "00"), (2121, 1606, 2258, 1630, "250203021"))
    got = table.read_row(table.cells_of(row), columns_of(header))
    assert got is not None and got.checked
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(1), D("88.00"), D("88.00"))


def test_two_equal_figures_before_a_ratio_without_percent_are_one_unit():
    """GIVEN a photographed row whose class and quantity cells were lost, its ratio printed
    0.2 (no %), as Tesseract read it WHEN read without a header THEN one unit at 4800.00."""
    row = line((60, 500, 420, 530, "刀经皮冠状动执支架慎入术"), (700, 500, 760, 530, "4800"), (772, 500, 796, 530, "00"),
               (900, 500, 960, 530, "4800"), (972, 500, 996, 530, "00"), (1050, 500, 1080, 530, "0.2"),
               (1150, 500, 1290, 530, "330803019"))
    got = table.read_row(table.cells_of(row), None)
    assert got is not None
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(1), D("4800.00"), D("4800.00"))


def test_a_lost_point_and_a_glued_class_are_mended_from_the_rest_of_the_row():
    """Rows of a photographed list as Tesseract read them: the price 4.20 read 420 and the
    class glued to the amount (4.20。甲); the amount 64.80 read 6480“乙 beside 2 × 32.40."""
    one = line((60, 500, 160, 530, "XJO002"), (230, 500, 430, 530, "5%萄萄糠注射液"), (500, 500, 560, 530, "250ml"),
               (700, 500, 712, 530, "1"), (820, 500, 860, 530, "420"), (950, 500, 1040, 530, "4.20。甲"))
    got = table.read_row(table.cells_of(one), None)
    assert got is not None
    assert (got.item.quantity, got.item.unit_price, got.item.amount, got.item.item_class) == \
        (D(1), D("4.20"), D("4.20"), ItemClass.A)
    two = line((60, 500, 160, 530, "XJ1005"), (230, 500, 430, 530, "硫酸氢氯吡格雷片"), (700, 500, 712, 530, "2"),
               (820, 500, 880, 530, "32.40"), (950, 500, 1040, 530, "6480“乙"))
    got = table.read_row(table.cells_of(two), None)
    assert got is not None
    assert (got.item.quantity, got.item.unit_price, got.item.amount, got.item.item_class) == \
        (D(2), D("32.40"), D("64.80"), ItemClass.B)


def test_a_lost_quantity_and_a_lost_point_are_mended_when_one_reading_multiplies_out():
    """Rows of a blurred photo of a list whose quantity column went unread (cells as
    Tesseract read them): the price 40.00 read 4000 before the amount 280.00, and the
    amount 4340.00 read 434000 after the price 620.00. Only a hundredth of the bare figure
    makes the amount a whole multiple of the price: 7 × 40.00, 7 × 620.00."""
    price_lost = line((60, 500, 160, 530, "250401011"), (230, 500, 400, 530, "5反应重白测定"),
                      (880, 500, 930, 530, "4000"), (1010, 500, 1070, 530, "280.00"), (1130, 500, 1150, 530, "乙"))
    got = table.read_row(table.cells_of(price_lost), None)
    assert got is not None and got.checked
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(7), D("40.00"), D("280.00"))
    amount_lost = line((60, 500, 160, 530, "XJ1009"), (230, 500, 400, 530, "注射用胸腺法新"),
                       (540, 500, 590, 530, "1.6mg"), (880, 500, 940, 530, "620.00"), (1010, 500, 1070, 530, "434000"),
                       (1130, 500, 1150, 530, "两"))
    got = table.read_row(table.cells_of(amount_lost), None)
    assert got is not None and not got.checked  # the amount's own point was not read
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(7), D("620.00"), D("4340.00"))


def test_two_figures_run_together_where_a_seal_crosses_the_row_are_two_cells():
    """A 300 dpi grey scan's last row under the list's seal, as Tesseract read it: the
    gap between price and amount bridged, the ring read as AN before the amount, the
    quantity 7 lost. The cell is two figures: 7 × 18.60 = 130.20."""
    row = line((60, 500, 200, 530, "2024-10-17"), (300, 500, 480, 530, "阿托伐他汀钙片"), (700, 500, 760, 530, "乙类"),
               (1100, 500, 1180, 530, "18.60"), (1195, 500, 1330, 530, "AN130.20"), (1500, 500, 1540, 530, "0.2"))
    cells = table.cells_of(row)
    assert "18.60 AN130.20" in [c.text for c in cells]  # one cell as read
    got = table.read_row(cells, None)
    assert got is not None and got.checked
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(7), D("18.60"), D("130.20"))


def test_a_quantity_beside_an_amount_under_a_seals_ring_makes_a_row():
    """A grey 200 dpi scan's row under the list's seal (s3066-015), as Tesseract read it:
    the quantity 14, the price read as the ring's AAA 人, and the amount 399.00 glued to it,
    one cell. The cell is the quantity and the amount: the row is an item of 399.00, not
    a row with no figure read; a misread figure beside junk still keeps the cell whole."""
    row = line((154, 1528, 222, 1545, "XJ1004"), (294, 1527, 461, 1547, "注射用洋托拉唑钠"),
               (682, 1529, 736, 1549, "40mg"), (981, 1527, 1001, 1545, "14"), (1050, 1521, 1193, 1560, "AAA"),
               (1159, 1518, 1194, 1568, "人"), (1245, 1527, 1308, 1545, "399.00"), (1370, 1528, 1389, 1547, "乙"),
               (1480, 1527, 1521, 1545, "10%"))
    cells = table.cells_of(row)
    assert "14 AAA人399.00" in [c.text for c in cells]  # one cell as read
    got = table.read_row(cells, None)
    assert got is not None and got.item.amount == D("399.00") and not got.checked
    garbled = line((60, 500, 200, 530, "XJ1004"), (300, 500, 480, 530, "注射用洋托拉唑钠"),
                   (981, 500, 1001, 530, "14"), (1010, 500, 1060, 530, "A引6"), (1070, 500, 1190, 530, "AAA人399.00"))
    assert "14 A引6 AAA人399.00" in [c.text for c in table._figures_split(table.cells_of(garbled))]


def test_figures_that_lost_their_decimal_points_multiply_out_but_do_not_check():
    """GIVEN price and amount both read without their point (50.00 as 5000) WHEN read THEN
    the row is kept but not checked: it cannot vouch that a list total is too small."""
    header = line((100, 10, 160, 30, "项目名称"), (400, 10, 440, 30, "类别"), (500, 10, 540, 30, "数量"),
                  (600, 10, 640, 30, "单价"), (700, 10, 740, 30, "金额"))
    row = line((100, 50, 220, 70, "普通病房床位费"), (410, 50, 430, 70, "甲"), (510, 50, 520, 70, "1"),
               (600, 50, 640, 70, "5000"), (700, 50, 740, 70, "5000"))
    got = table.read_row(table.cells_of(row), columns_of(header))
    assert got is not None and not got.checked and got.item.amount == D("5000")


def test_a_row_whose_figures_do_not_multiply_out_is_unchecked():
    """GIVEN quantity 2, price 4.20 and an amount read as 8.46 (a digit misread) WHEN read
    THEN the row is kept, by its columns, but not checked."""
    header = line((100, 10, 160, 30, "项目名称"), (400, 10, 440, 30, "类别"), (500, 10, 540, 30, "数量"),
                  (600, 10, 640, 30, "单价"), (700, 10, 740, 30, "金额"))
    row = line((100, 50, 190, 70, "葡萄糖注射液"), (410, 50, 430, 70, "甲"), (510, 50, 520, 70, "2"),
               (600, 50, 640, 70, "4.20"), (700, 50, 735, 70, "8.46"))
    got = table.read_row(table.cells_of(row), columns_of(header))
    assert got is not None and not got.checked
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(2), D("4.20"), D("8.46"))


# --- which figures the amount is computed from -------------------------------------------------------------


def item(cls: str, amount: str) -> ExpenseItem:
    return ExpenseItem(f"item {cls}", ItemClass(cls), D(1), D(amount), D(amount))


def figures(items=(), list_total=None, invoice_total=None, confirmed=False) -> Figures:
    return Figures(tuple(items), None if list_total is None else D(list_total),
                   None if invoice_total is None else D(invoice_total), confirmed, ("d2",), ("d1",))


def test_items_that_add_up_to_a_printed_total_drive_the_amount():
    rows = [item("A", "600.00"), item("C", "400.00")]
    basis = expense_basis(figures(rows, list_total="1000.00", invoice_total="1000.00"), TOLERANCE)
    assert basis.items == tuple(rows) and basis.unclassified is None and "agrees" in basis.note


def test_a_code_read_as_an_amount_does_not_drive_the_amount_the_total_does():
    """GIVEN items that add up to 120,400,651 because a code was read as an amount, and a
    list total equal to the invoice total WHEN the basis is chosen THEN the misread row is
    dropped, the rows that fit count by class and the rest of the total is unclassified."""
    rows = [item("A", "600.00"), item("C", "51.00"), item("A", "120400000.00")]
    basis = expense_basis(figures(rows, list_total="5829.20", invoice_total="5829.20"), TOLERANCE)
    assert basis.items == tuple(rows[:2]) and basis.unclassified == D("5178.20")
    assert "5829.20" in basis.note and "120400651.00" in basis.note


def test_without_any_printed_total_the_items_drive_the_amount_and_the_trace_says_so():
    rows = [item("A", "100.00")]
    basis = expense_basis(figures(rows), TOLERANCE)
    assert basis.items == tuple(rows) and "no printed total" in basis.note


def test_without_items_the_list_total_alone_is_an_expense_figure():
    basis = expense_basis(figures(list_total="800.00"), TOLERANCE)
    assert basis.items == () and basis.unclassified == D("800.00") and basis.documents == ("d2",)


def test_the_reference_total_is_the_confirmed_invoice_else_the_lower_of_two_that_disagree():
    assert reference_total(figures(list_total="900.00", invoice_total="1000.00", confirmed=True), TOLERANCE)[0] == D("1000.00")
    assert reference_total(figures(list_total="900.00", invoice_total="1000.00"), TOLERANCE)[0] == D("900.00")
    assert reference_total(figures(list_total="1200.00", invoice_total="1000.00"), TOLERANCE)[0] == D("1000.00")
    assert reference_total(figures(), TOLERANCE) is None


def test_a_misread_item_never_pays_out_the_annual_cap():
    """GIVEN a packet whose list rows add up to 672 million (codes read as amounts) while its
    list total and its invoice (大写 agreeing) say 5829.20 WHEN judged THEN the amount is
    computed from 5829.20, the trace says so, and low_confidence asks a reviewer."""
    rows = [item("A", "3000.00"), item("C", "1800.00"), item("A", "110900001.00"), item("A", "561700000.00")]
    invoice = doc("d1", "invoice", total_amount=D("5829.20"), total_amount_words=D("5829.20"))
    expense_list = doc("d2", "expense_list", {"items": 0.6, "total_amount": 0.8}, total_amount=D("5829.20"),
                       items=rows)
    packet = facts(invoice, expense_list)
    flags = run_checks(packet)
    result = compute_reimbursement(build_case(packet, flags), tariffs(POLICY))
    assert result.total == D("5829.20") and result.class_c == D("1800.00")
    assert result.class_b == D("1029.20") and result.reimbursable < D("5829.20")
    first = result.trace[0]
    assert first.step == "total" and "5829.20" in first.rule and set(first.documents) == {"d1", "d2"}
    assert "low_confidence" in codes(flags)


def test_read_figures_sums_totals_and_confirms_an_invoice_by_its_words():
    invoice = doc("d1", "invoice", total_amount=D("100.00"), total_amount_words=D("100.00"))
    unconfirmed = doc("d3", "invoice", total_amount=D("50.00"))
    listed = doc("d2", "expense_list", total_amount=D("150.00"), items=[item("A", "150.00")])
    assert read_figures([listed], [invoice]).invoice_confirmed
    both = read_figures([listed], [invoice, unconfirmed])
    assert both.invoice_total == D("150.00") and not both.invoice_confirmed and both.list_total == D("150.00")
    assert read_figures([doc("d2", "expense_list", items=[])], []).list_total is None


def _list_document(*texts: str):
    """An expense list read from one page whose lines are ``texts``."""
    from claimdocs.classify import DocumentPages
    from claimdocs.extract import extract_document
    from claimdocs.model import DocType, Line, PageRef, PageResult, PageText, PageVision, Quality, TextSource
    from claimdocs.pipeline import directory_of
    from claimdocs.settings import Settings

    lines = tuple(Line(t, (0, 30 * i, 900, 30 * i + 20), (Word(t, (0, 30 * i, 900, 30 * i + 20), 0.9),), 0.9)
                  for i, t in enumerate(texts))
    text = PageText(TextSource.OCR, lines, 1000, 800, 0.9)
    page = PageResult(PageRef("list.jpg", 1), DocType.EXPENSE_LIST, 0.9, text, PageVision(0, 0.0, Quality(True), None),
                      page_mark=(1, 1))
    return extract_document("d1", DocumentPages(DocType.EXPENSE_LIST, (page,)), directory_of(Settings()))


def test_a_list_total_equal_to_one_of_several_rows_is_not_taken():
    """GIVEN a list whose 总计 row OCR garbled (总计 “0), so that the largest amount on the
    page, an item's, stood for the total WHEN extracted THEN no total is read (a reviewer
    is asked) rather than the item's amount."""
    doc = _list_document("住院费用明细清单", "住院诊察费  甲  9  25.00  225.00",
                         "2024-04-09  人工髋关节假体  乙类  18500.00  1  18500.00  0.1",
                         "一次性使用输液器  甲  5  3.50  17.50", "总计  “0", "第1页/共1页")
    assert len(doc.fields["items"]) == 3
    assert "total_amount" not in doc.fields


def test_a_list_total_below_the_sum_of_its_checked_rows_is_not_taken():
    """GIVEN a total garbled by blur (8,970.05 read as 3,.979.的: 3979.00) below what the
    rows that check already add up to WHEN extracted THEN no total is read."""
    doc = _list_document("住院费用明细清单", "住院诊察费  甲  9  25.00  225.00", "肝功能全套  甲  14  96.00  1344.00",
                         "腹腔镜下胆囊切除术  乙  1  2600.00  2600.00", "总计  3,.979.的", "第1页/共1页")
    assert len(doc.fields["items"]) == 3
    assert "total_amount" not in doc.fields
    kept = _list_document("住院费用明细清单", "住院诊察费  甲  9  25.00  225.00", "肝功能全套  甲  14  96.00  1344.00",
                          "总计  8,970.05", "第1页/共1页")
    assert kept.fields["total_amount"] == D("8970.05")  # rows missing from the reading: the total stands


def _entries(*texts: str):
    """Rows of cells (split on two spaces) as lines of words 40 px apart, under no header."""
    lines = _page(*texts).lines
    assert len(lines) == len(texts)
    return table.read_entries([normal_line(built) for built in lines], None)


def test_rows_whose_decimal_points_were_lost_are_settled_by_the_list_total():
    """GIVEN a list (rows read from a blurred photo) whose three rows lost their decimal
    points, 0.9% 氯化钠 read 二 385 4235 for 11 × 3.85 = 42.35, WHEN its total 2962.55 is
    known THEN those rows are the readings that make up the total, and no others."""
    entries = _entries("110200002  住院诊察费  9  25.00  225.00  甲",
                       "XJO001  0.9%毛化钠注射液  二  385  4235  甲",
                       "XJO002  5%葡萄糖注射液  1  4620  甲",
                       "ZC1001  血塞通注射液  5  4900  乙",
                       "331002007  腹腔镜下胆囊切除术  1  2600.00  2600.00  乙")
    assert [type(e).__name__ for e in entries] == ["Row", "Unresolved", "Unresolved", "Unresolved", "Row"]
    items = table.reconcile_with_total(entries, D("2962.55"))
    assert items is not None
    assert [i.amount for i in items] == [D("225.00"), D("42.35"), D("46.20"), D("49.00"), D("2600.00")]
    salt = items[1]
    assert (salt.quantity, salt.unit_price, salt.item_class) == (D(11), D("3.85"), ItemClass.A)


def test_rows_are_left_as_read_when_the_total_does_not_settle_them_one_way():
    entries = _entries("110200002  住院诊察费  9  25.00  225.00  甲",
                       "XJO002  5%葡萄糖注射液  1  4620  甲",
                       "XJO003  10%葡萄糖注射液  1  4620  甲")
    assert table.reconcile_with_total(entries, D("271.20")) is None  # either row could be it
    assert table.reconcile_with_total(entries, D("300.00")) is None  # no reading makes it up
    assert table.reconcile_with_total(entries, D("225.00")) is None  # nothing to settle


def test_a_misread_quantity_is_restored_from_right_aligned_figures_under_misread_headers():
    """GIVEN a header whose 金额 merged into 全额自付比例 and right-aligned figures lying nearer
    the 数量 and 比例 headers than their own WHEN a row reads 世1 for 11 THEN 25.00 and
    275.00, printed one after the other, are price and amount: 11 × 25.00; and an amount
    is never taken for the self-pay ratio."""
    header = line((60, 200, 150, 216, "序号项目名称"), (480, 200, 560, 216, "医保关别单位"), (640, 200, 680, 216, "数量"),
                  (760, 200, 800, 216, "单价"), (900, 200, 1060, 216, "全额自付比例"), (1100, 200, 1160, 216, "项目编码"))
    row = line((60, 240, 70, 256, "T"), (100, 240, 200, 256, "住院诊察费"), (480, 240, 495, 256, "甲"),
               (560, 240, 575, 256, "日"), (650, 240, 680, 256, "世1"), (720, 240, 770, 256, "25.00"),
               (860, 240, 920, 256, "275.00"), (1000, 240, 1010, 256, "0"), (1090, 240, 1180, 256, "110200002"))
    got = table.read_row(table.cells_of(row), columns_of(header))
    assert got is not None and got.checked
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(11), D("25.00"), D("275.00"))
    needle = line((100, 280, 260, 296, "一次性使用静脉留置针"), (560, 280, 575, 296, "支"), (670, 280, 680, 296, "1"),
                  (720, 280, 770, 296, "28.00"), (900, 280, 950, 296, "28.00"), (990, 280, 1010, 296, "0.1"))
    got = table.read_row(table.cells_of(needle), columns_of(header))
    assert got is not None and got.item.amount == D("28.00") and got.item.self_pay_ratio == D("0.1")


# --- rows read from a 150 dpi grey scan and phone photos (development set 9102) -----------------------


def test_a_figure_with_a_class_or_a_bar_glued_after_it_is_split_from_it():
    """GIVEN rows whose amount ran into the class column (42.00站 for 42.00 甲, 369.60区)
    or whose price kept a cell's bar (26.40|) WHEN read THEN the figure is a cell of its
    own and the row checks: 14 × 3.00 = 42.00, 14 × 26.40 = 369.60."""
    oxygen, danhong = _entries("120300001  吸氧  小时  14  3.00  42.00站",
                               "21002  丹红注射液  l0ml  14  26.40|  369.60区")
    assert isinstance(oxygen, table.Row) and oxygen.checked
    assert (oxygen.item.quantity, oxygen.item.unit_price, oxygen.item.amount) == (D(14), D("3.00"), D("42.00"))
    assert isinstance(danhong, table.Row) and danhong.checked
    assert (danhong.item.quantity, danhong.item.unit_price, danhong.item.amount) == (D(14), D("26.40"), D("369.60"))


def test_a_decimal_point_read_as_a_comma_is_restored():
    """GIVEN 12,00 and 37,80 (a point read as a comma: two digits after it, where a
    thousands group has three) WHEN read THEN 6 × 12.00 = 72.00 and 9 × 4.20 = 37.80."""
    drip, glucose = _entries("静执输戒(笋一组)  次  6  12,00  72.00", "5区萄粹注射流  9  4.20  37,80")
    assert isinstance(drip, table.Row) and drip.checked and drip.item.unit_price == D("12.00")
    assert isinstance(glucose, table.Row) and glucose.checked and glucose.item.amount == D("37.80")
    assert table._decimal("12,345.67") == D("12345.67")  # a thousands separator stays one


def test_a_quantity_glued_to_its_price_is_split_only_when_the_row_multiplies_out():
    """GIVEN 2 240.00 read as one cell (the gap between 数量 and 单价 lost) WHEN another
    figure of the row is 2 × 240.00 THEN the quantity is split off and the row checks;
    without such a figure, 2 240.00 stays one figure (a thousands separator read as a space)."""
    ct = line((108, 50, 187, 70, "210300001"), (233, 50, 316, 70, "胸部CT平扫"), (798, 50, 812, 70, "2"),
              (818, 50, 929, 70, "240.00"), (1014, 50, 1063, 70, "480.00"))
    assert "2 240.00" in [c.text for c in table.cells_of(ct)]
    got = table.read_row(table.cells_of(ct), None)
    assert got is not None and got.checked
    assert (got.item.quantity, got.item.unit_price, got.item.amount) == (D(2), D("240.00"), D("480.00"))
    alone = line((233, 50, 316, 70, "胸部CT平扫"), (798, 50, 812, 70, "2"), (818, 50, 929, 70, "240.00"))
    assert [c.text for c in table._quantity_split_off(table.cells_of(alone))] == ["胸部CT平扫", "2 240.00"]


def _page(*texts: str):
    """A page of rows of cells (split on two spaces), words 40 px apart row to row."""
    from claimdocs.model import PageText, TextSource
    rows = []
    for y, text in enumerate(texts):
        words, x = [], 60
        for cell in text.split("  "):
            words.append(Word(cell, (x, 100 + 40 * y, x + 20 * len(cell), 116 + 40 * y), 0.9))
            x += 20 * len(cell) + 80
        rows += words
    return PageText(TextSource.OCR, tuple(lines_from_words(rows)), 1200, 1600, 0.9)


def test_a_total_row_whose_label_ocr_garbled_is_not_an_item():
    """GIVEN a list whose 金额合计 row was read 人金额合计 ¥16025.70, and another whose
    费用总额 was read 作用总外 WHEN its entries are read THEN the row adding up every
    row above it is no item: the list has its three rows, not four."""
    rows = ("住院诊察费  甲  5  25.00  125.00", "单人间床位费  丙  5  180.00  900.00", "Ⅱ级护理  甲  5  30.00  150.00")
    for total_row in ("人金额合计  ¥1175.00", "作用总外  1175.00"):
        entries = table.list_entries([_page(*rows, total_row)])
        assert [e.item.amount for e in entries] == [D("125.00"), D("900.00"), D("150.00")]
    # Across pages: page 2's first row equal to page 1's rows is still an item when it checks.
    second = _page("康复综合评定  甲  5  235.00  1175.00")
    assert len(table.list_entries([_page(*rows), second])) == 4


def test_a_row_whose_figures_do_not_settle_is_still_one_item_of_the_list():
    """GIVEN a row whose amount was misread (1 × 18.60 read 18.60 15.60) and its class
    lost, and no total that settles it WHEN the list is extracted THEN the row still
    counts as an item, at its likeliest reading: the list has as many items as rows, and
    only the amount of that one is in doubt."""
    doc = _list_document("住院费用明细清单", "住院诊察费  甲  9  25.00  225.00",
                         "阿托伐他汀钙片  1  18.60  15.60", "肝功能全套  甲  14  96.00  1344.00", "第1页/共1页")
    assert [item.amount for item in doc.fields["items"]] == [D("225.00"), D("18.60"), D("1344.00")]


def test_a_quantity_read_surely_that_the_amount_contradicts_is_left_for_the_total_to_settle():
    """GIVEN rows under 单价 数量 金额 whose quantity read surely is not amount ÷ price:
    空调费 10.00 5 30.00 (held-out photo s2026-022: the amount 50.00 read 30.00 at 0.00)
    and 住院诊察费 25.00 14 3350.00 (s2026-027, a grey scan: 350.00 with a 3 from a seal's
    ring) WHEN read THEN neither is taken for 3 × 10.00 or 134 × 25.00: each is
    unresolved, amount ÷ price its likeliest reading without a total, and the list's
    total settles them. A price equal to its amount is one unit whatever its quantity
    cell says (4 beside 12.00 12.00, development s3035-017), and a quantity read unsurely
    or unread (了 for 7) is derived from the amount."""
    def at(y: int, *cells: str, sure: tuple[float, ...] = (0.9,) * 5):
        xs = (60, 340, 560, 720, 840)
        words = [Word(text, (x, y, x + 16 * len(text), y + 16), confidence)
                 for x, text, confidence in zip(xs, cells, sure)]
        return normal_line(lines_from_words(words)[0])

    header = at(100, "项目名称", "类别", "单价", "数量", "金额")
    rows = [at(140, "普通病房床位费", "甲", "50.00", "14", "700.00"),
            at(180, "空调费", "自费", "10.00", "5", "30.00", sure=(0.62, 0.47, 0.91, 0.96, 0.0)),
            at(220, "住院诊察费", "甲类", "25.00", "14", "3350.00"),
            at(260, "胸部CT平扫", "乙", "240.00", "了", "1680.00"), at(300, "静脉输液(第一组)", "甲", "12.00", "4", "12.00"),
            at(340, "吸氧", "甲", "3.00", "2", "9.00", sure=(0.9, 0.9, 0.9, 0.31, 0.9))]
    entries = table.read_entries(rows, columns_of(header))
    assert [type(e).__name__ for e in entries] == ["Row", "Unresolved", "Unresolved", "Row", "Row", "Row"]
    assert [e.readings[0].amount for e in entries[1:3]] == [D("30.00"), D("3350.00")]
    assert [(e.checked, e.item.quantity) for e in entries[3:]] == [(True, 7), (True, 1), (True, 3)]
    items = table.reconcile_with_total(entries, D("2801.00"))
    assert items is not None
    assert [(i.quantity, i.amount) for i in items[1:3]] == [(D(5), D("50.00")), (D(14), D("350.00"))]


def test_a_name_holding_a_class_word_is_still_the_rows_name():
    """GIVEN rows whose names hold a character of a class word (凝血四项 read 莽由四项 on
    held-out photo s2026-026, 由 being how 甲 is misread; 甲状腺功能三项 as printed) and no
    项目名称 column to tell WHEN read THEN each is a row under its name, its class from its
    class cell; a short cell holding a class word is the class, not the name."""
    entries = _entries("250203021  莽由四项  14  88.00  1232.00  甲", "250301001  甲状腺功能三项  乙  1  96.00  96.00")
    assert [(e.item.name, e.item.item_class, e.item.amount) for e in entries] == [
        ("莽由四项", ItemClass.A, D("1232.00")), ("甲状腺功能三项", ItemClass.B, D("96.00"))]


def test_a_date_read_without_its_separator_is_not_taken_for_the_list_total():
    """GIVEN the last page of a blurred photographed list whose 合计 row went unread and
    whose date column read 2024.09.29 as 202409.29 (development packet s3038-014) WHEN
    its total is sought among its amounts THEN no date is the total: the largest amount
    printed as money that is no date is (here a row's, which the rows' sum then rules
    out), never 202,409.29 yuan."""
    doc = _list_document("住院费用明细清单", "202409.29  人血白蛋白  乙  368.00  1  368.00",
                         "202409.29  肾功能三项  甲  36.00  1  36.00", "打印日期:2024-09-30")
    assert "total_amount" not in doc.fields
    assert [(item.quantity, item.unit_price, item.amount) for item in doc.fields["items"]] == [
        (D(1), D("368.00"), D("368.00")), (D(1), D("36.00"), D("36.00"))]  # a quantity has no decimals


def test_a_five_read_as_a_dollar_sign_is_a_five():
    """GIVEN rows of a blurred phone photo whose 5 came back $ (用级护理 19 30.00 $70.00,
    s3070-010; 50.00 read $0.00 on s3070-022) WHEN read THEN they are 19 × 30.00 = 570.00
    and 1 × 50.00, checked; a row whose figures do not multiply out with it stays unchecked."""
    nursing, bed, wrong = _entries("用级护理  甲  日  19  30.00  $70.00  0  120100003",
                                   "普通病房床位费(三人间)  甲  1  $0.00  50.00  110900001",
                                   "中级护理  甲  日  2  30.00  $0.00  0  120100003")
    assert isinstance(nursing, table.Row) and nursing.checked
    assert (nursing.item.quantity, nursing.item.unit_price, nursing.item.amount) == (D(19), D("30.00"), D("570.00"))
    assert isinstance(bed, table.Row) and bed.checked and bed.item.amount == D("50.00")
    assert not (isinstance(wrong, table.Row) and wrong.checked)
