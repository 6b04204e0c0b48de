"""Pure statistics of the price analysis: quantiles, outliers, adjustment, verdict.

Quantiles use linear interpolation between order statistics (Hyndman & Fan type 7,
numpy's default): ``h = (n - 1) * q``, ``x[floor h] + (h - floor h) * (x[ceil h] -
x[floor h])`` on the sorted sample. Outliers: Tukey fences (k = 1.5) on type-7
quartiles when n >= 8; for 4 <= n < 8 the modified z-score of Iglewicz & Hoaglin
``0.6745 * (x - median) / MAD`` above 3.5 (when the MAD is zero, the mean absolute
deviation scaled by 1.253314 replaces it); below 4 values nothing is removed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

Verdict = Literal[
    "excellent_deal", "good_deal", "fair_price", "slightly_overpriced",
    "overpriced", "heavily_overpriced",
]  # fmt: skip
ConfidenceLevel = Literal["low", "medium", "high"]

TUKEY_K = 1.5
TUKEY_MIN_N = 8
MAD_MIN_N = 4
MODIFIED_Z_LIMIT = 3.5
DAYS_PER_YEAR = 365.25
# Upper bounds (exclusive) of the deviation in percent, checked in order.
VERDICT_SCALE: tuple[tuple[float, Verdict], ...] = (
    (-10.0, "excellent_deal"),
    (-5.0, "good_deal"),
    (5.0, "fair_price"),
    (10.0, "slightly_overpriced"),
    (20.0, "overpriced"),
)
# Confidence: sample size saturates at 20 sales, dispersion (IQR / median) is
# worthless at 0.5, and each search scope carries a proximity factor.
CONFIDENCE_FULL_N = 20
CONFIDENCE_MAX_DISPERSION = 0.5
HIGH_CONFIDENCE = 0.6
MEDIUM_CONFIDENCE = 0.35


@dataclass(frozen=True)
class Summary:
    """Median and quartiles of a sample, and its relative dispersion."""

    count: int
    median: float
    p25: float
    p75: float
    dispersion: float


def quantile(values: Sequence[float], q: float) -> float:
    """The type-7 (linear interpolation) quantile ``q`` of a non-empty sample."""
    if not values:
        raise ValueError("quantile of an empty sample")
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def median(values: Sequence[float]) -> float:
    """The median of a non-empty sample."""
    return quantile(values, 0.5)


def summarise(values: Sequence[float]) -> Summary:
    """Median, p25, p75 and IQR / median of a non-empty sample."""
    mid = median(values)
    p25, p75 = quantile(values, 0.25), quantile(values, 0.75)
    dispersion = (p75 - p25) / mid if mid > 0 else 0.0
    return Summary(len(values), mid, p25, p75, dispersion)


def outlier_flags(values: Sequence[float]) -> list[bool]:
    """Which values are outliers under the sample-size dependent rule."""
    n = len(values)
    if n >= TUKEY_MIN_N:
        q1, q3 = quantile(values, 0.25), quantile(values, 0.75)
        low, high = q1 - TUKEY_K * (q3 - q1), q3 + TUKEY_K * (q3 - q1)
        return [not low <= v <= high for v in values]
    if n >= MAD_MIN_N:
        return [abs(z) > MODIFIED_Z_LIMIT for z in modified_z_scores(values)]
    return [False] * n


def modified_z_scores(values: Sequence[float]) -> list[float]:
    """Iglewicz-Hoaglin modified z-scores (mean absolute deviation if MAD is 0)."""
    mid = median(values)
    deviations = [abs(v - mid) for v in values]
    mad = median(deviations)
    if mad > 0:
        return [0.6745 * (v - mid) / mad for v in values]
    mean_ad = sum(deviations) / len(deviations)
    if mean_ad > 0:
        return [(v - mid) / (1.253314 * mean_ad) for v in values]
    return [0.0] * len(values)


def years_between(start: date, end: date) -> float:
    """Age in years (365.25-day years) from ``start`` to ``end``."""
    return (end - start).days / DAYS_PER_YEAR


def time_adjusted(price_m2: float, sold_on: date, today: date, rate: float) -> float:
    """``price_m2`` compounded at the annual ``rate`` over the sale's age."""
    return float(price_m2 * (1.0 + rate) ** years_between(sold_on, today))


def deviation_pct(asking: float, estimate: float) -> float:
    """(asking - estimate) / estimate in percent, rounded to 2 decimals."""
    return round((asking - estimate) / estimate * 100.0, 2)


def verdict(deviation: float) -> Verdict:
    """The verdict of a deviation in percent (bounds are exclusive upper bounds)."""
    for bound, label in VERDICT_SCALE:
        if deviation < bound:
            return label
    return "heavily_overpriced"


def confidence(
    count: int, dispersion: float, proximity: float
) -> tuple[ConfidenceLevel, float]:
    """Level and 0-1 score from sample size, IQR / median and search proximity."""
    size = min(1.0, count / CONFIDENCE_FULL_N)
    spread = max(0.0, 1.0 - dispersion / CONFIDENCE_MAX_DISPERSION)
    score = round(size * spread * proximity, 2)
    if score >= HIGH_CONFIDENCE:
        return "high", score
    if score >= MEDIUM_CONFIDENCE:
        return "medium", score
    return "low", score


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    """The weighted median (midpoint when the cumulative weight hits half exactly)."""
    pairs = sorted((v, w) for v, w in zip(values, weights, strict=True) if w > 0)
    if not pairs:
        raise ValueError("weighted median without positive weight")
    half = sum(w for _, w in pairs) / 2.0
    cumulative = 0.0
    for index, (value, weight) in enumerate(pairs):
        cumulative += weight
        if math.isclose(cumulative, half) and index + 1 < len(pairs):
            return (value + pairs[index + 1][0]) / 2.0
        if cumulative > half:
            return value
    return pairs[-1][0]


def weighted_theil_sen(
    xs: Sequence[float], ys: Sequence[float], weights: Sequence[float]
) -> float | None:
    """Weighted median of pairwise slopes (pair weight w_i * w_j); None below 2."""
    slopes: list[float] = []
    pair_weights: list[float] = []
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if xs[j] != xs[i] and weights[i] > 0 and weights[j] > 0:
                slopes.append((ys[j] - ys[i]) / (xs[j] - xs[i]))
                pair_weights.append(weights[i] * weights[j])
    if not slopes:
        return None
    return weighted_median(slopes, pair_weights)
