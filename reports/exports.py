"""The report as files: the same tables as the page, written by the participant list's writers
(enrolment/exports.py), which keep a spreadsheet from running any text as a formula.

XLSX has a summary sheet (what the figures are of, and the totals) and a sheet per breakdown; CSV,
the file for other programs, is one table with the breakdown in its first column.
"""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from enrolment.exports import csv_response, xlsx_workbook_response

from .selectors import COLUMNS, Breakdown, Report


def header(first: str) -> list[str]:
    return [first, *(str(label) for _name, label in COLUMNS)]


def breakdown_rows(breakdown: Breakdown) -> list[list]:
    """One row per line of the table, then the total, as the page shows them."""
    return [[row.label, *row.figures()] for row in [*breakdown.rows, breakdown.total]]


def summary_rows(report: Report, description: list[tuple[str, str]]) -> list[list]:
    total = report.total
    return [
        *([label, value] for label, value in description),
        [_("Made at"), timezone.now().replace(microsecond=0)],
        *([str(label), value] for (_name, label), value in zip(COLUMNS, total.figures(), strict=True)),
    ]


def filename(report: Report, extension: str) -> str:
    filters = report.filters
    return f"{slugify(_('report'))}-{filters.date_from:%Y-%m-%d}-{filters.date_to:%Y-%m-%d}.{extension}"


def xlsx(report: Report, description: list[tuple[str, str]]):
    sheets = [(_("Summary"), [_("Item"), _("Value")], summary_rows(report, description))]
    sheets += [
        (breakdown.title, header(breakdown.heading), breakdown_rows(breakdown)) for breakdown in report.breakdowns
    ]
    return xlsx_workbook_response(sheets, filename=filename(report, "xlsx"))


def csv(report: Report):
    rows = []
    for breakdown in report.breakdowns:
        rows += [[breakdown.heading, *row] for row in breakdown_rows(breakdown)[:-1]]
    rows.append([_("Total"), *breakdown_rows(report.breakdowns[0])[-1]])
    return csv_response([_("Breakdown"), *header(_("Row"))], rows, filename=filename(report, "csv"))
