"""NES's own code lists, with their Serbian labels, and their total map to the gateway's lists.

Every code NES uses maps to exactly one of our codes or is listed in its map's ``unmapped`` with
the reason it does not travel (``UNMAPPED`` gathers them); ``adapters.toolkit.codes.CodeMap``
refuses a labelled code that is neither. Unmapped codes are dropped on the way in. Ethnicity
(``roma``) is among them on purpose: it is a special category of data that the gateway never
receives from NES, whatever the consent says.

The measures' names and the register categories follow what NES publishes about its active
labour-market measures and its register; the codes beside them (``SAV``, ``KTP``, ``ATP`` ...,
``nezaposlen`` ...) and the labels' exact wording are this project's model of NES's system,
not NES's official codes.

Where several NES codes map to one of ours, ``preferred`` names the NES code used on the way
out. Pure data and lookups: no I/O.
"""

from typing import Any, Literal

from adapters.toolkit.codes import CodeMap, unmapped_by_list

MeasureStatus = Literal["planned", "enrolled", "completed", "dropped"]
DocumentStatus = Literal["held", "missing", "expired"]
Priority = Literal["low", "normal", "high", "urgent"]
UpdateStatus = Literal["accepted", "rejected", "in_progress", "completed"]
"""Values the common schema fixes in its models rather than in shipped code lists."""

SEX = CodeMap[str](
    agency="NES",
    name="pol",
    common_list="sexes",
    labels={"M": "muški", "Ž": "ženski"},
    to_common={"M": "male", "Ž": "female"},
)

EDUCATION = CodeMap[str](
    agency="NES",
    name="stepenObrazovanja",
    common_list="education_levels",
    labels={
        "bez_skole": "Bez škole",
        "nezavrsena_osnovna": "Nezavršena osnovna škola",
        "I": "I stepen: završena osnovna škola (NK)",
        "II": "II stepen: stručna osposobljenost posle osnovne škole (PK)",
        "III": "III stepen: trogodišnja srednja stručna škola (KV)",
        "IV": "IV stepen: četvorogodišnja srednja stručna škola",
        "IV_gimnazija": "IV stepen: gimnazija",
        "V": "V stepen: specijalističko obrazovanje (VKV)",
        "VI-1": "VI-1 stepen: viša škola",
        "VI-2": "VI-2 stepen: osnovne akademske ili strukovne studije",
        "VII-1": "VII-1 stepen: fakultet, master",
        "VII-2": "VII-2 stepen: magistratura",
        "VIII": "VIII stepen: doktorat",
        "nepoznato": "Nepoznato",
    },
    to_common={
        "bez_skole": "none",
        "nezavrsena_osnovna": "primary_incomplete",
        "I": "primary",
        # Short vocational training after primary school sits at ISCED 3 (not completed):
        # the nearest of our levels is vocational secondary.
        "II": "secondary_vocational",
        "III": "secondary_vocational",
        "IV": "secondary_vocational",
        "IV_gimnazija": "secondary_general",
        # Specialist courses after secondary school are post-secondary (ISCED 4).
        "V": "secondary_vocational",
        **dict.fromkeys(("VI-1", "VI-2", "VII-1", "VII-2", "VIII"), "tertiary"),
    },
    preferred={"secondary_vocational": "III", "tertiary": "VII-1"},
    unmapped={
        "nepoznato": "the level was not recorded; the gateway leaves the field out",
    },
)

REGISTER_CATEGORY = CodeMap[str](
    agency="NES",
    name="kategorijaEvidencije",
    common_list="employment_register_statuses",
    labels={
        "nezaposlen": "Nezaposleno lice",
        "zaposlen_trazi_promenu": "Zaposleni koji traži promenu zaposlenja",
        "drugo_lice": "Drugo lice koje traži zaposlenje",
        "korisnik_penzije": "Korisnik penzije koji traži zaposlenje",
    },
    to_common={
        "nezaposlen": "unemployed",
        "zaposlen_trazi_promenu": "employed_seeking_change",
        "drugo_lice": "other_seeking",
        "korisnik_penzije": "other_seeking",
    },
    preferred={"other_seeking": "drugo_lice"},
)

RETURN_KIND = CodeMap[str](
    agency="NES",
    name="vrstaPovratka",
    common_list="return_modalities",
    labels={
        "readmisija": "Povratak po sporazumu o readmisiji",
        "potpomognuti_povratak": "Potpomognuti dobrovoljni povratak (AVRR)",
        "samostalni_povratak": "Samostalni povratak",
    },
    to_common={
        "readmisija": "readmission",
        "potpomognuti_povratak": "avrr",
        "samostalni_povratak": "spontaneous",
    },
)

MEASURE = CodeMap[str](
    agency="NES",
    name="sifraMere",
    common_list="labour_measures",
    labels={
        "SAV": "Individualno savetovanje i individualni plan zapošljavanja",
        "KTP": "Klub za traženje posla",
        "ATP": "Obuka za aktivno traženje posla",
        "OTR": "Obuka za tržište rada",
        "OZP": "Obuka na zahtev poslodavca",
        "PRAK": "Stručna praksa",
        "FOO": "Funkcionalno osnovno obrazovanje odraslih",
        "SAMZ": "Subvencija za samozapošljavanje",
        "SZAP": "Subvencija za zapošljavanje nezaposlenih lica iz kategorije teže zapošljivih",
        "JR": "Javni radovi",
        "SAJAM": "Sajam zapošljavanja",
        "OSI": "Mere za zapošljavanje osoba sa invaliditetom",
    },
    to_common={
        "SAV": "employment_counselling",
        "KTP": "job_club",
        "ATP": "job_search_training",
        "OTR": "labour_market_training",
        "OZP": "on_the_job_training",
        "PRAK": "internship",
        "FOO": "adult_education",
        "SAMZ": "self_employment_subsidy",
        "SZAP": "hiring_subsidy",
        "JR": "public_works",
    },
    unmapped={
        "SAJAM": "a job fair is an event one visits, not a measure one enrols in; our list of "
        "measures has no such code",
        "OSI": "enrolment in a measure for persons with disabilities would reveal a disability "
        "inside the employment section; disability travels only in the disability section",
    },
)

MEASURE_STATUS = CodeMap[MeasureStatus](
    agency="NES",
    name="statusMere",
    common_list="schema:MeasureEnrolment.status",
    labels={
        "planirana": "Planirana",
        "u_toku": "U toku",
        "zavrsena": "Završena",
        "prekinuta": "Prekinuta",
    },
    to_common={
        "planirana": "planned",
        "u_toku": "enrolled",
        "zavrsena": "completed",
        "prekinuta": "dropped",
    },
)

HARD_TO_EMPLOY_REASON = CodeMap[str](
    agency="NES",
    name="razlogTeskeZaposljivosti",
    common_list="vulnerabilities",
    labels={
        "roditelj_samohranitelj": "Roditelj samohranitelj",
        "zrtva_trgovine_ljudima": "Žrtva trgovine ljudima",
        "zdravstveno_stanje": "Zdravstvene teškoće",
        "invaliditet": "Osoba sa invaliditetom",
        "roma": "Pripadnik romske nacionalne manjine (po izjašnjenju)",
        "dugorocno_nezaposlen": "Dugoročno nezaposleno lice",
        "mladi_do_30": "Mladi do 30 godina",
        "stariji_od_50": "Stariji od 50 godina",
        "bez_kvalifikacija": "Bez kvalifikacija ili niskokvalifikovani",
        "povratnik_readmisija": "Povratnik po sporazumu o readmisiji",
        "izbeglo_raseljeno": "Izbeglo ili interno raseljeno lice",
        "korisnik_nsp": "Korisnik novčane socijalne pomoći",
    },
    to_common={
        "roditelj_samohranitelj": "single_parent",
        "zrtva_trgovine_ljudima": "victim_of_trafficking",
        "zdravstveno_stanje": "medical_condition",
        "invaliditet": "disability",
    },
    unmapped={
        "roma": "ethnicity is a special category of data the gateway never receives from NES",
        "dugorocno_nezaposlen": "an employment fact, not a vulnerability; it counts in "
        "hard_to_employ",
        "mladi_do_30": "follows from the birth date; it counts in hard_to_employ",
        "stariji_od_50": "follows from the birth date and is not 'elderly'; it counts in "
        "hard_to_employ",
        "bez_kvalifikacija": "the education level says it; it counts in hard_to_employ",
        "povratnik_readmisija": "the same fact as status.vrstaPovratka, which maps to "
        "reception.modality",
        "izbeglo_raseljeno": "IDP status belongs to the gateway's person index, not to an "
        "agency record; NES's copy is not exported",
        "korisnik_nsp": "financial social assistance is decided and held by the CSW, which is "
        "the source for it",
    },
)

DOCUMENT = CodeMap[str](
    agency="NES",
    name="vrstaDokumenta",
    common_list="document_types",
    labels={
        "licna_karta": "Lična karta",
        "pasos": "Pasoš",
        "izvod_mkr": "Izvod iz matične knjige rođenih",
        "uverenje_o_drzavljanstvu": "Uverenje o državljanstvu",
        "radna_knjizica": "Radna knjižica",
        "diploma": "Diploma ili svedočanstvo o stečenom obrazovanju",
    },
    to_common={
        "licna_karta": "identity_card",
        "pasos": "passport",
        "izvod_mkr": "birth_certificate",
        "uverenje_o_drzavljanstvu": "citizenship_certificate",
        "radna_knjizica": "work_booklet",
        "diploma": "school_certificate",
    },
)

DOCUMENT_STATE = CodeMap[DocumentStatus](
    agency="NES",
    name="stanjeDokumenta",
    common_list="schema:IdentityDocument.status",
    labels={"poseduje": "Poseduje", "nedostaje": "Nedostaje", "istekao": "Istekao"},
    to_common={"poseduje": "held", "nedostaje": "missing", "istekao": "expired"},
)

NEED = CodeMap[str](
    agency="NES",
    name="potreba",
    common_list="need_domains",
    labels={
        "stanovanje": "Stanovanje",
        "zaposljavanje": "Zapošljavanje",
        "zdravlje": "Zdravstvena zaštita",
        "obrazovanje": "Obrazovanje",
        "dokumenta": "Lična dokumenta",
        "socijalna_zastita": "Socijalna zaštita",
        "psihosocijalna_podrska": "Psihosocijalna podrška",
        "pravna_pomoc": "Pravna pomoć",
    },
    to_common={
        "stanovanje": "housing",
        "zaposljavanje": "employment",
        "zdravlje": "health",
        "obrazovanje": "education",
        "dokumenta": "documentation",
        "socijalna_zastita": "social_protection",
        "psihosocijalna_podrska": "psychosocial",
        "pravna_pomoc": "legal",
    },
)

PRIORITY = CodeMap[Priority](
    agency="NES",
    name="prioritet",
    common_list="schema:ReferralDelivery.priority",
    labels={"nizak": "Nizak", "redovan": "Redovan", "visok": "Visok", "hitan": "Hitan"},
    to_common={"nizak": "low", "redovan": "normal", "visok": "high", "hitan": "urgent"},
)

SENDER = CodeMap[str](
    agency="NES",
    name="uputilac",
    common_list="agencies",
    labels={
        "KIRS": "Komesarijat za izbeglice i migracije",
        "CSR": "Centar za socijalni rad",
        "IOM": "Međunarodna organizacija za migracije",
        "NSZ": "Nacionalna služba za zapošljavanje",
        "OSTALO": "Druga institucija ili organizacija",
    },
    to_common={"KIRS": "kirs", "CSR": "csw", "IOM": "iom", "NSZ": "nes"},
    unmapped={
        "OSTALO": "any sender NES has no code for; used on the way out for agencies of ours "
        "that NES does not know",
    },
)

REFERRAL_STATUS = CodeMap[UpdateStatus](
    agency="NES",
    name="statusUputa",
    common_list="schema:ReferralUpdate.status",
    labels={
        "primljen": "Primljen",
        "prihvacen": "Prihvaćen",
        "odbijen": "Odbijen",
        "u_realizaciji": "U realizaciji",
        "realizovan": "Realizovan",
        "otkazan": "Otkazan",
    },
    to_common={
        "prihvacen": "accepted",
        "odbijen": "rejected",
        "u_realizaciji": "in_progress",
        "realizovan": "completed",
    },
    unmapped={
        "primljen": "the receipt of the referral already says it was delivered; it is not an "
        "update of the referral's state",
        "otkazan": "the sender withdrew the referral through the gateway, which therefore knows "
        "it already; the common schema's updates have no such state",
    },
)


CODE_MAPS: tuple[CodeMap[Any], ...] = (
    *(SEX, EDUCATION, REGISTER_CATEGORY, RETURN_KIND, MEASURE, MEASURE_STATUS),
    *(HARD_TO_EMPLOY_REASON, DOCUMENT, DOCUMENT_STATE, NEED, PRIORITY, SENDER, REFERRAL_STATUS),
)
"""Every NES code list the adapter knows."""

UNMAPPED = unmapped_by_list(CODE_MAPS)
"""NES codes that do not travel to the gateway, by code list, with the reason."""
