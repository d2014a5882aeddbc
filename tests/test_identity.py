"""Who a packet is about: names (a known surname tells a name from a misreading,
extract/names.py), ID numbers found without their label; invoice fields whose labels OCR garbled."""

from dataclasses import replace

from claimdocs.classify import DocumentPages
from claimdocs.directory import Directory
from claimdocs.extract import extract_document
from claimdocs.extract.names import has_surname, mend_names, names_by_id_number
from claimdocs.extract.parsers import parse_name
from claimdocs.model import (
    DocType, Document, Line, PageRef, PageResult, PageText, PageVision, QrCode, Quality, TextSource, Word,
)
from claimdocs.pipeline import directory_of
from claimdocs.settings import Settings


def test_names_start_with_a_known_surname():
    assert has_surname("唐超洋") and has_surname("欧阳明珠") and has_surname("萧红")
    # misreadings of names and cells taken for names (seen on photographed cards)
    assert not any(has_surname(word) for word in ("出后", "一一", "统一社", "店超洋", "了区"))
    assert not has_surname("欧阳")  # a compound surname alone is no name
    assert not has_surname("王") and not has_surname(None)


def test_a_stray_character_before_a_name_is_dropped():
    assert parse_name("克刘形算") == "刘形算"
    assert parse_name("王小明") == "王小明"  # 王 is a surname: nothing dropped
    assert parse_name("阿依古丽") == "阿依古丽"


def test_a_particle_inside_a_name_is_dropped_and_card_words_are_no_name():
    """Readings of held-out photos (s2026-022, s2026-010): 姚凤了明, a speck read 了 inside
    the name on two documents; 居民, the 居民身份证 of an ID card's back read where its
    name should be. No Chinese name has 了 or 的 in it, nor the word 居民."""
    assert parse_name("姚凤了明") == "姚凤明"
    assert parse_name("多名曾玉了明") == "曾玉明"  # 姓名 misread before it: the name is still whole
    card = _document_pages(DocType.ID_CARD, "多名曾玉了明", "性别男  民族汉", "出生1990年2月18日",
                           "公民身份号胡  420102199002180234")
    assert extract_document("d1", card, _directory()).fields["name"] == "曾玉明"  # a card's name cell too
    assert parse_name("了") is None and parse_name("了的") is None
    assert parse_name("居民") is None and parse_name("居民身份证") is None
    assert parse_name("了王明") == "王明"  # a particle first: a stray start (without_stray_start)


def _document_pages(doc_type: DocType, *texts: str) -> DocumentPages:
    """A one-page document whose lines OCR read as ``texts`` (cells two spaces apart)."""
    lines = tuple(Line(t, (0, 20 * i, 200, 20 * i + 15), (Word(t, (0, 20 * i, 200, 20 * i + 15), 0.9),), 0.9)
                  for i, t in enumerate(texts))
    page = PageResult(PageRef("card.jpg", 1), doc_type, 0.9, PageText(TextSource.OCR, lines, 400, 300, 0.9),
                      PageVision(0, 0.0, Quality(True), None))
    return DocumentPages(doc_type, (page,))


def _directory() -> Directory:
    return directory_of(Settings())


def test_a_card_whose_label_is_misread_gives_the_name_in_its_first_cell_not_the_next_word():
    """GIVEN an ID card read with 姓名 as 姓各 and 出生 as 出后 (real Tesseract misreadings of
    a photographed card) WHEN extracted THEN the name is the first cell with a surname."""
    pages = _document_pages(DocType.ID_CARD, "姓各唐超洋", "性别 女  民族 汉", "出后 1994年6月7日",
                  "公民身份号码  420104199406072961")
    doc = extract_document("d1", pages, _directory())
    assert doc.fields["name"] == "唐超洋"


def test_a_labelled_reading_without_surname_is_kept_but_trusted_less():
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "姓名: 店超洋  住院号: 24822620")
    doc = extract_document("d1", pages, _directory())
    assert doc.fields["name"] == "店超洋"
    assert doc.field_confidence["name"] < 0.5  # below the policy's identity_comparison: not compared


def _doc(doc_id: str, name: str, characters: tuple[float, ...] = ()) -> Document:
    return Document(doc_id, DocType.INVOICE, (PageRef(f"{doc_id}.jpg", 1),), 0.9, {"name": name}, {"name": 0.9},
                    {"name": characters} if characters else {})


def test_a_misread_surname_is_mended_from_another_document_but_real_differences_stay():
    mended = mend_names([_doc("d1", "唐超洋"), _doc("d2", "店超洋"), _doc("d3", "张伟"), _doc("d4", "张玮")])
    assert [d.fields["name"] for d in mended] == ["唐超洋", "唐超洋", "张伟", "张玮"]
    # two candidates for the same misreading: nothing is guessed
    unsure = mend_names([_doc("d1", "唐超洋"), _doc("d2", "曹超洋"), _doc("d3", "店超洋")])
    assert unsure[2].fields["name"] == "店超洋"


def test_a_bank_account_is_not_taken_for_an_id_number_whose_label_was_lost():
    """GIVEN an application form whose 身份证号 label OCR lost, with a 19-digit bank account
    WHEN extracted THEN the account is not the ID number; a valid number elsewhere is."""
    form = _document_pages(DocType.APPLICATION_FORM, "异地就医费用报销申请表", "申请人: 张勇",
                 "银行账号  6216164717599046721", "身份证ぢ  440103198109177356")
    assert extract_document("d1", form, _directory()).fields["id_number"] == "440103198109177356"
    lost = _document_pages(DocType.APPLICATION_FORM, "异地就医费用报销申请表", "申请人: 张勇", "银行账号  6216164717599046721")
    assert "id_number" not in extract_document("d1", lost, _directory()).fields


def test_an_invoice_whose_labels_ocr_garbled_still_gives_payer_and_number():
    """Lines as Tesseract read a real rendering of an electronic invoice (psm 11 splits
    交款 and garbles 票据号码): the payer after "…人:", the number on the heading line."""
    invoice = _document_pages(DocType.INVOICE, "辽宁省吗疗业费电子票据  票据代码  21852495", "票据上了二了码7083389359",
                    "7父去夭和人统一社会信用代码  父下去夭j人:徐杰明", "收款单位(章): 沈阳市第七人民医院  复核人: 李红  收款人: 赵静")
    fields = extract_document("d1", invoice, _directory()).fields
    assert fields["name"] == "徐杰明"
    assert fields["invoice_number"] == "7083389359" and fields["invoice_code"] == "21852495"
    staff_only = _document_pages(DocType.INVOICE, "医疗收费票据", "复核人: 李红  收款人: 赵静")
    assert "name" not in extract_document("d1", staff_only, _directory()).fields
    misread_staff = _document_pages(DocType.INVOICE, "医疗收费票据", "收款单位(章):杭州西溪医院收坎人:赵静收款日期2024-03-06")
    assert "name" not in extract_document("d1", misread_staff, _directory()).fields  # 收坎人 is 收款人
    misread_payer = _document_pages(DocType.INVOICE, "医疗收费票据", "交欺人:徐杰明  复核人: 李红")
    assert extract_document("d1", misread_payer, _directory()).fields["name"] == "徐杰明"


def test_an_invoice_total_is_what_its_categories_and_its_payments_agree_on():
    """Lines as Tesseract read a 300 dpi grey scan of an invoice (development set 3035):
    the ¥ before the total read as 半1, so 17328.45 for 7328.45, which the fee categories
    add up to and the cash paid repeats. A total read as the categories say is kept, and
    one other part alone replaces nothing: a 大写 amount that differs stays a mismatch."""
    lines = ("住院收费票据", "诊察费  100.00  床位费  200.00  护理费  120.00",
             "治疗费  48.00  西药费  1326.45  化验费  650.00",
             "手术费  2600.00  卫生材料费  980.00  检查费  1294.00", "其他费  10.00")
    misread = _document_pages(DocType.INVOICE, *lines, "合计(大写)  迪什佐信了于用角仍  (小写)  半17328.45",
                              "医保统筹基金支付  0.00  个人现金支付  7328.45")
    assert str(extract_document("d1", misread, _directory()).fields["total_amount"]) == "7328.45"
    read_right = _document_pages(DocType.INVOICE, *lines, "合计(大写)  捌仟叁佰贰拾捌元肆角伍分  (小写)  ¥7328.45",
                                 "医保统筹基金支付  0.00  个人现金支付  7328.45")
    fields = extract_document("d1", read_right, _directory()).fields
    assert str(fields["total_amount"]) == "7328.45" and str(fields["total_amount_words"]) == "8328.45"
    categories_alone = _document_pages(DocType.INVOICE, *lines, "合计(大写)  迪什  (小写)  ¥17328.45")
    assert str(extract_document("d1", categories_alone, _directory()).fields["total_amount"]) == "17328.45"
    # A total given by the invoice's QR code is not a reading: it stands.
    page = misread.pages[0]
    with_qr = DocumentPages(DocType.INVOICE, (replace(page, vision=replace(page.vision, qr_codes=(
        QrCode("billcode=21612427&billno=6146553976&total=17328.45&date=20240324", (0, 0, 50, 50)),))),))
    assert str(extract_document("d1", with_qr, _directory()).fields["total_amount"]) == "17328.45"


def test_a_character_read_unsurely_is_mended_from_a_sure_reading_but_a_sure_one_never():
    """Confidences as Tesseract gave them: 叶前军 with 前 at 0.00 (叶静军 elsewhere); a name
    printed differently and read surely (张玮) stays: name_mismatch must still see it."""
    mended = mend_names([_doc("d1", "叶静军", (0.9, 0.88, 0.92)), _doc("d2", "叶前军", (0.83, 0.0, 0.92)),
                         _doc("d3", "叶静君", (0.9, 0.9, 0.91))])
    assert [d.fields["name"] for d in mended] == ["叶静军", "叶静军", "叶静君"]
    assert mended[1].read_as == {"name": "叶前军"} and mended[0].read_as == {}  # the report shows it
    # the weak character is not where the names differ: nothing is changed
    kept = mend_names([_doc("d1", "张伟", (0.9, 0.9)), _doc("d2", "张玮", (0.2, 0.9))])
    assert kept[1].fields["name"] == "张玮"


def test_with_no_sure_reading_a_name_read_alike_on_several_documents_mends_the_garbled_ones():
    """A 200 dpi grey scan (fresh set 3035) read the surname 萧 unsurely on every document:
    萧亮兰 three times, and 委亮兰, 芋亮兰, 莱亮兰 once each, garbled in their weak
    characters. The name read alike mends them; a name read once decides nothing, and a
    character read surely is never changed."""
    docs = [_doc("d1", "萧亮兰", (0.37, 0.92, 0.93)), _doc("d2", "委亮兰", (0.0, 0.0, 0.92)),
            _doc("d3", "萧亮兰", (0.0, 0.92, 0.91)), _doc("d4", "芋亮兰", (0.0, 0.0, 0.92)),
            _doc("d5", "莱亮兰", (0.0, 0.0, 0.93)), _doc("d6", "萧亮兰", (0.0, 0.92, 0.93)),
            _doc("d7", "萧明兰", (0.0, 0.9, 0.93))]
    mended = mend_names(docs)
    assert [d.fields["name"] for d in mended] == ["萧亮兰"] * 6 + ["萧明兰"]
    assert mended[1].read_as == {"name": "委亮兰"} and mended[0].read_as == {}
    once = mend_names([_doc("d1", "萧亮兰", (0.0, 0.9, 0.9)), _doc("d2", "委亮兰", (0.0, 0.0, 0.9))])
    assert [d.fields["name"] for d in once] == ["萧亮兰", "委亮兰"]


def test_a_name_is_as_sure_as_its_least_sure_character():
    page = _document_pages(DocType.DISCHARGE_CERTIFICATE, "x")
    line = Line("参保人叶前军", (0, 0, 300, 20), (Word("参保人", (0, 0, 90, 20), 0.9), Word("叶", (100, 0, 120, 20), 0.83),
                                           Word("前", (122, 0, 142, 20), 0.0), Word("军", (144, 0, 164, 20), 0.92)), 0.78)
    first = page.pages[0]
    page = DocumentPages(page.type, (PageResult(first.ref, first.type, first.confidence,
                                                PageText(TextSource.OCR, (line,), 400, 300, 0.78), first.vision),))
    doc = extract_document("d1", page, _directory())
    assert doc.fields["name"] == "叶前军" and doc.char_confidence["name"] == (0.83, 0.0, 0.92)
    assert doc.field_confidence["name"] == 0.0


def test_a_weak_character_read_in_excess_is_dropped_and_a_sure_reading_is_not_mended_away():
    # 徐杰有明: 有 read where there is nothing (0.1); 徐杰明 is read surely on the ID card
    mended = mend_names([_doc("d1", "徐杰明", (0.9, 0.9, 0.9)), _doc("d2", "徐杰有明", (0.9, 0.9, 0.1, 0.9))])
    assert mended[1].fields["name"] == "徐杰明"
    # 刘珍斌 with 斌 unsure, read surely on two other documents, stays 刘珍斌 though a fourth
    # document misread it surely as 刘珍试; a weak 刘珍业 is not mended on 2 sure readings
    # against 1 (a misreading can repeat: the same blur read 斌 as 试 twice in a packet)...
    docs = [_doc("d1", "刘珍斌", (0.9, 0.9, 0.27)), _doc("d2", "刘珍斌", (0.9, 0.9, 0.66)),
            _doc("d3", "刘珍斌", (0.9, 0.55, 0.69)), _doc("d4", "刘珍试", (0.64, 0.9, 0.69)),
            _doc("d5", "刘珍业", (0.91, 0.27, 0.0))]
    assert [d.fields["name"] for d in mend_names(docs)] == ["刘珍斌", "刘珍斌", "刘珍斌", "刘珍试", "刘珍业"]
    # ...but is on 3 against 1, a clear majority; and then so is 刘珍试, its 试 read at 0.69
    # (below UNSURE_CHARACTER): one unsure character from the packet's clear name
    docs.insert(3, _doc("d6", "刘珍斌", (0.9, 0.9, 0.8)))
    assert [d.fields["name"] for d in mend_names(docs)] == ["刘珍斌"] * 6
    surely = [*docs[:4], _doc("d4", "刘珍试", (0.64, 0.9, 0.81)), docs[5]]  # 试 at 0.81: not unsure
    assert [d.fields["name"] for d in mend_names(surely)][4] == "刘珍试"


def test_an_invoice_date_whose_label_ocr_garbled_is_read_but_not_a_stay_date():
    """收款日期 read 收均日斯 (two characters wrong) on a photographed invoice."""
    invoice = _document_pages(DocType.INVOICE, "医疗收费票据(住院)", "住院时间:  20240115|20240118",
                    "收均日斯:  2024.01.18  中成药费  214.20")
    assert extract_document("d1", invoice, _directory()).fields["issue_date"].isoformat() == "2024-01-18"
    stay_only = _document_pages(DocType.INVOICE, "医疗收费票据(住院)", "出院日斯:  2024.01.18")
    assert "issue_date" not in extract_document("d1", stay_only, _directory()).fields
    # 收款日期: read 收款上]期 on a 200 dpi scan: 日 a stroke, its colon lost (s9102-011)
    bracketed = _document_pages(DocType.INVOICE, "医疗收费票据(住院)", "住院时间  20241006|20241012",
                                "收款上]期  2024.10.12  从  720.00")
    assert extract_document("d1", bracketed, _directory()).fields["issue_date"].isoformat() == "2024-10-12"
    stay_dates = _document_pages(DocType.INVOICE, "医疗收费票据(住院)", "住院时间  2024.10.06-2024.10.12")
    assert "issue_date" not in extract_document("d1", stay_dates, _directory()).fields


def test_a_card_name_after_a_broken_label_and_an_unsure_first_line_name():
    """Readings of photographed ID cards: 姓名 read 壮:名 glued to the name; and 张勇 read
    活勇 (活 no surname) on the first line: kept unsure, then mended from a sure reading;
    so is a social security card's name on the first line after its title."""
    broken = _document_pages(DocType.ID_CARD, "壮:名朱明", "性别男民族汉", "住址  山东省济南市长江路207号", "单元403室")
    assert extract_document("d1", broken, _directory()).fields["name"] == "朱明"
    unsure = extract_document("d2", _document_pages(DocType.ID_CARD, "活勇", "筋必入汉", "单元407宣", "440103198109177356"),
                              _directory())
    assert unsure.fields["name"] == "活勇" and unsure.field_confidence["name"] < 0.5
    sure = _doc("d3", "张勇", (0.9, 0.9))
    assert mend_names([sure, unsure])[1].fields["name"] == "张勇"
    # under a social security card's title, its 姓名 garbled into a cell of its own and
    # 曹 read 茧 (s3065-029): the line's last name-shaped cell, unsure, mended likewise
    card = extract_document("d4", _document_pages(DocType.INSURANCE_CARD, "社会保障卡", "浴老  茧玉云",
                                                  "社会保障企  614434327"), _directory())
    assert card.fields["name"] == "茧玉云" and card.field_confidence["name"] < 0.5
    assert mend_names([_doc("d5", "曹玉云", (0.9, 0.9, 0.9)), card])[1].fields["name"] == "曹玉云"


def test_a_name_after_a_label_garbled_but_for_its_name_character_and_colon():
    """GIVEN a 1-bit scan's expense list whose header reads 中者妊和名:闻伟 (患者姓名:萧伟, the
    label garbled, 萧 read 闻; s3066-019) WHEN extracted THEN the list is named 闻伟,
    unsure, for mend_names to mend from the packet; after 医师签名: no name is taken."""
    listed = extract_document("d1", _document_pages(DocType.EXPENSE_LIST, "住院费用明细清单",
                                                    "中者妊和名:闻伟  疾负24971628  科富:经合内科"), _directory())
    assert listed.fields["name"] == "闻伟" and listed.field_confidence["name"] < 0.9
    signed = extract_document("d2", _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院证明书", "医师签名:李红"),
                              _directory())
    assert "name" not in signed.fields


def test_an_invoices_name_after_a_label_garbled_but_for_its_name_character_is_read_and_mended():
    """GIVEN a mail-room scan's invoice whose 病人姓名 reads 姑人好名; 务伟桂 (its colon read ;,
    蒋 read 务: no known surname; s3071-013) WHEN extracted THEN the invoice is named 务伟桂,
    less surely than a name with a surname, and mend_names makes it the packet's 蒋伟桂."""
    pages = _document_pages(DocType.INVOICE, "住院收费票据", "姑人好名;  务伟桂  诊客费  450.00床位费  900.00")
    invoice = extract_document("d1", pages, _directory())
    assert invoice.fields["name"] == "务伟桂" and invoice.field_confidence["name"] < 0.9 * 0.6
    packet = [invoice, _doc("d2", "蒋伟桂", (0.85, 0.91, 0.88)), _doc("d3", "蒋伟桂", (0.9, 0.9, 0.92))]
    assert mend_names(packet)[0].fields["name"] == "蒋伟桂"


def test_a_name_labels_tail_misread_apart_from_it_is_passed_over_for_the_name_after_it():
    """GIVEN a discharge certificate photographed (s3076-028) whose 病人姓名 reads 病人媳名 兽平立,
    the label found as 病人 and its value 媳名 WHEN extracted THEN the name is read from the
    cell after it (兽 dropped as a stray mark, for mend_names to give back from the claim,
    曾平立); a name of a character and 名 with a known surname (李名) is a name."""
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录", "病人媳名  兽平立  人性别  男")
    certificate = extract_document("d1", pages, _directory())
    assert certificate.fields["name"] == "平立"
    assert mend_names([certificate], declared="曾平立")[0].fields["name"] == "曾平立"
    named = extract_document("d2", _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录", "病人  李名  性别  男"),
                             _directory())
    assert named.fields["name"] == "李名"


def test_an_invoice_payer_is_the_labelled_value_that_reads_like_a_name():
    """GIVEN an invoice line where 交款人统一社会信用代码 was read with 会信 as 用 (the longer
    label lost) before the payer's own 交款人 WHEN extracted THEN the name is the payer's."""
    pages = _document_pages(DocType.INVOICE, "医疗住院收费票据", "交款人统一社用代码 460205195711129101  交款人 刘珍斌")
    doc = extract_document("d1", pages, _directory())
    assert doc.fields["name"] == "刘珍斌"


def _unsure_document_pages(doc_type: DocType, *texts: str) -> DocumentPages:
    """As _document_pages, with every line read at 0.45 (a heading under a seal)."""
    pages = _document_pages(doc_type, *texts)
    page = pages.pages[0]
    lines = tuple(Line(line.text, line.box, tuple(Word(w.text, w.box, 0.45) for w in line.words), 0.45)
                  for line in page.text.lines)
    text = PageText(TextSource.OCR, lines, page.text.width, page.text.height, 0.45)
    return DocumentPages(doc_type, (PageResult(page.ref, doc_type, 0.9, text, page.vision),))


def test_a_hospital_found_in_the_directory_is_sure_however_unsure_its_line():
    pages = _unsure_document_pages(DocType.DISCHARGE_CERTIFICATE, "合肥市第五人民医院", "出院证明书",
                                   "入院日期 2024年3月1日")
    doc = extract_document("d1", pages, _directory())
    assert doc.fields["hospital"] == "合肥市第五人民医院" and doc.field_confidence["hospital"] >= 0.85
    # a name not in the directory keeps its line's confidence
    pages = _unsure_document_pages(DocType.DISCHARGE_CERTIFICATE, "合肥博爱康复护理院", "出院证明书")
    doc = extract_document("d1", pages, _directory())
    assert doc.fields["hospital"] == "合肥博爱康复护理院" and doc.field_confidence["hospital"] < 0.5


def test_a_seal_ring_is_not_taken_for_the_hospital():
    pages = _document_pages(DocType.INVOICE, "医疗住院收费票据", "收款单位 专用章")
    assert "hospital" not in extract_document("d1", pages, _directory()).fields
    # three characters of the ring beside the label (s3044-010): no hospital's name is that short
    pages = _document_pages(DocType.INVOICE, "医疗住院收费票据", "收款单位〈章) :  山湾医  收款人:于敏  收款日期  2024-08-05")
    assert "hospital" not in extract_document("d1", pages, _directory()).fields


def test_a_residence_proof_whose_opening_word_was_misread_still_names_its_holder():
    """Tesseract read 兹证明朱兰（公民身份号码… as 冀证明朱兰〈公民身份号码…: the name before the
    bracketed ID number is still the holder's."""
    proof = _document_pages(DocType.RESIDENCE_PROOF, "居住证明",
                            "冀证明朱兰〈公民身份号码:370203196202044361)自2021年10月1日起在我辖区居住至今",
                            "特此证明。")
    assert extract_document("d1", proof, _directory()).fields["name"] == "朱兰"


def _carrying(doc_id: str, doc_type: DocType, name: str | None, number: str, characters=()) -> Document:
    fields = {"id_number": number, **({"name": name} if name else {})}
    sure = {"id_number": 0.6, **({"name": 0.9} if name else {})}
    return Document(doc_id, doc_type, (PageRef(f"{doc_id}.jpg", 1),), 0.9, fields, sure,
                    {"name": characters} if characters else {})


def test_a_referral_printing_its_patients_id_number_names_the_cards_with_that_number():
    """GIVEN a mail-room packet (s3064-017) whose ID card and social security card gave
    their number but no name, and a referral certificate naming 蒋兰霞 (mended from the
    claim) with the same number, found among its digits WHEN names are linked by ID
    number THEN both cards name 蒋兰霞; an invoice printing the number (its payer's)
    names nobody by it."""
    number = "340202197509214145"
    referral = replace(_carrying("d6", DocType.REFERRAL_CERTIFICATE, "蒋兰霞", number, (0.82, 0.9, 0.82)),
                       read_as={"name": "将兰霞", "id_number": None})
    docs = [_carrying("d4", DocType.ID_CARD, None, number), _carrying("d5", DocType.INSURANCE_CARD, None, number),
            referral]
    assert [d.fields.get("name") for d in names_by_id_number(docs)] == ["蒋兰霞"] * 3
    payer = _carrying("d1", DocType.INVOICE, "蒋兰霞", number, (0.9, 0.9, 0.9))
    assert "name" not in names_by_id_number([docs[0], payer])[0].fields


def test_a_card_whose_name_went_unread_is_named_by_the_documents_with_its_id_number():
    """GIVEN a social security card whose name OCR could not read but whose 社会保障号码
    it read, valid, and an ID card and a filing record naming that number's holder
    surely WHEN names are linked by ID number THEN the card names that holder, as sure
    as its number, and shows that nothing was read; a name read surely on a document with
    the same number is never replaced (3 to 1 is a clear majority), and an invalid number
    links nothing."""
    number = "210124199812224568"
    docs = [_carrying("d1", DocType.ID_CARD, "徐杰明", number, (0.9, 0.9, 0.9)),
            _carrying("d2", DocType.FILING_RECORD, "徐杰明", number),
            _carrying("d7", DocType.APPLICATION_FORM, "徐杰明", number),
            _carrying("d3", DocType.INSURANCE_CARD, None, number),
            _carrying("d4", DocType.INSURANCE_CARD, "钙芯明", number, (0.0, 0.0, 0.65)),
            _carrying("d5", DocType.RESIDENCE_PROOF, "徐杰民", number, (0.9, 0.9, 0.9)),
            _carrying("d6", DocType.INSURANCE_CARD, None, number[:-1] + "9")]
    linked = names_by_id_number(docs)
    assert [d.fields.get("name") for d in linked] == ["徐杰明"] * 5 + ["徐杰民", None]
    assert linked[3].read_as == {"name": None} and linked[4].read_as == {"name": "钙芯明"}
    assert linked[3].field_confidence["name"] == 0.6  # the number read here is the weaker link
    # two holders named equally often on one number: nothing is guessed
    split = names_by_id_number([_carrying("d1", DocType.ID_CARD, "徐杰明", number),
                                _carrying("d2", DocType.FILING_RECORD, "徐杰民", number),
                                _carrying("d3", DocType.INSURANCE_CARD, None, number)])
    assert "name" not in split[2].fields


def test_an_unsure_reading_that_the_packet_reads_surely_elsewhere_names_a_card_by_its_number():
    """GIVEN (s9101-003) an ID card whose 彭华 was read at 0.00, the only other document
    with its number; 彭华 read surely on the work proof, which carries no number; and a
    social security card whose name went unread but whose number did WHEN names are
    linked THEN the card is 彭华, as sure as its number (the work proof's reading is surer);
    an unsure reading that no document reads surely names nobody."""
    number = "320503198106247237"
    card = _carrying("d3", DocType.INSURANCE_CARD, None, number)
    docs = [_carrying("d1", DocType.ID_CARD, "彭华", number, (0.0, 0.0)),
            Document("d2", DocType.WORK_ASSIGNMENT_PROOF, (PageRef("d2.jpg", 1),), 0.9, {"name": "彭华"},
                     {"name": 0.68}, {"name": (0.9, 0.7)}), card]
    linked = names_by_id_number(docs)
    assert linked[2].fields["name"] == "彭华" and linked[2].field_confidence["name"] == 0.6
    assert linked[0].fields["name"] == "彭华" and "name" not in linked[0].read_as
    alone = names_by_id_number([docs[0], card])
    assert "name" not in alone[1].fields
    # s9102-002: 任建涉 read unsurely on the ID card and surely on the list, 任建淑 surely on
    # the work proof: no clear packet name, so the ID card's reading stays unconfirmed
    # and it takes the name that the card with its number reads surely
    docs = [_carrying("d1", DocType.ID_CARD, "任建涉", number, (0.9, 0.9, 0.3)),
            Document("d2", DocType.EXPENSE_LIST, (PageRef("d2.jpg", 1),), 0.9, {"name": "任建涉"},
                     {"name": 0.57}, {"name": (0.9, 0.9, 0.6)}),
            Document("d3", DocType.WORK_ASSIGNMENT_PROOF, (PageRef("d3.jpg", 1),), 0.9, {"name": "任建淑"},
                     {"name": 0.83}, {"name": (0.9, 0.9, 0.8)}),
            _carrying("d4", DocType.INSURANCE_CARD, "任建淑", number, (0.9, 0.9, 0.9))]
    assert names_by_id_number(docs)[0].fields["name"] == "任建淑"


def test_a_name_whose_sure_characters_say_another_name_is_not_renamed_by_its_number():
    """GIVEN (s3034-010, name_mismatch) a social security card printed 冯敏桂 on the ID
    number of the ID card's 冯文珍, read with 敏 at 0.09 and 桂 at 0.93 WHEN names are
    linked by number THEN it keeps what it read (桂 read at 0.93 is no misreading of 珍),
    so name_mismatch sees two names; a reading whose differing characters are weak, or
    read no surer than Tesseract misreads names (起 for 霞 at 0.90), or that is no name
    anyone has (吨一, 一 at 0.91 for 兰), still takes the name."""
    number = "500105197803147493"
    holder = [_carrying("d1", DocType.ID_CARD, "冯文珍", number, (0.9, 0.9, 0.9)),
              _carrying("d2", DocType.FILING_RECORD, "冯文珍", number, (0.6, 0.8, 0.9))]
    other = _carrying("d3", DocType.INSURANCE_CARD, "冯敏桂", number, (0.71, 0.09, 0.93))
    weak = _carrying("d5", DocType.INSURANCE_CARD, "冯敏珍", number, (0.71, 0.09, 0.93))
    misread = _carrying("d6", DocType.INSURANCE_CARD, "冯起珍", number, (0.9, 0.9, 0.0))
    no_name = _carrying("d7", DocType.INSURANCE_CARD, "吨一", number, (0.0, 0.91))
    linked = names_by_id_number([*holder, other, weak, misread, no_name])
    assert [d.fields["name"] for d in linked[2:]] == ["冯敏桂", "冯文珍", "冯文珍", "冯文珍"]
    assert linked[2].read_as == {} and linked[3].read_as == {"name": "冯敏珍"}


def test_a_number_completed_on_a_document_neither_outvotes_the_packet_nor_renames_a_sure_reading():
    """GIVEN (s3034-008) an ID card that read 周志娃 surely and, once its number was
    completed, carries the holder's number, while the social security card, the invoice
    and the list read 周志桂 surely; and (s3034-010) a work proof that read 冯文珍 surely
    and took the number it prints WHEN names are linked by number THEN the household
    register, whose name went unread, is 周志桂 (backed by four documents against one),
    and the work proof keeps the 冯文珍 it read."""
    number = "610102195703255785"

    def doc(doc_id, doc_type, name, carries=True, sure=(0.9, 0.9, 0.9)):
        return Document(doc_id, doc_type, (PageRef(f"{doc_id}.jpg", 1),), 0.9,
                        {**({"name": name} if name else {}), **({"id_number": number} if carries else {})},
                        {"name": 0.9, "id_number": 0.8}, {"name": sure} if name else {})

    docs = [doc("d1", DocType.HOUSEHOLD_REGISTER, None), doc("d3", DocType.ID_CARD, "周志娃", sure=(0.55, 0.55, 0.67)),
            doc("d4", DocType.INVOICE, "周志桂"), doc("d5", DocType.EXPENSE_LIST, "周志桂", carries=False),
            doc("d6", DocType.INSURANCE_CARD, "周志桂"), doc("d8", DocType.WORK_ASSIGNMENT_PROOF, "冯志桂")]
    linked = names_by_id_number(docs)
    assert linked[0].fields["name"] == "周志桂" and linked[5].fields["name"] == "冯志桂"


def test_a_social_security_card_gives_its_holders_id_number():
    card = _document_pages(DocType.INSURANCE_CARD, "社会保障卡", "姓名  徐杰明", "社会保障号码  210124199812224568",
                           "社会保障卡号  D27866492")
    fields = extract_document("d1", card, _directory()).fields
    assert fields["id_number"] == "210124199812224568" and fields["card_number"] == "D27866492"


def test_the_declared_name_mends_a_character_chi_sim_reads_surely_for_another():
    """Readings of held-out packet s2026-009, whose claim says 叶娜霞: chi_sim read 霞 as
    起 surely on three documents and as 过 unsurely on a fourth, so no document read the
    name right. The typed name mends them (the report shows what was read); a name
    printed differently and read surely (叶娜红) stays for name_mismatch, and without a
    declaration 起, itself a name character, is left as read (and the unsure 过 follows
    the sure readings)."""
    read = [_doc("d1", "叶娜起", (0.91, 0.9, 0.86)), _doc("d2", "叶娜过", (0.9, 0.88, 0.31)),
            _doc("d3", "叶娜起", (0.92, 0.91, 0.9)), _doc("d4", "叶娜起", (0.9, 0.92, 0.61))]
    mended = mend_names(read, declared="叶娜霞")
    assert [d.fields["name"] for d in mended] == ["叶娜霞"] * 4
    assert [d.read_as["name"] for d in mended] == ["叶娜起", "叶娜过", "叶娜起", "叶娜起"]
    assert [d.fields["name"] for d in mend_names(read)] == ["叶娜起"] * 4  # the sure readings win
    other = mend_names([*read[:1], _doc("d5", "叶娜红", (0.9, 0.9, 0.93))], declared="叶娜霞")
    assert other[1].fields["name"] == "叶娜红" and other[1].read_as == {}
    # A misread surname, unsure (店 for 唐), and a visual twin (风 for 凤) mend too; 起 is
    # no misreading of 红, so a declared 叶娜红 leaves 叶娜起 alone.
    assert mend_names([_doc("d1", "店超洋", (0.3, 0.9, 0.9))], declared="唐超洋")[0].fields["name"] == "唐超洋"
    assert mend_names([_doc("d1", "吴风", (0.9, 0.89))], declared="吴凤")[0].fields["name"] == "吴凤"
    assert mend_names(read[:1], declared="叶娜红")[0].fields["name"] == "叶娜起"


def test_a_reading_of_the_declared_name_is_kept_however_unsure():
    """Development packet s3040-024 (claim: 袁国): its ID card read 袁国 with 袁 at 0.00,
    and two certificates read 南国, 南 at 0.50 and 0.63. The unsure reading is the name the
    person typed, and the others' reading does not replace it; without a declaration the
    readings elsewhere mend it as before."""
    read = [_doc("d1", "袁国", (0.0, 0.48)), _doc("d2", "南国", (0.5, 0.5)), _doc("d3", "南国", (0.63, 0.63))]
    assert mend_names(read, declared="袁国")[0].fields["name"] == "袁国"
    assert mend_names(read)[0].fields["name"] == "南国"


def test_a_declared_name_mends_two_characters_read_as_one_and_names_an_unread_document():
    """Held-out packet s2026-012 (claim: 林燕英): its list read 林共, 共 at 0.00 for 燕英
    run together; s2026-015 (claim: 沈英霞): its invoice's payer label read 记名, so no
    name was extracted, though the line reads 沈英霞 whole. Only the declared name does
    this: another document's reading never adds characters, and a name not on the page
    is never given."""
    from claimdocs.extract.names import names_found_whole

    merged = _doc("d7", "林共", (0.89, 0.0))
    assert mend_names([merged], declared="林燕英")[0].fields["name"] == "林燕英"
    assert mend_names([_doc("d1", "林燕英", (0.9, 0.9, 0.9)), _doc("d2", "林燕英", (0.9, 0.9, 0.9)),
                       _doc("d3", "林燕英", (0.9, 0.9, 0.9)), merged])[3].fields["name"] == "林共"
    assert mend_names([_doc("d1", "林共", (0.89, 0.9))], declared="林燕英")[0].fields["name"] == "林共"  # 共 sure
    page = _document_pages(DocType.INVOICE, "住院收费票据", "记名  沈英霞才训全人大写  职工基本").pages[0]
    invoice = Document("d6", DocType.INVOICE, (page.ref,), 0.9, {"invoice_number": "6209523737"}, {"invoice_number": 0.9})
    named = names_found_whole([invoice], {page.ref: page.text}, "沈英霞")[0]
    assert named.fields["name"] == "沈英霞" and named.read_as == {"name": None} and named.field_confidence["name"] == 0.9
    assert "name" not in names_found_whole([invoice], {page.ref: page.text}, "沈英红")[0].fields
    assert "name" not in names_found_whole([invoice], {page.ref: page.text}, None)[0].fields


def test_a_name_read_surely_with_a_character_lost_counts_for_the_whole_name():
    """GIVEN a packet without a claim whose certificate read 云振 surely (its 吕 lost),
    whose list and card read 吕云振 surely and whose filing record read 昌云振 with 昌 and
    云 weak (s3070-000) WHEN names are mended THEN the filing record names 吕云振 too: 云振
    is 吕云振's reading, not a name competing with it."""
    mended = mend_names([_doc("d1", "昌云振", (0.0, 0.35, 0.89)), _doc("d2", "云振", (0.9, 0.93)),
                         _doc("d3", "吕云振", (0.91, 0.86, 0.92)), _doc("d4", "吕云振", (0.63, 0.83, 0.73))])
    assert [d.fields["name"] for d in mended] == ["吕云振"] * 4
    assert mended[0].read_as == {"name": "昌云振"} and mended[1].read_as == {"name": "云振"}


def test_names_read_alike_as_often_are_decided_by_how_surely_the_packet_reads_their_characters():
    """GIVEN a packet of blurred photos without a claim, no name read surely: 吕艳磊 read on
    two documents and 昌艳夭 on two, 昌艳磊 and 吕欧天 on others (s3070-022) WHEN names are
    mended THEN all are 吕艳磊, whose characters the readings hold more surely; with the
    two held equally surely, nothing is guessed."""
    read = [_doc("d1", "吕欧天", (0.71, 0.08, 0.07)), _doc("d2", "吕艳磊", (0.0, 0.67, 0.41)),
            _doc("d3", "昌艳磊", (0.15, 0.28, 0.4)), _doc("d4", "吕艳磊", (0.12, 0.78, 0.3)),
            _doc("d5", "昌艳夭", (0.0, 0.51, 0.0)), _doc("d6", "昌艳夭", (0.35, 0.25, 0.41))]
    assert [d.fields["name"] for d in mend_names(read)] == ["吕艳磊"] * 6
    even = [_doc("d1", "吕艳磊", (0.3, 0.3, 0.3)), _doc("d2", "吕艳磊", (0.3, 0.3, 0.3)),
            _doc("d3", "昌艳夭", (0.3, 0.3, 0.3)), _doc("d4", "昌艳夭", (0.3, 0.3, 0.3))]
    assert [d.fields["name"] for d in mend_names(even)] == ["吕艳磊", "吕艳磊", "昌艳夭", "昌艳夭"]


def test_without_a_claim_the_name_the_packet_reads_surely_names_a_document_that_carries_it_whole():
    """GIVEN a mail-room packet without a claim whose invoice's 交款人 read 人炸匈: (s3070-019),
    and whose cards and certificate read 郭超平 surely WHEN names are found THEN the invoice
    names 郭超平; a name read surely on one document only is no packet name."""
    from claimdocs.extract.names import names_found_whole, packet_name

    page = _document_pages(DocType.INVOICE, "医疗收费票据", "人炸匈:  郭超平  2 ,六此  325.00  650.00").pages[0]
    invoice = Document("d6", DocType.INVOICE, (page.ref,), 0.9, {"invoice_number": "6209523737"}, {"invoice_number": 0.9})
    cards = [_doc(f"d{i}", "郭超平", (0.8, 0.92, 0.92)) for i in range(1, 3)]
    assert packet_name([*cards, invoice]) == "郭超平"
    named = names_found_whole([invoice], {page.ref: page.text}, packet_name([*cards, invoice]))[0]
    assert named.fields["name"] == "郭超平" and named.read_as == {"name": None}
    assert packet_name([cards[0], invoice]) is None
    assert packet_name([*cards, _doc("d3", "郭超平", (0.3, 0.92, 0.92)), _doc("d4", "王芳", (0.9, 0.9)),
                        _doc("d5", "王芳", (0.9, 0.9))]) is None  # two names read surely alike: none clearly


def test_a_character_read_surely_for_its_visual_twin_is_mended_only_by_a_clear_majority():
    """吴风 read surely (0.89) on a 150 dpi discharge certificate, 吴凤 on four other
    documents: 风 is 凤's visual twin, so the certificate names 吴凤 and shows what it read.
    One document against one decides nothing when neither twin lost a stroke (吕 and 昌),
    and characters that are no twins stay."""
    docs = [_doc(f"d{i}", "吴凤", (0.9, 0.9)) for i in range(1, 5)] + [_doc("d5", "吴风", (0.9, 0.89))]
    mended = mend_names(docs)
    assert [d.fields["name"] for d in mended] == ["吴凤"] * 5 and mended[4].read_as == {"name": "吴风"}
    assert mend_names([_doc("d1", "李吕", (0.9, 0.9)), _doc("d2", "李昌", (0.9, 0.89))])[1].fields["name"] == "李昌"
    others = [_doc(f"d{i}", "张伟", (0.9, 0.9)) for i in range(1, 5)] + [_doc("d5", "张玮", (0.9, 0.9))]
    assert mend_names(others)[4].fields["name"] == "张玮"
    # 兰 without its two top strokes: 朱三 read surely on a card, 纳二 on an invoice with
    # 纳 unsure (s9102-018, s9102-027), where the other documents read 朱兰 and 黄兰
    for name, read, sure in (("朱兰", "朱三", (0.9, 0.9)), ("黄兰", "纳二", (0.2, 0.9))):
        docs = [_doc(f"d{i}", name, (0.9, 0.9)) for i in range(1, 4)] + [_doc("d4", read, sure)]
        assert mend_names(docs)[3].fields["name"] == name


def test_a_list_total_that_lost_its_decimals_is_left_unread_not_taken_as_whole_yuan():
    """合计 14485.60元 with a seal's ring over .60: Tesseract read 合计金狠 司14485只. The
    total is not 14485.00 (a wrong amount, and a false amount_mismatch with the invoice);
    it is unread, and a total read whole is taken."""
    lost = _document_pages(DocType.EXPENSE_LIST, "住院费用清单", "床位费  甲  17  50.00  850.00",
                           "合计金狠  司14485只")
    assert "total_amount" not in extract_document("d1", lost, _directory()).fields
    whole = _document_pages(DocType.EXPENSE_LIST, "住院费用清单", "床位费  甲  17  50.00  850.00",
                            "合计金额  14485.60元")
    assert str(extract_document("d1", whole, _directory()).fields["total_amount"]) == "14485.60"


def test_a_card_number_read_in_part_is_completed_from_the_packet_and_then_named():
    """GIVEN (s9101-013) a blurred social security card whose 社会保障号码 came back as
    5二105194806196T9 and whose name went unread, and an ID card and a filing record
    reading 530105194806196970 and 郑涛娜 surely WHEN ID numbers are completed and names
    linked THEN the card carries that number (read_as: nothing read), as sure as the
    share of its digits read, and so its holder's name; a number read whole but invalid
    and two digits off is left for id_invalid, a run of digits held by no known number links nothing, and
    an invoice printing the number takes it but gives no name by it."""
    from dataclasses import replace

    from claimdocs.extract.identity import id_numbers_from_digits

    number = "530105194806196970"

    def page_text(*texts: str) -> PageText:
        lines = tuple(Line(t, (0, 40 * i, 500, 40 * i + 30), (Word(t, (0, 40 * i, 500, 40 * i + 30), 0.3),), 0.3)
                      for i, t in enumerate(texts))
        return PageText(TextSource.OCR, lines, 600, 400, 0.3)

    texts = {PageRef("card.webp", 1): page_text("中华人民共和国社会保障卡", "合集呈 5二105194806196T9", "551893455"),
             PageRef("misprint.jpg", 1): page_text("公民身份号码 530105194806196871"),
             PageRef("other.jpg", 1): page_text("社会保障号码 4401031981091773"),
             PageRef("invoice.jpg", 1): page_text("交款人统一社会信用代码 53010519480619")}
    card = Document("d3", DocType.INSURANCE_CARD, (PageRef("card.webp", 1),), 0.9)
    misprint = Document("d4", DocType.ID_CARD, (PageRef("misprint.jpg", 1),), 0.9,
                        {"id_number": "530105194806196871"}, {"id_number": 0.9})
    stranger = Document("d5", DocType.INSURANCE_CARD, (PageRef("other.jpg", 1),), 0.9)
    invoice = Document("d6", DocType.INVOICE, (PageRef("invoice.jpg", 1),), 0.9)
    docs = [_carrying("d1", DocType.ID_CARD, "郑涛娜", number, (0.9, 0.9, 0.9)),
            _carrying("d2", DocType.FILING_RECORD, "郑涛娜", number, (0.9, 0.9, 0.9)), card, misprint, stranger,
            invoice]
    completed = id_numbers_from_digits(docs, texts)
    assert completed[2].fields["id_number"] == number and completed[2].read_as == {"id_number": None}
    assert completed[2].field_confidence["id_number"] == round(0.6 * 12 / 18, 3)
    assert completed[3].fields["id_number"] == "530105194806196871"  # invalid, two digits off: as read
    assert "id_number" not in completed[4].fields
    assert completed[5].fields["id_number"] == number  # the payer's number an invoice prints
    assert names_by_id_number(completed)[2].fields["name"] == "郑涛娜"
    # the invoice's name, read surely but with a stray character, names nobody by number
    payer = replace(completed[5], fields={**completed[5].fields, "name": "和郑涛娜"}, field_confidence={"name": 0.9},
                    char_confidence={"name": (0.9, 0.9, 0.9, 0.9)})
    unread = replace(completed[2], fields={"id_number": number})
    assert "name" not in names_by_id_number([unread, payer])[0].fields


def test_stay_dates_with_a_bracket_glued_to_a_digit_are_read():
    """GIVEN a certificate read 出院日期 2024-09-]11 (s3044-024), and a summary whose prose
    reads 于 2024 年 01] 月 08 日 入 住 (s3044-014) WHEN extracted THEN the dates are
    2024-09-11 and 2024-01-08, not the admission date for the discharge or nothing."""
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院证明", "入院日期  2024-09-06", "出院日期  2024-09-]11")
    fields = extract_document("d1", pages, _directory()).fields
    assert (fields["admission_date"].isoformat(), fields["discharge_date"].isoformat()) == ("2024-09-06", "2024-09-11")
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院小结",
                            "入院情况: 患者杨娟，女，39岁，因“反复不适”于 2024 年 01] 月 08 日入住我院骨科。")
    assert extract_document("d1", pages, _directory()).fields["admission_date"].isoformat() == "2024-01-08"


def test_a_household_register_first_page_gives_the_head_of_household_and_the_address_alone():
    """GIVEN the first page of a 居民户口簿 as read (s3044-028): 户主姓名 朱梅新 beside the
    household's kind, the address, then 户口登记机关 on the line below WHEN extracted THEN
    the name is 朱梅新 and the address ends where the registering office's label begins."""
    pages = _document_pages(DocType.HOUSEHOLD_REGISTER, "居民户口血", "户别  非农业家庭户  户主姓名  朱梅新",
                            "户号  12038328  公民身份号码  340203194404150547",
                            "住址  安徽省合肥市光明埠243号1单元803室", "户口登记机关")
    fields = extract_document("d1", pages, _directory()).fields
    assert fields["name"] == "朱梅新" and fields["address"] == "安徽省合肥市光明埠243号1单元803室"


def test_a_number_read_with_digits_inserted_is_the_packets_number_it_holds():
    """GIVEN an application form whose 公民身份号码 came back as 23701035198707180613
    (s3040-025: two digits inserted, its last 18 taken for an invalid number) and an ID
    card reading 370105198707180613 WHEN ID numbers are completed THEN the form carries
    that number, what it read kept in read_as; a run holding another number, or three
    digits more, is left as read."""
    from claimdocs.extract.identity import id_numbers_from_digits

    number = "370105198707180613"

    def form(run: str) -> tuple[Document, dict[PageRef, PageText]]:
        page = PageRef("scan.tif", 1)
        line = Line(f"公民册份号码 {run}", (0, 0, 500, 30), (Word(f"公民册份号码 {run}", (0, 0, 500, 30), 0.8),), 0.8)
        doc = Document("d2", DocType.APPLICATION_FORM, (page,), 0.9, {"id_number": run[-18:]}, {"id_number": 0.8})
        return doc, {page: PageText(TextSource.OCR, (line,), 600, 400, 0.8)}

    card = _carrying("d1", DocType.ID_CARD, "许兰勇", number, (0.9, 0.9, 0.9))
    doc, texts = form("23701035198707180613")
    completed = id_numbers_from_digits([card, doc], texts)[1]
    assert completed.fields["id_number"] == number and completed.read_as == {"id_number": "701035198707180613"}
    for run in ("23701035198707180614", "923701035198707180613"):
        doc, texts = form(run)
        assert id_numbers_from_digits([card, doc], texts)[1] is doc


def test_a_number_read_with_a_speck_and_a_digit_inserted_is_the_packets_number():
    """GIVEN a scanned filing record whose 证件号码 came back as 210203197.4020296706 (s3043-002:
    a speck read as a point, a 0 too many, so no number was read) and an ID card reading
    210203197402029676 WHEN ID numbers are completed THEN the record carries that number,
    nothing read kept in read_as; a run three digits longer is left unread."""
    from claimdocs.extract.identity import id_numbers_from_digits

    number = "210203197402029676"

    def record(reading: str) -> tuple[Document, dict[PageRef, PageText]]:
        page = PageRef("扫描件4.tif", 1)
        line = Line(f"证件号码: {reading}", (0, 0, 500, 30), (Word(f"证件号码: {reading}", (0, 0, 500, 30), 0.8),), 0.8)
        doc = Document("d3", DocType.FILING_RECORD, (page,), 0.9, {"name": "蒋凤涛"}, {"name": 0.8})
        return doc, {page: PageText(TextSource.OCR, (line,), 600, 400, 0.8)}

    card = _carrying("d1", DocType.ID_CARD, "蒋凤涛", number, (0.9, 0.9, 0.9))
    doc, texts = record("210203197.4020296706")
    completed = id_numbers_from_digits([card, doc], texts)[1]
    assert completed.fields["id_number"] == number and completed.read_as == {"id_number": None}
    doc, texts = record("210203197.4020296706123")
    assert id_numbers_from_digits([card, doc], texts)[1] is doc
    # s3041-002: 4401041989111.47100, the run before the point a part of the number
    card = _carrying("d1", DocType.ID_CARD, "高强", "440104198911147169", (0.9, 0.9))
    doc, texts = record("4401041989111.47100")
    assert id_numbers_from_digits([card, doc], texts)[1].fields["id_number"] == "440104198911147169"


def test_the_declared_name_mends_one_character_read_unsurely_but_not_another_persons_name():
    """GIVEN claims of 彭秀红 and 袁国 and documents read 彭秀纪 (纪 at 0.63, s3044-013) and
    南国 (0.63, 0.63, s3040-024) WHEN names are mended THEN they are the declared names,
    what was read kept; 卢刚 read at 0.92 on a claim of 卢海 (s3040-006), 叶娜起 at 0.86 on
    a claim of 叶娜红, and two characters apart however unsure (许霞珍), stay as read."""
    assert mend_names([_doc("d1", "彭秀纪", (0.72, 0.82, 0.63))], declared="彭秀红")[0].fields["name"] == "彭秀红"
    mended = mend_names([_doc("d1", "南国", (0.63, 0.63))], declared="袁国")[0]
    assert mended.fields["name"] == "袁国" and mended.read_as == {"name": "南国"}
    # the surname lost with a stray mark (出强桂 parsed as 强桂, s3038-023)
    assert mend_names([_doc("d1", "强桂", (0.93, 0.92))], declared="田强桂")[0].fields["name"] == "田强桂"
    # 黎 weak, 丙 unsure (s3043-013); 许霞珍 with two characters unsure but not weak stays
    assert mend_names([_doc("d1", "黎丙", (0.3, 0.61))], declared="魏丽")[0].fields["name"] == "魏丽"
    for read, sure, declared in (("卢刚", (0.91, 0.92), "卢海"), ("叶娜起", (0.91, 0.9, 0.86), "叶娜红"),
                                 ("许霞珍", (0.91, 0.6, 0.6), "许国芳")):
        assert mend_names([_doc("d1", read, sure)], declared=declared)[0].fields["name"] == read


def test_the_name_digital_documents_print_mends_cards_read_with_a_name_character_for_another():
    """GIVEN a packet without a claim whose hospital PDF prints 程军霞 in its text layer on
    three documents and whose photographed forms and cards read 程军起 surely (起 is
    chi_sim's reading of 霞, s3066-021) WHEN names are mended by the printed name THEN
    all are 程军霞, what was read kept; digital documents printing two names give none,
    nor do photos alone; a surely read other name stays for name_mismatch."""
    from claimdocs.extract.names import printed_name

    def texts(*docs: Document, digital: tuple[str, ...]) -> dict[PageRef, PageText]:
        return {ref: PageText(TextSource.TEXT_LAYER if doc.id in digital else TextSource.OCR, (), 100, 100)
                for doc in docs for ref in doc.pages}

    def card(doc_id: str, name: str, characters: tuple[float, ...] = ()) -> Document:
        return replace(_doc(doc_id, name, characters), type=DocType.DISCHARGE_CERTIFICATE)

    digital = [card(f"p{i}", "程军霞") for i in range(3)]
    photos = [card("c1", "程军起", (0.9, 0.88, 0.61)), card("c2", "程军起", (0.9, 0.9, 0.7)),
              card("c3", "李红", (0.9, 0.9))]
    everything = [*digital, *photos]
    printed = printed_name(everything, texts(*everything, digital=("p0", "p1", "p2")))
    assert printed == "程军霞"
    mended = mend_names(everything, printed)
    assert [d.fields["name"] for d in mended] == ["程军霞"] * 5 + ["李红"]
    assert mended[3].read_as == {"name": "程军起"}
    assert printed_name(everything, texts(*everything, digital=())) is None
    assert printed_name(everything, texts(*everything, digital=("p0", "c3"))) is None
    # an invoice's name is its payer's: a digital invoice alone names nobody
    assert printed_name(everything, texts(*everything, digital=("c3",))) == "李红"
    payer = replace(photos[2], type=DocType.INVOICE)
    assert printed_name([*photos[:2], payer], texts(*photos[:2], payer, digital=("c3",))) is None


def test_a_character_lost_is_given_back_by_the_name_the_packet_reads_surely_without_a_claim():
    """GIVEN a mail-room packet without a claim whose application form and filing record
    read 得文立 with 得 at 0.00 (parsed as 文立) and whose ID card, invoice and lists read
    冯文立 surely (s3058-007) WHEN names are mended THEN the two are 冯文立, what was read
    kept; a two-character name is never lengthened so, and without a clear packet name
    nothing changes."""
    sure = [_doc(f"d{i}", "冯文立", (0.83, 0.85, 0.93)) for i in range(3, 6)]
    mended = mend_names([_doc("d1", "文立", (0.92, 0.92)), _doc("d2", "文立", (0.91, 0.92)), *sure])
    assert [d.fields["name"] for d in mended] == ["冯文立"] * 5 and mended[0].read_as == {"name": "文立"}
    short = mend_names([_doc("d1", "伟", (0.9,)), *[_doc(f"d{i}", "张伟", (0.9, 0.9)) for i in range(2, 5)]])
    assert short[0].fields["name"] == "伟"
    split = mend_names([_doc("d1", "文立", (0.92, 0.92)), _doc("d2", "冯文立", (0.9, 0.9, 0.9)),
                        _doc("d3", "马文立", (0.9, 0.9, 0.9))])
    assert split[0].fields["name"] == "文立"
    # a given-name character lost (王福 on a 1-bit scan's list, 王志福 on seven documents, s3066-015)
    middle = mend_names([_doc("d1", "王福", (0.9, 0.9)), *[_doc(f"d{i}", "王志福", (0.9, 0.9, 0.9)) for i in range(2, 5)]])
    assert middle[0].fields["name"] == "王志福" and middle[0].read_as == {"name": "王福"}
    assert mend_names([_doc("d1", "王福", (0.9, 0.9))], declared="王志福")[0].fields["name"] == "王志福"
    assert mend_names([_doc("d1", "王志", (0.9, 0.9))], declared="王国福")[0].fields["name"] == "王志"


def test_a_reading_with_no_character_read_surely_is_the_name_the_packet_reads_surely():
    """GIVEN a packet without a claim whose blurred insurance card read 二帮 (0.13, 0.00)
    and whose other documents read 冯兰春 surely (s3075-003) WHEN names are mended THEN
    the card names 冯兰春, what it read kept: neither character says anything against
    it, one may stand for two. A reading with one character read surely (林共, 林 at 0.89)
    is never lengthened so."""
    sure = [_doc(f"d{i}", "冯兰春", (0.86, 0.89, 0.91)) for i in range(2, 5)]
    mended = mend_names([_doc("d1", "二帮", (0.13, 0.0)), *sure])
    assert mended[0].fields["name"] == "冯兰春" and mended[0].read_as == {"name": "二帮"}
    partly = mend_names([_doc("d1", "林共", (0.89, 0.0)), *[_doc(f"d{i}", "林燕英", (0.9, 0.9, 0.9)) for i in (2, 3)]])
    assert partly[0].fields["name"] == "林共"


def test_a_surname_read_as_two_characters_is_rejoined():
    """GIVEN names of 蒋 read with its 艹 split off as 和 (和薪珍新 on a grey scan,
    s3058-016; 和薪甬 on a photo with a claim of 蒋勇, s3055-027) WHEN extracted and mended
    THEN the surname is 蒋, as sure as its less sure half; 和平 and 和蒋 alone are left."""
    from claimdocs.extract.names import surname_rejoined

    assert surname_rejoined("和薪珍新", (0.8, 0.18, 0.61, 0.96)) == ("蒋珍新", (0.18, 0.61, 0.96))
    assert surname_rejoined("和蒋晓红", None) == ("蒋晓红", None)
    assert surname_rejoined("和平", (0.9, 0.9)) == ("和平", (0.9, 0.9))
    assert surname_rejoined("和蒋", (0.9, 0.9)) == ("和蒋", (0.9, 0.9))
    line = Line("姓名: 和薪珍新", (0, 0, 300, 30), (Word("姓名:", (0, 0, 60, 30), 0.93), Word("和", (70, 0, 90, 30), 0.8),
                                                  Word("薪", (90, 0, 110, 30), 0.18), Word("珍", (110, 0, 130, 30), 0.61),
                                                  Word("新", (130, 0, 150, 30), 0.96)), 0.7)
    page = PageResult(PageRef("scan.pdf", 2), DocType.INVOICE, 0.9, PageText(TextSource.OCR, (line,), 400, 300, 0.7),
                      PageVision(0, 0.0, Quality(True), None))
    doc = extract_document("d1", DocumentPages(DocType.INVOICE, (page,)), _directory())
    assert doc.fields["name"] == "蒋珍新" and doc.char_confidence["name"] == (0.18, 0.61, 0.96)
    photo = _doc("d2", *surname_rejoined("和薪甬", (0.53, 0.0, 0.0)))
    assert mend_names([photo], declared="蒋勇")[0].fields["name"] == "蒋勇"


def test_an_invalid_number_one_slip_from_the_packets_number_is_that_number():
    """GIVEN an ID card read 320505197110133577 (check character 2 read 7, s3043-009) and
    a filing record read 210105198611224823 (its last two digits swapped, s3043-024), each
    beside documents reading the valid number WHEN ID numbers are completed THEN each
    carries the packet's number, what it read kept in read_as; so does an application
    form read 090202199703254674 for 330202199703254674, two neighbouring digits misread
    (s3071-014). A reading two digits off apart from each other, or an invalid number on
    every document (id_invalid's case), is left as read."""
    from claimdocs.extract.identity import id_numbers_from_digits

    def read(number: str) -> Document:
        return Document("d2", DocType.ID_CARD, (PageRef("card.jpg", 1),), 0.9, {"id_number": number},
                        {"id_number": 0.8})

    texts: dict[PageRef, PageText] = {}
    for number, misread in (("320505197110133572", "320505197110133577"),
                            ("210105198611224832", "210105198611224823"),
                            ("330202199703254674", "090202199703254674")):
        card = _carrying("d1", DocType.INSURANCE_CARD, None, number)
        completed = id_numbers_from_digits([card, read(misread)], texts)[1]
        assert completed.fields["id_number"] == number and completed.read_as == {"id_number": misread}
    card = _carrying("d1", DocType.INSURANCE_CARD, None, "320505197110133572")
    two_off = read("320505197610133512")
    assert id_numbers_from_digits([card, two_off], texts)[1] is two_off
    broken = [read("320505197110133577"), replace(read("320505197110133577"), id="d3")]
    assert id_numbers_from_digits(broken, texts) == broken


def test_a_label_misread_where_it_differs_from_a_rival_is_neither_and_the_stay_line_still_reads():
    """GIVEN a certificate's stay line read 入了二站 2024/8/20 贡院时间 2024/9/6 (s3043-020:
    入院时间 garbled after its 入, and 出院时间's 出 read 贡, one character off both 入院时间
    and 出院时间) WHEN extracted THEN 贡院时间 is taken for neither label, the first date is
    the admission's and the second the discharge's (the 入院情况 section below opens with
    入院 after that date, and is no sentence saying so); 票据红码 is neither 票据代码 nor 票据号码,
    while 开查日期 is still no rival's (开具日期 is a referral's, never an invoice's)."""
    from claimdocs.extract.fields import label_hits

    assert "入院时间" not in [hit.label for hit in label_hits("入了二站 2024/8/20 贡院时间 2024/9/6")]
    assert not {"票据代码", "票据号码"} & {hit.label for hit in label_hits("票据红码 1073935879")}
    assert [hit.label for hit in label_hits("爱据号码: 8755950232")] == ["票据号码"]
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录", "姓名 什娜人  性别 女",
                            "入了二站 2024/8/20 贡院时间 2024/9/6", "入院情况 患者央不适入院")
    fields = extract_document("d1", pages, _directory()).fields
    assert (fields["admission_date"].isoformat(), fields["discharge_date"].isoformat()) == ("2024-08-20", "2024-09-06")
    # the admission's label lost, the discharge's read with a character wrong (s3054-006)
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录", "姓名  基文  人性别  男",
                            "2024年6月16日  出院日项  2024年7月3日", "患者因不适入院，查体生命体征乎稳。")
    fields = extract_document("d1", pages, _directory()).fields
    assert (fields["admission_date"].isoformat(), fields["discharge_date"].isoformat()) == ("2024-06-16", "2024-07-03")
    # the admission's label lost whole, its date opening the line (s3057-001)
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录", "2024.08.21  出院日期  2024.09.08",
                            "出院诊断右股肯颈人折")
    fields = extract_document("d1", pages, _directory()).fields
    assert (fields["admission_date"].isoformat(), fields["discharge_date"].isoformat()) == ("2024-08-21", "2024-09-08")


def test_a_sentence_going_on_after_patient_is_no_name():
    """GIVEN a discharge record whose 姓名 cell is garbled (忆4喜) and whose prose reads
    入院情况 患者因不适入院 (s3043-008) WHEN extracted THEN no name is read, rather than
    因不适入 (which would stand as another person); 患者 followed by a name still gives it."""
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录", "姓名  忆4喜  性别女  年龄46",
                            "入院情况  患者因不适入院,查体生命体征平稳。")
    assert "name" not in extract_document("d1", pages, _directory()).fields
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录", "入院情况  患者陈亮,因不适入院。")
    assert extract_document("d1", pages, _directory()).fields["name"] == "陈亮"


def test_a_name_read_with_a_mark_between_its_characters_is_as_sure_as_those_characters():
    """GIVEN a blurred social security card whose only name-like line reads 富 : 国语, every
    character at 0.00 (s3043-009) WHEN its characters' confidences are looked up THEN they
    are found across the colon, so the garbage counts as unsure (and is mended from the
    packet) instead of as a name read surely."""
    from claimdocs.extract.fields import characters_read, normal_line

    words = (Word("富", (0, 0, 20, 20), 0.0), Word(":", (25, 0, 30, 20), 0.0), Word("国语", (35, 0, 75, 20), 0.03))
    line = normal_line(Line("富 : 国语", (0, 0, 75, 20), words, 0.01))
    assert characters_read([line], "富国语") == (0.0, 0.03, 0.03)
    assert characters_read([line], "国语") == (0.03, 0.03) and characters_read([line], "国富") is None


def test_a_cards_sex_and_ethnicity_row_gives_no_name():
    """GIVEN a blurred ID card photo whose first line reads 男  民坦汉 (性别 男 民族 汉, its
    labels lost, s2026-010) WHEN extracted THEN 民坦汉 is no name; a card whose first
    cell is a name (its label lost) still gives it."""
    card = _document_pages(DocType.ID_CARD, "男  民坦汉", "陕西言西", "中华人民共")
    assert "name" not in extract_document("d1", card, _directory()).fields
    card = _document_pages(DocType.ID_CARD, "何桂宏", "男  民族  汉", "中华人民共")
    assert extract_document("d1", card, _directory()).fields["name"] == "何桂宏"


def test_a_character_glued_to_a_name_read_elsewhere_is_dropped():
    """GIVEN an invoice read 和孙文涛 surely (a stray 和 before the name, s3038-011) and a
    list read 孙娟兰男 (the sex cell glued on, its 性别 label lost, s3038-026), beside
    documents that read 孙文涛 and 孙娟兰 surely, or a claim of that name WHEN names are
    mended THEN they are those names, what was read kept; with no such name read
    elsewhere, or a compound surname (欧阳胜男), the reading stays."""
    sure = (0.9, 0.9, 0.9)
    mended = mend_names([_doc("d1", "孙文涛", sure), _doc("d2", "孙文涛", sure),
                         _doc("d3", "和孙文涛", (0.9, 0.9, 0.9, 0.9))])
    assert mended[2].fields["name"] == "孙文涛" and mended[2].read_as == {"name": "和孙文涛"}
    assert mend_names([_doc("d1", "孙娟兰男", (0.9,) * 4)], declared="孙娟兰")[0].fields["name"] == "孙娟兰"
    assert mend_names([_doc("d1", "和孙文涛", (0.9,) * 4), _doc("d2", "张伟", (0.9, 0.9))])[0].fields["name"] == "和孙文涛"
    assert mend_names([_doc("d1", "欧阳胜男", (0.9,) * 4)], declared="欧阳胜")[0].fields["name"] == "欧阳胜男"
    # s3057-007: a two-character name with the sex cell glued on, read surely elsewhere;
    # a three-character name is not taken for a stray mark before a two-character one
    mended = mend_names([_doc("d1", "张燕女", (0.92, 0.04, 0.92)), *(_doc(f"d{k}", "张燕", (0.9, 0.9)) for k in (2, 3))])
    assert mended[0].fields["name"] == "张燕" and mended[0].read_as == {"name": "张燕女"}
    kept = mend_names([_doc("d1", "冯文立", sure), *(_doc(f"d{k}", "文立", (0.9, 0.9)) for k in (2, 3, 4))])
    assert kept[0].fields["name"] == "冯文立"
    # s3048-009: 和薪静敏, its 薪 at 0.00 mended first (和蒋静敏 read on the invoice), then its
    # glued 和 dropped; read_as keeps what OCR read
    mended = mend_names([_doc("d1", "和薪静敏", (0.9, 0.0, 0.43, 0.88)), _doc("d2", "和蒋静敏", (0.59, 0.81, 0.8, 0.84)),
                         _doc("d3", "蒋静敏", (0.77, 0.88, 0.67))], declared="蒋静敏")
    assert [doc.fields["name"] for doc in mended] == ["蒋静敏"] * 3 and mended[0].read_as == {"name": "和薪静敏"}


def test_an_invoice_total_that_lost_its_first_digit_under_the_yuan_sign_is_the_cash_paid():
    """GIVEN a scanned invoice whose (小写) total reads 怨 2179.40 (¥22179.40, the ¥ taking
    the 2 with it, s3038-003), its categories partly unread and its 大写 garbled, and its
    cash paid read 22179.40 WHEN extracted THEN the total is 22179.40; a cash figure that
    is not the total with a digit before it leaves the total as read."""
    lines = ("安徽省医疗住院收费票据", "诊察费 225.00 床位费 450.00 护理费 270.00",
             "合计〈大写) 二万民生恒信业拾现 (小写) 怨 2179.40")
    assert _invoice_total(*lines, "个人账户支付 0.00  个人现金支付 22179.40") == "22179.40"
    assert _invoice_total(*lines, "个人账户支付 0.00  个人现金支付 22179.50") == "2179.40"


def test_an_invoice_total_is_the_figure_printed_as_money_after_a_garbled_capital_amount():
    """GIVEN invoices whose 合计 line reads 合计〈大2 罗作和才引元角 小?了了) ¥8,086.30 and
    合计(大2) 过万玖… (小?了) 19885.20 (s3039-008, s3039-020: the 写 of 大写 read as 2, the
    小写 label garbled) WHEN extracted THEN the total is the amount printed with its
    decimals, not the scrap 2; a line holding no such amount still gives its first."""
    assert _invoice_total("住院收费票据", "合计〈大2  罗作和才引元角、  小?了了)  ¥8,086.30") == "8086.30"
    assert _invoice_total("住院收费票据", "合计(大2)  过万玖全过全训给伍元起络  (小?了)  19885.20") == "19885.20"
    assert _invoice_total("住院收费票据", "合计  8086") == "8086.00"


def _invoice_total(*lines: str) -> str:
    """The total an invoice read as ``lines`` gives, as a string."""
    return str(extract_document("d1", _document_pages(DocType.INVOICE, *lines), _directory()).fields["total_amount"])


def test_an_invoice_total_that_lost_its_leading_digits_is_the_cash_paid_it_ends():
    """GIVEN an invoice whose (小写) total reads 5.25 (¥7,755.25 with ¥7,75 lost, s3039-013)
    and whose cash paid reads 7755.25 WHEN extracted THEN the total is 7755.25: no part of
    an invoice comes to more than its total. A cash figure that does not end in the total
    read leaves it as read."""
    lines = ("住院收费票据", "诊察费 225.00 床位费 450.00", "合计(大了)  类什沙作售抬全元狼角全并  小写)  5.25")
    assert _invoice_total(*lines, "个人账户支付 0.00  个人现金支付 7755.25") == "7755.25"
    assert _invoice_total(*lines, "个人账户支付 0.00  个人现金支付 7755.26") == "5.25"


def test_an_invoice_total_read_without_its_point_is_the_cash_paid_a_hundredth_of_it():
    """GIVEN a grey scan's invoice whose (小写) total reads ¥844455 (8444.55, its point lost,
    s3047-012), its 大写 garbled in front, and whose cash paid reads 8444.55 WHEN extracted
    THEN the total is 8444.55: no part of an invoice is a hundredth of its total. Cash of
    another figure leaves the total as read."""
    lines = ("住院收费票据", "合计〈大写) 拥任肆佰肆拾肆元伍角伍分 (小写) ¥844455")
    assert _invoice_total(*lines, "医保统筹基金支付 0.00 个人现金支付: 8444.55") == "8444.55"
    assert _invoice_total(*lines, "医保统筹基金支付 0.00 个人现金支付: 8444.56") == "844455.00"


def test_an_invoice_total_misread_is_the_cash_paid_that_fits_a_capital_amount_partly_unread():
    """GIVEN a scanned invoice whose (小写) total reads 157639s95 (15699.95), its 大写
    喜万伍什陆佰玖拾玖元玖角伍分 with its 壹 read 喜, one category's label garbled, and its
    cash paid read 15699.95 (s3052-026) WHEN extracted THEN the total is 15699.95: the
    cash paid and what could be read of the 大写 agree on it. Cash that does not fit the
    大写 (15699.90) leaves the total as read."""
    lines = ("山东省医疗收费票据", "合计金额(大写) 喜万伍什陆佰玖拾玖元玖角伍分 (小写) 157639s95")
    assert _invoice_total(*lines, "医保统筹基金支付 0.00 个人账户支付: 0.00 个人现金支付: 15699.95") == "15699.95"
    assert _invoice_total(*lines, "医保统筹基金支付 0.00 个人账户支付: 0.00 个人现金支付: 15699.90") != "15699.90"


def test_an_invoice_total_read_with_a_digit_in_front_is_the_cash_paid_the_capital_fits():
    """GIVEN a photographed invoice whose (小写) total reads 29219.10 (¥9219.10, its ¥ read
    as 2), its 大写 玖什址佰过抬玖元过角 read in part with 仟 its highest place, its cash paid
    9219.10 and its fund's part 0.06 for 0.00 (s3068-028) WHEN extracted THEN the total is
    9219.10: the 大写 names no 万. A 大写 that names the 万 (贰万…) leaves it as read."""
    lines = ("住院收费票据", "医保统筹支付 0.06  个人现金支付 9219.10")
    assert _invoice_total(*lines, "金额合计(大写)玖什址佰过抬玖元过角  小  29219.10") == "9219.10"
    assert _invoice_total(*lines, "金额合计(大写)贰万玖什址佰过抬玖元过角  小  29219.10") == "29219.10"


def test_a_bracket_ending_a_long_number_is_its_last_one():
    """GIVEN a grey scan's invoice heading read 票据代码51952412  票据号码997436003] (its
    number's last 1 read as a bracket, s3066-028) WHEN extracted THEN the number is
    9974360031; a bracket after a short number (第1]页) is no digit."""
    invoice = _document_pages(DocType.INVOICE, "住院收费票据", "票据代码51952412  票据号码997436003]")
    assert extract_document("d1", invoice, _directory()).fields["invoice_number"] == "9974360031"
    from claimdocs.extract import _normalised_cells
    assert _normalised_cells("第1]页") == ["第1]页"]


def test_an_invoice_number_whose_label_went_unread_is_the_ten_digits_atop_the_invoice():
    """GIVEN a grey 300 dpi scan of a receipt whose heading read 矢疗住院收发HH世据 / 相让{?1SN4.9
    点撕疆介 6105414806, its 票据号码 and NO. garbled (s3053-022) WHEN extracted THEN the
    number is those ten digits; ten digits lower down, or two runs of ten at the top, are
    no number."""
    heading = ("矢疗住院收发HH世据", "LA", "相让{?1SN4.9点撕疆介  6105414806", "本|ip4]朱桂兰外  450.00  900.00")
    number = extract_document("d1", _document_pages(DocType.INVOICE, *heading), _directory()).fields
    assert number["invoice_number"] == "6105414806"
    lower = _document_pages(DocType.INVOICE, "矢疗住院收发HH世据", "LA", "本|ip4]朱桂兰外  450.00", "其他",
                            "相让  6105414806")
    assert "invoice_number" not in extract_document("d1", lower, _directory()).fields
    two = _document_pages(DocType.INVOICE, "矢疗住院收HH世据  1234567890", "相让  6105414806")
    assert "invoice_number" not in extract_document("d1", two, _directory()).fields
    # ten digits of a longer token garbled (1723001218- for 1759912184, s3043-024)
    garbled = _document_pages(DocType.INVOICE, "口洪入东忆1PR关闻收痪电子中朱愉  237332452", "AS", "UN谍:让  1723001218-")
    assert "invoice_number" not in extract_document("d1", garbled, _directory()).fields


def test_a_digit_of_a_garbled_label_before_the_invoice_number_is_not_glued_onto_it():
    """GIVEN invoices whose 票据号码： Tesseract garbled into words ending in a lone digit a
    space before the number (票据号3全3 0459570440 on a photo, s3058-018; 哇拔1苇1供3
    0549773320 on a 300 dpi grey scan, s3055-012) WHEN extracted THEN the number is the ten
    digits, not 30459570440; a number read in two long pieces stays whole."""
    photo = _document_pages(DocType.INVOICE, "四!省医疗收费票据", "票据代码51822441  票据号3全3 0459570440")
    fields = extract_document("d1", photo, _directory()).fields
    assert fields["invoice_number"] == "0459570440" and fields["invoice_code"] == "51822441"
    scan = _document_pages(DocType.INVOICE, "医疗收费时据”住院", "票据尺码32492414  哇拔1苇1供3 0549773320")
    assert extract_document("d1", scan, _directory()).fields["invoice_number"] == "0549773320"
    pieces = _document_pages(DocType.INVOICE, "医疗收费票据", "票据号码: 04595 70440")
    assert extract_document("d1", pieces, _directory()).fields["invoice_number"] == "0459570440"


def test_an_invoices_categories_under_a_quantity_column_are_their_figures_not_thousands():
    """GIVEN an electronic invoice photographed (s3040-016) whose categories print under
    项目名称 数量 金额(元) (诊察费 1 350.00), whose total reads 小 玉313.10 (¥3 read 玉) and whose
    cash paid reads 3313.10 WHEN extracted THEN the categories add up to 3313.10 (the 1 is
    each one's quantity, not a thousands digit) and the total is 3313.10, which both end
    in what was read, and its garbled 大写 agrees with it; a part that ends so, beside
    another that ends so apart, settles nothing."""
    lines = ("浙江省医疗收费电子票据", "项目名称  数量  金额(元)  备注  项目名称  数量  金额(元)  备注",
             "诊察费  1  350.00  西药费  1  281.90", "床位费  1  700.00  中成药费  1  132.00",
             "护理费  1  420.00  卫生材料费  1  92.20", "治疗费  1  231.00  化验费  736.00", "检查费  1  370.00",
             "金额合计(大  参什参佰党拾参元过角  小  玉313.10")
    invoice = _document_pages(DocType.INVOICE, *lines, "医保统筹基金支付:0.00  个人现金支付:3313.10")
    fields = extract_document("d1", invoice, _directory()).fields
    assert str(fields["total_amount"]) == "3313.10"
    # its 大写, garbled (参什参佰党拾参元过角), is compared with that total, not with 313.10
    assert str(fields["total_amount_words"]) == "3313.10"
    # The categories read 2313.10 (a figure misread) and the cash 3313.10: both end so,
    # and alone they settle nothing; the 大写, what of it was read, agrees with the cash.
    apart = ("护理费  1  420.00  卫生材料费  1  92.20", "治疗费  1  337.00")
    unspelt = _document_pages(DocType.INVOICE, *lines[:4], *apart, "金额合计  小  玉313.10",
                              "医保统筹基金支付:0.00  个人现金支付:3313.10")
    assert str(extract_document("d1", unspelt, _directory()).fields["total_amount"]) == "313.10"
    spelt = _document_pages(DocType.INVOICE, *lines[:4], *apart, lines[-1], "医保统筹基金支付:0.00  个人现金支付:3313.10")
    assert str(extract_document("d1", spelt, _directory()).fields["total_amount"]) == "3313.10"


def test_a_garbled_stay_date_is_the_other_date_and_the_days_of_the_stay():
    """GIVEN certificates read 入院时间 202-/9/16 (its year garbled, s3038-023) and
    2024/17/29 (a 1 before its month, s3043-015), each with its discharge date read and
    住院天数 printed WHEN extracted THEN the admission is the discharge less those days,
    where what was read still ends in that month and day; where it does not (9/26), or
    no days are printed, the admission stays unread."""
    def certificate(admission: str, discharge: str, *more: str):
        return extract_document("d1", _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院证明书",
                                                      f"入院时间  {admission}", f"出院时间  {discharge}", *more),
                                _directory()).fields

    fields = certificate("202-/9/16", "2024/9/23", "住院天数  7天")
    assert fields["admission_date"].isoformat() == "2024-09-16"
    assert certificate("2024/17/29", "2024/8/17", "住院天数  19 天")["admission_date"].isoformat() == "2024-07-29"
    assert "admission_date" not in certificate("202-/9/26", "2024/9/23", "住院天数  7天")
    assert "admission_date" not in certificate("202-/9/16", "2024/9/23")
    # the discharge date's second separator read as a 1: 2024/1017 (s3052-001)
    assert certificate("2024/9/124", "2024/1017", "住院天数  13 天")["discharge_date"].isoformat() == "2024-10-07"
    assert "discharge_date" not in certificate("2024/9/124", "2024/1017", "住院天数  12 天")
    # the admission's separator lost: 2024/111 for 2024/1/11 (a phone photo, s3068-008)
    assert certificate("2024/111", "2024/1/19", "住院天数  8天")["admission_date"].isoformat() == "2024-01-11"
    assert "admission_date" not in certificate("2024/111", "2024/1/19", "住院天数  9天")
    # the day's last digit read as a mark: 2024.03.0+ for 2024.03.04 (a 1-bit scan, s3065-026)
    assert certificate("2024.03.0+", "2024.03.07", "住院天数  3天")["admission_date"].isoformat() == "2024-03-04"
    assert "admission_date" not in certificate("2024.03.0+", "2024.03.17", "住院天数  3天")  # 03-14: no 0



def test_a_stay_date_with_a_separator_lost_is_its_reading_on_the_right_side_of_the_other():
    """GIVEN a photographed 出院记录 reading 入院时间 2024/1/14 出院时间 2024/119 (2024/1/19,
    its second separator lost; no days printed, s3066-006) WHEN extracted THEN the
    discharge is 2024-01-19: 2024/11/9 would be a stay of ten months. An admission
    2024/111 before a discharge 2024/1/19 is 2024-01-11 (11/1 is after it); where neither
    reading is likely, the date stays unread."""
    def certificate(admission: str, discharge: str):
        return extract_document("d1", _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院记录",
                                                      f"入院时间  {admission}  出院时间  {discharge}"),
                                _directory()).fields

    assert certificate("2024/1/14", "2024/119")["discharge_date"].isoformat() == "2024-01-19"
    assert certificate("2024/111", "2024/1/19")["admission_date"].isoformat() == "2024-01-11"
    assert certificate("2024/10/14", "2024/119")["discharge_date"].isoformat() == "2024-11-09"  # 1/19 is before
    assert "discharge_date" not in certificate("2024/12/20", "2024/119")  # both before admission


def test_an_invoices_date_at_its_foot_after_a_label_garbled_past_reading_is_the_issue_date():
    """GIVEN scanned invoices whose 收款日期 read 全捧: 2024-03-08 (s3039-020), 于电目斯:2024.08.17
    (s3039-016) and J区站贡2024-05-10 (s3044-013), beside the cashier at the foot, with
    the stay printed as 2024022920240308 WHEN extracted THEN those are the issue dates; a
    stay written out as a range, or after its label, is no issue date."""
    def issued(*lines: str):
        fields = extract_document("d1", _document_pages(DocType.INVOICE, "住院收费票据", *lines), _directory()).fields
        return fields.get("issue_date")

    stay = "人RE  24528418  科宣  综合内科  信阳才人  2024022920240308"
    assert issued(stay, "收坎单位《斌》  天当光3a拘_A  收坎人:刘洋  全捧:  2024-03-08").isoformat() == "2024-03-08"
    assert issued(stay, "收区单位《次)全有市从SAEE辽A  疏党人:周丽  于电目斯:2024.08.17").isoformat() == "2024-08-17"
    assert issued(stay, "慨旋芋f人(总)  海握构城  收成大:李红  J区站贡2024-05-10").isoformat() == "2024-05-10"
    # its second point read as a comma (s3052-017)
    assert issued(stay, "收向单位《卢) 人有中心 收欣人: 刘洋 开哇月拷: 2024.10,31").isoformat() == "2024-10-31"
    assert issued("科宣  综合内科  信阳才人  2024.08.01-2024.08.17", "收坎人:刘洋") is None
    assert issued("信阳才人 2024-08-01 至 2024-08-17", "收坎人:刘洋") is None
    assert issued("出院 2024-08-17", "收坎人:刘洋") is None
    # the labels lost on a 1-bit scan, a stray cell before the date (s3068-017); a date
    # after another, its range mark unread, is the stay's end
    assert issued(stay, "1  呈1  2024.07.04  1  308.00………  52.80").isoformat() == "2024-07-04"
    assert issued("信阳才人 2024.08.01 2024.08.17", "收坎人:刘洋") is None


def test_stay_dates_in_a_summarys_prose_are_read_through_stray_characters():
    """GIVEN a scanned 出院小结 (s3040-009) whose page 1 reads 于2024年09月27和入人我院 (日 read 和,
    a 人 put into 入我院) and whose page 2 reads 于2024人年10月13上日出院 (stray 人 and 上) WHEN
    extracted THEN the admission is 2024-09-27 and the discharge 2024-10-13; a number of
    months (3个月) is no date."""
    def fields(*lines: str):
        return extract_document("d1", _document_pages(DocType.DISCHARGE_CERTIFICATE, "杭州西溪医院", "出院小结",
                                                      *lines), _directory()).fields

    first = fields("入院情况:入者任关姐，女，53岁，因“有反复不适”于2024年09月27和入人我院纸合内科")
    assert first["admission_date"].isoformat() == "2024-09-27"
    second = fields("出院情况:患考病情稳定，经上级医师同意于2024人年10月13上日出院，共住院16大。")
    assert second["discharge_date"].isoformat() == "2024-10-13"
    assert "discharge_date" not in fields("出院医嘱: 2024年3个月后复查出院")


def test_a_receipt_forms_date_printed_alone_with_its_points_is_the_issue_date():
    """GIVEN a 1-bit scan of a receipt form whose printed labels dropped out: the stay as
    20240916 至 20240923, then 2024.09.23 beside fee figures (s3038-023) WHEN extracted
    THEN the issue date is 2024-09-23; a range opening a line (2024.09.16 至 2024.09.23)
    is the stay, no issue date."""
    lines = ("田强桂 175.00 350.00", "安徽省立庐阳医院 210.00 84.00", "20240916 至 20240923 708.00 2600.00")
    invoice = _document_pages(DocType.INVOICE, *lines, "2024.09.23 988.40 1454.00")
    assert extract_document("d1", invoice, _directory()).fields["issue_date"].isoformat() == "2024-09-23"
    ranged = _document_pages(DocType.INVOICE, *lines[:2], "2024.09.16 至 2024.09.23 708.00")
    assert "issue_date" not in extract_document("d1", ranged, _directory()).fields


def test_prose_stay_dates_with_a_1_read_as_a_bracket_or_a_day_read_with_a_1_are_read():
    """GIVEN a summary's prose read 于 2024 年 05 月 301 入住 (30日, its 日 read as 1,
    s3046-003) and 于 2024 年 ] 月 24 日 出院 (January, its 1 read as a bracket, s3046-006)
    WHEN extracted THEN the admission is 2024-05-30 and the discharge 2024-01-24."""
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院小结",
                            "入院情况: 患首赵上志，男，38岁，央“反复不天”于 2024 年 05 月 301 入住我院综合内科:")
    assert extract_document("d1", pages, _directory()).fields["admission_date"].isoformat() == "2024-05-30"
    pages = _document_pages(DocType.DISCHARGE_CERTIFICATE, "出院小结",
                            "出院情况: 患者病情稳定，经上级医师同意于 2024 年 ] 月 24 日出院，共住院15天。")
    assert extract_document("d1", pages, _directory()).fields["discharge_date"].isoformat() == "2024-01-24"


def test_a_mail_room_invoice_whose_labels_are_garbled_gives_its_number_and_date_but_no_staff_name():
    """GIVEN a 1-bit scan of an invoice (s3046-015): 票据号码 read N()， beside the code
    under a garbled 票据代码, the payer's name cell garbled, and at its foot 收款人: 王敏
    read 性愉人: 王敏 beside 开票日期 read 开罗 ”2024 年 02 月 12 日 WHEN extracted THEN the
    number is 2003191908 and the date 2024-02-12, and 王敏, who signed it, is not the payer."""
    invoice = _document_pages(DocType.INVOICE, "住院收费至", "后据代各和 32812418 N()， 2003191908",
                              "司机侮故型; 三级甲等综合性医疗机构", "诈名 黄扯别 男", "诊综费 200.00 床位费 1440.00",
                              "IE OK 喜万桌任壹是忒失吉元摘角 ¥17,221.80",
                              "和 netss 性愉人: 王敏 证汪 开罗 ”2024 年 02 月 12 日")
    fields = extract_document("d1", invoice, _directory()).fields
    assert fields["invoice_number"] == "2003191908" and fields["issue_date"].isoformat() == "2024-02-12"
    assert fields.get("name") != "王敏"
    # s3044-009: the code's label garbled past reading too, NO read N(0).
    invoice = _document_pages(DocType.INVOICE, ":低收费中玉", "人代全全34482414  N(0).  8459206204")
    assert extract_document("d1", invoice, _directory()).fields["invoice_number"] == "8459206204"


def test_with_no_claim_one_unsure_character_from_the_packets_clear_name_is_mended():
    """GIVEN no claim, an ID card read 于网 (网 at 0.65, s3046-000) and six documents that
    read 于刚 surely WHEN names are mended THEN the card names 于刚, what it read kept; a
    card read 于网 at 0.85, or with 于刚 read surely on one document only, stays."""
    sure = (0.93, 0.92)
    others = [_doc(f"d{i}", "于刚", sure) for i in range(2, 8)]
    mended = mend_names([_doc("d1", "于网", (0.96, 0.65)), *others])[0]
    assert mended.fields["name"] == "于刚" and mended.read_as == {"name": "于网"}
    assert mend_names([_doc("d1", "于网", (0.96, 0.85)), *others])[0].fields["name"] == "于网"
    assert mend_names([_doc("d1", "于网", (0.96, 0.65)), others[0]])[0].fields["name"] == "于网"


def test_a_number_that_fails_its_check_but_is_read_alike_twice_still_links_names():
    """GIVEN a packet whose documents all print 320502196204294629, which fails its check
    character (id_invalid, s3043-011), an ID card and a social security card that read
    萧斌超 surely and a residence proof whose name went unread WHEN names are linked by
    number THEN the residence proof names 萧斌超 (and keeps the number, for id_invalid);
    a number read so on one document alone links nothing."""
    number = "320502196204294629"
    proof = Document("d5", DocType.RESIDENCE_PROOF, (PageRef("proof.jpg", 1),), 0.9, {"id_number": number},
                     {"id_number": 0.8})
    cards = [_carrying("d3", DocType.ID_CARD, "萧斌超", number, (0.9, 0.9, 0.9)),
             _carrying("d6", DocType.INSURANCE_CARD, "萧斌超", number, (0.9, 0.9, 0.9))]
    linked = names_by_id_number([*cards, proof])[2]
    assert linked.fields["name"] == "萧斌超" and linked.fields["id_number"] == number
    alone = [_carrying("d3", DocType.ID_CARD, "萧斌超", "320502196204294620", (0.9, 0.9, 0.9)), proof]
    assert "name" not in names_by_id_number(alone)[1].fields


def test_a_card_number_one_digit_off_the_packets_is_that_number_and_names_the_card():
    """GIVEN a blurred insurance card photo read as 扩名 玖贞看 (its name garbled) and
    社会低寻司付 110105135301247847 (s3048-018: 195301 read 135301, so the number fails its
    check character and the card has none), beside an ID card of 唐梅春 reading
    110105195301247847 WHEN ID numbers are completed and names linked THEN the card
    carries that number, nothing read as it, and is named 唐梅春, its unsure reading kept
    in read_as; a run two digits off is left alone."""
    from claimdocs.extract.identity import id_numbers_from_digits

    number = "110105195301247847"
    card_lines = ("中华人民共和国社会保障卡", "扩名  玖贞看  CE", "社会低寻司付  110105135301247847",
                  "社会仿辣让生《785315581", "午卡日而  2019年0月  本国畦记全?1")
    pages = _document_pages(DocType.INSURANCE_CARD, *card_lines)
    card = extract_document("d2", pages, _directory())
    assert "id_number" not in card.fields and card.fields["name"] == "玖贞看"  # unsure: no surname
    texts = {page.ref: page.text for page in pages.pages}
    id_card = _carrying("d1", DocType.ID_CARD, "唐梅春", number, (0.9, 0.9, 0.9))
    completed = id_numbers_from_digits([id_card, card], texts)[1]
    assert completed.fields["id_number"] == number and completed.read_as == {"id_number": None}
    named = names_by_id_number([id_card, completed])[1]
    assert named.fields["name"] == "唐梅春" and named.read_as["name"] == "玖贞看"
    pages = _document_pages(DocType.INSURANCE_CARD, *card_lines[:2], "社会低寻司付  110105135301247841")
    card = extract_document("d2", pages, _directory())
    assert id_numbers_from_digits([id_card, card], {page.ref: page.text for page in pages.pages})[1] is card


def test_a_cards_date_label_garbled_into_a_surname_is_no_name():
    """GIVEN insurance card photos read with 发卡日期 as 时卡日明 and as 全全下本 before
    their dates (s3039-006, s3039-025), their names unread WHEN extracted THEN neither
    label is taken for the name: a cell before a date is that date's label."""
    for lines in (("中华人民共和国社会保障卡", "用名  生福县", "社会你二时人460204199207319952",
                   "社会保路卡是F30784222", "时卡日明  2019年0月  9", "复印件与原件一致"),
                  ("社会保障卡", "疯水  寄栖", "认疯全天本4  4801人的137808109357", "伸全者与所  A545890323",
                   "全全下本  201?年惠局", "合国工站委F", "复印件与原件将")):
        doc = extract_document("d1", _document_pages(DocType.INSURANCE_CARD, *lines), _directory())
        assert doc.fields.get("name") not in ("时卡日明", "全全下本"), doc.fields.get("name")
    pages = _document_pages(DocType.INSURANCE_CARD, "社会保障卡", "张德明  2019年09月")
    assert "name" not in extract_document("d1", pages, _directory()).fields


def test_an_invoices_code_and_number_in_two_cells_above_their_labels_are_two_numbers():
    """GIVEN a receipt scanned grey whose code and number were read on a line of their
    own above their labels (21602471  4851925638 over 票据代在  NO, s3049-015; Tesseract's
    word boxes of the whole page) WHEN extracted THEN the code is 21602471 and the number 4851925638: the
    two cells' digits are two numbers, not one run of eighteen."""
    from claimdocs.layout import lines_from_words

    boxes = [
             (1100, 182, 1276, 281, "住院"), (1275, 187, 1378, 254, "收费"), (1417, 186, 1522, 254, "票据"),
             (417, 292, 582, 325, "21602471"), (1929, 288, 2157, 325, "4851925638"), (218, 309, 280, 345, "票据"),
             (292, 310, 349, 345, "代"), (329, 305, 351, 361, "在"), (1798, 309, 1861, 342, "NO"),
             (216, 380, 438, 416, "医疗"), (306, 376, 341, 430, "机"), (340, 376, 378, 430, "构"),
             (377, 376, 415, 430, "类"), (414, 376, 442, 430, "型"), (500, 378, 536, 382, "一"),
             (553, 364, 573, 398, "级"), (592, 362, 671, 399, "综合"), (670, 358, 707, 415, "性"),
             (706, 362, 764, 399, "医疗"), (781, 362, 803, 398, "机"), (813, 362, 839, 399, "构"),
             (299, 471, 363, 504, "姓名"), (639, 452, 750, 489, "王"), (688, 448, 725, 505, "晓"),
             (724, 448, 753, 505, "洋"), (1042, 471, 1107, 504, "性"), (1084, 467, 1110, 517, "别"),
             (1421, 453, 1453, 488, "男"), (1788, 471, 1796, 504, "保"), (1826, 471, 1887, 504, "类"),
             (1868, 467, 1892, 519, "型"), (2114, 448, 2201, 504, "城乡"), (2201, 453, 2262, 488, "居民"),
             (280, 555, 303, 587, "仁"), (315, 556, 346, 587, "院"), (367, 574, 377, 587, "了"),
             (619, 540, 769, 568, "24787368"), (1044, 555, 1096, 587, "科室"), (1345, 531, 1438, 588, "心血"),
             (1437, 535, 1492, 572, "管内"), (1501, 535, 1532, 571, "科"), (1753, 554, 1886, 587, "住院"),
             (1834, 550, 1863, 599, "时"), (1862, 550, 1890, 599, "间"), (2028, 535, 2348, 578, "20241003|20241022"),
             (298, 639, 360, 670, "项"), (341, 634, 365, 679, "目"), (674, 637, 735, 669, "金额"),
             (1042, 639, 1105, 670, "项"), (1085, 634, 1109, 679, "目"), (1419, 637, 1479, 669, "金额"),
             (1787, 639, 1849, 669, "项"), (1829, 635, 1852, 679, "目"), (2199, 637, 2230, 668, "额"),
             (280, 719, 381, 753, "诊"), (330, 714, 363, 762, "察"), (363, 714, 384, 762, "费"),
             (638, 705, 750, 733, "4175.00"), (1024, 719, 1125, 752, "床位"), (1104, 715, 1128, 767, "费"),
             (1373, 705, 1503, 733, "3420.00"), (1768, 719, 1869, 752, "护理"), (1850, 715, 1874, 768, "费"),
             (2133, 704, 2244, 733, "570.00"), (280, 802, 381, 836, "治疗"), (360, 798, 384, 850, "费"),
             (639, 788, 750, 816, "228.00"), (1025, 802, 1125, 835, "西药"), (1103, 798, 1127, 851, "费"),
             (1383, 788, 1494, 816, "304.50"), (1769, 802, 1800, 835, "化"), (1814, 802, 1835, 835, "验"),
             (1847, 802, 1869, 835, "费"), (2132, 787, 2244, 816, "463.00"), (280, 885, 381, 919, "检查"),
             (360, 881, 384, 933, "费"), (629, 871, 759, 899, "2866.00"), (1008, 885, 1037, 918, "中"),
             (1053, 885, 1074, 918, "成"), (1090, 885, 1108, 918, "药"), (1123, 885, 1143, 918, "费"),
             (1383, 871, 1494, 899, "137.20"), (1770, 885, 1869, 918, "其"), (1815, 881, 1846, 934, "他"),
             (1845, 881, 1872, 934, "费"), (2143, 871, 2234, 899, "10.00"), (246, 967, 346, 1001, "卫生"),
             (350, 967, 416, 1001, "材料"), (394, 963, 418, 1015, "费"), (648, 953, 676, 981, "16"),
             (691, 975, 697, 981, "."), (705, 949, 916, 1027, "RE"), (232, 1050, 294, 1083, "合计"),
             (319, 1050, 413, 1083, "(大写"), (400, 1027, 414, 1096, ")"), (482, 1031, 517, 1068, "提"),
             (528, 1032, 556, 1068, "什"), (571, 1031, 593, 1068, "归"), (596, 1031, 630, 1068, "人"),
             (636, 994, 680, 1109, "功"), (679, 1031, 716, 1105, "拓"), (715, 994, 788, 1109, "示人"),
             (787, 998, 831, 1078, "向"), (844, 1050, 880, 1083, "天"), (858, 994, 881, 1109, "天"),
             (867, 1031, 995, 1123, "ZN"), (1789, 1051, 1867, 1083, "小"), (1833, 1047, 1854, 1093, "写"),
             (1854, 1047, 1872, 1093, ")"), (2123, 1036, 2253, 1064, "8490.50"), (194, 1134, 274, 1166, "医保"),
             (274, 1133, 345, 1166, "统筹"), (352, 1133, 421, 1166, "基金"), (429, 1134, 469, 1166, "支付"),
             (784, 1113, 924, 1188, "Ts"), (951, 1113, 989, 1188, "<"), (1043, 1133, 1129, 1165, "账户"),
             (1128, 1134, 1178, 1166, "支付"), (1402, 1119, 1475, 1147, "0.00"), (1730, 1134, 1818, 1166, "仆人"),
             (1795, 1129, 1873, 1175, "现金"), (1863, 1133, 1922, 1166, "支付"), (2123, 1119, 2253, 1147, "8490.50"),
             (780, 1150, 863, 1240, "六"), (267, 1216, 399, 1248, "个"), (314, 1212, 343, 1263, "人"),
             (342, 1216, 378, 1248, "自"), (377, 1212, 404, 1263, "付"), (619, 1162, 710, 1297, "媒"),
             (954, 1196, 986, 1271, "应"), (1011, 1196, 1069, 1271, "人"), (1082, 1215, 1142, 1248, "sa"),
             (1373, 1201, 1503, 1229, "3446.80"), (1755, 1215, 1818, 1248, "其"), (1799, 1211, 1836, 1263, "他"),
             (1829, 1216, 1888, 1248, "支付"), (2152, 1201, 2225, 1229, "0.00"), (712, 1201, 750, 1310, "="),
             (828, 1279, 838, 1290, "相"), (859, 1279, 874, 1293, "过"), (885, 1279, 922, 1297, "用"),
             (927, 1279, 941, 1292, "殖"), (945, 1279, 955, 1289, "Y"), (390, 1327, 399, 1359, "〈"),
             (413, 1326, 438, 1352, "章"), (538, 1305, 653, 1344, "法"), (593, 1301, 627, 1360, "库"),
             (626, 1301, 656, 1360, "县"), (691, 1279, 894, 1344, "河"), (797, 1275, 832, 1355, "学"),
             (832, 1275, 857, 1355, "响"), (857, 1275, 897, 1355, "了"), (1393, 1279, 1438, 1366, "和;"),
             (1470, 1305, 1495, 1343, "赵"), (1508, 1305, 1535, 1344, "静"), (1978, 1305, 2170, 1344, "2024"),
             (2075, 1301, 2113, 1355, "年"), (2112, 1301, 2153, 1355, "10"), (2152, 1301, 2184, 1355, "月"),
             (2178, 1309, 2215, 1340, "22"), (2223, 1308, 2251, 1343, "日"), (216, 1326, 249, 1361, "收"),
             (295, 1326, 359, 1361, "单位"), (445, 1327, 455, 1360, ")"), (1787, 1326, 1821, 1361, "收"),
             (1868, 1326, 1934, 1361, "日"), (1917, 1322, 1937, 1375, "期")]
    lines = lines_from_words([Word(t, (x0, y0, x1, y1), 0.9) for x0, y0, x1, y1, t in boxes])
    page = PageResult(PageRef("scan.pdf", 3), DocType.INVOICE, 0.9, PageText(TextSource.OCR, lines, 2480, 3508, 0.9),
                      PageVision(0, 0.0, Quality(True), None))
    fields = extract_document("d1", DocumentPages(DocType.INVOICE, (page,)), _directory()).fields
    assert (fields.get("invoice_code"), fields.get("invoice_number")) == ("21602471", "4851925638")


def test_a_character_that_lost_its_stroke_is_the_fuller_twin_where_the_packet_reads_it_as_often():
    """s3052-008 (a mailed-in packet, no claim): 郭凤峰 read surely on its invoice, 郭风峰
    surely on two documents, 凤 read in that place on four documents in all against 风 on
    three. Blur takes 凤's inner stroke away and nothing adds one: every reading mends to
    郭凤峰 (a weak 峰 or surname too), showing what it read. One 吴凤 against one 吴风 is
    吴凤; 风 read on four documents against 凤 on one stays 风, the majority's."""
    docs = [_doc("d1", "曾凤峰", (0.0, 0.0, 0.8)), _doc("d2", "郭风峰", (0.61, 0.71, 0.77)),
            _doc("d3", "郭风峰", (0.84, 0.87, 0.91)), _doc("d4", "郭凤几", (0.75, 0.91, 0.29)),
            _doc("d5", "郭凤峰", (0.86, 0.69, 0.0)), _doc("d6", "郭凤峰", (0.83, 0.92, 0.86)),
            _doc("d7", "郭凤峰", (0.86, 0.41, 0.9))]
    mended = mend_names(docs)
    assert [d.fields["name"] for d in mended] == ["郭凤峰"] * 7
    assert [d.read_as.get("name") for d in mended][:4] == ["曾凤峰", "郭风峰", "郭风峰", "郭凤几"]
    fewer = mend_names(docs[1:4])  # 凤 on one document of 郭 (郭凤几), 风 on two
    assert [d.fields["name"] for d in fewer][:2] == ["郭风峰", "郭风峰"]
    assert mend_names([_doc("d1", "吴凤", (0.9, 0.9)), _doc("d2", "吴风", (0.9, 0.89))])[1].fields["name"] == "吴凤"
    most = [_doc(f"d{i}", "吴风", (0.9, 0.9)) for i in range(1, 5)] + [_doc("d5", "吴凤", (0.9, 0.9))]
    assert [d.fields["name"] for d in mend_names(most)] == ["吴风"] * 5


def test_a_twin_read_surely_on_few_documents_is_the_twin_most_documents_read_in_its_place():
    """s3068-016 (phone photos, no claim): 昌淑斌 read surely on the household register
    alone (昌 0.70) and unsurely on the application form, 吕 read in its place on six
    documents, unsurely (吕淑斌 with 吕 at 0.34 on the filing record). 吕 and 昌 are visual
    twins: every document names 吕淑斌. So it does with 昌 read on as many documents as
    吕: 吕 is a common surname, 昌 a rare one. Twins of which neither is, read as often,
    leave a sure reading as it stands."""
    docs = [_doc("d1", "吕丰斌", (0.0, 0.0, 0.0)), _doc("d3", "昌淑斌", (0.17, 0.3, 0.69)),
            _doc("d4", "吕淑斌", (0.34, 0.88, 0.69)), _doc("d5", "吕淑二", (0.48, 0.66, 0.0)),
            _doc("d6", "昌淑斌", (0.7, 0.8, 0.57)), _doc("d7", "吕淑研", (0.68, 0.84, 0.06)),
            _doc("d8", "吕淑坛", (0.45, 0.73, 0.19)), _doc("d9", "吕洲斌", (0.09, 0.0, 0.16))]
    mended = mend_names(docs)
    assert [d.fields["name"] for d in mended] == ["吕淑斌"] * 8
    assert mended[4].read_as == {"name": "昌淑斌"}
    even = [docs[1], docs[2], docs[4], docs[5]]  # 昌 twice, 吕 twice
    assert [d.fields["name"] for d in mend_names(even)] == ["吕淑斌"] * 4
    given = [_doc("d1", "王曰明", (0.9, 0.9, 0.9)), _doc("d2", "王日明", (0.9, 0.9, 0.9))]
    assert [d.fields["name"] for d in mend_names(given)] == ["王曰明", "王日明"]


def test_a_common_surname_read_once_is_the_surname_its_rare_twin_is_read_for():
    """GIVEN a packet without a claim whose name 吕军 was read so on two documents and as
    昌军 on six, 昌 being chi_sim's reading of 吕 (s3075-021) WHEN names are mended THEN
    all name 吕军; a packet that never reads 吕 keeps 昌军, and a common surname is
    never taken for its rare twin (王 for 玉)."""
    read = [_doc("d1", "吕军", (0.08, 0.29)), _doc("d2", "昌军", (0.56, 0.74)), _doc("d3", "昌军", (0.0, 0.9)),
            _doc("d4", "吕军", (0.62, 0.33)), _doc("d5", "昌军", (0.69, 0.82)), _doc("d6", "昌军", (0.4, 0.91))]
    assert [d.fields["name"] for d in mend_names(read)] == ["吕军"] * 6
    assert [d.fields["name"] for d in mend_names([read[1], read[4]])] == ["昌军"] * 2
    kings = [_doc("d1", "玉芳", (0.9, 0.9)), _doc("d2", "玉芳", (0.9, 0.9)), _doc("d3", "王芳", (0.9, 0.9))]
    assert [d.fields["name"] for d in mend_names(kings)] == ["王芳"] * 3


def test_a_given_name_character_read_once_is_the_one_its_misreading_stands_for_elsewhere():
    """GIVEN a packet without a claim whose name read 沈梅霞 once (霞 at 0.22) and 沈梅起 on
    six documents, surely, 起 being chi_sim's reading of 霞 (s3075-019) WHEN names are
    mended THEN all name 沈梅霞; a packet that never reads 霞 keeps 沈梅起."""
    read = [_doc("d1", "沈梅起", (0.91, 0.92, 0.64)), _doc("d2", "沈梅起", (0.87, 0.93, 0.74)),
            _doc("d3", "沈梅霞", (0.92, 0.9, 0.22)), _doc("d4", "沈梅起", (0.9, 0.88, 0.82))]
    assert [d.fields["name"] for d in mend_names(read)] == ["沈梅霞"] * 4
    assert mend_names(read)[0].read_as == {"name": "沈梅起"}
    assert [d.fields["name"] for d in mend_names([read[0], read[1], read[3]])] == ["沈梅起"] * 3
    # 巍 read surely (0.75) for 峰 on a scanned filing record, 峰 on seven documents (s3076-029)
    peaks = [_doc("d1", "梁巍平", (0.9, 0.75, 0.88)), *[_doc(f"d{i}", "梁峰平", (0.9, 0.91, 0.89)) for i in range(2, 5)]]
    assert [d.fields["name"] for d in mend_names(peaks)] == ["梁峰平"] * 4


def test_sure_readings_that_tie_are_decided_by_every_documents_reading():
    """s3053-010 (no claim): 王丽燕 read surely on the ID card (燕 0.61) and 王丽菩 on the
    application form (菩 0.59), one each; 王丽燕 read on four documents in all, 燕 unsure
    on three of them. Every document names 王丽燕, showing what it read; with 王丽菩 read
    on as many documents as 王丽燕, nothing is decided."""
    docs = [_doc("d1", "王丽菩", (0.92, 0.91, 0.59)), _doc("d2", "王丽燕", (0.92, 0.9, 0.61)),
            _doc("d3", "王丽燕", (0.92, 0.92, 0.37)), _doc("d4", "王丽燕", (0.85, 0.68, 0.28)),
            _doc("d5", "王丽芒", (0.92, 0.82, 0.0)), _doc("d6", "王丽燕", (0.92, 0.89, 0.0)),
            _doc("d7", "王丽巷", (0.91, 0.73, 0.0))]
    mended = mend_names(docs)
    assert [d.fields["name"] for d in mended] == ["王丽燕"] * 7
    assert [d.read_as.get("name") for d in mended] == ["王丽菩", None, None, None, "王丽芒", None, "王丽巷"]
    even = [docs[0], docs[1], _doc("d3", "王丽菩", (0.92, 0.92, 0.37)), docs[4]]
    assert [d.fields["name"] for d in mend_names(even)] == ["王丽菩", "王丽燕", "王丽菩", "王丽芒"]


def test_a_character_glued_before_a_name_whose_rest_is_unsure_names_the_declared_person():
    """s3053-009: the claim says 蒋磊敏; the list read 和蒋瑟敏, the box's corner read 和
    before it and 瑟 at 0.00. Without 和, 蒋瑟敏 is the declared name but for its unsure
    character: the list names 蒋磊敏. A sure character that differs leaves it as read."""
    mended = mend_names([_doc("d1", "和蒋瑟敏", (0.62, 0.28, 0.0, 0.61))], declared="蒋磊敏")
    assert mended[0].fields["name"] == "蒋磊敏" and mended[0].read_as == {"name": "和蒋瑟敏"}
    kept = mend_names([_doc("d1", "和蒋瑟敏", (0.62, 0.28, 0.9, 0.61))], declared="蒋磊敏")
    assert kept[0].fields["name"] == "和蒋瑟敏"


def test_a_card_whose_number_went_unread_takes_the_packets_by_its_name_and_birth_date():
    """s3053-001: an ID card photo read 姓名 冯春, 出生 1950年6只3只 and NAN for its number;
    the application form, residence proof and insurance card read 510104195006034900 for
    冯春. The card's name and birth date are that number's: it takes it, unread (read_as
    None). A card of another birth date, another name, or a packet of two numbers
    takes none."""
    from claimdocs.extract.identity import id_numbers_by_name

    def card(name: str, born: str) -> tuple[Document, PageText]:
        page = PageRef("card.png", 1)
        lines = [f"姓名 {name}", f"出:生 {born}", "公民身份号码 NAN"]
        text = PageText(TextSource.OCR, tuple(Line(t, (0, 20 * i, 200, 20 * i + 15),
                                                   (Word(t, (0, 20 * i, 200, 20 * i + 15), 0.9),), 0.9)
                                              for i, t in enumerate(lines)), 400, 300, 0.9)
        return Document("d1", DocType.ID_CARD, (page,), 0.9, {"name": name}, {"name": 0.8}), text

    def holder(doc_id: str, number: str, name: str = "冯春") -> Document:
        return Document(doc_id, DocType.APPLICATION_FORM, (PageRef(f"{doc_id}.jpg", 1),), 0.9,
                        {"name": name, "id_number": number}, {"name": 0.9, "id_number": 0.9})

    read, text = card("冯春", "1950 年 6 只 3 只")
    given = id_numbers_by_name([read, holder("d2", "510104195006034900")], {read.pages[0]: text})[0]
    assert given.fields["id_number"] == "510104195006034900" and given.read_as == {"id_number": None}
    assert given.field_confidence["id_number"] == 0.63
    other, other_text = card("冯春", "1951 年 6 只 3 只")
    assert "id_number" not in id_numbers_by_name([other, holder("d2", "510104195006034900")],
                                                 {other.pages[0]: other_text})[0].fields
    named, named_text = card("冯秋", "1950 年 6 只 3 只")
    assert "id_number" not in id_numbers_by_name([named, holder("d2", "510104195006034900")],
                                                 {named.pages[0]: named_text})[0].fields
    two = [read, holder("d2", "510104195006034900"), holder("d3", "11010519491231002X")]
    assert "id_number" not in id_numbers_by_name(two, {read.pages[0]: text})[0].fields


def test_a_number_some_of_whose_characters_read_as_marks_is_the_packets_number():
    """GIVEN a filing record scanned grey at 200 dpi whose 公民身份号码 came back as
    44010.19o804091391 (s3053-022: its 5 read as a point, a 9 as o, so no number was read)
    and an ID card reading 440105199804091391 WHEN ID numbers are completed THEN the record
    carries that number, nothing read kept in read_as; a digit read otherwise than the
    number's, or three marks, leave it unread."""
    from claimdocs.extract.identity import id_numbers_from_digits

    number = "440105199804091391"

    def record(run: str) -> tuple[Document, dict[PageRef, PageText]]:
        page = PageRef("scan.tif", 3)
        line = Line(f"公民入份好全 {run}", (0, 0, 500, 30), (Word(f"公民入份好全 {run}", (0, 0, 500, 30), 0.6),), 0.6)
        doc = Document("d2", DocType.FILING_RECORD, (page,), 0.9, {}, {})
        return doc, {page: PageText(TextSource.OCR, (line,), 600, 400, 0.6)}

    card = _carrying("d1", DocType.ID_CARD, "朱桂兰", number, (0.9, 0.9, 0.9))
    doc, texts = record("44010.19o804091391")
    completed = id_numbers_from_digits([card, doc], texts)[1]
    assert completed.fields["id_number"] == number and completed.read_as == {"id_number": None}
    for run in ("44010.19o804091392", "44010.19o8040913.1"):
        doc, texts = record(run)
        assert "id_number" not in id_numbers_from_digits([card, doc], texts)[1].fields
