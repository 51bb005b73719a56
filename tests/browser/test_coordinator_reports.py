"""Journey: a coordinator opens the reports in the Wagtail admin, filters to the participants of
Satakunta in 2024, looks at the figures and the charts, exports XLSX and finds the same figures in
the file; the same page on a phone."""

import pytest
from playwright.sync_api import expect

from tests.reports.programme import make_programme
from tests.reports.tables import page_summary, page_tables, sheet_table, workbook_sheets

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


def log_in(page, base, email):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/my/trainings/")


def test_coordinator_filters_the_report_to_satakunta_and_exports_the_same_figures(
    browser, live_server, catalogue, coordinator, assert_accessible
):
    programme = make_programme(catalogue)
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = desk.new_page()
    log_in(page, base, coordinator.email)

    page.goto(f"{base}/admin/")
    page.locator("a[href='/admin/reports/']").first.click()
    expect(page).to_have_url(f"{base}/admin/reports/")
    page.fill("#id_date_from", "2024-01-01")
    page.fill("#id_date_to", "2024-12-31")
    page.select_option("#id_region", label="Satakunta")
    page.locator("#report-filters button[type=submit]").click()

    expect(page).to_have_url(
        f"{base}/admin/reports/?date_from=2024-01-01&date_to=2024-12-31&kind=&offering=&language=&held_in=&region={programme.satakunta.pk}&municipality=&sector="
    )
    expect(page.locator("#summary [data-figure=participants] dd")).to_have_text("2")
    # The charts are drawn (each table's figures stay beside them).
    for name in ("region", "municipality", "sector", "month"):
        expect(page.locator(f"[data-chart={name}]")).to_be_visible()
        assert page.locator(f"#chart-{name}").evaluate("canvas => canvas.width > 0")
    html = page.content()
    assert page_tables(html)["municipality"][0][0] == "Pori"
    assert_accessible(page)

    with page.expect_download() as download:
        page.locator("a[href^='/admin/reports/export.xlsx']").first.click()
    assert download.value.suggested_filename.endswith("-2024-01-01-2024-12-31.xlsx")
    sheets = workbook_sheets(download.value.path().read_bytes())
    titles = list(sheets)
    tables = page_tables(html)
    for title, name in zip(titles[1:], ("region", "municipality", "sector", "month"), strict=True):
        assert sheet_table(sheets[title]) == tables[name], name
    summary = dict(sheets[titles[0]][1:])
    assert "Satakunta" in summary.values()
    assert list(summary.values())[-8:][0] == page_summary(html)["participants"] == 2
    desk.close()

    phone = browser.new_context(viewport={"width": 375, "height": 812})
    small = phone.new_page()
    log_in(small, base, coordinator.email)
    small.goto(f"{base}/admin/reports/?date_from=2024-01-01&date_to=2024-12-31&region={programme.satakunta.pk}")
    expect(small.locator("#summary [data-figure=participants] dd")).to_have_text("2")
    assert_accessible(small)
    # Wide tables scroll inside their own box; the page itself does not.
    assert small.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()
