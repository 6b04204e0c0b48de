"""The words of a PV d'AG, taxe foncière, charges or other analysis (FR or EN).

Each ``describe_*`` takes the facts the rules read and returns them with a summary,
key findings, risk factors and the buyer's action items with their urgency. Only the
facts are said, in the requested language; amounts and dates are written the way a
reader of that language expects. Voted works and legal proceedings weigh most: they
are money the buyer may owe and disputes the buyer joins.
"""

from __future__ import annotations

from common.ai.local_narrative import format_date, format_eur, say
from common.ai.schemas import (
    ActionItem,
    ChargesAnalysis,
    OtherAnalysis,
    PvAgAnalysis,
    RiskFactor,
    Severity,
    TaxeFonciereAnalysis,
    Works,
)

PROBLEM_SEVERITY: dict[str, Severity] = {
    "procedure": "high", "litige": "high", "impayes": "medium", "sinistre": "medium",
    "other": "low",
}  # fmt: skip
TAX_LABELS: dict[str, tuple[str, str]] = {
    "commune": ("Commune", "Municipality"),
    "syndicat_communes": ("Syndicat de communes", "Union of municipalities"),
    "intercommunalite": ("Intercommunalité", "Inter-municipality"),
    "departement": ("Département", "Department"),
    "gemapi": ("Taxe GEMAPI", "GEMAPI tax"),
    "teom": ("Ordures ménagères (TEOM)", "Household waste (TEOM)"),
    "taxes_speciales": ("Taxes spéciales", "Special taxes"),
    "frais_gestion": ("Frais de gestion", "Management fees"),
}
CHARGES_LABELS: dict[str, tuple[str, str]] = {
    "charges_generales": ("Charges générales", "General charges"),
    "charges_speciales": ("Charges spéciales", "Special charges"),
    "fonds_travaux_alur": ("Fonds de travaux (ALUR)", "Works fund (ALUR)"),
    "annualized_total": ("Charges annuelles", "Yearly charges"),
}


Words = tuple[list[str], list[RiskFactor], list[ActionItem]]


def describe_pv_ag(facts: PvAgAnalysis, language: str) -> PvAgAnalysis:
    """``facts`` with the words of a general meeting's minutes."""
    voted = [item for item in facts.works if item.status == "voted"]
    findings = [say("syndic", language, name=facts.syndic)] if facts.syndic else []
    works_findings, risks, actions = _works_words(facts.works, language)
    findings += works_findings + _meeting_amounts(facts, language)
    for problem in facts.problems:
        kind = say(f"kind_{problem.kind}", language)
        text = say("problem", language, kind=kind, description=problem.description)
        findings.append(text)
        severity = PROBLEM_SEVERITY[problem.kind]
        risks.append(RiskFactor(severity=severity, description=text[:500]))
        action = say("act_problem", language, subject=kind.lower())
        actions.append(_action(action, severity, text))
    return facts.model_copy(
        update={
            "summary": _meeting_summary(facts, voted, language),
            "key_findings": [finding[:300] for finding in findings][:20],
            "risk_factors": risks[:20],
            "action_items": _unique(actions)[:15],
        }
    )


def _works_words(works: list[Works], language: str) -> Words:
    """Each work with its calls; voted ones weigh on the buyer, postponed ones less."""
    findings: list[str] = []
    risks: list[RiskFactor] = []
    actions: list[ActionItem] = []
    for item in works:
        text = _works_text(item, language)
        findings += [text, *_calls_text(item, language)]
        voted = item.status == "voted"
        risks.append(
            RiskFactor(severity="medium" if voted else "low", description=text)
        )
        if voted:
            amount = format_eur(item.amount_ttc or 0.0, language)
            action = say("act_works_share", language, amount=amount)
        else:
            action = say("act_upcoming", language, description=item.description)
        actions.append(_action(action, "high" if voted else "medium", text))
    return findings, risks, actions


def _meeting_summary(facts: PvAgAnalysis, voted: list[Works], language: str) -> str:
    total = sum(item.amount_ttc or 0.0 for item in voted)
    day = format_date(facts.meeting_date, language) if facts.meeting_date else "?"
    return say(
        "meeting",
        language,
        day=day,
        resolutions=len(facts.resolutions),
        works=len(voted),
        amount=format_eur(total, language),
    )


def _works_text(item: Works, language: str) -> str:
    amount = format_eur(item.amount_ttc or 0.0, language)
    key = "voted_works" if item.status == "voted" else "upcoming_works"
    return say(key, language, description=item.description, amount=amount)


def _calls_text(item: Works, language: str) -> list[str]:
    if not item.call_for_funds:
        return []
    separator = " : " if language == "fr" else ": "
    calls = ", ".join(
        (format_date(call.due_date, language) + separator if call.due_date else "")
        + format_eur(call.amount, language)
        for call in item.call_for_funds
    )
    return [say("fund_calls", language, calls=calls)]


def _meeting_amounts(facts: PvAgAnalysis, language: str) -> list[str]:
    found: list[str] = []
    for key, amount in (
        ("budget", facts.annual_budget),
        ("fonds_contribution", facts.fonds_travaux_contribution),
        ("fonds_balance", facts.fonds_travaux_balance),
    ):
        if amount is not None:
            found.append(say(key, language, amount=format_eur(amount, language)))
    rejected = [item.number for item in facts.resolutions if item.result == "rejetee"]
    if rejected:
        found.append(say("rejected", language, numbers=", ".join(rejected)))
    return found


def describe_taxe_fonciere(
    facts: TaxeFonciereAnalysis, language: str
) -> TaxeFonciereAnalysis:
    """``facts`` with the words of a property tax notice."""
    findings: list[str] = []
    for name, amount in facts.breakdown.model_dump(exclude_none=True).items():
        label = TAX_LABELS[name][0 if language == "fr" else 1]
        findings.append(
            say("tax_part", language, label=label, amount=format_eur(amount, language))
        )
    summary = ""
    if facts.total_amount is not None:
        amount = format_eur(facts.total_amount, language)
        summary = say(
            "tax", language, year=facts.tax_year or "", amount=amount
        ).replace("  ", " ")
        monthly = format_eur(round(facts.total_amount / 12, 2), language)
        findings.append(say("tax_monthly", language, amount=monthly))
    if facts.cadastral_reference:
        findings.append(say("cadastre", language, reference=facts.cadastral_reference))
    return facts.model_copy(update={"summary": summary, "key_findings": findings[:20]})


def describe_charges(facts: ChargesAnalysis, language: str) -> ChargesAnalysis:
    """``facts`` with the words of a charges statement."""
    summary = ""
    risks: list[RiskFactor] = []
    actions: list[ActionItem] = []
    if facts.total_for_period is not None:
        amount = format_eur(facts.total_for_period, language)
        yearly = facts.annualized_total
        yearly_text = format_eur(yearly, language) if yearly else "?"
        summary = say("charges", language, amount=amount, yearly=yearly_text)
        if yearly is None:
            text = say("charges_unknown_period", language)
            risks.append(RiskFactor(severity="low", description=text))
            actions.append(_action(say("act_charges_period", language), "medium", text))
    return facts.model_copy(
        update={
            "summary": summary,
            "key_findings": _charges_findings(facts, language),
            "risk_factors": risks,
            "action_items": actions,
        }
    )


def _charges_findings(facts: ChargesAnalysis, language: str) -> list[str]:
    findings: list[str] = []
    if facts.period_start and facts.period_end:
        start = format_date(facts.period_start, language)
        end = format_date(facts.period_end, language)
        findings.append(say("charges_period", language, start=start, end=end))
    for name, labels in CHARGES_LABELS.items():
        amount = getattr(facts, name)
        if amount is not None:
            label = labels[0 if language == "fr" else 1]
            text = format_eur(amount, language)
            findings.append(say("charges_part", language, label=label, amount=text))
    if facts.tantiemes_lot and facts.tantiemes_total:
        lot = facts.lot_number or "?"
        part, whole = facts.tantiemes_lot, facts.tantiemes_total
        findings.append(say("tantiemes", language, lot=lot, part=part, whole=whole))
    return findings


def describe_other(facts: OtherAnalysis, name: str, language: str) -> OtherAnalysis:
    """``facts`` with the words of another document, named ``name``."""
    findings: list[str] = []
    actions: list[ActionItem] = []
    for obligation in facts.financial_obligations:
        amount = (
            format_eur(obligation.amount, language)
            if obligation.amount is not None
            else "?"
        )
        text = say(
            "obligation", language, description=obligation.description, amount=amount
        )
        findings.append(text)
        if obligation.frequency == "one_time" and obligation.paid is not True:
            actions.append(
                _action(
                    say("act_obligation", language, description=obligation.description),
                    "medium",
                    text,
                )
            )
    for key_date in facts.key_dates:
        day = format_date(key_date.day, language)
        findings.append(
            say("key_date", language, day=day, description=key_date.description)
        )
    return facts.model_copy(
        update={
            "summary": say("other", language, name=name),
            "key_findings": [finding[:300] for finding in findings][:20],
            "action_items": _unique(actions)[:15],
        }
    )


def _action(action: str, urgency: Severity, reason: str) -> ActionItem:
    return ActionItem(action=action[:300], urgency=urgency, reason=reason[:500])


def _unique(actions: list[ActionItem]) -> list[ActionItem]:
    seen: set[str] = set()
    kept: list[ActionItem] = []
    for action in actions:
        if action.action not in seen:
            seen.add(action.action)
            kept.append(action)
    return kept
