import csv
import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest
from openpyxl import load_workbook

from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

from .programme import days
from .tables import csv_rows, page_summary, page_tables, sheet_table, workbook_sheets

pytestmark = pytest.mark.django_db

URL = "/admin/reports/"
YEAR_2024 = {"date_from": "2024-01-01", "date_to": "2024-12-31"}
D = Decimal


def fi(text: str) -> str:
    """The page's words in Finnish, its default language, as the catalogues have them now."""
    with translation.override("fi"):
        return translation.gettext(text)


def test_the_report_opens_on_this_year_with_every_breakdown(coordinator_client):
    response = coordinator_client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    today = dt.date.today()
    assert form["date_from"].value() == dt.date(today.year, 1, 1)
    assert form["date_to"].value() == dt.date(today.year, 12, 31)
    content = response.content.decode()
    for name in ("region", "municipality", "sector", "month"):
        assert f'id="breakdown-{name}"' in content
    assert 'id="report-charts"' in content
    assert 'href="/admin/reports/export.xlsx"' in content


def test_the_page_shows_the_figures_of_the_filters(coordinator_client, programme):
    response = coordinator_client.get(URL, {**YEAR_2024, "region": programme.satakunta.pk})

    assert response.status_code == 200
    summary = page_summary(response.content.decode())
    assert summary == {
        "participants": 2,
        "enrolments": 4,
        "attendance_rate": D("66.7"),
        "completions": 2,
        "certificates": 2,
        "group_members": 1,
        "group_meetings": 1,
        "mentoring_hours": D("2.3"),
    }
    tables = page_tables(response.content.decode())
    assert [row[0] for row in tables["municipality"]] == ["Pori", fi("Total")]
    # Every month of the year, and the total.
    assert len(tables["month"]) == 13
    content = response.content.decode()
    # Export links carry the same filters.
    assert (
        f'href="/admin/reports/export.xlsx?date_from=2024-01-01&amp;date_to=2024-12-31&amp;region={programme.satakunta.pk}"'
        in content
    )


def test_not_given_row_is_shown_and_marked(coordinator_client, programme):
    response = coordinator_client.get(URL, YEAR_2024)

    tables = page_tables(response.content.decode())
    assert tables["municipality"][-2][:2] == [fi("Not given"), 2]
    assert 'class="report-not-given"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"date_from": "31.2.2024"}, "date_from", "Enter a valid date."),
        (
            {"date_from": "2024-05-01", "date_to": "2024-04-01"},
            "date_to",
            "The period must end on or after the day it starts.",
        ),
        ({"date_from": "1999-01-01"}, "date_from", "Give a date between the years 2000 and 2099."),
        ({"date_from": "2000-01-01", "date_to": "2015-01-01"}, "date_to", "A report covers at most ten years."),
        ({"kind": "webinar"}, "kind", "Select a valid choice."),
        ({"region": "999999"}, "region", "Select a valid choice."),
        ({"sector": "koulu"}, "sector", "Select a valid choice."),
    ],
)
def test_filters_the_form_refuses_are_shown_with_a_400_and_no_figures(
    coordinator_client, places, query, field, message
):
    response = coordinator_client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["report"] is None
    assert 'id="report-charts"' not in response.content.decode()


def test_a_municipality_outside_the_chosen_region_is_refused(coordinator_client, places):
    response = coordinator_client.get(
        URL, {"region": places.varsinais.pk, "municipality": places.pori.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.context["form"].errors["municipality"] == ["The municipality is not in the chosen region."]


def test_an_offering_of_another_kind_is_refused(coordinator_client, programme):
    response = coordinator_client.get(
        URL, {**YEAR_2024, "kind": "groups", "offering": programme.basic.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.context["form"].errors["offering"] == ["The offering is not of the chosen programme kind."]


def test_the_offerings_to_choose_from_are_those_that_ran_in_the_period(coordinator_client, programme):
    response = coordinator_client.get(URL, {"date_from": "2024-04-01", "date_to": "2024-04-30"})
    offered = [value for value, _label in response.context["form"].fields["offering"].choices]

    assert offered == ["", programme.intro.pk]
    refused = coordinator_client.get(URL, {"date_from": "2024-04-01", "offering": programme.autumn.pk})
    assert refused.status_code == 400
    assert "offering" in refused.context["form"].errors


def test_one_date_gives_the_rest_of_its_year(coordinator_client, places):
    response = coordinator_client.get(URL, {"date_from": "2024-03-01"})

    filters = response.context["report"].filters
    assert (filters.date_from, filters.date_to) == (dt.date(2024, 3, 1), dt.date(2024, 12, 31))


def test_xlsx_export_has_the_same_figures_as_the_page(coordinator_client, programme):
    query = {**YEAR_2024, "held_in": programme.varsinais.pk}
    page = coordinator_client.get(URL, query).content.decode()

    response = coordinator_client.get(URL + "export.xlsx", query)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('-2024-01-01-2024-12-31.xlsx"')
    sheets = workbook_sheets(response.content)
    tables = page_tables(page)
    titles = list(sheets)
    assert len(titles) == 5
    for title, name in zip(titles[1:], ("region", "municipality", "sector", "month"), strict=True):
        assert sheet_table(sheets[title]) == tables[name], name
    summary = dict(sheets[titles[0]][1:])
    figures = page_summary(page)
    assert [Decimal(str(value)) if value is not None else None for value in list(summary.values())[-8:]] == list(
        figures.values()
    )
    assert programme.varsinais.name_fi in summary.values()


def test_csv_export_has_the_same_figures_as_the_page(coordinator_client, programme):
    page = coordinator_client.get(URL, YEAR_2024).content.decode()

    response = coordinator_client.get(URL + "export.csv", YEAR_2024)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response.content)
    tables = page_tables(page)
    body = rows[1:]
    by_breakdown = {}
    for breakdown, *row in body:
        by_breakdown.setdefault(breakdown, []).append([row[0], *(Decimal(v) if v else None for v in row[1:])])
    headings = list(by_breakdown)
    assert len(headings) == 5
    for heading, name in zip(headings[:4], ("region", "municipality", "sector", "month"), strict=True):
        assert by_breakdown[heading] == tables[name][:-1], name
    # The last line is the total, once.
    assert by_breakdown[headings[4]] == [tables["region"][-1]]


def test_exports_keep_a_place_name_from_running_as_a_formula(coordinator_client, programme):
    programme.pori.name_fi = '=HYPERLINK("http://example.com","Pori")'
    programme.pori.save()

    xlsx = coordinator_client.get(URL + "export.xlsx", YEAR_2024)
    csv_response = coordinator_client.get(URL + "export.csv", YEAR_2024)

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[2]
    cell = next(row[0] for row in sheet.iter_rows() if str(row[0].value).startswith("=HYPERLINK"))
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert any(row[1].startswith("'=HYPERLINK") for row in csv_rows(csv_response.content))


def test_the_csv_read_by_finnish_excel_runs_no_formula_after_a_semicolon(coordinator_client, programme):
    programme.pori.name_fi = "Pori;=1+1"
    programme.pori.save()

    body = coordinator_client.get(URL + "export.csv", YEAR_2024).content.decode("utf-8-sig")

    # Excel set to Finnish splits on semicolons, honouring quotes; other programs on commas.
    as_finnish_excel = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    assert any(cell.startswith("'=1+1") for cell in as_finnish_excel)
    assert not [cell for cell in as_finnish_excel if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "Pori;'=1+1" in [row[1] for row in csv_rows(body.encode("utf-8-sig"))]


def test_an_export_with_filters_the_form_refuses_is_the_page_with_its_errors(coordinator_client, places):
    response = coordinator_client.get(URL + "export.xlsx", {"date_from": "eilen"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "date_from" in response.context["form"].errors


def test_admin_users_without_the_reports_permission_are_refused(client, editor):
    client.force_login(editor)

    for address in (URL, URL + "export.csv", URL + "export.xlsx"):
        response = client.get(address)
        # Wagtail answers PermissionDenied in its admin with the dashboard and an error message.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), address
    assert '"/admin/reports/"' not in client.get("/admin/").content.decode()


def test_people_outside_the_admin_are_sent_to_log_in(client):
    client.force_login(ParticipantFactory())

    for address in (URL, URL + "export.csv"):
        response = client.get(address)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_menu_leads_coordinators_to_the_reports(coordinator_client):
    assert '"/admin/reports/"' in coordinator_client.get("/admin/").content.decode()


def _queries(client, query) -> int:
    client.get(URL, query)  # warm the per-process caches (content types, Wagtail's settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(queries)


def test_the_report_takes_the_same_number_of_queries_whatever_the_filters_and_however_much_data(
    coordinator_client, programme, catalogue
):
    queries = [
        YEAR_2024,
        {**YEAR_2024, "kind": "basic", "sector": programme.school.pk, "held_in": programme.satakunta.pk},
        {**YEAR_2024, "kind": "groups", "region": programme.satakunta.pk},
    ]
    before = [_queries(coordinator_client, query) for query in queries]
    for n in range(5):
        offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[days(dt.date(2024, 6, 1 + n))])
        for _ in range(4):
            EnrolmentFactory(
                offering=offering,
                user=ParticipantFactory(profile={"municipality": programme.rauma, "sector": programme.school}),
                completed=True,
            )
    after = [_queries(coordinator_client, query) for query in queries]

    assert len(set(before + after)) == 1, (before, after)


def test_an_administrator_can_give_the_reports_permission_in_wagtails_group_editor(admin_client):
    group = Group.objects.create(name="Rahoittajaraportoijat")
    permission = Permission.objects.get(codename="view_reports", content_type__app_label="reports")

    response = admin_client.get(f"/admin/groups/edit/{group.pk}/")

    assert response.status_code == 200
    assert f'value="{permission.pk}"' in response.content.decode()
