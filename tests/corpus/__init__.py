"""A labelled corpus of French purchase documents, generated deterministically.

The documents measure how well document intelligence generalises: they are written
from how real French documents look (PV d'AG, diagnostics, avis de taxe foncière,
appels de fonds, règlements, états datés...), independently of any extraction rule.
Each document's expected facts sit next to the code that writes it (one source of
truth); ``tests.corpus.generate`` writes them out and ``tests/accuracy`` scores a
provider against them.
"""
