"""The catalogue's filters read the query string: whatever it holds, the list is shown (a value
the form does not accept is reported and ignored), and a NUL byte is refused before the page."""

from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses import selectors
from courses.models import Offering
from tests.factories import BasicCoursePageFactory, IntroductionSessionPageFactory, WorkshopSeriesPageFactory

from .conftest import example, rows
from .strategies import anything, dates, languages, numbers, texts

pytestmark = pytest.mark.django_db

FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "q": texts,
        "kind": st.sampled_from(["introduction", "basic", "advanced", "mindme"]) | texts,
        "region": texts,
        "language": st.sampled_from(["fi", "sv", "en"]) | texts,
        "month": st.sampled_from(["2026-03", "1999-12", "2026-13", "0000-01"]) | dates | texts,
        "audience": texts,
        "when": st.sampled_from(["", "past", "future"]) | texts,
        "page": numbers | texts,
    },
)


@pytest.fixture
def offerings(catalogue):
    return [
        IntroductionSessionPageFactory(parent=catalogue, title="Johdatus Turussa", sessions=[3]),
        BasicCoursePageFactory(parent=catalogue, title="Peruskoulutus", sessions=[10, 17]),
        WorkshopSeriesPageFactory(parent=catalogue, title="MindMe-työpajat", sessions=[-20]),
    ]


@settings(max_examples=60)
@given(language=languages, filters=FILTERS, extra=st.dictionaries(texts, anything, max_size=2))
def test_any_query_string_shows_the_list_and_writes_nothing(offerings, language, filters, extra):
    query = {**extra, **filters}
    with example() as client:
        before = rows(Offering)

        response = client.get(f"/{language}/koulutukset/?{urlencode(query, doseq=True)}")

        nul = any("\x00" in key or "\x00" in str(value) for key, value in query.items())
        assert response.status_code == (400 if nul else 200)
        assert rows(Offering) == before


@settings(max_examples=40)
@given(query=texts)
def test_searching_for_any_text_answers_a_list(offerings, query):
    filters = selectors.CatalogueFilters(query=query.strip())

    found = list(selectors.catalogue_offerings(offerings[0].get_parent(), filters))

    assert len(selectors.search_terms(query)) <= 100
    assert all(isinstance(offering, Offering) for offering in found)
