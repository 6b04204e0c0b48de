"""The user's overrides applied to cost facts: lines, one-time items, totals (pure).

Overrides (``synthesis_overrides``) replace a line's amount or inclusion and the
tantièmes; an override of a line that no longer exists is reported as orphaned.

Payment status of a one-time item, as of ``today`` (stands for the sale date):

- ``copro`` works with calls for funds: the calls due on or before ``today`` are
  *called*. Under article 6-2 of the décret of 17 March 1967 the seller owes the
  provisions exigible before the sale, so a called amount is counted as not payable
  by the buyer: nothing called -> ``unpaid``, everything -> ``paid``, else
  ``partially_paid``. A call without due date is counted as not yet called.
- voted works without a schedule -> ``unknown``; works not voted yet -> ``unpaid``
  (nothing can have been called before the vote).
- ``direct`` obligations: the document's ``paid`` flag; otherwise ``unpaid`` until
  the due date and ``unknown`` after it.

``remaining_amount`` is what the buyer may still have to pay: the uncalled part times
the tantièmes share (``unknown`` counts in full, to stay on the safe side). When the
share is unknown the copropriété amount is used and the item and totals are flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from common.services.synthesis_facts import (
    AnnualFact,
    AnnualKey,
    CostFacts,
    CostType,
    OneTimeFact,
    WorkStatus,
    money,
    to_decimal,
)
from common.services.synthesis_overrides import LineOverride, Overrides
from common.services.synthesis_texts import annual_label

PaymentStatus = Literal["paid", "partially_paid", "unpaid", "unknown"]
SHARE_DIGITS = 6


@dataclass(frozen=True)
class AnnualLine:
    """A yearly cost of the lot, overrides applied."""

    id: str
    key: AnnualKey
    label: str
    amount: float
    computed_amount: float
    source_document_id: str
    source_filename: str
    basis: str
    description: str | None
    included: bool
    overridden: bool
    superseded: bool


@dataclass(frozen=True)
class OneTimeItem:
    """A one-time cost, overrides applied, with the buyer's share and payment status."""

    id: str
    description: str
    year: int | None
    status: WorkStatus
    cost_type: CostType
    amount: float | None
    computed_amount: float | None
    buyer_amount: float | None
    called_amount: float | None
    remaining_amount: float | None
    payment_status: PaymentStatus
    source_document_id: str
    source_filename: str
    included: bool
    overridden: bool
    superseded: bool
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Tantiemes:
    """The tantièmes used for the buyer's share, and where they come from."""

    lot: int
    total: int
    share: float
    overridden: bool
    source_document_id: str | None
    computed_lot: int | None
    computed_total: int | None


@dataclass(frozen=True)
class CostTotals:
    """Totals of the included lines and items."""

    annual_total: float = 0.0
    monthly_total: float = 0.0
    one_time_total: float = 0.0
    unpaid_total: float = 0.0
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Costs:
    """Everything about money in a synthesis, as the user sees it."""

    annual: tuple[AnnualLine, ...] = ()
    one_time: tuple[OneTimeItem, ...] = ()
    tantiemes: Tantiemes | None = None
    totals: CostTotals = CostTotals()
    orphaned_overrides: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def apply_overrides(
    facts: CostFacts, overrides: Overrides, *, language: str, today: date
) -> Costs:
    """The costs the user sees: facts, then overrides, then totals."""
    line_overrides = overrides.lines or {}
    tantiemes = _tantiemes(facts, overrides)
    share = to_decimal(tantiemes.share) if tantiemes else None
    annual = tuple(
        _annual_line(fact, line_overrides.get(fact.id), language)
        for fact in facts.annual
    )
    one_time = tuple(
        _one_time_item(fact, line_overrides.get(fact.id), share, today)
        for fact in facts.one_time
    )
    known = {line.id for line in annual} | {item.id for item in one_time}
    return Costs(
        annual=annual,
        one_time=one_time,
        tantiemes=tantiemes,
        totals=_totals(annual, one_time),
        orphaned_overrides=tuple(sorted(set(line_overrides) - known)),
        warnings=facts.warnings,
    )


def _tantiemes(facts: CostFacts, overrides: Overrides) -> Tantiemes | None:
    computed = facts.tantiemes
    lot_total = overrides.tantiemes or (
        (computed.lot, computed.total) if computed else None
    )
    if lot_total is None:
        return None
    lot, total = lot_total
    share = round(lot / total, SHARE_DIGITS)
    return Tantiemes(
        lot=lot, total=total, share=share, overridden=overrides.tantiemes is not None,
        source_document_id=str(computed.source_document_id) if computed else None,
        computed_lot=computed.lot if computed else None,
        computed_total=computed.total if computed else None,
    )  # fmt: skip


def _annual_line(
    fact: AnnualFact, override: LineOverride | None, language: str
) -> AnnualLine:
    override = override or LineOverride()
    amount = fact.amount if override.amount is None else money(override.amount)
    included = not fact.superseded if override.included is None else override.included
    return AnnualLine(
        id=fact.id, key=fact.key, label=annual_label(fact.key, language), amount=amount,
        computed_amount=fact.amount, source_document_id=str(fact.source_document_id),
        source_filename=fact.source_filename, basis=fact.basis,
        description=fact.description, included=included,
        overridden=override != LineOverride(), superseded=fact.superseded,
    )  # fmt: skip


def _one_time_item(
    fact: OneTimeFact, override: LineOverride | None, share: Decimal | None, today: date
) -> OneTimeItem:
    override = override or LineOverride()
    amount = fact.amount if override.amount is None else money(override.amount)
    included = not fact.superseded if override.included is None else override.included
    status, called = _payment(fact, amount, today)
    flags: list[str] = [] if amount is not None else ["amount_unknown"]
    factor = Decimal(1) if fact.cost_type == "direct" else share
    if factor is None:
        flags.append("share_unknown")
    buyer = None if amount is None or factor is None else to_decimal(amount) * factor
    remaining = _remaining(status, amount, called)
    if remaining is not None and factor is not None:
        remaining *= factor
    return OneTimeItem(
        id=fact.id, description=fact.description, year=fact.year, status=fact.status,
        cost_type=fact.cost_type, amount=amount, computed_amount=fact.amount,
        buyer_amount=None if buyer is None else money(buyer),
        called_amount=None if called is None else money(called),
        remaining_amount=None if remaining is None else money(remaining),
        payment_status=status, source_document_id=str(fact.source_document_id),
        source_filename=fact.source_filename, included=included,
        overridden=override != LineOverride(), superseded=fact.superseded,
        flags=tuple(flags),
    )  # fmt: skip


def _payment(
    fact: OneTimeFact, amount: float | None, today: date
) -> tuple[PaymentStatus, Decimal | None]:
    """The payment status and the amount already called (copropriété level)."""
    if fact.cost_type == "direct":
        if fact.paid is not None:
            return ("paid" if fact.paid else "unpaid"), None
        overdue = fact.due_date is not None and fact.due_date <= today
        return ("unknown" if overdue else "unpaid"), None
    if not fact.calls:
        voted = fact.status == "voted"
        return ("unknown", None) if voted else ("unpaid", Decimal(0))
    called = sum(
        (
            to_decimal(c.amount)
            for c in fact.calls
            if c.due_date and c.due_date <= today
        ),
        Decimal(0),
    )
    scheduled = sum((to_decimal(call.amount) for call in fact.calls), Decimal(0))
    base = to_decimal(amount) if amount is not None else scheduled
    if called == 0:
        return "unpaid", called
    return ("paid" if called >= base else "partially_paid"), called


def _remaining(
    status: PaymentStatus, amount: float | None, called: Decimal | None
) -> Decimal | None:
    if amount is None:
        return None
    if status == "paid":
        return Decimal(0)
    return max(to_decimal(amount) - (called or Decimal(0)), Decimal(0))


def _totals(
    annual: tuple[AnnualLine, ...], one_time: tuple[OneTimeItem, ...]
) -> CostTotals:
    annual_total = sum((to_decimal(x.amount) for x in annual if x.included), Decimal(0))
    one_time_total = unpaid_total = Decimal(0)
    flags: set[str] = set()
    for item in one_time:
        if not item.included:
            continue
        if item.amount is None:
            flags.add("one_time_amounts_unknown")
            continue
        if "share_unknown" in item.flags:
            flags.add("one_time_total_includes_copro_amounts")
        own = item.buyer_amount if item.buyer_amount is not None else item.amount
        one_time_total += to_decimal(own)
        unpaid_total += to_decimal(item.remaining_amount or 0)
    return CostTotals(
        annual_total=money(annual_total),
        monthly_total=money(annual_total / 12),
        one_time_total=money(one_time_total),
        unpaid_total=money(unpaid_total),
        flags=tuple(sorted(flags)),
    )
