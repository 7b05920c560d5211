"""The demo catalogue's categories, with description templates for their products (read by catalogue.demo)."""

# key: (group number, Vietnamese name, English name, description template vi, description template en).
# Templates take {name} or {name_en} (the product), {producer} and {place}.
CATEGORIES = {
    "bamboo": (
        1,
        "Mây tre đan",
        "Bamboo and rattan",
        "{name} đan tay từ mây, tre tuyển chọn, được luộc, sấy chống mốc và phủ dầu bóng tự nhiên. "
        "Sản phẩm của {producer} ({place}), bền, nhẹ, thân thiện với môi trường.",
        "{name_en}, hand-woven from selected rattan and bamboo that is boiled, dried against mould and "
        "finished with natural oil. Made by {producer} in {place}: light, durable and eco-friendly.",
    ),
    "ceramics": (
        1,
        "Gốm sứ",
        "Ceramics",
        "{name} được tạo hình trên bàn xoay, vẽ tay và nung ở 1.200 °C. Men an toàn cho thực phẩm. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, thrown on the wheel, painted by hand and fired at 1,200 °C with a food-safe glaze. "
        "Made by {producer}, {place}.",
    ),
    "sedge": (
        1,
        "Cói và lục bình",
        "Sedge and water hyacinth",
        "{name} dệt từ cói (hoặc lục bình) phơi khô tự nhiên, không hóa chất tẩy. "
        "Nghề truyền thống của {producer} tại {place}.",
        "{name_en}, woven from naturally sun-dried sedge or water hyacinth, with no bleach. "
        "A traditional craft of {producer} in {place}.",
    ),
    "textiles": (
        1,
        "Dệt may thổ cẩm",
        "Brocade and textiles",
        "{name} dệt tay trên khung cửi, nhuộm màu từ lá cây và vỏ cây rừng, hoa văn truyền thống. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, hand-woven on a wooden loom and dyed with leaves and bark, in traditional patterns. "
        "Made by {producer}, {place}.",
    ),
    "woodwork": (
        1,
        "Đồ gỗ mỹ nghệ",
        "Fine woodwork",
        "{name} chạm khắc thủ công từ gỗ đã qua xử lý chống cong vênh, hoàn thiện bằng sơn PU hoặc "
        "dầu lau. Sản phẩm của {producer}, {place}.",
        "{name_en}, carved by hand from seasoned wood and finished with lacquer or oil. Made by {producer}, {place}.",
    ),
    "lanterns": (
        1,
        "Nón lá và đèn lồng",
        "Conical hats and lanterns",
        "{name} làm thủ công từ khung tre và lá hoặc lụa, từng chi tiết được khâu tay. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, handmade on a bamboo frame covered with leaves or silk, every stitch by hand. "
        "Made by {producer}, {place}.",
    ),
    "fish_sauce": (
        2,
        "Nước mắm và mắm",
        "Fish sauce and fermented fish",
        "{name} ủ chượp từ cá cơm tươi và muối biển trong thùng gỗ từ 12 đến 18 tháng, không chất bảo "
        "quản. Sản phẩm của {producer}, {place}.",
        "{name_en}, fermented from fresh anchovies and sea salt in wooden vats for 12 to 18 months, "
        "with no preservatives. Made by {producer}, {place}.",
    ),
    "tea": (
        2,
        "Chè và trà",
        "Tea",
        "{name} hái một tôm hai lá, sao suốt thủ công trên chảo gang; nước xanh, hương cốm, hậu ngọt. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}: a bud and two leaves, hand-roasted in cast-iron pans; a green liquor with a sweet "
        "finish. Made by {producer}, {place}.",
    ),
    "coffee": (
        2,
        "Cà phê",
        "Coffee",
        "{name} từ hạt chín đỏ hái tay, sơ chế ướt và rang mộc, không tẩm hương liệu. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, from hand-picked ripe cherries, wet-processed and roasted plain, with no added "
        "flavouring. Made by {producer}, {place}.",
    ),
    "sweets": (
        2,
        "Bánh kẹo đặc sản",
        "Cakes and sweets",
        "{name} làm theo công thức gia truyền từ nguyên liệu địa phương, không phẩm màu. "
        "Đặc sản của {producer}, {place}.",
        "{name_en}, made to a family recipe from local ingredients, with no artificial colouring. "
        "A speciality of {producer}, {place}.",
    ),
    "rice": (
        2,
        "Gạo và nông sản",
        "Rice and grains",
        "{name} canh tác theo quy trình an toàn, xay xát và đóng gói ngay tại vùng trồng. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, grown to a safe farming protocol, milled and packed where it is grown. "
        "Made by {producer}, {place}.",
    ),
    "processed_food": (
        2,
        "Thực phẩm chế biến",
        "Processed meat and fish",
        "{name} chế biến từ nguyên liệu tươi trong ngày, đóng gói hút chân không, bảo quản lạnh. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, made from same-day fresh ingredients, vacuum-packed and kept chilled. Made by {producer}, {place}.",
    ),
    "honey": (
        2,
        "Mật ong",
        "Honey",
        "{name} thu từ đàn ong nuôi trên vùng núi đá, lọc lạnh, không pha đường. Sản phẩm của {producer}, {place}.",
        "{name_en}, from hives kept in the limestone mountains, cold-filtered, with no added sugar. "
        "Made by {producer}, {place}.",
    ),
    "sauces": (
        2,
        "Tương và gia vị",
        "Sauces and spices",
        "{name} làm thủ công từ nguyên liệu địa phương, phơi nắng và ủ chum theo cách truyền thống. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, handmade from local ingredients, sun-dried and matured in jars the traditional way. "
        "Made by {producer}, {place}.",
    ),
    "dried_fruit": (
        2,
        "Mứt và trái cây sấy",
        "Preserved and dried fruit",
        "{name} từ trái cây tươi theo mùa, sấy lạnh giữ màu và vị tự nhiên, ít đường. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, from fresh seasonal fruit, cold-dried to keep its colour and taste, low in "
        "sugar. Made by {producer}, {place}.",
    ),
    "farm_machinery": (
        3,
        "Máy nông nghiệp",
        "Farm machinery",
        "{name} chế tạo từ thép chịu lực, động cơ tiết kiệm điện, dễ sửa chữa tại địa phương. "
        "Bảo hành 12 tháng. Sản phẩm của {producer}, {place}.",
        "{name_en}, built from structural steel with an energy-saving motor, easy to repair "
        "locally. 12-month warranty. Made by {producer}, {place}.",
    ),
    "forged_tools": (
        3,
        "Dụng cụ rèn",
        "Forged tools",
        "{name} rèn tay từ thép nhíp, tôi nước nhiều lần cho lưỡi sắc bền, cán gỗ chắc chắn. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, hand-forged from spring steel and quenched several times for a lasting edge, "
        "with a sturdy wooden handle. Made by {producer}, {place}.",
    ),
    "parts": (
        3,
        "Phụ tùng cơ khí",
        "Mechanical parts",
        "{name} gia công trên máy CNC, dung sai nhỏ, nhận đặt hàng theo bản vẽ. Sản phẩm của {producer}, {place}.",
        "{name_en}, CNC-machined to tight tolerances; made to your drawings on request. Made by {producer}, {place}.",
    ),
    "incense": (
        4,
        "Hương trầm",
        "Incense",
        "{name} se tay từ bột trầm, quế và tăm tre, phơi nắng tự nhiên, không hóa chất tạo mùi. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, hand-rolled from agarwood and cinnamon powder on bamboo sticks and sun-dried, with "
        "no chemical scent. Made by {producer}, {place}.",
    ),
    "oils": (
        4,
        "Tinh dầu",
        "Essential oils",
        "{name} chưng cất hơi nước từ lá tươi thu hái tại vùng trồng, nguyên chất 100%. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, steam-distilled from fresh leaves harvested where they grow; 100% pure. "
        "Made by {producer}, {place}.",
    ),
    "household": (
        4,
        "Chổi và đồ gia dụng",
        "Brooms and household goods",
        "{name} làm thủ công từ nguyên liệu tự nhiên của địa phương, chắc chắn và bền. "
        "Sản phẩm của {producer}, {place}.",
        "{name_en}, handmade from natural local materials, sturdy and long-lasting. Made by {producer}, {place}.",
    ),
}
