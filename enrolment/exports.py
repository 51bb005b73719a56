"""An offering's participant list as a spreadsheet: the same columns as a CSV and an XLSX file.

Both guard against formula injection: a name, organisation or answer is typed by the person
enrolling, and a spreadsheet would run a cell such as `=HYPERLINK(...)` as a formula.
"""

import csv
import datetime as dt
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.selectors import display_name

# What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a cell inside a CSV cell of ours: the separators it may split on
# (comma, semicolon for Excel set to Finnish, tab) and line breaks; a quote after them may open a
# quoted cell, whose text starts after it.
CELL_BREAKS = frozenset(",;\t\r\n")
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def profile_of(user):
    # Accounts made in the admin may have no profile yet; the lists show them all the same.
    return getattr(user, "profile", None)


def question_columns(questions, enrolments) -> list[tuple[str, str]]:
    """(answer key, heading): the offering's questions in their order, then any question answered
    earlier but since removed from the page, headed by the wording it was asked with."""
    columns = [(str(question.pk), question.label) for question in questions]
    known = {key for key, _heading in columns}
    for enrolment in enrolments:
        for key, item in (enrolment.answers or {}).items():
            if key not in known:
                known.add(key)
                columns.append((key, (item.get("question") if isinstance(item, dict) else "") or key))
    return columns


def answer(enrolment, key: str) -> str:
    item = (enrolment.answers or {}).get(key)
    if isinstance(item, dict):
        return str(item.get("answer") or "")
    return "" if item is None else str(item)


def answers(enrolment, columns) -> list[tuple[str, str]]:
    """(heading, answer) of the questions this person answered, in the columns' order."""
    return [(heading, value) for key, heading in columns if (value := answer(enrolment, key))]


def table(enrolments, columns, *, places: dict[int, int]) -> tuple[list[str], list[list]]:
    """Header and one row per enrolment; dates stay datetimes for each format to write its way.
    `places` gives the waiting people's place in line by enrolment id."""
    header = [
        _("Last name"),
        _("First name"),
        _("Email"),
        _("Organisation"),
        _("Municipality"),
        _("Sector"),
        _("Job title"),
        _("Status"),
        _("Place in the waiting list"),
        _("Enrolled at"),
        _("Confirmed at"),
        _("Cancelled at"),
        _("Late cancellation"),
        _("Added by"),
        *(heading for _key, heading in columns),
    ]
    rows = []
    for enrolment in enrolments:
        user, profile = enrolment.user, profile_of(enrolment.user)
        added_by = enrolment.created_by if enrolment.created_by_id not in (None, enrolment.user_id) else None
        rows.append(
            [
                user.last_name,
                user.first_name,
                user.email,
                profile.organisation if profile else "",
                profile.municipality.name if profile and profile.municipality else "",
                profile.sector.name if profile and profile.sector else "",
                profile.job_title if profile else "",
                enrolment.get_status_display(),
                places.get(enrolment.pk),
                enrolment.created_at,
                enrolment.confirmed_at,
                enrolment.cancelled_at,
                _("yes") if enrolment.late_cancellation else _("no"),
                display_name(added_by) if added_by else "",
                *(answer(enrolment, key) for key, _heading in columns),
            ]
        )
    return header, rows


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value).replace(tzinfo=None)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, str):
        return _defused(value)
    return str(value)  # a number carries no formula; -3 stays a number


def _defused(text: str) -> str:
    """The text with an apostrophe before every formula character that a spreadsheet could read as
    the start of a cell, whatever it splits the file on: `Porin kaupunki;=1+1` is one cell to a
    comma reader, two to Excel set to Finnish. An apostrophe makes a spreadsheet take the cell as
    text; a CSV has no other way to say so."""
    written, cell_may_start = [], True
    for char in text:
        if cell_may_start and char in FORMULA_START:
            written.append("'")
        written.append(char)
        if char != '"':
            cell_may_start = char in CELL_BREAKS
    return "".join(written)


def csv_response(header, rows, *, filename: str) -> HttpResponse:
    """UTF-8 with a byte order mark and commas (RFC 4180, but rows end in a line feed).

    The mark makes Excel read ä, ö and å right; without it Excel guesses the Windows code page.
    Commas because CSV is the file for other programs (LibreOffice, Google Sheets, Python, the
    next system) that all read them; Excel set to Finnish expects semicolons when a file is
    double-clicked, so the same list comes as XLSX, which opens in Excel without any guessing.
    Split on semicolons, a cell ending in a line break can end that program's row early; its
    next cell then starts at our row's end, which must not be a carriage return (a formula
    character), so rows end in a line feed alone, which every one of those programs reads.
    """
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow([_csv_cell(value) for value in header])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return response


def _xlsx_cell(sheet, row: int, column: int, value):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, dt.datetime):
        cell.value = _local(value)
        cell.number_format = XLSX_DATETIME_FORMAT
    elif isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # openpyxl writes a string that starts with "=" as a formula: keep every string a string,
        # and mark the risky ones with Excel's own quote prefix (what typing ' before them does),
        # so the text stays exactly as the person typed it and never runs.
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def xlsx_response(header, rows, *, filename: str, title: str) -> HttpResponse:
    return xlsx_workbook_response([(title, header, rows)], filename=filename)


def xlsx_workbook_response(sheets, *, filename: str) -> HttpResponse:
    """An XLSX file with one sheet per (title, header, rows), each written like the participant list."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        _write_sheet(workbook.create_sheet(_sheet_title(title)), header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return HttpResponse(
        buffer.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _sheet_title(title) -> str:
    # A sheet's name: at most 31 characters, none of []:*?/\
    return "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "1"


def _write_sheet(sheet, header, rows):
    bold = Font(bold=True)
    for column, value in enumerate(header, start=1):
        _xlsx_cell(sheet, 1, column, value).font = bold
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _xlsx_cell(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, heading in enumerate(header, start=1):
        widest = max([len(str(heading)), *(len(_csv_cell(row[column - 1])) for row in rows)])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 10), 50)
