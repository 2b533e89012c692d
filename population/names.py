"""Names and street names for the synthetic population, all in Serbian Latin script.

Names are stored in Latin and transliterated to Cyrillic when a household is recorded in
Cyrillic (Latin to Cyrillic is safe for these names: none has a split lj, nj or dž). The family
names mix the most common Serbian surnames with those common among Roma families in Serbia;
no name says anything about a person's ethnicity, which is never inferred.
"""

MALE_GIVEN_NAMES = (
    *("Aleksandar", "Bajram", "Bojan", "Čedomir", "Dalibor", "Dejan", "Dragan", "Dušan"),
    *("Džemal", "Dževdet", "Đorđe", "Elvis", "Fikret", "Goran", "Ismet", "Ivan"),
    *("Jovan", "Ljubiša", "Marko", "Miloš", "Miroslav", "Muharem", "Nenad", "Nikola"),
    *("Njegoš", "Ramiz", "Redžep", "Sabit", "Saša", "Senad", "Slobodan", "Srđan"),
    *("Stefan", "Šaban", "Tomislav", "Vladimir", "Zoran", "Željko", "Živorad", "Ćazim"),
)

FEMALE_GIVEN_NAMES = (
    *("Aleksandra", "Ajša", "Biljana", "Danijela", "Dragana", "Dušica", "Džemila", "Dženana"),
    *("Đurđica", "Elvira", "Emina", "Fatima", "Gordana", "Hajrija", "Ivana", "Jasmina"),
    *("Jelena", "Jovana", "Katarina", "Ljiljana", "Ljubica", "Marija", "Medina", "Milica"),
    *("Mirjana", "Nataša", "Nermina", "Radmila", "Ramiza", "Sabina", "Sanja", "Selvija"),
    *("Slađana", "Snežana", "Šefika", "Tanja", "Vesna", "Violeta", "Zorica", "Živka"),
)

FAMILY_NAMES = (
    *("Jovanović", "Nikolić", "Stanković", "Petrović", "Marković", "Đorđević", "Živković"),
    *("Ilić", "Mitrović", "Stojanović", "Ristić", "Pavlović", "Todorović", "Kostić"),
    *("Ramadanović", "Demirović", "Mustafić", "Bajramović", "Osmanović", "Ibrahimović"),
    *("Alimanović", "Redžepović", "Sejdić", "Selimović", "Šaćirović", "Memedović", "Durmišević"),
    *("Rašić", "Čolić", "Ćirić", "Šabanović", "Ljubić", "Njegovanović", "Džaferović"),
    *("Jašarević", "Berišević", "Kurtić", "Salijević", "Husić", "Ajdinović"),
)

STREETS = (
    *("Cara Dušana", "Njegoševa", "Vojvode Stepe", "Bulevar oslobođenja", "Nikole Tesle"),
    *("Vuka Karadžića", "Svetog Save", "Partizanska", "Kralja Petra Prvog", "Ive Andrića"),
    *("Đure Jakšića", "Žarka Zrenjanina", "Čegarska", "Šumadijska", "Ljubljanska"),
    *("Romska", "Radnička", "Jug Bogdanova", "Kosovska", "Moravska"),
)

SETTLEMENTS = ("Romsko naselje", "Novo naselje", "Staro naselje", "Naselje Sunce")
"""Informal settlements, where an address is often a settlement with no house number."""
