"""The simulated register of reception records, kept in the native form (XML) in SQLite.

Records are seeded once, on the first start with an empty store, from the demo population
(``seed``); afterwards the store is the truth. Each record is stored as the ``PrijemOsobe``
element the service answers with, next to its JMBG, by which KIRS lets others search.
"""

import xml.etree.ElementTree as ET
from xml.etree.ElementTree import Element

from adapters.kirs import soap, xmlcodec
from adapters.kirs.native import PrijemOsobe
from adapters.kirs.simulator.seed import seeded_receptions
from adapters.simulation import DocumentStore

RECEPTIONS = "receptions"


class ReceptionRegister:
    """Reception records by number, searchable by JMBG."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store

    def seed(self, *, seed: int, households: int) -> int:
        """Write the demo receptions unless the store holds records; how many were written."""
        if self.store.count(RECEPTIONS):
            return 0
        receptions = seeded_receptions(seed=seed, households=households)
        for reception in receptions:
            self.add(reception)
        return len(receptions)

    def add(self, reception: PrijemOsobe) -> None:
        """Store one reception record."""
        text = ET.tostring(xmlcodec.write_reception(reception), encoding="unicode")
        document = {"jmbg": reception.osoba.jmbg, "prijemOsobe": text}
        self.store.put(RECEPTIONS, reception.broj_prijema, document)

    def get(self, number: str) -> Element | None:
        """The ``PrijemOsobe`` element with this reception number."""
        document = self.store.get(RECEPTIONS, number)
        return None if document is None else _element(document["prijemOsobe"])

    def by_jmbg(self, jmbg: str) -> list[Element]:
        """Every ``PrijemOsobe`` of this JMBG (a person readmitted twice has two)."""
        return [
            _element(document["prijemOsobe"])
            for _, document in self.store.all(RECEPTIONS)
            if document["jmbg"] == jmbg
        ]

    def notice(self, number: str) -> bytes | None:
        """The ``ObavestenjeOPrijemu`` message KIRS pushes for this reception."""
        reception = self.get(number)
        if reception is None:
            return None
        node = xmlcodec.element("ObavestenjeOPrijemu")
        xmlcodec.add_text(node, "IdentifikatorObavestenja", f"OBV-{number}")
        xmlcodec.add_text(
            node, "VremeObavestenja", reception.findtext(xmlcodec.tag("DatumPrijema"))
        )
        node.append(reception)
        return soap.envelope(node)


def _element(text: str) -> Element:
    """A stored element; the store is the simulator's own, but it is parsed safely all the same."""
    return soap.parse_xml(text.encode("utf-8"))
