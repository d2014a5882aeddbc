"""Label variants for every field of domain.md section 3, and which fields each type has.

Longer, more specific labels come first: 出院日期 must win over 日期. Data, not logic.
"""

from __future__ import annotations

from claimdocs.model import DocType

LABELS: dict[str, tuple[str, ...]] = {
    "name": ("患者姓名", "病人姓名", "户主姓名", "参保人姓名", "参保人", "申请人姓名", "申请人", "交款人", "姓名", "患者", "病人"),
    "id_number": ("公民身份号码", "身份证号码", "身份证号", "证件号码", "身份证", "社会保障号码"),
    "admission_date": ("入院日期", "入院时间", "人院日期", "人院时间"),  # 人: Tesseract's 入
    "discharge_date": ("出院日期", "出院时间"),
    "inpatient_number": ("住院号", "病案号", "住院编号", "住院流水号"),
    "hospital": (
        "医疗机构名称", "就诊医疗机构", "医院名称", "就诊医院", "收款单位(章)", "收款单位(盖章)", "收款单位",
        "医疗机构", "医院", "开具单位",
    ),
    "diagnosis": ("出院诊断", "临床诊断", "主要诊断", "入院诊断", "诊断"),
    "invoice_code": ("票据代码", "发票代码"),
    "invoice_number": ("票据号码", "发票号码", "票据号", "票号", "No.", "NO.", "No", "NO", "№"),
    "issue_date": ("开票日期", "收款日期", "填制日期", "日期"),
    "total_amount": ("合计金额", "金额合计", "费用总额", "合计(小写)", "小写", "总金额", "合计", "总计"),
    "total_amount_words": ("合计(大写)", "人民币大写", "金额大写", "大写"),
    "fund_paid": ("医保统筹基金支付", "统筹基金支付", "基金支付", "统筹支付"),
    "self_paid": ("个人现金支付", "个人支付金额", "个人支付", "现金支付"),
    "issuing_hospital": ("转出医院", "转出单位", "转出医疗机构", "申请医院", "开具医院"),
    "destination_hospital": ("转入医院", "拟转往医院", "转往医院", "转入医疗机构", "转往"),
    "referral_date": ("转诊日期", "转院日期", "开具日期", "日期"),
    "insured_region": ("参保统筹区", "参保地区", "参保城市", "参保地"),
    "treatment_region": ("就医统筹区", "就医地区", "就医城市", "就医地"),
    "designated_hospitals": ("定点医疗机构", "定点医院", "选定医院", "备案医院"),
    "filing_date": ("备案日期", "办理日期", "登记日期"),
    "valid_from": ("有效期自", "有效期起", "开始日期", "起始日期", "生效日期", "派驻期限", "工作期限", "派驻时间", "有效期"),
    "valid_until": ("有效期至", "结束日期", "终止日期", "截止日期", "失效日期", "有效期限", "派驻期限", "工作期限", "派驻时间", "有效期"),
    "category": ("参保人员类别", "异地就医类别", "备案类别", "备案类型", "人员类别", "就医类型"),
    "insurance_type": ("参保险种", "参保类型", "保险类型", "险种"),
    "phone": ("联系电话", "手机号码", "手机", "电话"),
    "bank_account": ("银行账号", "银行卡号", "收款账号", "账号"),
    "address": ("居住地址", "现住址", "现居住地址", "住址", "地址"),
    "card_number": ("社会保障卡号", "医保卡号", "卡号"),
    "employer": ("派出单位", "工作单位", "用人单位", "单位名称"),
    "work_region": ("派驻地区", "常驻地区", "派驻地", "常驻地", "工作地"),
    "emergency_date": ("急诊日期", "抢救日期", "就诊日期", "就诊时间", "急诊时间"),
}

# The fee categories an invoice prints, each with its amount; they add up to its total
# (domain.md §3, "What real uploads look like"). Longer words first: 卫生材料费 is not 材料费.
FEE_CATEGORIES: tuple[str, ...] = (
    "卫生材料费", "一般诊疗费", "中成药费", "中草药费", "诊察费", "床位费", "护理费", "治疗费", "检查费",
    "化验费", "检验费", "手术费", "西药费", "麻醉费", "输血费", "输氧费", "诊疗费", "材料费", "药品费", "其他费",
)

FIELDS: dict[DocType, tuple[str, ...]] = {
    DocType.APPLICATION_FORM: ("name", "id_number", "insured_region", "category", "insurance_type", "phone", "bank_account"),
    DocType.FILING_RECORD: (
        "name", "id_number", "category", "insured_region", "treatment_region", "designated_hospitals",
        "filing_date", "valid_from", "valid_until",
    ),
    DocType.REFERRAL_CERTIFICATE: ("name", "issuing_hospital", "destination_hospital", "referral_date", "diagnosis"),
    DocType.DISCHARGE_CERTIFICATE: ("name", "hospital", "inpatient_number", "admission_date", "discharge_date", "diagnosis"),
    DocType.INVOICE: (  # beyond domain.md: the stay, which invoices print (住院时间)
        "invoice_code", "invoice_number", "name", "hospital", "issue_date", "total_amount",
        "total_amount_words", "fund_paid", "self_paid", "admission_date", "discharge_date",
    ),
    DocType.EXPENSE_LIST: ("name", "hospital", "items", "total_amount"),
    DocType.RESIDENCE_PROOF: ("name", "id_number", "address", "region", "valid_until"),
    DocType.ID_CARD: ("name", "id_number"),
    # beyond domain.md: the card's 社会保障号码, which is the holder's ID number
    DocType.INSURANCE_CARD: ("name", "card_number", "id_number"),
    DocType.WORK_ASSIGNMENT_PROOF: ("name", "employer", "work_region", "valid_from", "valid_until"),
    DocType.EMERGENCY_CERTIFICATE: ("name", "hospital", "emergency_date", "diagnosis"),
    DocType.HOUSEHOLD_REGISTER: ("name", "id_number", "address", "region"),
    DocType.OTHER: (),
}

# Labels of fields claimdocs does not extract; they still end the value before them.
OTHER_LABELS = (
    "性别", "年龄", "民族", "出生", "科室", "床号", "床位号", "住院天数", "职业", "婚姻", "籍贯", "户别",
    "户主", "与户主关系", "户口登记机关", "签发机关", "医保类型", "医疗机构类型", "业务流水号", "收款人", "复核人",
    "校验码", "交款人统一社会信用代码", "病区", "主治医师", "经办人", "备注", "联系人", "申请人签字",
    "申请人签名", "参保人签字", "医师签名",
    # Real labels one character from others: matched exactly first, they are not taken for
    # a misread 出院时间 / 入院日期 (labels of four characters tolerate one misread one).
    "住院时间", "住院日期", "住院期间", "出院情况", "入院情况", "出院医嘱",
)

CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("异地安置退休", "retiree_resettled"),
    ("安置退休", "retiree_resettled"),
    ("退休人员异地安置", "retiree_resettled"),
    ("异地长期居住", "long_term_resident"),
    ("长期居住", "long_term_resident"),
    ("常驻异地工作", "resident_staff"),
    ("常驻异地", "resident_staff"),
    ("异地转诊", "referral"),
    ("转诊", "referral"),
    ("异地急诊抢救", "emergency"),
    ("急诊抢救", "emergency"),
    ("急诊", "emergency"),
    ("其他临时外出", "other_temporary"),
    ("临时外出", "other_temporary"),
    ("其他临时", "other_temporary"),
)

INSURANCE_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("职工", "employee"),
    ("城乡居民", "resident"),
    ("居民", "resident"),
)
