"""The funder's figures: what the programme achieved in a period, in total and by the participants'
region, municipality and sector and by month; what each figure counts is on the page and in
docs/decisions.md ("Reports").

The database counts everything, in a fixed number of statements whatever the filters and however
much data: one per kind of fact (facts.py), each grouping its facts five ways at once
(grouping.py), and four small reads of reference data (filters.py). figures.py puts the counts into
the rows of the tables.
"""

from .figures import COLUMNS, Breakdown, Report, Row, report
from .filters import (
    GROUPS,
    MAX_PERIOD_DAYS,
    MENTORING,
    OfferingChoice,
    ReferenceData,
    ReportFilters,
    kind_of_content_type,
    months_of,
    reference_data,
    this_year,
)

__all__ = [
    "COLUMNS",
    "GROUPS",
    "MAX_PERIOD_DAYS",
    "MENTORING",
    "Breakdown",
    "OfferingChoice",
    "ReferenceData",
    "Report",
    "ReportFilters",
    "Row",
    "kind_of_content_type",
    "months_of",
    "reference_data",
    "report",
    "this_year",
]
