"""What each document type says about itself: title words and body words.

Title words start from domain.md section 3's table, widened with variants seen on real
documents. Body words are labels and phrases typical of a type; they carry a page whose
title is missing, cut off or misread. This is data, not logic: add words here.
"""

from __future__ import annotations

from claimdocs.model import DocType

TITLES: dict[DocType, tuple[str, ...]] = {
    DocType.APPLICATION_FORM: (
        "报销申请表", "医疗费用报销申请表", "零星报销申请表", "异地就医费用报销申请表",
        "费用报销申请", "手工报销申请", "零星医疗费用报销",
    ),
    DocType.FILING_RECORD: (
        "异地就医备案表", "异地就医登记备案表", "备案凭证", "备案回执", "异地就医备案登记表",
        "就医备案", "备案登记表", "备案信息表",
    ),
    DocType.REFERRAL_CERTIFICATE: (
        "转诊证明", "转院证明", "转诊单", "异地转诊证明", "转诊转院审批表", "转诊转院申请表",
        "转外就医", "转诊审批表",
    ),
    DocType.DISCHARGE_CERTIFICATE: (
        "出院证明", "出院证明书", "出院记录", "出院小结", "出院证", "出院诊断证明",
    ),
    # 收费电子 alone: the middle of 医疗收费电子票据, which a 1-bit mail-room scan keeps
    # when the rest of the title breaks up (广东省医果收费电子和下据).
    DocType.INVOICE: (
        "医疗收费票据", "住院收费票据", "医疗住院收费票据", "医疗收费电子票据", "门诊收费票据",
        "医疗门诊收费票据", "住院收费收据", "医疗收费收据", "财政电子票据", "收费电子",
    ),
    DocType.EXPENSE_LIST: (
        "住院费用明细清单", "费用明细清单", "住院费用清单", "医疗费用明细", "费用明细表",
        "住院费用明细", "费用清单", "明细清单",
    ),
    DocType.RESIDENCE_PROOF: ("居住证明", "居住证", "暂住证"),
    DocType.ID_CARD: ("居民身份证", "中华人民共和国居民身份证"),
    DocType.INSURANCE_CARD: ("社会保障卡", "医疗保险卡", "医保卡", "社保卡"),
    DocType.WORK_ASSIGNMENT_PROOF: (
        "常驻异地工作证明", "派驻证明", "外派工作证明", "异地工作证明", "派驻工作证明",
    ),
    DocType.EMERGENCY_CERTIFICATE: ("急诊证明", "急诊病历", "抢救证明", "急诊抢救证明"),
    # 人口登记卡 alone: the page's own title, whose first characters (常住) a photo's
    # shading or the card's border garble (笛主人口登记卡).
    DocType.HOUSEHOLD_REGISTER: ("居民户口簿", "常住人口登记卡", "人口登记卡", "户口簿", "户口本"),
    DocType.OTHER: (
        "检验报告单", "检查报告单", "检验报告", "化验单", "病历", "住院病案首页", "影像报告",
        "诊断报告", "医嘱单", "体温单", "入院记录", "病程记录", "手术记录", "护理记录", "门诊病历",
    ),
}

# The two sides of a resident ID card: the front names the holder, the back (the national
# emblem's side) names the issuing police office and the validity.
ID_CARD_FRONT_WORDS = ("民族", "出生", "住址", "公民身份号码")
ID_CARD_BACK_WORDS = ("签发机关", "有效期限")

BODY_WORDS: dict[DocType, tuple[str, ...]] = {
    DocType.APPLICATION_FORM: (
        "申请人", "开户银行", "开户行", "银行账号", "银行卡号", "联系电话", "申请报销", "人员类别",
        "参保类型", "险种", "申请日期", "申请人签名", "经办人",
    ),
    DocType.FILING_RECORD: (
        "备案", "定点医疗机构", "定点医院", "就医地", "参保地", "有效期", "备案日期", "备案编号",
        "备案类型", "开始日期", "终止日期",
    ),
    DocType.REFERRAL_CERTIFICATE: (
        "转诊", "转出医院", "转入医院", "转往", "转诊原因", "转诊日期", "病情摘要", "转院", "科室意见",
    ),
    DocType.DISCHARGE_CERTIFICATE: (
        "入院日期", "出院日期", "出院诊断", "住院号", "入院诊断", "住院天数", "出院医嘱", "治疗经过",
        "出院情况", "入院时间", "出院时间", "病案号", "主治医师", "入院情况",
    ),
    DocType.INVOICE: (
        "票据代码", "票据号码", "大写", "小写", "统筹基金支付", "个人现金支付", "个人自付", "个人自费",
        "收款单位", "收款人", "校验码", "交款人", "床位费", "西药费", "开票日期", "医疗机构类型",
        "医保类型", "业务流水号", "复核人",
    ),
    DocType.EXPENSE_LIST: (
        "项目名称", "单价", "数量", "规格", "医保类别", "自付比例", "项目编码", "甲类", "乙类",
        "费用类别", "收费项目",
    ),
    DocType.RESIDENCE_PROOF: (
        "居住地址", "现居住地", "居住地", "公安局", "居委会", "暂住", "现住址", "居住期限", "派出所",
    ),
    DocType.ID_CARD: ID_CARD_FRONT_WORDS + ID_CARD_BACK_WORDS,
    DocType.INSURANCE_CARD: (
        "社会保障号码", "卡号", "人力资源和社会保障", "发卡日期", "社会保障", "银行卡", "金融", "发卡",
    ),
    DocType.WORK_ASSIGNMENT_PROOF: (
        "派驻", "外派", "工作单位", "常驻", "工作地", "特此证明", "派往", "单位盖章", "工作期限",
    ),
    DocType.EMERGENCY_CERTIFICATE: ("急诊", "抢救", "急诊科", "就诊时间", "危重", "急诊日期"),
    DocType.HOUSEHOLD_REGISTER: (
        "户主", "与户主关系", "户号", "户别", "籍贯", "常住人口", "出生地", "户口", "登记日期",
    ),
    DocType.OTHER: ("检验", "化验", "参考值", "标本", "报告日期", "检查所见", "影像", "结果"),
}

# Shapes of values typical of a type, for pages whose labels OCR lost (a card copied
# small onto an A4 sheet): (pattern, weight). Matched on the page text without spaces.
BODY_PATTERNS: dict[DocType, tuple[tuple[str, float], ...]] = {
    DocType.INSURANCE_CARD: (
        (r"(?<![A-Z0-9])[A-Z]\d{8}(?!\d)", 2.0),  # card number: a letter and eight digits
        # the title's ends, its middle garbled on a card printed white on blue (社会保了闭卡)
        (r"社会保.{0,2}卡|保障卡", 2.0),
        (r"SECURITY|SOCIAL|CARD", 1.5),  # the card's English line
        # all of it, read whole: no other paper prints it (a photo that cut the card off
        # below that line, its white-on-blue title unread)
        (r"SOCIAL\s*SECURITY\s*CARD", 1.5),
        (r"\d{4}年\d{1,2}月(?!\d)", 0.8),  # issued: year and month only
    ),
    DocType.ID_CARD: (
        (r"\d{4}\.\d{2}\.\d{2}-(?:\d{4}\.\d{2}\.\d{2}|长期)", 2.0),  # validity on the back
        (r"[男女]民族", 2.0),  # the front: sex, then the ethnicity label
        # or that label's 民 misread, with its value (男 括族 汉): less sure
        (r"[男女](?!民族).?族.?[汉满回藏壮苗维蒙]", 1.5),
        # the front's address above its number's label: a photo that garbled the rest
        # (姓名 黎丙 性别 男 民这汉 册:生 1992 … 住址 陕西省… 公民身份号码 NIN)
        (r"住址.{0,40}公民身份号码", 1.0),
    ),
    # An amount in capital numerals: a place above the yuan, 元, then 角, 分 or 整, its
    # numerals garbled between them (玖任律佰柚A日一元宋污角). Of the packet's documents
    # only the invoice spells its total so; on a receipt form scanned in black and white
    # its printed labels drop out, and the title may break up too, while the amounts stay.
    DocType.INVOICE: (
        (r"[万仟佰拾][^\d]{0,8}元[^\d]{0,6}[角分整]", 2.5),
    ),
}

# A page of one of these types without its title is still likely that type when its
# body words are strong; the others need their title.
TABLE_HEADER_WORDS = ("项目名称", "名称", "单价", "数量", "金额", "规格", "单位", "类别", "自付比例", "编码")
