# Swedish as written in Finland: 12.3.2026 kl. 9.00 (not Sweden's 2026-03-12 09:00).
DATE_FORMAT = "j.n.Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = r"j.n.Y \k\l. G.i"
SHORT_DATETIME_FORMAT = r"j.n.Y \k\l. G.i"
TIME_FORMAT = "G.i"
