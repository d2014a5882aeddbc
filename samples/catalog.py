"""What hospitals charge for: diagnoses and a catalogue of expense items.

Prices are plausible, not official. ``fee`` is the invoice fee category the item is
summed into (domain.md section 3: invoices list fee categories that add up).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CatalogItem:
    code: str
    name: str
    spec: str
    unit: str
    price: Decimal
    item_class: str  # A | B | C
    fee: str
    per_day: bool = False  # charged once per day of the stay


def _items(rows: str) -> tuple[CatalogItem, ...]:
    out = []
    for line in rows.strip().splitlines():
        code, name, spec, unit, price, cls, fee, daily = (p.strip() for p in line.split("|"))
        out.append(CatalogItem(code, name, spec, unit, Decimal(price), cls, fee, daily == "d"))
    return tuple(out)


DAILY = _items("""
110900001|普通病房床位费(三人间)| |日|50.00|A|床位费|d
110200002|住院诊察费| |日|25.00|A|诊察费|d
120100003|Ⅱ级护理| |日|30.00|A|护理费|d
120400001|静脉输液(第一组)| |次|12.00|A|治疗费|d
XJ0001|0.9%氯化钠注射液|250ml|袋|3.85|A|西药费|d
XJ0002|5%葡萄糖注射液|250ml|袋|4.20|A|西药费|d
""")

SINGLE_ROOM = _items("""
110900005|单人间床位费| |日|180.00|C|床位费|d
""")

ONCE = _items("""
250101015|血常规(五分类)| |次|25.00|A|化验费|
250305006|肝功能全套| |次|96.00|A|化验费|
250307001|肾功能三项| |次|36.00|A|化验费|
250203021|凝血四项| |次|88.00|A|化验费|
250401011|C反应蛋白测定| |次|40.00|B|化验费|
250102001|尿常规| |次|12.00|A|化验费|
310701001|常规心电图检查| |次|22.00|A|检查费|
220600007|心脏彩色多普勒超声| |次|260.00|A|检查费|
210300001|胸部CT平扫| |次|240.00|A|检查费|
210200004|头颅磁共振平扫(MRI)| |次|560.00|B|检查费|
310701008|动态心电图(24小时)| |次|180.00|B|检查费|
XJ1001|注射用头孢曲松钠|1g*1支|支|6.80|A|西药费|
XJ1002|阿托伐他汀钙片|20mg*7片|盒|18.60|B|西药费|
XJ1003|奥美拉唑肠溶胶囊|20mg*14粒|盒|21.30|B|西药费|
XJ1004|注射用泮托拉唑钠|40mg|支|28.50|B|西药费|
XJ1005|硫酸氢氯吡格雷片|75mg*7片|盒|32.40|B|西药费|
XJ1006|低分子量肝素钙注射液|0.4ml:4100IU|支|35.60|B|西药费|
XJ1007|人血白蛋白|10g|瓶|368.00|B|西药费|
XJ1008|复方氨基酸注射液(18AA)|250ml|瓶|45.70|B|西药费|
XJ1009|注射用胸腺法新|1.6mg|支|620.00|C|西药费|
ZC1001|血塞通注射液|2ml:100mg|支|9.80|B|中成药费|
ZC1002|丹红注射液|10ml|支|26.40|B|中成药费|
130300002|雾化吸入| |次|8.00|B|治疗费|
120900001|吸氧| |小时|3.00|A|治疗费|
340200010|康复综合评定| |次|60.00|B|治疗费|
CL0001|一次性使用输液器|带针|套|3.50|A|卫生材料费|
CL0002|一次性使用静脉留置针| |支|28.00|B|卫生材料费|
CL0003|医用外科口罩| |个|1.20|C|卫生材料费|
QT0001|空调费| |日|10.00|C|其他费|
""")

SURGERY = {
    "冠状动脉粥样硬化性心脏病": _items("""
330803019|经皮冠状动脉支架置入术| |次|4800.00|B|手术费|
CL1001|药物洗脱冠状动脉支架| |个|7600.00|B|卫生材料费|
"""),
    "胆囊结石伴慢性胆囊炎": _items("""
331002007|腹腔镜下胆囊切除术| |次|2600.00|B|手术费|
CL1002|一次性腹腔镜穿刺器| |套|980.00|C|卫生材料费|
"""),
    "右股骨颈骨折": _items("""
331501027|人工髋关节置换术| |次|3900.00|B|手术费|
CL1003|人工髋关节假体| |套|18500.00|B|卫生材料费|
"""),
}

DIAGNOSES = (
    "冠状动脉粥样硬化性心脏病", "胆囊结石伴慢性胆囊炎", "右股骨颈骨折", "社区获得性肺炎",
    "2型糖尿病伴血糖控制不佳", "脑梗死", "慢性阻塞性肺疾病急性加重", "高血压病3级(极高危)",
    "急性阑尾炎", "上消化道出血",
)
EMERGENCY_DIAGNOSES = ("急性心肌梗死", "脑梗死", "上消化道出血", "急性阑尾炎", "右股骨颈骨折")
