"""A small catalogue with known answers: the judged queries run against it on both engines."""

from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Product
from marketplace.producers import services as producers

# key: (name, province, craft village)
PRODUCERS = {
    "hung_thinh": ("Hợp tác xã Nước mắm Phú Quốc Hưng Thịnh", "An Giang", "Phú Quốc"),
    "minh_long": ("Cơ sở Gốm Minh Long", "Hà Nội", "Bát Tràng"),
    "phuc_loc": ("Công ty TNHH Đồ gỗ Phúc Lộc", "Bắc Ninh", "Đồng Kỵ"),
    "hoang_binh": ("Hợp tác xã Chè Hoàng Bình", "Thái Nguyên", "Tân Cương"),
    "thi_hoa": ("Hộ kinh doanh Nguyễn Thị Lành", "Huế", "Kim Long"),
    "nghe_an": ("Cơ sở Kẹo Cu Đơ Bà Sáu", "Nghệ An", "Vinh"),
    "uoc_le": ("Cơ sở Giò chả Ước Lễ", "Hà Nội", "Ước Lễ"),
    "soc_trang": ("Cơ sở Lạp xưởng Tân Huê Viên", "Cần Thơ", "Sóc Trăng"),
    "da_sy": ("Hộ kinh doanh Rèn Đa Sỹ", "Hà Nội", "Đa Sỹ"),
    "co_khi": ("Công ty Cơ khí Nông nghiệp Hưng Yên", "Hưng Yên", "Như Quỳnh"),
    "phu_vinh": ("Hợp tác xã Mây tre Phú Vinh", "Hà Nội", "Phú Vinh"),
    "van_phuc": ("Cơ sở Lụa Vạn Phúc", "Hà Nội", "Vạn Phúc"),
    "kim_son": ("Hợp tác xã Cói Kim Sơn", "Ninh Bình", "Kim Sơn"),
    "dong_nai": ("Công ty Sinh học Xanh", "Đồng Nai", "Trảng Bom"),
    "u_minh": ("Hợp tác xã Ong mật U Minh", "Cà Mau", "U Minh"),
    "dak_lak": ("Công ty Cà phê Ea Tam", "Đắk Lắk", "Buôn Ma Thuột"),
    "dai_bai": ("Cơ sở Đúc đồng Đại Bái", "Bắc Ninh", "Đại Bái"),
    "lang_ke": ("Cơ sở Bánh đa Làng Kế", "Bắc Ninh", "Kế"),
    "cu_da": ("Hợp tác xã Miến Cự Đà", "Hà Nội", "Cự Đà"),
    "sa_pa": ("Hợp tác xã Dệt Tả Phìn", "Lào Cai", "Sa Pa"),
    "ha_thai": ("Cơ sở Sơn mài Hạ Thái", "Hà Nội", "Hạ Thái"),
    "ruou": ("Cơ sở Rượu nếp Kim Sơn", "Ninh Bình", "Kim Sơn"),
    "tinh_dau": ("Cơ sở Tinh dầu Hương Quê", "Quảng Trị", "Hải Lăng"),
    "tram": ("Cơ sở Hương trầm Quảng Phú Cầu", "Hà Nội", "Quảng Phú Cầu"),
    "son_la": ("Hợp tác xã Nông sản Mộc Châu", "Sơn La", "Mộc Châu"),
}
HIDDEN_PRODUCER = ("Cơ sở Nước mắm Ẩn Danh", "Khánh Hòa", "Nha Trang")

# code: (producer, name, English name, group, category, description, price, OCOP stars, certificates)
PRODUCTS = {
    "NM01": ("hung_thinh", "Nước mắm cá cơm Phú Quốc 40 độ đạm", "Phu Quoc anchovy fish sauce", 2, "Nước mắm",
             "Ủ chượp trong thùng gỗ bời lời mười hai tháng, vị đậm đà.", 180_000, 4, ["haccp"]),
    "NM02": ("hung_thinh", "Nước mắm nhĩ cá cơm than", "First-press fish sauce", 2, "Nước mắm",
             "Giọt nước mắm đầu tiên rút từ thùng ủ, màu cánh gián.", 250_000, 5, ["haccp"]),
    "GM01": ("minh_long", "Bình gốm men lam Bát Tràng", "Bat Trang blue glazed ceramic vase", 1, "Gốm sứ",
             "Bình vẽ tay họa tiết hoa sen, nung ở nhiệt độ cao.", 1_200_000, 4, []),
    "GM02": ("minh_long", "Bộ ấm chén gốm men rạn", "Crackle glaze ceramic tea set", 1, "Gốm sứ",
             "Bộ ấm sáu chén, men rạn cổ, phù hợp làm quà biếu.", 650_000, 0, []),
    "GO01": ("phuc_loc", "Tủ chè gỗ gụ Đồng Kỵ", "Dong Ky rosewood tea cabinet", 1, "Đồ gỗ mỹ nghệ",
             "Chạm khắc tứ quý, ghép mộng truyền thống, đánh dầu thủ công.", 45_000_000, 0, []),
    "GO02": ("phuc_loc", "Sập gụ tay khuỳnh", "Carved rosewood daybed", 1, "Đồ gỗ mỹ nghệ",
             "Mặt sập nguyên tấm, chân quỳ dạ cá.", 120_000_000, 0, []),
    "CH01": ("hoang_binh", "Chè búp Tân Cương Thái Nguyên", "Tan Cuong green tea buds", 2, "Chè, trà",
             "Búp non hái sớm, sao bằng chảo gang, nước xanh, hậu ngọt.", 400_000, 4, ["vietgap"]),
    "CH02": ("hoang_binh", "Trà móc câu đặc biệt", "Hook-shaped special green tea", 2, "Chè, trà",
             "Cánh trà nhỏ xoăn như móc câu, hương cốm non.", 900_000, 5, ["vietgap"]),
    "TR01": ("hoang_binh", "Trà hoa cúc sấy lạnh", "Dried chrysanthemum tea", 2, "Chè, trà",
             "Hoa cúc chi sấy lạnh giữ nguyên màu vàng.", 150_000, 0, []),
    "ME01": ("thi_hoa", "Mè xửng Huế", "Hue sesame brittle", 2, "Bánh kẹo",
             "Kẹo dẻo mạch nha phủ mè rang thơm.", 45_000, 3, []),
    "NL01": ("thi_hoa", "Nón lá bài thơ", "Poem conical hat", 1, "Nón lá",
             "Lá nón phơi sương, lồng câu thơ giữa hai lớp lá.", 120_000, 0, []),
    "KV01": ("nghe_an", "Kẹo lạc vừng", "Peanut sesame candy", 2, "Bánh kẹo",
             "Lạc rang bóc vỏ trộn mật mía.", 35_000, 0, []),
    "TH01": ("uoc_le", "Giò lụa thịt lợn Ước Lễ", "Uoc Le pork roll", 2, "Thịt chế biến",
             "Giã tay bằng cối đá, gói lá chuối.", 220_000, 0, ["self_declaration"]),
    "LX01": ("soc_trang", "Lạp xưởng tươi thịt heo", "Fresh pork sausage", 2, "Thịt chế biến",
             "Nhồi ruột non, phơi nắng hai ngày.", 260_000, 3, []),
    "DA01": ("da_sy", "Dao rèn thủ công Đa Sỹ", "Da Sy hand-forged knife", 3, "Dụng cụ cầm tay",
             "Thép nhíp ô tô, tôi nước, cán gỗ ổi.", 150_000, 0, []),
    "MT01": ("co_khi", "Máy tuốt lúa mini", "Mini rice threshing machine", 3, "Máy nông nghiệp",
             "Động cơ một ngựa, công suất tám trăm cân mỗi giờ.", 12_000_000, 0, []),
    "MR01": ("phu_vinh", "Giỏ mây tre đan Phú Vinh", "Phu Vinh rattan basket", 1, "Mây tre đan",
             "Đan thủ công nhiều kiểu, quai cầm chắc chắn.", 180_000, 3, []),
    "LU01": ("van_phuc", "Khăn lụa tơ tằm Vạn Phúc", "Van Phuc silk scarf", 1, "Dệt may",
             "Dệt trên khung cửi, nhuộm màu tự nhiên.", 550_000, 4, []),
    "HS01": ("kim_son", "Chiếu cói Hòa Sơn", "Hoa Son sedge mat", 1, "Cói",
             "Cói chẻ nhỏ, dệt dày, bền màu.", 300_000, 0, []),
    "HP01": ("dong_nai", "Hóa phẩm tẩy rửa sinh học", "Bio cleaning product", 4, "Hóa phẩm",
             "Chiết xuất bồ hòn, an toàn cho da tay.", 90_000, 0, []),
    "MO01": ("u_minh", "Mật ong rừng U Minh", "U Minh wild honey", 2, "Mật ong",
             "Mật khai thác từ rừng tràm, không pha đường.", 350_000, 3, []),
    "CF01": ("dak_lak", "Cà phê Robusta rang mộc", "Roasted Robusta coffee", 2, "Cà phê",
             "Hạt chín đỏ, rang mộc không tẩm bơ.", 220_000, 4, ["haccp"]),
    "LD01": ("dai_bai", "Lư hương đồng Đại Bái", "Dai Bai bronze incense burner", 1, "Đúc đồng",
             "Đúc khuôn đất, chạm rồng chầu.", 5_500_000, 0, []),
    "BN01": ("lang_ke", "Bánh đa nem làng Kế", "Ke village rice paper", 2, "Bún, miến, bánh",
             "Tráng mỏng, phơi trên phên nứa.", 30_000, 0, []),
    "MD01": ("cu_da", "Miến dong Cự Đà", "Cu Da arrowroot noodles", 2, "Bún, miến, bánh",
             "Làm từ tinh bột củ dong riềng.", 70_000, 3, []),
    "TC01": ("sa_pa", "Vải thổ cẩm Sa Pa", "Sa Pa brocade fabric", 1, "Dệt may",
             "Dệt tay họa tiết truyền thống người Dao đỏ.", 400_000, 0, []),
    "SM01": ("ha_thai", "Tranh sơn mài Hạ Thái", "Ha Thai lacquer painting", 1, "Sơn mài",
             "Vẽ nhiều lớp sơn ta, mài nước, dát vỏ trứng.", 8_000_000, 0, []),
    "RN01": ("ruou", "Rượu nếp cái hoa vàng Kim Sơn", "Kim Son glutinous rice wine", 2, "Rượu",
             "Chưng cất thủ công từ nếp cái hoa vàng.", 160_000, 0, []),
    "TD01": ("tinh_dau", "Tinh dầu sả chanh", "Lemongrass essential oil", 4, "Tinh dầu",
             "Chưng cất hơi nước từ sả chanh tươi.", 95_000, 0, ["self_declaration"]),
    "HT01": ("tram", "Hương trầm Quảng Phú Cầu", "Agarwood incense sticks", 4, "Hương",
             "Tăm tre chẻ tay, bột trầm nguyên chất.", 120_000, 0, []),
    "NG01": ("son_la", "Ngô nếp luộc hút chân không", "Vacuum-packed sticky corn", 2, "Nông sản",
             "Bắp ngô nếp tím luộc chín, đóng gói kín.", 25_000, 0, []),
}
DRAFT_PRODUCT = ("hung_thinh", "Nước mắm cá thu chưa công bố", "Unpublished fish sauce", 2, "Nước mắm",
                 "Sản phẩm còn đang thử nghiệm.", 100_000, 0, [])


def _producer(name, province, village, index, published=True):
    from marketplace.geography import resolver

    producer = producers.create_producer({
        "name": name, "establishment_type": "cooperative" if "Hợp tác xã" in name else "household",
        "province_code": resolver.resolve_province(province).code, "craft_village_name": village,
        "craft_village": True,
    })
    producer.is_published = published
    return producer


def _product(producer, code, spec, publish=True) -> Product:
    _key, name, name_en, group, category, description, price, stars, certificates = spec
    product = catalogue.create_product(producer, {
        "code": code, "name": name, "name_en": name_en, "group_number": group, "description": description,
        "price_vnd": price, "unit": "cái",
    })
    product.category = catalogue.get_or_create_category(group, category)
    if stars:
        catalogue.add_certification(product, "ocop", granted=True, stars=stars)
    for kind in certificates:
        catalogue.add_certification(product, kind)
    if publish:
        catalogue.publish_product(product)
    return product


def load(session) -> dict[str, int]:
    """Create the catalogue and commit; returns product code -> id."""
    made = {key: _producer(*spec, index=i) for i, (key, spec) in enumerate(PRODUCERS.items())}
    ids = {}
    for code, spec in PRODUCTS.items():
        ids[code] = _product(made[spec[0]], code, spec).id
    ids["DRAFT"] = _product(made["hung_thinh"], "NM99", DRAFT_PRODUCT, publish=False).id
    hidden = _producer(*HIDDEN_PRODUCER, index=99, published=False)
    ids["HIDDEN"] = _product(hidden, "NM98", ("", "Nước mắm ẩn danh", "Hidden fish sauce", 2, "Nước mắm",
                                               "Không được hiện.", 100_000, 0, [])).id
    session.commit()
    return ids
