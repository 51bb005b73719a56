"""The one statement per kind of fact that counts it five ways at once.

SQLite has no GROUPING SETS, so the statement is five GROUP BYs (total, region, municipality,
sector, month) joined by UNION ALL over the facts as a common table expression. The facts'
queryset is compiled by the ORM and its SQL and parameters embedded, so its joins and conditions
come out alike on SQLite and PostgreSQL; what is written here by hand is only the grouping.
"""

from django.db import connection

HOME = ("home_region", "home_municipality", "home_sector")
# (breakdown, the column it groups by)
GROUPINGS = [
    ("total", None),
    ("region", "home_region"),
    ("municipality", "home_municipality"),
    ("sector", "home_sector"),
    ("month", "month"),
]


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def sql(queryset) -> tuple[str, tuple]:
    """A queryset's SQL and parameters as the ORM compiles them (SQL already composed passes as is)."""
    if isinstance(queryset, tuple):
        return queryset
    statement, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return statement, tuple(params)


def grouped(statement, homes, *, only_these_homes: bool) -> list[tuple]:
    """(breakdown, place id or None, month or None, *measures) for each grouping of the facts.

    The facts are joined to the people's `homes` (person, home_region, home_municipality,
    home_sector): on the left, keeping those without a profile for the "not given" rows, unless
    `only_these_homes` (a participants' filter) leaves only the people who pass it. The SQL is
    written from quoted names of our own and the querysets' own SQL; every value (dates, ids) stays
    a parameter. A place id of None is the "not given" row (and the total's).
    """
    facts_sql, facts_params = sql(statement.facts)
    homes_sql, homes_params = sql(homes)
    join = "INNER JOIN" if only_these_homes else "LEFT OUTER JOIN"
    home = ", ".join(f"{q('h')}.{q(column)}" for column in HOME)
    if statement.sums:
        sums = ", ".join(f"SUM({q('f')}.{q(column)}) AS {q(column)}" for column in statement.sums)
        select = f"{home}, {q('f')}.{q('month')}, {sums}"
        group_by = f" GROUP BY {home}, {q('f')}.{q('month')}"
    else:
        select, group_by = f"{q('f')}.*, {home}", ""
    facts = (
        f"SELECT {select} FROM ({facts_sql}) {q('f')} {join} ({homes_sql}) {q('h')} "  # noqa: S608
        f"ON {q('h')}.{q('person')} = {q('f')}.{q('person')}{group_by}"
    )
    columns = {name: q(name) for name in ("person", "n", "attended", "held_meeting", "minutes")}

    def aggregates(measures: dict) -> str:
        return ", ".join(f"{template.format(**columns)} AS {q(name)}" for name, template in measures.items())

    tables = f"facts AS ({facts})"
    if statement.per_person:
        person = f"{q('person')}, {', '.join(q(column) for column in HOME)}"
        tables += f", people AS (SELECT {person}, SUM({q('n')}) AS {q('n')} FROM facts GROUP BY {person})"  # noqa: S608
    branches = []
    for name, column in GROUPINGS:
        source, measures = "facts", statement.measures
        if statement.per_person and name != "month":
            source, measures = "people", statement.per_person
        if statement.distinct:
            kept = ", ".join(q(each) for each in (column, *statement.distinct) if each)
            source = f"(SELECT DISTINCT {kept} FROM facts) {q('kept')}"  # noqa: S608
        # Typed NULLs: PostgreSQL takes a UNION column's type from its first rows.
        place = q(column) if column and name != "month" else "CAST(NULL AS BIGINT)"
        month = q(column) if name == "month" else "CAST(NULL AS DATE)"
        grouping = f" GROUP BY {q(column)}" if column else ""
        branches.append(f"SELECT '{name}', {place}, {month}, {aggregates(measures)} FROM {source}{grouping}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {tables} {' UNION ALL '.join(branches)}", facts_params + homes_params)
        return cursor.fetchall()
