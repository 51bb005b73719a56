"""The certificate's own words, in Finnish and Swedish side by side.

A certificate in Finland is one bilingual document whatever language its holder uses the site in,
so these are fixed texts in both languages, not gettext strings: the catalogue would turn them
into English for an English-speaking visitor. Each certificate copies the wording it was issued
with into its frozen data.
"""

HEADING = {"fi": "TODISTUS", "sv": "INTYG"}

STATEMENTS = {
    "course": {"fi": "on osallistunut koulutukseen", "sv": "har deltagit i utbildningen"},
    "group": {"fi": "on toiminut kehittäjäryhmän jäsenenä", "sv": "har varit medlem i utvecklingsgruppen"},
    "mentoring": {"fi": "on osallistunut mentorointiin", "sv": "har deltagit i mentorskapet"},
}

LABELS = {
    "fi": {
        "dates": "Ajankohta",
        "scope": "Laajuus",
        "content": "Sisältö",
        "issuer": "Järjestäjä",
        "partner": "Yhteistyökumppani",
        "place_date": "Paikka ja päiväys",
        "number": "Todistuksen numero",
        "code": "Tarkistuskoodi",
        "verify": "Tarkistusosoite",
        "replaces": "Korvaa todistuksen",
    },
    "sv": {
        "dates": "Tid",
        "scope": "Omfattning",
        "content": "Innehåll",
        "issuer": "Arrangör",
        "partner": "Samarbetspartner",
        "place_date": "Ort och datum",
        "number": "Intygets nummer",
        "code": "Verifieringskod",
        "verify": "Verifieringsadress",
        "replaces": "Ersätter intyg",
    },
}
