"""The lines of a charges statement: each label with its amounts, and what it is.

A statement is a list of lines "label ... amount(s)": the owner's share is the last
amount of its line, after the building's base or budget when the table shows them
("Charges générales 48 500,00 € 152 184,30 €", "PROV. CHARGES COURANTES 97454.00
EUR/AN 168.92 EUR"). Two columns set side by side put two labels on one line ("Votre
quote-part du budget 3 024,00 € Fonds de travaux 151,20 €"): a line is cut where words
follow an amount, unless they are only its unit ("EUR/AN", "TTC", "par mois").

Each line is of one kind, by its words (syndics' software abbreviates them: "PROV.",
"FDS TRAV.", "CHGES"): a total ("Total", "Net à payer", "TOTAL ECHEANCE"; a subtotal
when it also names a part), a payment (provisions versées, règlement reçu), a works
call ("Travaux ravalement -- appel n° 2 (30 %)", "Appel de fonds travaux"), a balance
(solde antérieur, report, arriéré, impayé and their fees, the régularisation of a
past year, a refund), a recurring part (budget provisions, charges générales,
spéciales or courantes, ascenseur, chauffage, eau, the fonds de travaux ALUR), or
other. The recurring parts are what a year of ownership costs; works calls and
balances are not (``local_charges``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

from common.ai.french import AmountMatch, find_amounts, fold
from common.ai.local_columns import RowKind
from common.ai.local_text import DocumentText

LineKind = Literal[
    "total", "subtotal", "works", "balance", "payment", "recurring", "other"
]
_TOTAL = re.compile(
    r"^[\W\d]*(?:sous[ -]?total|total|net a (?:payer|regler)|montant (?:total|a payer"
    r"|a regler|de l'appel|de l'echeance|appele)|reste a payer|a (?:payer|regler)\b"
    r"|solde a payer|somme a payer)"
)
_PAYMENT = re.compile(
    r"versee?s?\b|deja (?:verse|appele|paye|regle)|reglements?\b|paiements?\b"
    r"|encaisse|recu\b|prelevements? effectues?|votre versement|a deduire|dont\b"
)
# Syndics' software abbreviates: "PROV.", "FDS TRAV.", "CHGES", "ASC.", "CHAUF.".
_FUND = re.compile(r"(?:fonds|\bfds)\.? (?:de |du |des )?trav(?:aux|\b)|\balur\b")
# Works named, or called as such: never the fonds de travaux ("Appel de fonds travaux
# ravalement" is a works call, "Fonds de travaux ALUR" a contribution).
_WORKS_NAMED = re.compile(
    r"ravalement|refection|renovation|remplacement|etancheite|toiture"
    r"|mise (?:en conformite|aux normes)|hors budget|article 14-2|exceptionnel"
    r"|appels? (?:de )?fonds (?:pour |des? )?trav"
)
_WORKS = re.compile(r"travaux|\btrav\b")
# What is owed once: a previous balance, arrears and their fees, the adjustment of
# a past year, a refund.
_BALANCE = re.compile(
    r"solde (?:anterieur|precedent|au \d|reporte|du compte|debiteur)|ancien solde"
    r"|report(?: a nouveau)?\b|reliquat|arriere|impaye|retards?\b|relance"
    r"|recouvrement|mise en demeure|penalites?|interets|regul(?:arisation)?\b"
    r"|remboursement|\bavoir\b|trop[ -]percu|frais (?:de |d')?(?:mutation|dossier"
    r"|etat date)|\bmutation\b|etat date"
)
# A total that names a part is a subtotal ("Total charges courantes").
_PART = re.compile(
    r"charges (?:generales|communes|speciales|courantes)|ascenseur|chauffage|\beau\b"
    r"|provisions? (?:sur|pour)|budget"
)
_RECURRING = re.compile(
    r"charges|\bchg(?:es?|s)?\b|\bprov\b|provisions?|budget|ascenseur|\basc\b"
    r"|chauffage|\bchauf\b|\beau\b|entretien"
    r"|gardien|menage|nettoyage|espaces verts|assurance|cotisation|quote-part"
)
_UNIT_WORDS = frozenset(
    {"eur", "euro", "euros", "ttc", "par", "mois", "tantiemes", "tantieme",
     "milliemes", "soit", "pour", "sur", "annee", "trimestre"}
)  # fmt: skip
_WORD = re.compile(r"[a-z]{3,}")
WRAPPED_LINES = 2  # lines a wrapped designation may take before its row


@dataclass(frozen=True)
class StatementLine:
    """A label of a statement with its amounts (the owner's share last)."""

    label: str  # folded
    amounts: tuple[AmountMatch, ...]
    kind: LineKind

    @property
    def value(self) -> float:
        """The owner's share: the last amount of the line."""
        return self.amounts[-1].value

    def within(self, bound: float | None) -> float | None:
        """The share, not above ``bound``: "152 184,30" larger is a column and 184,30.

        Only a row of a table (a base, then the share) may have a column glued to its
        share; a single amount larger than the bound is not a part of it at all.
        """
        if bound is None or self.value <= bound:
            return self.value
        column = self.amounts[-1].last_group() if len(self.amounts) > 1 else None
        return column if column is not None and column <= bound else None


def statement_lines(text: DocumentText) -> list[StatementLine]:
    """Every label of ``text`` that has amounts after it on its line, in order.

    Inside a table (after its first row), a designation too long for its cell wraps:
    its first words stand on lines of their own, without amounts, and the row's
    line starts with the next column ("Travaux ravalement -- appel n° 2 (30" / "%)" /
    "Charges générales 33 780,00 € ... 827,61 €"). Up to :data:`WRAPPED_LINES`
    such lines (not "label : value" lines) belong to the row's label.
    """
    found: list[StatementLine] = []
    wrapped: list[str] = []
    in_table = False
    for line in text.lines:
        amounts = find_amounts(line)
        if not amounts:
            wrapped.append(line)
            continue
        head = " ".join(wrapped) if in_table and _is_wrapped_cell(wrapped) else ""
        wrapped, in_table = [], True
        label_start, segment = 0, [amounts[0]]
        for previous, amount in itertools.pairwise(amounts):
            between = line[previous.end : amount.start]
            if _names_something(between):
                label = line[label_start : segment[0].start]
                found.append(_line(f"{head} {label}" if head else label, segment))
                label_start, segment, head = previous.end, [], ""
            segment.append(amount)
        label = line[label_start : segment[0].start]
        found.append(_line(f"{head} {label}" if head else label, segment))
    return [item for item in found if item.label]


def _is_wrapped_cell(lines: list[str]) -> bool:
    return 0 < len(lines) <= WRAPPED_LINES and not any(":" in line for line in lines)


def kind_of(folded_label: str) -> LineKind:
    """What a line of a statement is, from the words of its label."""
    if _TOTAL.search(folded_label):
        named = _PART.search(folded_label) or _FUND.search(folded_label)
        return "subtotal" if named else "total"
    if _PAYMENT.search(folded_label):
        return "payment"
    if _WORKS_NAMED.search(folded_label):
        return "works"
    if _FUND.search(folded_label):
        return "recurring"
    if _WORKS.search(folded_label):
        return "works"
    if _BALANCE.search(folded_label):
        return "balance"
    return "recurring" if _RECURRING.search(folded_label) else "other"


def row_kind(line: str) -> RowKind:
    """Whether ``line`` (as written) labels a total, another row, or neither."""
    kind = kind_of(fold(line))
    if kind == "total":
        return "total"
    return "text" if kind == "other" else "row"


def _line(label: str, amounts: list[AmountMatch]) -> StatementLine:
    folded = " ".join(fold(label).strip(" :.-|\t").split())
    return StatementLine(folded, tuple(amounts), kind_of(folded))


def _names_something(between: str) -> bool:
    """True when the words between two amounts are a label, not a unit ("EUR/AN")."""
    return any(word not in _UNIT_WORDS for word in _WORD.findall(fold(between)))
