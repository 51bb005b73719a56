import datetime as dt

HOUR = dt.timedelta(hours=1)
