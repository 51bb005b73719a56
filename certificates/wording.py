"""The certificate's own words, in Finnish and Swedish side by side.

A certificate in Finland is one bilingual document whatever language its holder uses the site in,
so these are fixed texts in both languages, not gettext strings: the catalogue would turn them
into English for an English-speaking visitor. Each certificate copies the wording it was issued
with into its frozen data.
"""

HEADING = {"fi": "TODISTUS", "sv": "INTYG"}

STATEMENTS = {
    "course": {"fi": "on osallistunut koulutukseen", "sv": "har deltagit i utbildningen"},
    "group": {
        "fi": "on toiminut MindMe-kehittäjäryhmän jäsenenä",
        "sv": "har varit medlem i MindMe-utvecklingsgruppen",
    },
    "mentoring": {"fi": "on saanut systeemisen työn mentorointia", "sv": "har fått mentorskap i systemiskt arbete"},
}

# A facilitator's or contact person's attestation names their part in the group.
GROUP_ROLE_STATEMENTS = {
    "member": STATEMENTS["group"],
    "facilitator": {
        "fi": "on toiminut MindMe-kehittäjäryhmän fasilitaattorina",
        "sv": "har varit facilitator för MindMe-utvecklingsgruppen",
    },
    "contact": {
        "fi": "on toiminut MindMe-kehittäjäryhmän yhteyshenkilönä",
        "sv": "har varit kontaktperson för MindMe-utvecklingsgruppen",
    },
}


def meetings(attended: int, held: int) -> dict[str, str]:
    """ "7 tapaamista 9 pidetystä" – "7 av 9 hållna träffar": the scope of a group attestation."""
    return {
        "fi": f"{attended} {'tapaaminen' if attended == 1 else 'tapaamista'} {held} pidetystä",
        "sv": f"{attended} av {held} {'hållen träff' if held == 1 else 'hållna träffar'}",
    }


def hours(value: str, sessions: int) -> dict[str, str]:
    """ "12,5 tuntia, 8 tapaamista" – "12,5 timmar, 8 träffar": the scope of a mentoring attestation;
    `value` is already written with a decimal comma. Any fraction takes the plural, as in
    "1,5 tuntia"."""
    one_hour = value == "1"
    return {
        "fi": f"{value} {'tunti' if one_hour else 'tuntia'}, {sessions} {'tapaaminen' if sessions == 1 else 'tapaamista'}",
        "sv": f"{value} {'timme' if one_hour else 'timmar'}, {sessions} {'träff' if sessions == 1 else 'träffar'}",
    }


# The lead-ins of an attestation's content in brief.
CONTENT = {
    "fi": {"theme": "Teema", "mentor": "Mentori", "goals": "Tavoitteet"},
    "sv": {"theme": "Tema", "mentor": "Mentor", "goals": "Mål"},
}

LABELS = {
    "fi": {
        "dates": "Ajankohta",
        "scope": "Laajuus",
        "content": "Sisältö",
        "partner": "Yhteistyökumppani",
        "place_date": "Paikka ja päiväys",
        "number": "Todistuksen numero",
        "code": "Tarkistuskoodi",
        "verify": "Tarkistusosoite",
        "replaces": "Korvaa todistuksen",
        "signature": "Allekirjoitus",
    },
    "sv": {
        "dates": "Tid",
        "scope": "Omfattning",
        "content": "Innehåll",
        "partner": "Samarbetspartner",
        "place_date": "Ort och datum",
        "number": "Intygets nummer",
        "code": "Verifieringskod",
        "verify": "Verifieringsadress",
        "replaces": "Ersätter intyg",
        "signature": "Underskrift",
    },
}
