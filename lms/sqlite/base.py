"""Django's SQLite backend, told how many parameters this SQLite takes in one statement.

Django 5.2 assumes 999, the limit of SQLite before 3.32, and splits a bulk insert of more than
999 values into several statements: a roster of 200 saved in two INSERTs where 20 take one. The
SQLite linked here says its own limit (32,766 by default since 3.32), as Django 6.0 asks it too.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
