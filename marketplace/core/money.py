"""Money limits shared by every area: the most one invoice may ask, and so the most a booth may cost."""

# Invoice amounts are 32-bit integer columns (up to 2,147,483,647 đồng); a booth costs far less.
# Fairs' forms and booth types use the same limit, so a price they accept is one an invoice can carry.
MAX_INVOICE_VND = 2_000_000_000
