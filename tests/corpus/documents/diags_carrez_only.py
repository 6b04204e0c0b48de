"""A Carrez surface certificate alone, from a surveyor: room table, areas under
1,80 m excluded, a habitable surface next to the Carrez one, and no DPE at all."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import TIMES
from tests.corpus.layout import build_pdf
from tests.corpus.model import CorpusDocument

_CONTENT: list[b.Block] = [
    b.Para(
        ("CABINET LEMOINE -- Géomètres-Experts -- 8 rue Nationale, 37000 Tours"),
        bold=True,
    ),
    b.Gap(8),
    b.Title("ATTESTATION DE SUPERFICIE PRIVATIVE"),
    b.Para(
        (
            "(loi n° 96-1107 du 18 décembre 1996, dite loi Carrez -- "
            "article 4-1 du décret du 17 mars 1967)"
        ),
        align="center",
        size=9,
    ),
    b.Gap(8),
    b.Para(
        "Nous soussignés, Cabinet Lemoine, certifions avoir procédé le 11 juin 2024 au "
        "mesurage de la superficie des parties privatives du lot "
        "n° 9 de la copropriété "
        "sise 15 rue Colbert, 37000 Tours, à la demande de M. Thomas Régnier, "
        "propriétaire.",
        align="justify",
    ),
    b.Grid(
        [
            ["Local", "Surface Carrez (m²)", "Surface hors Carrez (m²)", "Motif"],
            ["Entrée", "4,12", "", ""],
            ["Séjour / cuisine", "26,48", "", ""],
            ["Chambre 1", "12,36", "", ""],
            ["Chambre 2 (sous combles)", "9,84", "4,20", "hauteur < 1,80 m"],
            ["Salle de bains", "5,71", "", ""],
            ["WC", "1,52", "", ""],
            ["Dressing", "3,15", "", ""],
            ["Cave (lot n° 31)", "", "6,80", "cave exclue"],
            ["TOTAL", "63,18", "11,00", ""],
        ],
        widths=[0.34, 0.2, 0.22, 0.24],
    ),
    b.Para("**Superficie privative totale du lot (loi Carrez) : 63,18 m²**"),
    b.Para("Pour information, surface habitable (article R.156-1 du CCH) : 61,90 m²."),
    b.Para(
        "Le présent certificat ne vaut que pour le lot désigné ci-dessus, dans l'état "
        "où il se trouvait le jour du mesurage. Fait à Tours, le 12/06/2024.",
        size=9,
    ),
]


def _build() -> bytes:
    return build_pdf(_CONTENT, face=TIMES, size=11)


DOCUMENT = CorpusDocument(
    name="diags_07_tours_carrez_seul",
    extension="pdf",
    build=_build,
    expected={
        "category": "diags",
        "dpe.energy_class": None,
        "dpe.energy_kwh_m2_year": None,
        "diagnostics_present": ["carrez"],
        "amiante_present": None,
        "carrez_surface_m2": 63.18,
    },
)
