"""At the fair: badges, check-in at the gate, leads scanned at the booths."""
