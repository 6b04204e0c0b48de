"""Words of a synthesis in French and English: cost labels, risk factors, amounts.

Used for the labels of cost lines, the descriptions of risk factors given to the AI
narrator, and the deterministic narrative written when the narrator cannot answer.
"""

from __future__ import annotations

from collections.abc import Mapping

Texts = Mapping[str, tuple[str, str]]  # code -> (English, French)

ANNUAL_LABELS: Texts = {
    "charges_copropriete": ("Co-ownership charges", "Charges de copropriété"),
    "taxe_fonciere": ("Property tax", "Taxe foncière"),
    "estimated_energy": ("Estimated energy costs", "Dépenses d'énergie estimées"),
    "fonds_travaux": ("Works fund (ALUR)", "Fonds de travaux (ALUR)"),
    "other_recurring": ("Other recurring costs", "Autres frais récurrents"),
}
FACTOR_TEXTS: Texts = {
    "dpe_rental_ban": (
        "Energy class {energy_class}: renting it out is banned from {ban_year} "
        "(loi Climat et Résilience).",
        "Classe énergie {energy_class} : location interdite à partir de {ban_year} "
        "(loi Climat et Résilience).",
    ),
    "dpe_expired": (
        "The DPE expired on {valid_until}.",
        "Le DPE a expiré le {valid_until}.",
    ),
    "dpe_missing": (
        "No DPE among the diagnostics.",
        "Aucun DPE parmi les diagnostics.",
    ),
    "amiante_present": ("Asbestos was found.", "Présence d'amiante constatée."),
    "plomb_risk": ("Lead paint risk.", "Risque d'exposition au plomb."),
    "termites_present": ("Termites were found.", "Présence de termites constatée."),
    "installation_danger": (
        "The {installation} installation presents an immediate danger.",
        "L'installation de {installation} présente un danger immédiat.",
    ),
    "installation_anomalies": (
        "Anomalies in the {installation} installation.",
        "Anomalies dans l'installation de {installation}.",
    ),
    "copro_problem": (
        "Co-ownership issue reported in general meetings: {kind} ({count}).",
        "Problème de copropriété signalé en assemblée générale : {kind} ({count}).",
    ),
    "missing_documents": (
        "Missing key documents: {categories}.",
        "Documents clés manquants : {categories}.",
    ),
    "works_burden": (
        "Voted works: {amount} for this lot{ratio}.",
        "Travaux votés : {amount} pour ce lot{ratio}.",
    ),
    "works_share_unknown": (
        "Voted works whose share for this lot is unknown (tantièmes missing).",
        "Travaux votés dont la quote-part du lot est inconnue (tantièmes manquants).",
    ),
    "unpaid_one_time_costs": (
        "One-time costs the buyer may still have to pay: {amount}.",
        "Frais ponctuels restant potentiellement à la charge de l'acheteur : {amount}.",
    ),
    "high_charges": (
        "Charges of {per_m2} per m² per year, above the usual 50 €.",
        "Charges de {per_m2} par m² et par an, au-dessus des 50 € habituels.",
    ),
    "tantiemes_unknown": (
        "The lot's tantièmes are unknown.",
        "Les tantièmes du lot sont inconnus.",
    ),
}
WORDS: Texts = {
    "electricite": ("electricity", "électricité"),
    "gaz": ("gas", "gaz"),
    "litige": ("litigation", "litige"),
    "procedure": ("legal proceedings", "procédure"),
    "impayes": ("unpaid charges", "impayés"),
    "sinistre": ("damage claim", "sinistre"),
    "other": ("other", "autre"),
    "pv_ag": ("general meeting minutes", "PV d'AG"),
    "diags": ("diagnostics", "diagnostics"),
    "charges": ("charges statements", "appels de charges"),
    "taxe_fonciere": ("property tax notice", "avis de taxe foncière"),
}


def pick(texts: Texts, code: str, language: str) -> str:
    """The text of ``code`` in ``language`` (French unless ``en``)."""
    english, french = texts[code]
    return english if language == "en" else french


def annual_label(key: str, language: str) -> str:
    """The label of an annual cost key."""
    return pick(ANNUAL_LABELS, key, language)


def format_money(amount: float, language: str) -> str:
    """``1234.5`` as ``€1,234.50`` (en) or ``1 234,50 €`` (fr)."""
    english = f"{amount:,.2f}"
    if language == "en":
        return f"€{english}"
    french = english.replace(",", "\u202f").replace(".", ",")
    return f"{french}\u00a0€"


def describe_factor(code: str, details: Mapping[str, object], language: str) -> str:
    """A sentence for a risk factor."""
    values: dict[str, object] = {
        key: _word(value, language) for key, value in details.items()
    }
    for name in ("amount", "per_m2"):
        if isinstance(details.get(name), int | float):
            values[name] = format_money(float(details[name]), language)  # type: ignore[arg-type]
    ratio = details.get("ratio_pct")
    values["ratio"] = ""
    if isinstance(ratio, int | float):
        percent = (
            f"{ratio:.2f}" if language == "en" else f"{ratio:.2f}".replace(".", ",")
        )
        of_price = "of the price" if language == "en" else "du prix"
        values["ratio"] = f" ({percent}\u00a0% {of_price})"
    if code == "missing_documents":
        names = str(details.get("categories", "")).split(", ")
        values["categories"] = ", ".join(_word(name, language) for name in names)
    try:
        return pick(FACTOR_TEXTS, code, language).format(**values)
    except (KeyError, IndexError):
        return code


def _word(value: object, language: str) -> str:
    text = str(value)
    return pick(WORDS, text, language) if text in WORDS else text
