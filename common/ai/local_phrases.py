"""The French and English sentences of the per-document narrative of the local provider.

Data only: ``local_narrative.say`` looks every key up (these are merged into its
``PHRASES``), and ``local_narrative_diags`` / ``local_narrative_documents`` choose
which to say from the facts. Each entry is (French, English), with ``str.format``
fields.
"""

from __future__ import annotations

DOCUMENT_PHRASES: dict[str, tuple[str, str]] = {
    # --- diagnostics
    "dpe": ("DPE classe {energy_class}{value}.", "DPE class {energy_class}{value}."),
    "dpe_missing": ("Diagnostics sans DPE lisible.", "Diagnostics without a DPE."),
    "dpe_classes": (
        "DPE : classe énergie {energy}, classe climat (GES) {ges}.",
        "DPE: energy class {energy}, climate (GES) class {ges}.",
    ),
    "dpe_values": (
        "Consommation {kwh} kWh/m²/an, émissions {kg} kg CO₂/m²/an.",
        "Consumption {kwh} kWh/m²/year, emissions {kg} kg CO₂/m²/year.",
    ),
    "dpe_inferred": (
        "La lettre de classe {which} n'est pas lisible : elle est déduite des "
        "valeurs avec les seuils du DPE.",
        "The {which} class letter is not legible: it is inferred from the values "
        "with the DPE thresholds.",
    ),
    "which_energy": ("énergie", "energy"),
    "which_ges": ("climat (GES)", "climate (GES)"),
    "dpe_dates": (
        "DPE établi le {issued}, valable jusqu'au {until}.",
        "DPE issued on {issued}, valid until {until}.",
    ),
    "dpe_old": (
        "DPE réalisé avant la réforme de juillet 2021 : valable au plus tard "
        "jusqu'au {until}.",
        "DPE made before the July 2021 reform: valid until {until} at the latest.",
    ),
    "dpe_cost": (
        "Coût annuel d'énergie estimé : {low}.",
        "Estimated yearly energy cost: {low}.",
    ),
    "dpe_costs": (
        "Coût annuel d'énergie estimé : {low} à {high}.",
        "Estimated yearly energy cost: {low} to {high}.",
    ),
    "rental_ban": (
        "DPE classe {energy_class} : location interdite à partir de {year}.",
        "DPE class {energy_class}: renting it out is banned from {year}.",
    ),
    "asbestos": ("Présence d'amiante signalée.", "Asbestos reported."),
    "asbestos_none": (
        "Amiante : aucun matériau amianté repéré.",
        "Asbestos: no material containing asbestos found.",
    ),
    "lead_classes": (
        "Plomb (CREP) : unités de classe {classes}.",
        "Lead (CREP): units of class {classes}.",
    ),
    "lead_risk": (
        "Plomb : risque d'exposition (revêtements dégradés ou au-delà de 1 mg/cm²).",
        "Lead: exposure risk (degraded coatings or 1 mg/cm² and more).",
    ),
    "lead_none": ("Plomb : pas de risque relevé.", "Lead: no risk found."),
    "electrical": (
        "Électricité : {count} anomalie(s).",
        "Electrical installation: {count} anomaly(ies).",
    ),
    "gas": ("Gaz : {count} anomalie(s).", "Gas installation: {count} anomaly(ies)."),
    "installation_ok": (
        "{name} : aucune anomalie.",
        "{name}: no anomaly.",
    ),
    "name_electricite": ("Électricité", "Electrical installation"),
    "name_gaz": ("Gaz", "Gas installation"),
    "danger": (
        "{name} : danger grave et immédiat signalé.",
        "{name}: serious and immediate danger reported.",
    ),
    "termites": ("Termites : présence signalée.", "Termites reported."),
    "termites_none": ("Termites : aucun indice.", "Termites: no sign found."),
    "erp": ("Risques (ERP) : {risks}.", "Hazards (ERP): {risks}."),
    "erp_risk": (
        "Risque à vérifier (ERP) : {risk}.",
        "Hazard to check (ERP): {risk}.",
    ),
    "carrez": ("Surface loi Carrez : {surface} m².", "Carrez surface: {surface} m²."),
    "diagnostics": ("Diagnostics : {names}.", "Diagnostics: {names}."),
    "act_renovation": (
        "Faire chiffrer la rénovation énergétique avant de signer",
        "Get the energy renovation priced before signing",
    ),
    "act_dpe": ("Demander un DPE lisible et valide", "Ask for a legible, valid DPE"),
    "act_asbestos": (
        "Faire chiffrer le retrait ou la surveillance de l'amiante",
        "Get the removal or monitoring of the asbestos priced",
    ),
    "act_lead": (
        "Faire chiffrer les travaux sur les peintures au plomb",
        "Get the works on the lead paint priced",
    ),
    "act_installation": (
        "Faire chiffrer la mise en sécurité : {name}",
        "Get the safety works priced: {name}",
    ),
    "act_termites": (
        "Faire traiter les termites et contrôler la structure",
        "Have the termites treated and the structure checked",
    ),
    "act_erp": (
        "Vérifier les prescriptions et l'assurance liées aux risques",
        "Check the requirements and insurance that the hazards imply",
    ),
    # --- general meetings
    "meeting": (
        "Assemblée générale du {day} : {resolutions} résolution(s), {works} travaux "
        "votés pour {amount}.",
        "General meeting of {day}: {resolutions} resolution(s), {works} works voted "
        "for {amount}.",
    ),
    "voted_works": (
        "Travaux votés : {description} ({amount}).",
        "Works voted: {description} ({amount}).",
    ),
    "upcoming_works": (
        "Travaux reportés, à prévoir : {description} ({amount}).",
        "Works postponed, to expect: {description} ({amount}).",
    ),
    "fund_calls": (
        "Appels de fonds : {calls}.",
        "Calls for funds: {calls}.",
    ),
    "ht_note": (
        "{amount} HT converti avec une TVA de {rate} %",
        "{amount} excl. VAT converted at {rate} % VAT",
    ),
    "rejected": (
        "Résolution(s) rejetée(s) : {numbers}.",
        "Resolution(s) rejected: {numbers}.",
    ),
    "budget": ("Budget prévisionnel voté : {amount}.", "Budget voted: {amount}."),
    "fonds_balance": (
        "Fonds de travaux disponible : {amount}.",
        "Works fund balance: {amount}.",
    ),
    "fonds_contribution": (
        "Cotisation annuelle au fonds de travaux : {amount}.",
        "Yearly works fund contribution: {amount}.",
    ),
    "syndic": ("Syndic : {name}.", "Managing agent: {name}."),
    "problem": ("{kind} : {description}", "{kind}: {description}"),
    "kind_litige": ("Litige", "Dispute"),
    "kind_procedure": ("Procédure", "Legal proceedings"),
    "kind_impayes": ("Impayés", "Unpaid charges"),
    "kind_sinistre": ("Sinistre", "Damage claim"),
    "kind_other": ("Problème", "Problem"),
    "act_works_share": (
        "Négocier la prise en charge des travaux votés ({amount})",
        "Negotiate who pays the voted works ({amount})",
    ),
    "act_problem": (
        "Demander au syndic où en est : {subject}",
        "Ask the managing agent about: {subject}",
    ),
    "act_upcoming": (
        "Anticiper les travaux reportés : {description}",
        "Plan for the postponed works: {description}",
    ),
    # --- tax, charges, other documents
    "tax": ("Taxe foncière {year} : {amount}.", "Property tax {year}: {amount}."),
    "tax_part": ("{label} : {amount}", "{label}: {amount}"),
    "cadastre": (
        "Référence cadastrale : {reference}.",
        "Cadastral reference: {reference}.",
    ),
    "tax_monthly": (
        "Soit environ {amount} par mois.",
        "About {amount} a month.",
    ),
    "charges": (
        "Appel de charges de {amount} pour la période ({yearly} par an).",
        "Charges of {amount} for the period ({yearly} a year).",
    ),
    "charges_period": ("Période : du {start} au {end}.", "Period: {start} to {end}."),
    "charges_part": ("{label} : {amount}", "{label}: {amount}"),
    "tantiemes": (
        "Lot {lot} : {part} / {whole} tantièmes.",
        "Lot {lot}: {part} / {whole} shares.",
    ),
    "charges_unknown_period": (
        "Période non identifiée : charges annuelles à confirmer.",
        "Period not identified: yearly charges to be confirmed.",
    ),
    "act_charges_period": (
        "Demander le décompte annuel des charges",
        "Ask for the yearly statement of charges",
    ),
    "other": ("Document : {name}.", "Document: {name}."),
    "obligation": ("{description} : {amount}", "{description}: {amount}"),
    "key_date": ("{day} : {description}", "{day}: {description}"),
    "act_obligation": (
        "Vérifier qui paie : {description}",
        "Check who pays: {description}",
    ),
}
