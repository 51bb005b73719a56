"""The CSV writer every export uses (participant lists, reports), read back the ways a spreadsheet
reads it: split on commas (RFC 4180, LibreOffice, Excel in English), on semicolons (Excel set to
Finnish, on a double click) and on tabs, each honouring quotes."""

import csv
import io

from hypothesis import example, given
from hypothesis import strategies as st

from enrolment.exports import FORMULA_START, csv_response
from tests.properties.strategies import texts

SEPARATORS = (",", ";", "\t")


def cells(response, separator: str) -> list[str]:
    body = response.content.decode("utf-8").removeprefix("\ufeff")
    return [cell for row in csv.reader(io.StringIO(body, newline=""), delimiter=separator) for cell in row]


def test_a_semicolon_in_a_cell_does_not_start_a_formula_in_finnish_excel():
    response = csv_response(["Nimi", "Organisaatio"], [["Aino", "Porin kaupunki;=1+1;"]], filename="x.csv")

    assert cells(response, ",") == ["Nimi", "Organisaatio", "Aino", "Porin kaupunki;'=1+1;"]
    assert cells(response, ";") == ["Nimi,Organisaatio", "Aino,Porin kaupunki", "'=1+1", ""]


def test_numbers_and_ordinary_text_are_written_as_they_are():
    response = csv_response(["a", "b", "c"], [[-3, "Anna-Liisa Öhman", "Turku, Salo"]], filename="x.csv")

    assert cells(response, ",") == ["a", "b", "c", "-3", "Anna-Liisa Öhman", "Turku, Salo"]


@given(st.lists(st.lists(texts | st.text(alphabet=',;\t\r\n"=+-@ x'), min_size=1, max_size=4), max_size=3))
@example([["Porin kaupunki;=1+1;"]])
@example([['x;"=1+1"']])
@example([["Salo\n=1+1", "a,@SUM(A1)"]])
@example([["\t=1", "\r+1"]])
def test_no_cell_starts_a_formula_whatever_the_separator(rows):
    response = csv_response(["Nimi"], rows, filename="x.csv")

    for separator in SEPARATORS:
        assert not [cell for cell in cells(response, separator) if cell.startswith(FORMULA_START)], separator
