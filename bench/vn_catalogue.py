"""A made-up but realistic catalogue of Vietnamese rural-industry products, for benchmarks.

Names, places and descriptions follow what provincial lists really hold (craft villages,
OCOP products, 60-word descriptions in Vietnamese with diacritics); the generator is seeded,
so two runs give the same file.
"""

import csv
import io
import json
import random
from pathlib import Path

from marketplace.catalogue.imports.reader import COLUMNS as IMPORT_COLUMNS

GEOGRAPHY = Path(__file__).resolve().parent.parent / "marketplace" / "geography" / "data" / "vietnam_2025.json"

# (Vietnamese name stem, English name, group, category, category in English, materials, unit, price range)
FAMILIES = [
    (
        "Nước mắm cá cơm",
        "Anchovy fish sauce",
        2,
        "Nước mắm, nước chấm",
        "Fish sauce and dipping sauces",
        ["cá cơm", "muối biển"],
        "chai",
        (45_000, 350_000),
    ),
    (
        "Nước mắm truyền thống",
        "Traditional fish sauce",
        2,
        "Nước mắm, nước chấm",
        "Fish sauce and dipping sauces",
        ["cá cơm than", "muối hạt"],
        "chai",
        (60_000, 400_000),
    ),
    (
        "Gốm men lam",
        "Blue glazed ceramics",
        1,
        "Gốm sứ",
        "Ceramics",
        ["đất sét trắng", "men lam"],
        "bộ",
        (150_000, 5_000_000),
    ),
    (
        "Bình gốm vẽ tay",
        "Hand-painted ceramic vase",
        1,
        "Gốm sứ",
        "Ceramics",
        ["đất sét", "men rạn"],
        "chiếc",
        (200_000, 8_000_000),
    ),
    ("Bộ ấm chén gốm", "Ceramic tea set", 1, "Gốm sứ", "Ceramics", ["đất sét", "men tro"], "bộ", (250_000, 3_000_000)),
    (
        "Tủ chè gỗ gụ",
        "Rosewood tea cabinet",
        1,
        "Đồ gỗ mỹ nghệ",
        "Fine woodwork",
        ["gỗ gụ", "sơn PU"],
        "chiếc",
        (8_000_000, 90_000_000),
    ),
    (
        "Bàn ghế gỗ hương",
        "Padauk wood table set",
        1,
        "Đồ gỗ mỹ nghệ",
        "Fine woodwork",
        ["gỗ hương", "dầu lau"],
        "bộ",
        (15_000_000, 150_000_000),
    ),
    (
        "Tượng gỗ mỹ nghệ",
        "Carved wooden statue",
        1,
        "Đồ gỗ mỹ nghệ",
        "Fine woodwork",
        ["gỗ mít", "gỗ bách xanh"],
        "chiếc",
        (500_000, 20_000_000),
    ),
    (
        "Giỏ mây tre đan",
        "Woven rattan basket",
        1,
        "Mây tre đan",
        "Rattan and bamboo",
        ["mây", "tre", "giang"],
        "chiếc",
        (40_000, 600_000),
    ),
    (
        "Đèn tre",
        "Bamboo lamp",
        1,
        "Mây tre đan",
        "Rattan and bamboo",
        ["tre già", "nứa"],
        "chiếc",
        (120_000, 1_500_000),
    ),
    (
        "Chiếu cói",
        "Sedge mat",
        1,
        "Cói, lục bình",
        "Sedge and water hyacinth",
        ["cói", "lục bình"],
        "chiếc",
        (90_000, 900_000),
    ),
    (
        "Khăn lụa tơ tằm",
        "Mulberry silk scarf",
        1,
        "Dệt may, thổ cẩm",
        "Weaving and brocade",
        ["tơ tằm", "thuốc nhuộm tự nhiên"],
        "chiếc",
        (250_000, 2_500_000),
    ),
    (
        "Vải thổ cẩm",
        "Hand-woven brocade",
        1,
        "Dệt may, thổ cẩm",
        "Weaving and brocade",
        ["sợi bông", "sợi lanh"],
        "mét",
        (150_000, 1_200_000),
    ),
    ("Nón lá", "Conical leaf hat", 1, "Nón lá", "Conical hats", ["lá cọ", "lá nón", "tre"], "chiếc", (50_000, 400_000)),
    (
        "Tranh sơn mài",
        "Lacquer painting",
        1,
        "Sơn mài",
        "Lacquerware",
        ["sơn ta", "vỏ trứng", "vàng lá"],
        "bức",
        (1_000_000, 40_000_000),
    ),
    ("Chè búp", "Green tea buds", 2, "Chè, trà", "Tea", ["búp chè tươi"], "gói", (80_000, 1_200_000)),
    ("Trà shan tuyết", "Shan tuyet tea", 2, "Chè, trà", "Tea", ["chè shan tuyết cổ thụ"], "hộp", (150_000, 2_000_000)),
    (
        "Cà phê rang xay",
        "Ground roasted coffee",
        2,
        "Cà phê, ca cao",
        "Coffee and cocoa",
        ["hạt cà phê Robusta"],
        "gói",
        (90_000, 600_000),
    ),
    ("Mật ong rừng", "Wild forest honey", 2, "Mật ong", "Honey", ["mật ong hoa rừng"], "chai", (150_000, 900_000)),
    ("Gạo thơm", "Fragrant rice", 2, "Gạo, ngũ cốc", "Rice and grains", ["lúa"], "túi", (30_000, 250_000)),
    (
        "Miến dong",
        "Arrowroot glass noodles",
        2,
        "Bún, miến, bánh",
        "Noodles and rice cakes",
        ["củ dong riềng"],
        "gói",
        (40_000, 200_000),
    ),
    ("Bánh đa nem", "Rice paper", 2, "Bún, miến, bánh", "Noodles and rice cakes", ["gạo tẻ"], "tập", (15_000, 90_000)),
    (
        "Kẹo lạc vừng",
        "Peanut sesame candy",
        2,
        "Bánh kẹo",
        "Sweets",
        ["lạc", "vừng", "mạch nha"],
        "hộp",
        (30_000, 180_000),
    ),
    (
        "Giò lụa thịt lợn",
        "Pork roll",
        2,
        "Thịt chế biến",
        "Processed meat",
        ["thịt lợn", "nước mắm"],
        "kg",
        (160_000, 400_000),
    ),
    (
        "Lạp xưởng",
        "Vietnamese sausage",
        2,
        "Thịt chế biến",
        "Processed meat",
        ["thịt heo", "rượu mai quế lộ"],
        "kg",
        (180_000, 450_000),
    ),
    (
        "Rượu nếp cái hoa vàng",
        "Glutinous rice wine",
        2,
        "Rượu, đồ uống",
        "Wine and drinks",
        ["gạo nếp", "men lá"],
        "chai",
        (100_000, 700_000),
    ),
    (
        "Tinh dầu sả chanh",
        "Lemongrass essential oil",
        4,
        "Tinh dầu, hương liệu",
        "Essential oils",
        ["sả chanh"],
        "lọ",
        (60_000, 500_000),
    ),
    ("Hương trầm", "Agarwood incense", 4, "Hương, nhang", "Incense", ["bột trầm", "tre"], "hộp", (50_000, 3_000_000)),
    (
        "Dao rèn thủ công",
        "Hand-forged knife",
        3,
        "Dụng cụ cầm tay",
        "Hand tools",
        ["thép nhíp", "cán gỗ"],
        "chiếc",
        (80_000, 900_000),
    ),
    (
        "Máy tuốt lúa",
        "Rice threshing machine",
        3,
        "Máy nông nghiệp",
        "Farm machinery",
        ["thép", "động cơ điện"],
        "chiếc",
        (4_000_000, 45_000_000),
    ),
    (
        "Máy thái thuốc bắc",
        "Herb slicing machine",
        3,
        "Máy chế biến",
        "Processing machines",
        ["inox 304", "động cơ"],
        "chiếc",
        (3_000_000, 25_000_000),
    ),
    (
        "Lư đồng",
        "Bronze incense burner",
        1,
        "Đúc đồng",
        "Bronze casting",
        ["đồng vàng", "đồng đỏ"],
        "chiếc",
        (900_000, 60_000_000),
    ),
    (
        "Muối tôm",
        "Shrimp salt",
        2,
        "Gia vị",
        "Spices and seasonings",
        ["muối", "tôm khô", "ớt"],
        "hũ",
        (30_000, 120_000),
    ),
    ("Mè xửng", "Sesame brittle", 2, "Bánh kẹo", "Sweets", ["mè", "đường", "mạch nha"], "hộp", (35_000, 150_000)),
]
# Where families are made (craft villages and areas known for them), as (province, village or area).
ORIGINS = {
    "Nước mắm": [
        ("An Giang", "Phú Quốc"),
        ("Hải Phòng", "Cát Hải"),
        ("Đà Nẵng", "Nam Ô"),
        ("Khánh Hòa", "Nha Trang"),
        ("Thanh Hóa", "Khúc Phụ"),
        ("Lâm Đồng", "Phan Thiết"),
    ],
    "Gốm": [
        ("Hà Nội", "Bát Tràng"),
        ("Hải Phòng", "Chu Đậu"),
        ("Bắc Ninh", "Phù Lãng"),
        ("Khánh Hòa", "Bàu Trúc"),
        ("Vĩnh Long", "Mang Thít"),
        ("Đồng Nai", "Biên Hòa"),
    ],
    "Bình gốm": [("Hà Nội", "Bát Tràng"), ("Hải Phòng", "Chu Đậu"), ("Vĩnh Long", "Mang Thít")],
    "Bộ ấm": [("Hà Nội", "Bát Tràng"), ("Bắc Ninh", "Phù Lãng")],
    "Tủ chè": [("Bắc Ninh", "Đồng Kỵ"), ("Ninh Bình", "La Xuyên"), ("Hà Nội", "Chàng Sơn")],
    "Bàn ghế": [("Bắc Ninh", "Đồng Kỵ"), ("Ninh Bình", "La Xuyên"), ("Hà Nội", "Vân Hà")],
    "Tượng gỗ": [("Hà Nội", "Sơn Đồng"), ("Huế", "Mỹ Xuyên"), ("Đà Nẵng", "Kim Bồng")],
    "Giỏ mây": [("Hà Nội", "Phú Vinh"), ("Ninh Bình", "Kim Sơn"), ("Vĩnh Long", "Chợ Lách")],
    "Đèn tre": [("Hà Nội", "Xuân Lai"), ("Quảng Ngãi", "Thanh Hà")],
    "Chiếu cói": [("Ninh Bình", "Kim Sơn"), ("Thanh Hóa", "Nga Sơn"), ("Vĩnh Long", "Định Yên")],
    "Khăn lụa": [("Hà Nội", "Vạn Phúc"), ("Lâm Đồng", "Bảo Lộc"), ("An Giang", "Tân Châu")],
    "Vải thổ cẩm": [("Lào Cai", "Sa Pa"), ("Sơn La", "Mộc Châu"), ("Gia Lai", "Kon Tum"), ("Điện Biên", "Mường Lay")],
    "Nón lá": [("Hà Nội", "Làng Chuông"), ("Huế", "Phú Cam"), ("Quảng Trị", "Đồng Hới")],
    "Tranh sơn mài": [("Hà Nội", "Hạ Thái"), ("Hồ Chí Minh", "Tương Bình Hiệp")],
    "Chè búp": [("Thái Nguyên", "Tân Cương"), ("Phú Thọ", "Long Cốc"), ("Tuyên Quang", "Mỹ Bằng")],
    "Trà shan": [("Tuyên Quang", "Hoàng Su Phì"), ("Lào Cai", "Suối Giàng"), ("Sơn La", "Tà Xùa")],
    "Cà phê": [("Đắk Lắk", "Buôn Ma Thuột"), ("Lâm Đồng", "Cầu Đất"), ("Quảng Trị", "Khe Sanh")],
    "Mật ong": [("Tuyên Quang", "Đồng Văn"), ("Cà Mau", "U Minh"), ("Gia Lai", "Chư Sê")],
    "Gạo": [("Cần Thơ", "Sóc Trăng"), ("Đồng Tháp", "Tháp Mười"), ("Điện Biên", "Mường Thanh")],
    "Miến": [("Hà Nội", "Cự Đà"), ("Tuyên Quang", "Na Hang"), ("Cao Bằng", "Nguyên Bình")],
    "Bánh đa": [("Hà Nội", "Phú Đô"), ("Tây Ninh", "Trảng Bàng"), ("Bắc Ninh", "Kế")],
    "Kẹo lạc": [("Nghệ An", "Vinh"), ("Hà Nội", "Hàng Đường")],
    "Giò lụa": [("Hà Nội", "Ước Lễ"), ("Hưng Yên", "Thái Bình")],
    "Lạp xưởng": [("Cần Thơ", "Sóc Trăng"), ("Vĩnh Long", "Cai Lậy")],
    "Rượu": [("Ninh Bình", "Kim Sơn"), ("Bắc Ninh", "Làng Vân"), ("Lạng Sơn", "Mẫu Sơn")],
    "Tinh dầu": [("Quảng Trị", "Hương Khê"), ("Đồng Tháp", "Cao Lãnh")],
    "Hương trầm": [("Hà Nội", "Quảng Phú Cầu"), ("Huế", "Thủy Xuân"), ("Khánh Hòa", "Vạn Ninh")],
    "Dao rèn": [("Hà Nội", "Đa Sỹ"), ("Cao Bằng", "Phúc Sen"), ("Ninh Bình", "Vân Chàng")],
    "Máy tuốt": [("Hưng Yên", "Thái Bình"), ("Ninh Bình", "Nam Định"), ("Đồng Tháp", "Sa Đéc")],
    "Máy thái": [("Hà Nội", "Thanh Oai"), ("Hồ Chí Minh", "Bình Chánh")],
    "Lư đồng": [("Bắc Ninh", "Đại Bái"), ("Ninh Bình", "Tống Xá"), ("Huế", "Phường Đúc")],
    "Muối tôm": [("Tây Ninh", "Gò Dầu")],
    "Mè xửng": [("Huế", "Song Hỷ")],
}
QUALIFIERS = [
    "đặc biệt",
    "loại 1",
    "cao cấp",
    "truyền thống",
    "hữu cơ",
    "thượng hạng",
    "xuất khẩu",
    "gia truyền",
    "mẫu mới",
    "cổ truyền",
    "làm tay",
    "quà tặng",
    "size lớn",
    "size nhỏ",
    "nguyên chất",
    "sạch",
]
EN_QUALIFIERS = [
    "premium",
    "grade 1",
    "organic",
    "traditional",
    "export quality",
    "handmade",
    "gift",
    "large",
    "small",
    "pure",
    "classic",
]
PRODUCER_KINDS = [
    ("Hợp tác xã", "cooperative"),
    ("Công ty TNHH", "enterprise"),
    ("Cơ sở", "household"),
    ("Hộ kinh doanh", "household"),
    ("Tổ hợp tác", "cooperative"),
    ("Công ty cổ phần", "enterprise"),
]
FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
GIVEN_NAMES = [
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Đức Dũng",
    "Thị Hòa",
    "Văn Hóa",
    "Quang Huy",
    "Thị Lan",
    "Văn Long",
    "Thị Mai",
    "Hữu Nghĩa",
    "Thị Phương",
    "Văn Quý",
    "Thanh Sơn",
    "Thị Thu",
    "Văn Tùng",
]
OPENINGS = [
    "{name} được sản xuất tại {village}, {province} theo phương pháp truyền thống nhiều đời.",
    "Sản phẩm {name} của {producer} là niềm tự hào của làng nghề {village}.",
    "{name} mang hương vị và nét đặc trưng riêng của vùng đất {village}, {province}.",
    "Từ {material}, những người thợ {village} tạo nên {name} bền đẹp và tinh tế.",
]
MIDDLES = [
    "Nguyên liệu chính là {material} được chọn lọc kỹ càng, không dùng chất bảo quản hay phụ gia độc hại.",
    "Mỗi công đoạn đều được làm thủ công bởi các nghệ nhân giàu kinh nghiệm, kiểm tra chất lượng nghiêm ngặt.",
    "Quy trình sản xuất khép kín, đạt tiêu chuẩn vệ sinh an toàn thực phẩm và bảo vệ môi trường.",
    "Sản phẩm được đóng gói cẩn thận trong hộp giấy kraft, có tem truy xuất nguồn gốc.",
    "Cơ sở nhận đặt hàng số lượng lớn, in logo theo yêu cầu cho doanh nghiệp và đại lý.",
    "Thời gian bảo hành dài, hỗ trợ vận chuyển toàn quốc và giao hàng tận nơi.",
    "Màu sắc hài hòa, kiểu dáng hiện đại nhưng vẫn giữ được nét văn hóa dân tộc.",
    "Sản phẩm đã tham gia nhiều hội chợ khuyến công trong nước và được khách hàng đánh giá cao.",
]
CLOSINGS = [
    "Phù hợp làm quà biếu, trang trí nhà cửa hoặc sử dụng hằng ngày cho gia đình.",
    "Sản phẩm đã được xuất khẩu sang Nhật Bản, Hàn Quốc và châu Âu.",
    "Liên hệ với chúng tôi để được tư vấn và báo giá tốt nhất cho đơn hàng của bạn.",
    "Hãy trải nghiệm sản phẩm chất lượng cao từ làng nghề Việt Nam.",
]
CERTIFICATES = ["VietGAP", "HACCP", "ISO 22000", "Tự công bố", "ATTP"]


def _geography():
    data = json.loads(GEOGRAPHY.read_text(encoding="utf-8"))
    communes: dict[str, list[str]] = {}
    for commune in data["communes"]:
        communes.setdefault(commune["province_code"], []).append(commune["name"])
    provinces = {p["name"]: p["code"] for p in data["provinces"]}
    return provinces, communes


def _origins(stem: str) -> list[tuple[str, str]]:
    for key, places in ORIGINS.items():
        if stem.startswith(key):
            return places
    return [("Hà Nội", "Hà Nội")]


def _tax_code(rng: random.Random, taken: set[str]) -> str:
    """A valid 10-digit tax code (check digit as in domain.md), unique in this catalogue."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        digits[0] = rng.randrange(1, 10)
        check = 10 - sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check <= 9:
            code = "".join(map(str, digits)) + str(check)
            if code not in taken:
                taken.add(code)
                return code


def _producers(rng: random.Random, count: int, provinces, communes) -> list[dict]:
    producers, taken = [], set()
    for _ in range(count):
        stem, name_en, group, *_rest = rng.choice(FAMILIES)
        province, village = rng.choice(_origins(stem))
        code = provinces[province]
        prefix, kind = rng.choice(PRODUCER_KINDS)
        person = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
        name = (
            f"{prefix} {stem.split()[0].lower()} {village} {person}"
            if kind != "household"
            else f"{prefix} {person} {village}"
        )
        producers.append(
            {
                "producer_name": name,
                "tax_code": _tax_code(rng, taken),
                "province": province,
                "commune": rng.choice(communes[code]),
                "village": village,
                "establishment_type": kind,
                "phone": f"09{rng.randrange(10**8):08d}",
                "stem": stem,
                "address": f"Thôn {rng.randrange(1, 12)}, {village}",
            }
        )
    return producers


def _description(rng: random.Random, name: str, producer: dict, materials: list[str]) -> str:
    values = {
        "name": name,
        "village": producer["village"],
        "province": producer["province"],
        "producer": producer["producer_name"],
        "material": ", ".join(materials),
    }
    sentences = [rng.choice(OPENINGS)] + rng.sample(MIDDLES, 2) + ([rng.choice(CLOSINGS)] if rng.random() < 0.3 else [])
    return " ".join(s.format(**values) for s in sentences)


def generate_rows(count: int, seed: int = 2025) -> list[dict]:
    """`count` import rows (one product each) from about count/8 producers."""
    rng = random.Random(seed)
    provinces, communes = _geography()
    producers = _producers(rng, max(1, count // 8), provinces, communes)
    families = {f[0]: f for f in FAMILIES}
    rows = []
    for number in range(count):
        producer = producers[number % len(producers)]
        stem = producer["stem"] if rng.random() < 0.7 else rng.choice(FAMILIES)[0]
        _stem, name_en, group, category, _category_en, materials, unit, (low, high) = families[stem]
        qualifier = rng.choice(QUALIFIERS)
        name = f"{stem} {producer['village']} {qualifier}"
        certs = rng.sample(CERTIFICATES, rng.choice((0, 0, 1, 1, 2)))
        rows.append(
            {
                **{
                    k: producer[k]
                    for k in (
                        "producer_name",
                        "tax_code",
                        "province",
                        "commune",
                        "phone",
                        "establishment_type",
                        "address",
                    )
                },
                "email": "",
                "website": "",
                "product_code": f"SP{number:06d}",
                "product_name": name,
                "product_name_en": f"{name_en} {rng.choice(EN_QUALIFIERS)}",
                "product_group": str(group),
                "category": category,
                "description": _description(rng, name, producer, materials),
                "price_vnd": str(rng.randrange(low // 1000, high // 1000) * 1000),
                "unit": unit,
                "min_order_qty": str(rng.choice((1, 5, 10, 50, 100))),
                "certifications": ";".join(certs),
                "ocop_stars": str(rng.choice((0, 0, 0, 3, 3, 4, 5))),
            }
        )
    return rows


# The import's own column names, in its order (the reader also knows organisers' headers for each).
COLUMNS = tuple(IMPORT_COLUMNS)


def to_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def queries(rng: random.Random, count: int) -> list[dict]:
    """A mix of what buyers type: no accents, accents, English, typos, filters, producer names, places."""
    typed = [
        "nuoc mam",
        "nước mắm phú quốc",
        "nuoc mam cat hai",
        "fish sauce",
        "gom bat trang",
        "Gốm Bát Tràng",
        "bat trag",
        "do go dong ky",
        "tu che go gu",
        "may tre dan",
        "mây tre đan phú vinh",
        "rattan basket",
        "che thai nguyen",
        "tra tan cuong",
        "green tea",
        "ca phe buon ma thuot",
        "coffee",
        "mat ong rung",
        "honey",
        "mien dong",
        "banh da nem",
        "keo lac vung",
        "keo me",
        "gio lua",
        "thit heo",
        "lap xuong",
        "ruou nep",
        "tinh dau sa",
        "huong tram",
        "dao da sy",
        "knife",
        "may tuot lua",
        "thresher",
        "lu dong",
        "dai bai",
        "non la",
        "khan lua van phuc",
        "silk scarf",
        "tho cam sa pa",
        "son mai",
        "lacquer",
        "chieu coi kim son",
        "HACCP",
        "vietgap",
        "hop tac xa",
        "nguyen van an",
        "ninh binh",
        "hue",
        "quà tặng",
        "xuat khau",
        "nuoc mma",
        "tuong go",
        "binh gom",
        "muoi tom",
        "me xung",
        "gao thom",
        "den tre",
    ]
    filters = [
        {},
        {},
        {},
        {"province": "Hà Nội"},
        {"ocop_min": "3"},
        {"price_max": "500000"},
        {"certification": "VietGAP"},
        {"category": "gom-su"},
    ]
    return [{"q": rng.choice(typed), **rng.choice(filters)} for _ in range(count)]
