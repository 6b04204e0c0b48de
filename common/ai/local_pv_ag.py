"""Facts of a procès-verbal d'assemblée générale, by French rules.

The meeting date is the date the minutes tie to the meeting: after "assemblée générale
du", "réunie le", "s'est tenue le", before a time ("le 12 mars 2024 à 18 h 30"), or in
words ("L'an deux mille vingt-quatre, le douze mars"); the dates of the convocation,
of a previous meeting or of accounts are not it. Resolutions come from
``local_resolutions``; an adopted resolution about works (ravalement, remplacement,
travaux..., not the fonds de travaux contribution, the budget, the syndic's fees, a
service contract or a copropriétaire's own works) with an amount is a voted work with
its calls for funds (``local_fund_calls``); so is one that chooses a quote (devis,
offre, entreprise) with an amount TTC, when its heading names only the thing bought
("Système de vidéosurveillance des halls") and its price is not a yearly one. A
postponed one is an upcoming work. The budget, the fonds de
travaux (its yearly contribution and its balance), the syndic and the recurring
problems (impayés, sinistres, procédures, litiges) are read from the whole text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from common.ai.french import (
    MONTH_NAMES,
    DateMatch,
    find_amounts,
    find_dates,
    fold,
    month_number,
    safe_date,
)
from common.ai.local_fund_calls import fund_calls
from common.ai.local_narrative_documents import describe_pv_ag
from common.ai.local_number_words import NUMBER_WORDS, cardinal
from common.ai.local_pv_problems import copro_problems, syndic_name
from common.ai.local_resolutions import Block, resolution_blocks, to_resolution
from common.ai.local_text import DocumentText
from common.ai.schemas import PvAgAnalysis, Resolution, Works

MeetingType = Literal["AGO", "AGE", "unknown"]
WORK_TERMS = re.compile(
    r"\b(?:travaux|ravalement|refection|renovation|remplacement|reparation|installation"
    r"|mise en conformite|mise aux normes|mise en securite|etancheite|toiture|isolation"
    r"|chaudiere|ascenseur|desamiantage|peinture|reprise|creation|modernisation"
    r"|restauration|amenagement|changement|pose|ravaler|facades?|couverture"
    r"|menuiseries?|fenetres|canalisations|colonnes?|plomberie|ventilation|vmc"
    r"|chauffage|terrasses?|cage d'escalier|elagage|interphone|digicode|portail"
    r"|video[ -]?(?:surveillance|protection)|eclairage|desenfumage|zinguerie"
    r"|gouttieres|drainage|maitrise d'oeuvre|audit|diagnostic technique global|borne"
    r"|controle d'acces|badges?|cameras?|visiophone|boites aux lettres|serrures?"
    r"|securisation|equipements?|systeme d)"
)
# An adopted resolution that chooses a quote (devis, offre, entreprise) with an
# amount TTC buys works, even when its heading names only the thing bought.
_QUOTE = re.compile(
    r"\b(?:devis|offres?|entreprises?|societe|prestataire|fournisseur|installateur)\b"
)
_TTC = re.compile(r"\b(?:ttc|tic|t\.t\.c)\b|toutes taxes")
_RECURRING_COST = re.compile(
    r"\bpar (?:an|mois|trimestre)\b|/\s?an\b|\bannuel(?:le)?s?\b|\bmensuel"
)
# Never works, whatever else the subject says.
NOT_WORKS = re.compile(
    r"fonds de travaux|budget|approbation des comptes|honoraires|quitus"
    r"|contrat de syndic|a ses frais|aux frais d|privati|ester en justice"
    r"|^\W*(?:(?:renouvellement|signature|souscription|resiliation|approbation)"
    r" (?:du |d'un |des )?)?contrats?\b"
)
# Not works unless the subject also names works ("mandat au conseil syndical pour
# choisir l'entreprise de ravalement" is).
NOT_WORKS_ALONE = re.compile(
    r"election|designation|mandat|conseil syndical|assurance|autorisation|emprunt"
)
_MEETING_BEFORE = re.compile(
    r"(?:assemblee generale|\bag[eo]?\b|seance|reunion)[^\n.]{0,60}?"
    r"(?:du|le|en date du)\s*$"
    r"|(?:reunie?s?|tenue|s'est tenue|se sont reunis|convoquee?s? pour|s'est reunie)"
    r"\s+(?:le|en date du)?\s*(?:\w+\s+)?$"
)
_NOT_MEETING = re.compile(
    r"convocation|adressee|envoyee|notifiee|expediee|recommande|precedente|derniere"
    r"|exercice|clos|comptes|devis|facture|arrete|echeance|exigible|depuis|jusqu"
)
_TIME_AFTER = re.compile(r"^\s*,?\s*(?:a|des)\s+\d{1,2}\s*(?:h|heures?)")
_DATE_IN_WORDS = re.compile(
    r"l'an\s+(?P<year>" + NUMBER_WORDS + r")\s*,?\s*le\s+(?:\w+di\s+)?"
    r"(?P<day>\d{1,2}|" + NUMBER_WORDS + r")(?:er)?\s+(?P<month>" + MONTH_NAMES + r")"
)
HEAD_CHARACTERS = 3000
_BUDGET = re.compile(r"budget previsionnel|budget de l'exercice|approbation du budget")
_CONTRIBUTION = re.compile(
    r"(?:cotisation|contribution)[^.]{0,60}fonds (?:de )?travaux"
)
_BALANCE = re.compile(
    r"fonds (?:de )?travaux[^.]{0,80}?(?:solde|s'eleve|montant disponible|dispose"
    r"|disponible|au \d)|solde du fonds (?:de )?travaux"
)


def extract_pv_ag(text: DocumentText, language: str) -> PvAgAnalysis:
    """The general-meeting analysis of ``text``, its words in ``language``."""
    meeting = meeting_date(text)
    resolutions: list[Resolution] = []
    works: list[Works] = []
    budget: float | None = None
    contribution: float | None = None
    for block in resolution_blocks(text):
        resolution = to_resolution(block, language)
        resolutions.append(resolution)
        if resolution.result != "adoptee" or resolution.amount_ttc is None:
            if resolution.result == "reportee" and _is_works(block):
                works.append(_works(resolution, block, meeting, "upcoming"))
            continue
        folded_subject = fold(block.subject)
        if _BUDGET.search(folded_subject) and budget is None:
            budget = resolution.amount_ttc
        elif "fonds de travaux" in folded_subject and contribution is None:
            contribution = resolution.amount_ttc
        elif _is_works(block):
            works.append(_works(resolution, block, meeting, "voted"))
    facts = PvAgAnalysis(
        meeting_date=meeting,
        meeting_type=meeting_type(text),
        syndic=syndic_name(text),
        resolutions=resolutions[:100],
        works=works[:50],
        annual_budget=budget,
        fonds_travaux_contribution=contribution
        or _sentence_amount(text, _CONTRIBUTION),
        fonds_travaux_balance=_sentence_amount(text, _BALANCE),
        problems=copro_problems(text),
    )
    return describe_pv_ag(facts, language)


def meeting_date(text: DocumentText) -> date | None:
    """The date of the meeting the minutes record (see the module docstring)."""
    head = text.text[:HEAD_CHARACTERS]
    folded = text.folded[:HEAD_CHARACTERS]
    dates = find_dates(head)
    scored = [
        (_meeting_score(folded, found), -found.start, found.value) for found in dates
    ]
    best = max(scored, default=None)
    if best is not None and best[0] > 0:
        return best[2]
    in_words = _date_in_words(folded)
    if in_words is not None:
        return in_words
    plausible = [value for score, _, value in scored if score == 0]
    return plausible[0] if plausible else None


def _meeting_score(folded: str, found: DateMatch) -> int:
    before = folded[max(0, found.start - 80) : found.start]
    after = folded[found.end : found.end + 20]
    score = 3 if _MEETING_BEFORE.search(before) else 0
    score += 2 if _TIME_AFTER.match(after) else 0
    if _NOT_MEETING.search(before[-45:]):
        score -= 5
    return score


def _date_in_words(folded: str) -> date | None:
    match = _DATE_IN_WORDS.search(folded)
    if match is None:
        return None
    year, month = cardinal(match["year"]), month_number(match["month"])
    day = int(match["day"]) if match["day"].isdigit() else cardinal(match["day"])
    if year is None or month is None or day is None:
        return None
    return safe_date(year, month, day)


def meeting_type(text: DocumentText) -> MeetingType:
    """AGO or AGE, from the title (else the first "assemblée générale ..." said)."""
    for zone in (text.title, text.folded):
        match = re.search(
            r"assemblee generale\s+(?P<kind>extra)?ordinaire|\bag(?P<letter>[eo])\b",
            zone,
        )
        if match:
            extraordinary = match["kind"] or match["letter"] == "e"
            return "AGE" if extraordinary else "AGO"
        if re.search(r"assemblee generale\s+annuelle", zone):
            return "AGO"
    return "unknown"


def _is_works(block: Block) -> bool:
    subject = fold(block.subject)
    if NOT_WORKS.search(subject):
        return False
    if WORK_TERMS.search(subject):
        return True
    if NOT_WORKS_ALONE.search(subject):
        return False
    opening = fold(block.text[len(block.subject) : len(block.subject) + 200])
    if NOT_WORKS.search(opening):
        return False
    if WORK_TERMS.search(opening):
        return True
    body = fold(block.text)
    return bool(_QUOTE.search(body) and _TTC.search(body)) and not (
        _RECURRING_COST.search(body)
    )


def _works(
    resolution: Resolution,
    block: Block,
    meeting: date | None,
    status: Literal["voted", "upcoming"],
) -> Works:
    calls = (
        fund_calls(block.text, resolution.amount_ttc or 0.0, meeting)
        if status == "voted"
        else []
    )
    first_due = next((call.due_date for call in calls if call.due_date), None)
    year = first_due.year if first_due else meeting.year if meeting else None
    return Works(
        description=resolution.subject,
        amount_ttc=resolution.amount_ttc,
        year=year,
        status=status,
        call_for_funds=calls,
        resolution_number=resolution.number,
    )


def _sentence_amount(text: DocumentText, pattern: re.Pattern[str]) -> float | None:
    """The first amount of the first sentence ``pattern`` finds."""
    for folded, original in zip(
        text.sentences(), text.sentences(original=True), strict=True
    ):
        match = pattern.search(folded)
        if match:
            amounts = find_amounts(original[match.start() :])
            if amounts:
                return amounts[0].value
    return None
