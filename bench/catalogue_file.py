"""A realistic organisers' list for the import benchmark: producers across every province, the
spellings people really use (accents or not, "Tỉnh"/"TP.", pre-2025 province names), a few
unknown communes and about one bad row in a hundred."""

import csv
import io
import random

from marketplace.geography import resolver
from marketplace.producers.taxcode import check_digit

HEADERS_VI = (
    "Tên cơ sở",
    "Mã số thuế",
    "Tỉnh/Thành phố",
    "Xã/Phường",
    "Địa chỉ",
    "Điện thoại",
    "Email",
    "Website",
    "Loại hình",
    "Mã sản phẩm",
    "Tên sản phẩm",
    "Tên tiếng Anh",
    "Nhóm sản phẩm",
    "Danh mục",
    "Mô tả",
    "Giá (VNĐ)",
    "Đơn vị tính",
    "Số lượng tối thiểu",
    "Chứng nhận",
    "Số sao OCOP",
)
KINDS = (
    ("Hợp tác xã", "HTX", "cooperative"),
    ("Công ty TNHH", "Công ty", "enterprise"),
    ("Hộ kinh doanh", "Hộ kinh doanh", "household"),
    ("Tổ hợp tác", "Tổ hợp tác", "cooperative_group"),
)
TRADES = {
    1: (
        "Mây tre đan",
        [
            ("Giỏ mây", "Rattan basket"),
            ("Khay tre", "Bamboo tray"),
            ("Đèn lồng tre", "Bamboo lantern"),
            ("Bình gốm men lam", "Blue-glazed vase"),
            ("Tranh thêu tay", "Hand embroidery"),
            ("Chiếu cói", "Sedge mat"),
            ("Nón lá", "Conical hat"),
        ],
    ),
    2: (
        "Thực phẩm chế biến",
        [
            ("Nước mắm cá cơm", "Anchovy fish sauce"),
            ("Chè Shan tuyết", "Shan tuyet tea"),
            ("Mật ong rừng", "Wild honey"),
            ("Bánh đa nem", "Rice paper"),
            ("Miến dong", "Arrowroot noodles"),
            ("Cà phê rang xay", "Roasted coffee"),
            ("Nem chua", "Fermented pork roll"),
        ],
    ),
    3: (
        "Cơ khí nông nghiệp",
        [
            ("Máy tuốt lúa", "Rice thresher"),
            ("Dao rèn", "Forged knife"),
            ("Cuốc sắt", "Iron hoe"),
            ("Máy xay xát mini", "Mini rice mill"),
        ],
    ),
    4: (
        "Sản phẩm khác",
        [
            ("Hương trầm", "Agarwood incense"),
            ("Xà phòng thảo mộc", "Herbal soap"),
            ("Phân bón hữu cơ", "Organic fertiliser"),
        ],
    ),
}
VILLAGES = ("Phú Vinh", "Bát Tràng", "Vạn Phúc", "Đông Hồ", "Kim Sơn", "Nga Sơn", "Thanh Hà", "Cự Đà", "Đa Sỹ")
UNITS = ("chiếc", "hộp", "kg", "chai", "bộ", "gói", "cái")
CERTIFICATES = ("", "", "", "VietGAP", "HACCP", "ISO 22000:2018", "ATTP", "VietGAP; ATTP", "Tự công bố")


def tax_code(n: int) -> str:
    """The n-th valid tax code from a fixed start (codes whose check digit would be 10 skipped)."""
    number = 400_000_000 + n * 7
    while check_digit(f"{number:09d}") is None:
        number += 1
    return f"{number:09d}{check_digit(f'{number:09d}')}"


def _province_text(rng: random.Random, province, former_names: dict) -> str:
    olds = former_names.get(province.code, [])
    roll = rng.random()
    if olds and roll < 0.25:
        return rng.choice(olds)  # the list predates the 2025 merger
    if roll < 0.45:
        return province.full_name
    if roll < 0.55:
        return province.name.upper()
    return province.name


def _producer(rng: random.Random, n: int, former_names: dict) -> dict:
    province = rng.choice(resolver.provinces())
    communes = resolver.communes_of(province.code)
    commune = rng.choice(communes)
    commune_text = commune.full_name if rng.random() < 0.98 else f"Xã Cũ {n}"  # renamed, unknown today
    kind_name, short, kind = rng.choice(KINDS)
    group = rng.choice((1, 1, 2, 2, 2, 3, 4))
    village = rng.choice(VILLAGES)
    return {
        "name": f"{short} {TRADES[group][0]} {village} {n}",
        "tax": tax_code(n),
        "group": group,
        "province": _province_text(rng, province, former_names),
        "commune": commune_text,
        "address": f"Thôn {village}, số {rng.randint(1, 300)}",
        "phone": f"09{rng.randint(10**7, 10**8 - 1)}",
        "email": f"coso{n}@example.vn" if rng.random() < 0.7 else "",
        "kind": rng.choice((kind_name, kind, "")),
        "website": f"https://coso{n}.example.vn" if rng.random() < 0.2 else "",
    }


def _product_row(rng: random.Random, producer: dict, index: int) -> list[str]:
    group = producer["group"] if rng.random() < 0.8 else rng.choice((1, 2, 3, 4))
    category, names = TRADES[group]
    name, name_en = rng.choice(names)
    price = rng.choice((rng.randint(2, 500) * 5_000, rng.randint(1, 80) * 100_000))
    on_request = rng.random() < 0.03
    price_text = "Liên hệ" if on_request else rng.choice((f"{price:,}".replace(",", "."), str(price)))
    stars = rng.choice(("", "", "", "3", "4", "4 sao", "5"))
    return [
        producer["name"],
        producer["tax"],
        producer["province"],
        producer["commune"],
        producer["address"],
        producer["phone"],
        producer["email"],
        producer["website"],
        producer["kind"],
        f"SP{index:03d}",
        f"{name} {producer['name'].split()[-2]} loại {index}",
        name_en if rng.random() < 0.6 else "",
        rng.choice((str(group), f"Nhóm {group}")),
        category,
        f"{name} làm thủ công tại {producer['address']}.",
        price_text,
        rng.choice(UNITS),
        str(rng.choice((1, 5, 10, 50, 100))),
        rng.choice(CERTIFICATES),
        stars,
    ]


def _spoil(rng: random.Random, row: list[str]) -> None:
    """About one row in a hundred carries a mistake the import must reject."""
    column, value = rng.choice(
        ((1, "0101243151"), (2, "Tỉnh Không Có"), (15, "khoảng 50 nghìn"), (19, "7"), (6, "khong-phai-email"), (10, ""))
    )
    row[column] = value


def rows(count: int, seed: int = 2025) -> list[list[str]]:
    rng = random.Random(seed)
    former_names: dict[str, list[str]] = {}
    for name, province in resolver.former_provinces():
        if name != province.name:
            former_names.setdefault(province.code, []).append(name)
    result: list[list[str]] = []
    n = 0
    while len(result) < count:
        n += 1
        producer = _producer(rng, n, former_names)
        for index in range(1, rng.randint(2, 9) + 1):
            row = _product_row(rng, producer, index)
            if rng.random() < 0.01:
                _spoil(rng, row)
            result.append(row)
            if len(result) == count:
                break
    return result


def csv_bytes(data: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADERS_VI)
    writer.writerows(data)
    return buffer.getvalue().encode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM


def xlsx_bytes(data: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(list(HEADERS_VI))
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
