"""Partner inquiries: buyers reach producers, threads, quotes and the buying-request board."""
