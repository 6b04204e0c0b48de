"""Facts of a procès-verbal d'assemblée générale, by French rules.

The minutes are cut into resolutions at the lines that start one ("Résolution n° 4 :",
"4e résolution -"...). Each resolution gets its subject (the rest of that line), its
result (the last verdict written in it: adoptée, rejetée, reportée...) and its amount:
the largest TTC amount, else the largest amount without basis, else the largest HT
amount converted with the VAT rate the resolution states (10 % when it states none).
An adopted resolution about works (ravalement, remplacement, travaux..., but not the
fonds de travaux contribution or the budget) is a voted work, with its calls for funds
when they are written as dates followed by a share or an amount.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from common.ai.french import (
    AmountMatch,
    collapse_spaces,
    find_amounts,
    find_dates,
    fold,
    parse_number,
    to_ttc,
)
from common.ai.local_narrative import format_eur, say
from common.ai.local_text import DocumentText
from common.ai.schemas import (
    FundCall,
    PvAgAnalysis,
    Resolution,
    RiskFactor,
    VoteResult,
    Works,
)

_HEADER = re.compile(
    r"^(?:(?:resolution|deliberation)\s*(?:n\s*[°o.]?\s*)?"
    r"(?P<a>\d{1,3}(?:\s*(?:bis|ter))?)"
    r"|(?P<b>\d{1,3})\s*(?:e|eme|er|ere)\s+resolution)(?!\w)\s*[:.\-]?\s*"
)
_VERDICT = re.compile(
    r"non adoptee|n'est pas adoptee|n'a pas ete adoptee|rejetee|refusee|repoussee"
    r"|reportee|ajournee|adoptee|approuvee"
)
VERDICTS: dict[str, VoteResult] = {"reportee": "reportee", "ajournee": "reportee"}
VERDICTS |= dict.fromkeys(("adoptee", "approuvee"), "adoptee")
_VAT = re.compile(r"tva\s*(?:a|de)?\s*(?P<rate>\d{1,2}(?:,\d{1,2})?)\s*%")
_SHARE = re.compile(r"^\s*\(?\s*(?P<pct>\d{1,3}(?:,\d+)?)\s*%")
WORK_TERMS = (
    "travaux", "ravalement", "refection", "renovation", "remplacement", "reparation",
    "installation", "mise en conformite", "mise aux normes", "etancheite", "toiture",
    "isolation", "chaudiere", "ascenseur", "desamiantage", "peinture",
)  # fmt: skip
NOT_WORKS = (
    "fonds de travaux", "budget", "approbation des comptes", "honoraires", "election",
    "designation", "mandat", "conseil syndical", "assurance",
)  # fmt: skip
MeetingType = Literal["AGO", "AGE", "unknown"]
MEETING_TERMS = ("assemblee generale", "reunion", "seance", "reunis", "s'est tenue")
_SYNDIC = re.compile(
    r"\bsyndic\b[^,.;:]{0,30}?[,:]?\s+(?:le |la |l')?(?P<name>(?:cabinet|agence"
    r"|soci[ée]t[ée]|sarl|sas|sa)\s[^,.;()]{2,60})",
    re.IGNORECASE,
)


def extract_pv_ag(text: DocumentText, language: str) -> PvAgAnalysis:
    """The general-meeting analysis of ``text``, summary in ``language``."""
    meeting_date = _meeting_date(text)
    resolutions: list[Resolution] = []
    works: list[Works] = []
    budget: float | None = None
    for number, subject, block in _resolution_blocks(text):
        resolution = _resolution(number, subject, block, language)
        resolutions.append(resolution)
        if resolution.result != "adoptee" or resolution.amount_ttc is None:
            continue
        if "budget previsionnel" in fold(subject + " " + block) and budget is None:
            budget = resolution.amount_ttc
        elif _is_works(subject):
            works.append(_works(resolution, block, meeting_date))
    syndic = next(filter(None, (_SYNDIC.search(line) for line in text.lines)), None)
    return PvAgAnalysis(
        summary=_summary(meeting_date, resolutions, works, language),
        key_findings=[_work_finding(item, language) for item in works][:20],
        risk_factors=_risks(works, language),
        meeting_date=meeting_date,
        meeting_type=_meeting_type(text),
        syndic=syndic["name"].strip() if syndic else None,
        resolutions=resolutions[:100],
        works=works[:50],
        annual_budget=budget,
    )


def _resolution_blocks(text: DocumentText) -> list[tuple[str, str, str]]:
    """(number, subject, text) of each resolution, in document order."""
    starts: list[tuple[int, str, str]] = []
    for index, folded in enumerate(text.folded_lines):
        match = _HEADER.match(folded)
        if match:
            number = collapse_spaces(match["a"] or match["b"])
            starts.append((index, number, text.lines[index][match.end() :].strip()))
    blocks: list[tuple[str, str, str]] = []
    for position, (index, number, subject) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else None
        body = " ".join(text.lines[index + 1 : end])
        blocks.append((number, subject, body))
    return blocks


def _resolution(number: str, subject: str, block: str, language: str) -> Resolution:
    whole = f"{subject} {block}"
    verdicts = _VERDICT.findall(fold(whole))
    result = VERDICTS.get(verdicts[-1], "rejetee") if verdicts else "unknown"
    amount, note = _amount(whole, language)
    return Resolution(
        number=number[:20],
        subject=(subject or collapse_spaces(block)[:120])[:500],
        amount_ttc=amount,
        amount_note=note,
        result=result,
    )


def _amount(text: str, language: str) -> tuple[float | None, str | None]:
    """The headline amount TTC of a resolution, and a note when it was HT."""
    found = find_amounts(text)
    for basis in ("TTC", None):
        same_basis = [match.value for match in found if match.basis == basis]
        if same_basis:
            return max(same_basis), None
    excluding_vat = [match for match in found if match.basis == "HT"]
    if not excluding_vat:
        return None, None
    largest = max(excluding_vat, key=lambda match: match.value)
    vat = _VAT.search(fold(text))
    rate = (parse_number(vat["rate"]) if vat else None) or 10.0
    excluding = format_eur(largest.value, language)
    note = say("ht_note", language, amount=excluding, rate=f"{rate:g}")
    return to_ttc(largest, rate / 100), note[:200]


def _is_works(subject: str) -> bool:
    folded = fold(subject)
    for phrase in NOT_WORKS:
        folded = folded.replace(phrase, " ")
    return any(re.search(rf"\b{term}", folded) for term in WORK_TERMS)


def _works(resolution: Resolution, block: str, meeting: date | None) -> Works:
    calls = _calls_for_funds(block, resolution.amount_ttc or 0.0)
    year = calls[0].due_date.year if calls and calls[0].due_date else None
    return Works(
        description=resolution.subject,
        amount_ttc=resolution.amount_ttc,
        year=year or (meeting.year if meeting else None),
        status="voted",
        call_for_funds=calls[:24],
        resolution_number=resolution.number,
    )


def _calls_for_funds(block: str, total: float) -> list[FundCall]:
    """Due dates followed by a share ("(50 %)") or an amount, in an "appel" text."""
    folded = fold(block)
    if not any(word in folded for word in ("appel", "exigib", "echeance")):
        return []
    calls: list[FundCall] = []
    for found in find_dates(block):
        share = _SHARE.match(folded[found.end : found.end + 20])
        if share:
            amount = round(total * (parse_number(share["pct"]) or 0) / 100, 2)
            calls.append(FundCall(due_date=found.value, amount=amount))
            continue
        amounts: list[AmountMatch] = find_amounts(block[found.end : found.end + 30])
        if amounts:
            calls.append(FundCall(due_date=found.value, amount=to_ttc(amounts[0])))
    return calls


def _meeting_date(text: DocumentText) -> date | None:
    for line in text.lines_with(*MEETING_TERMS):
        dates = find_dates(line)
        if dates:
            return dates[0].value
    dates = find_dates(text.flat)
    return dates[0].value if dates else None


def _meeting_type(text: DocumentText) -> MeetingType:
    zone = text.title if text.count("assemblee generale") else ""
    if "extraordinaire" in zone:
        return "AGE"
    return "AGO" if "ordinaire" in zone else "unknown"


def _summary(
    day: date | None, resolutions: list[Resolution], works: list[Works], language: str
) -> str:
    total = sum(item.amount_ttc or 0.0 for item in works)
    when = day.isoformat() if day else "?"
    if day and language == "fr":
        when = day.strftime("%d/%m/%Y")
    return say(
        "meeting",
        language,
        day=when,
        resolutions=len(resolutions),
        works=len(works),
        amount=format_eur(total, language),
    )


def _work_finding(item: Works, language: str) -> str:
    amount = format_eur(item.amount_ttc or 0.0, language)
    return say("voted_works", language, description=item.description, amount=amount)


def _risks(works: list[Works], language: str) -> list[RiskFactor]:
    return [
        RiskFactor(severity="medium", description=_work_finding(item, language)[:500])
        for item in works[:20]
    ]
