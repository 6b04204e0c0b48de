"""The resolutions of a procès-verbal: where each starts, its result and its amount.

Headings come in many forms: "Résolution n° 12", "RÉSOLUTION 12 :", "12ème
résolution", "Première résolution", "Question n° 4", and plain numbered lines ("12 -",
"12.") when a PV writes no other form; those are kept only as a sequence 1, 2, 3...
Numbers never go back (a line starting with "résolution n° 2 de la précédente
assemblée" is text), except to 1, where the resolutions follow an agenda; a number met
twice keeps the block that has a result. A result is the last verdict written in the
block (after a failed vote under article 25, the second vote under article 24 decides);
without one, more votes for than against is an adoption. The amount is the one labelled
as the total, else the largest one (HT amounts compared and converted with the VAT rate
the resolution states, 10 % when it states none, with a note); the syndic's fees, a
share of one lot and the rows of a schedule of calls ("1er appel ... 21 633,33 €") are
not the resolution's amount, and an offer the meeting did not choose ("l'offre de Y
(74.112,00 € TTC) n'étant pas retenue", "écarte le devis de Z à...") never is. An
amount a narrow column wrapped at its thousands space ("14" then "300,00 € TIC") is
read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.ai.french import (
    AmountMatch,
    find_amounts,
    find_numbers,
    fold,
    parse_number,
)
from common.ai.local_narrative import format_eur, say
from common.ai.local_number_words import ORDINAL_WORDS, ordinal
from common.ai.local_text import DocumentText, join_wrapped_numbers
from common.ai.schemas import Resolution, VoteResult

_HEADER = re.compile(
    r"^[\s#*•>\-]*(?:(?:resolution|deliberation|question|point)s?\s*"
    r"(?:n\s*[°o.]?\s*|numero\s*)?(?P<a>\d{1,3}(?:\s*(?:bis|ter)\b)?)"
    r"|(?P<b>\d{1,3})\s*(?:e|eme|er|ere|°)\s*[.-]?\s*resolution"
    r"|(?P<c>" + ORDINAL_WORDS + r")\s+resolution)(?!\w)\s*[:.\-)]?\s*"
)
_NUMBERED = re.compile(r"^[\s#*]*(?P<n>\d{1,2})\s*(?:[.)°]+|\s-)\s*(?=[a-z])")
_VERDICT = re.compile(
    r"(?P<no>non adoptee|n'est pas adoptee|n'a pas ete adoptee|rejetee|refusee"
    r"|repoussee|non approuvee|n'est pas approuvee|n'ayant pas (?:obtenu|recueilli)"
    r"|ne recueille pas|n'obtient pas|non votee)"
    r"|(?P<later>reportee|ajournee|renvoyee|differee|\bajourne(?:r|nt)?\b"
    r"|\b(?:report|differ)(?:e|er|ent)\s+(?:la |sa |ce |cette |leur )?(?:decision"
    r"|vote|question|point|examen|resolution)|(?:decision|vote|question|point|examen)"
    r"\s+(?:est |a ete |sont )?(?:reporte|differe)s?\b|renvoie (?:la decision|a une"
    r"|a la prochaine)|sursis a statuer|surseoir a statuer)"
    r"|(?P<void>sans objet|retiree)"
    r"|(?P<yes>adoptee|approuvee|acceptee|votee|\badopte\b|a l'unanimite)"
)
_VOTES = re.compile(
    r"(?:votes?\s+)?pour\s*:?\s*(?P<yes>\d[\d ]*)[^.;]{0,40}?(?:votes?\s+)?contre\s*:?"
    r"\s*(?P<no>\d[\d ]*)"
)
_VAT = re.compile(r"tva\s*(?:a|de)?\s*(?P<rate>\d{1,2}(?:,\d{1,2})?)\s*%")
_TOTAL_LABEL = re.compile(
    r"(?:montant|cout|budget|prix)\s+(?:total|global)|total\s+(?:ttc|des travaux"
    r"|general)|enveloppe(?:\s+globale)?|soit\s+(?:au|un)\s+total|pour un total"
)
_DECISION = re.compile(
    r"decide|retient|retenu|\bvote|approuve|accepte|confie|adopte|pour un montant"
    r"|budget|montant des travaux|cout des travaux|enveloppe"
)
_NOT_THE_AMOUNT = re.compile(
    r"honoraires|par lot|votre lot|quote-part|par tantieme|solde|disponible"
    r"|fonds de travaux|deja (?:verse|appele)|dont\b"
    r"|\bappels?\b|\becheances?\b|\bacomptes?\b|\bversements?\b"  # a schedule row
)
# An offer the meeting did not choose: named so before its amount ("écarte le devis
# de Z à 79 500 €", "de préférence à l'offre de W (39 900 €)"), or so said right
# after it ("l'offre de Y (74 112 € TTC) n'étant pas retenue").
_NOT_CHOSEN_BEFORE = re.compile(
    r"\becart(?:e|ee|es|ees|ent|ant)\b|\brejet(?:te|tte|e|ee|es|ees)\b"
    r"|\bnon retenue?s?\b|de preference a|plutot que|au lieu de|\bcontre l'offre"
    r"|\bconcurrente?s?\b|\bautres? (?:offres?|devis|propositions?)\b"
)
_NOT_CHOSEN_AFTER = re.compile(
    r"[\s,()\[\]]*(?:(?:n'(?:etant|est|a|ont)\s+pas|non|pas)\s+(?:ete\s+)?retenue?s?\b"
    r"|(?:est |sont |a ete |ont ete |etant )?(?:ecartee?s?|rejetee?s?|declinee?s?)\b"
    r"|moins (?:avantageuse|interessante)s?)"
)
_CLAUSE_BREAK = re.compile(r"[,;:]|\.\s|\s(?:et|mais|tandis que)\s")
_OUTCOME_AFTER = re.compile(
    r"\s*(?:non|n'etant|n'est|n'a|n'ont|pas|ecart|rejet|declin)"
)
CLAUSE_CHARACTERS = 120
DEFAULT_VAT_PERCENT = 10.0
SUBJECT_CHARACTERS = 200


@dataclass(frozen=True)
class Block:
    """One resolution as written: number, heading subject, and its whole text."""

    number: str
    subject: str
    text: str


def is_heading(folded_line: str) -> bool:
    """True when a folded line starts a resolution ("resolution n° 4 : ...")."""
    return _HEADER.match(folded_line) is not None


def resolution_blocks(text: DocumentText) -> list[Block]:
    """The resolutions of ``text`` in document order, one per number."""
    starts = _explicit_starts(text)
    if len(starts) < 2:
        starts = _numbered_starts(text) or starts
    blocks: list[Block] = []
    for position, (index, number, subject) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(text.lines)
        body = "\n".join(text.lines[index + 1 : end])
        if len(subject) < 3 and index + 1 < end:
            subject = text.lines[index + 1]
        blocks.append(
            Block(number, subject[:SUBJECT_CHARACTERS], subject + "\n" + body)
        )
    return _one_per_number(blocks)


def _explicit_starts(text: DocumentText) -> list[tuple[int, str, str]]:
    starts: list[tuple[int, str, str]] = []
    highest = 0
    for index, folded in enumerate(text.folded_lines):
        match = _HEADER.match(folded)
        if match is None:
            continue
        number = _number(match)
        digits = re.match(r"\d+", number)
        value = int(digits[0]) if digits else 0
        if value == 0 or (value < highest and value != 1):
            continue
        highest = value
        starts.append((index, number, text.lines[index][match.end() :].strip()))
    return starts


def _numbered_starts(text: DocumentText) -> list[tuple[int, str, str]]:
    """Lines "1 -", "2." ... that follow each other from 1 (restarting at 1)."""
    starts: list[tuple[int, str, str]] = []
    expected = 1
    for index, folded in enumerate(text.folded_lines):
        match = _NUMBERED.match(folded)
        if match is None:
            continue
        value = int(match["n"])
        if value not in (expected, 1):
            continue
        expected = value + 1
        starts.append((index, str(value), text.lines[index][match.end() :].strip()))
    return starts if len(starts) >= 3 else []


def _number(match: re.Match[str]) -> str:
    if match["c"]:
        rank = ordinal(match["c"])
        return str(rank) if rank else ""
    return " ".join((match["a"] or match["b"]).split())


def _one_per_number(blocks: list[Block]) -> list[Block]:
    """A number written twice (agenda, then minutes) keeps the block with a result."""
    kept: dict[str, Block] = {}
    for block in blocks:
        previous = kept.get(block.number)
        if (
            previous is None
            or verdict(block.text) != "unknown"
            or verdict(previous.text) == "unknown"
        ):
            kept[block.number] = block
    return list(kept.values())


def verdict(text: str) -> VoteResult:
    """The result the last verdict of ``text`` states, or the votes' majority."""
    found = list(_VERDICT.finditer(fold(text)))
    if found:
        last = found[-1]
        if last["no"]:
            return "rejetee"
        if last["later"]:
            return "reportee"
        return "unknown" if last["void"] else "adoptee"
    votes = _VOTES.search(fold(text))
    if votes:
        yes, no = find_numbers(votes["yes"]), find_numbers(votes["no"])
        if yes and no and yes[0] != no[0]:
            return "adoptee" if yes[0] > no[0] else "rejetee"
    return "unknown"


def to_resolution(block: Block, language: str) -> Resolution:
    """The resolution of ``block`` with its result and amount TTC."""
    amount, note = resolution_amount(block.text, language)
    return Resolution(
        number=block.number[:20],
        subject=" ".join(block.subject.split())[:500] or block.number,
        amount_ttc=amount,
        amount_note=note,
        result=verdict(block.text),
    )


def _tier(before: str, sentence: str, clause: tuple[str, str]) -> int:
    """0: labelled total; 1: in the decision; 2: another amount; 3: fees, shares,
    schedule rows; 4: an offer that was not chosen."""
    head, tail = clause
    if _NOT_CHOSEN_BEFORE.search(head) or _NOT_CHOSEN_AFTER.match(tail):
        return 4
    if _TOTAL_LABEL.search(before):
        return 0
    if _NOT_THE_AMOUNT.search(before):
        return 3
    return 1 if _DECISION.search(sentence) else 2


def _clause(flat: str, start: int, end: int) -> tuple[str, str]:
    """The folded clause around an amount, before and after it: back to and on to a
    comma, "et" or a stop.

    A clause set off by a comma that says what became of the offer belongs to it
    ("l'offre de Y, 74 112 € TTC, n'est pas retenue").
    """
    head = flat[max(0, start - CLAUSE_CHARACTERS) : start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    head = head[breaks[-1].end() :] if breaks else head
    tail = flat[end : end + CLAUSE_CHARACTERS]
    stop = _CLAUSE_BREAK.search(tail)
    if stop is None:
        return head, tail
    if stop[0] == "," and _OUTCOME_AFTER.match(tail, stop.end()):
        following = _CLAUSE_BREAK.search(tail, stop.end())
        return head, tail[: following.start() if following else len(tail)]
    return head, tail[: stop.start()]


def _sentence_start(folded: str, position: int) -> str:
    """The folded sentence up to ``position`` (where a decision verb would be)."""
    start = max(folded.rfind(". ", 0, position), folded.rfind(";", 0, position))
    return folded[start + 1 : position]


def resolution_amount(text: str, language: str) -> tuple[float | None, str | None]:
    """The amount TTC of a resolution, and a note when it was converted from HT."""
    text = join_wrapped_numbers(text)
    folded = fold(text)
    flat = folded.replace("\n", " ")  # a clause goes on across wrapped lines
    vat = _VAT.search(folded)
    rate = (parse_number(vat["rate"]) if vat else None) or DEFAULT_VAT_PERCENT
    candidates: list[tuple[int, float, AmountMatch]] = []
    for found in find_amounts(text):
        before = folded[max(0, found.start - 60) : found.start]
        before = re.split(r"[.;\n]", before)[-1]
        clause = _clause(flat, found.start, found.end)
        tier = _tier(before, _sentence_start(folded, found.start), clause)
        ttc = found.value * (1 + rate / 100) if found.basis == "HT" else found.value
        candidates.append((tier, round(ttc, 2), found))
    if not candidates:
        return None, None
    best_tier = min(tier for tier, _, _ in candidates)
    same_tier = [item for item in candidates if item[0] == best_tier]
    # The largest TTC value; a stated TTC wins over the same value converted.
    _, value, chosen = max(same_tier, key=lambda item: (item[1], item[2].basis != "HT"))
    if chosen.basis != "HT":
        return value, None
    excluding = format_eur(chosen.value, language)
    return value, say("ht_note", language, amount=excluding, rate=f"{rate:g}")[:200]
