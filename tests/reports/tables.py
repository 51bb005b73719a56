"""Reading the report back: the page's tables and the files' sheets as lists of rows, with every
figure a Decimal (or None for "–"), so that a page and its export can be compared cell by cell."""

import csv
import io
from decimal import Decimal

from bs4 import BeautifulSoup
from openpyxl import load_workbook


def number(value):
    if value is None or value in ("", "–"):
        return None
    if isinstance(value, str):
        return Decimal(value.replace(",", ".").replace("\xa0", "").replace(" ", ""))
    return Decimal(str(value))


def _row(label, values) -> list:
    return [str(label).strip(), *(number(value) for value in values)]


def page_tables(html: str) -> dict[str, list[list]]:
    """{"region": [[label, figures…], …, [Total, figures…]], …} from the report page."""
    soup = BeautifulSoup(html, "html.parser")
    tables = {}
    for table in soup.select("table[id^=table-]"):
        rows = table.select("tbody tr") + table.select("tfoot tr")
        tables[table["id"].removeprefix("table-")] = [
            _row(row.th.get_text(), [cell.get_text().strip() for cell in row.select("td")]) for row in rows
        ]
    return tables


def page_summary(html: str) -> dict[str, Decimal | None]:
    soup = BeautifulSoup(html, "html.parser")
    return {tile["data-figure"]: number(tile.dd.get_text().strip()) for tile in soup.select("#summary [data-figure]")}


def workbook_sheets(content: bytes) -> dict[str, list[list]]:
    """{sheet title: rows after the header}, the first column as text and the rest as figures."""
    workbook = load_workbook(io.BytesIO(content))
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = rows
    return sheets


def sheet_table(rows) -> list[list]:
    return [_row(row[0], row[1:]) for row in rows[1:]]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
