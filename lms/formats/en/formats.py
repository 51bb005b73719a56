# English for readers in Finland: 12 Mar 2026, 9:00 (day first, 24-hour clock).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, G:i"
SHORT_DATETIME_FORMAT = "j M Y, G:i"
TIME_FORMAT = "G:i"
