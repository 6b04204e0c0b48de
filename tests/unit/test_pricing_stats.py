"""Statistics of the price analysis against hand-computed expectations."""

from __future__ import annotations

from datetime import date

import pytest

from common.pricing.stats import (
    confidence,
    deviation_pct,
    median,
    modified_z_scores,
    outlier_flags,
    quantile,
    summarise,
    time_adjusted,
    verdict,
    weighted_median,
    weighted_theil_sen,
)


def test_quantile_even_sample_interpolates_linearly() -> None:
    # type 7: h = (n - 1) q = 0.75, 1.5, 2.25 on 1, 2, 3, 4
    assert quantile([4, 1, 3, 2], 0.25) == 1.75
    assert median([4, 1, 3, 2]) == 2.5
    assert quantile([4, 1, 3, 2], 0.75) == 3.25


def test_quantile_odd_sample_hits_order_statistics() -> None:
    assert quantile([50, 10, 40, 20, 30], 0.25) == 20
    assert median([50, 10, 40, 20, 30]) == 30
    assert quantile([50, 10, 40, 20, 30], 0.75) == 40
    assert median([7.0]) == 7.0


def test_quantile_empty_sample_raises() -> None:
    with pytest.raises(ValueError):
        quantile([], 0.5)


def test_summarise_sample_gives_quartiles_and_relative_iqr() -> None:
    summary = summarise([100, 200, 300, 400, 500])
    assert (summary.count, summary.median, summary.p25, summary.p75) == (
        5, 300, 200, 400,
    )  # fmt: skip
    assert summary.dispersion == pytest.approx(200 / 300)


def test_outliers_eight_values_use_tukey_fences() -> None:
    # q1 = 11.75, q3 = 15.25, IQR 3.5, fences 6.5 and 20.5
    assert outlier_flags([10, 11, 12, 13, 14, 15, 16, 40]) == [False] * 7 + [True]


def test_outliers_value_on_tukey_fence_is_kept() -> None:
    assert not any(outlier_flags([10, 11, 12, 13, 14, 15, 16, 20.5]))
    assert outlier_flags([10, 11, 12, 13, 14, 15, 16, 20.6])[-1]


def test_outliers_seven_values_use_modified_z_score() -> None:
    # median 100, MAD 1: z(130) = 0.6745 * 30 = 20.2
    values = [100, 102, 98, 101, 99, 100, 130]
    assert modified_z_scores(values)[-1] == pytest.approx(20.235)
    assert outlier_flags(values) == [False] * 6 + [True]


def test_outliers_modified_z_score_threshold_is_three_and_a_half() -> None:
    # MAD 1: z(105) = 3.3725 kept, z(106) = 4.047 removed
    assert not any(outlier_flags([100, 102, 98, 101, 99, 100, 105]))
    assert outlier_flags([100, 102, 98, 101, 99, 100, 106])[-1]


def test_outliers_four_values_are_checked() -> None:
    # median 10.5, MAD 0.5: z(50) = 0.6745 * 39.5 / 0.5 = 53.3
    assert outlier_flags([10, 10, 11, 50]) == [False, False, False, True]


def test_outliers_zero_mad_falls_back_to_mean_absolute_deviation() -> None:
    # MAD 0, mean AD 80: z(500) = 400 / (1.253314 * 80) = 3.99
    assert modified_z_scores([100, 100, 100, 100, 500])[-1] == pytest.approx(
        3.9894, abs=1e-4
    )
    assert outlier_flags([100, 100, 100, 100, 500]) == [False] * 4 + [True]
    assert not any(outlier_flags([100] * 5))


def test_outliers_below_four_values_nothing_removed() -> None:
    assert outlier_flags([1, 2, 1000]) == [False, False, False]


def test_time_adjusted_compounds_rate_over_age_in_years() -> None:
    # 2020-01-01 -> 2024-01-01 is 1461 days = 4 years of 365.25 days
    sold, today = date(2020, 1, 1), date(2024, 1, 1)
    assert time_adjusted(1000, sold, today, 0.05) == pytest.approx(1215.50625)
    assert time_adjusted(1000, sold, today, -0.10) == pytest.approx(656.1)
    assert time_adjusted(1000, sold, today, 0.0) == 1000


def test_deviation_pct_is_relative_to_estimate() -> None:
    assert deviation_pct(450_000, 500_000) == -10.0
    assert deviation_pct(550_000, 500_000) == 10.0
    assert deviation_pct(500_000, 500_000) == 0.0


@pytest.mark.parametrize(
    ("deviation", "expected"),
    [
        (-25.0, "excellent_deal"),
        (-10.01, "excellent_deal"),
        (-10.0, "good_deal"),
        (-5.01, "good_deal"),
        (-5.0, "fair_price"),
        (0.0, "fair_price"),
        (4.99, "fair_price"),
        (5.0, "slightly_overpriced"),
        (9.99, "slightly_overpriced"),
        (10.0, "overpriced"),
        (19.99, "overpriced"),
        (20.0, "heavily_overpriced"),
        (80.0, "heavily_overpriced"),
    ],
)
def test_verdict_boundaries_are_exclusive_upper_bounds(
    deviation: float, expected: str
) -> None:
    assert verdict(deviation) == expected


def test_verdict_from_prices_exactly_on_boundaries() -> None:
    assert verdict(deviation_pct(450_000, 500_000)) == "good_deal"
    assert verdict(deviation_pct(475_000, 500_000)) == "fair_price"
    assert verdict(deviation_pct(525_000, 500_000)) == "slightly_overpriced"
    assert verdict(deviation_pct(550_000, 500_000)) == "overpriced"
    assert verdict(deviation_pct(600_000, 500_000)) == "heavily_overpriced"


def test_confidence_large_tight_close_sample_is_high() -> None:
    # size 1, spread 1 - 0.1 / 0.5 = 0.8, proximity 1
    assert confidence(20, 0.1, 1.0) == ("high", 0.8)
    assert confidence(12, 0.0, 1.0) == ("high", 0.6)


def test_confidence_far_or_dispersed_sample_is_lower() -> None:
    assert confidence(20, 0.2, 0.7) == ("medium", 0.42)
    assert confidence(10, 0.25, 0.85) == ("low", 0.21)
    assert confidence(40, 0.5, 1.0) == ("low", 0.0)


def test_weighted_median_equal_weights_is_the_median() -> None:
    assert weighted_median([3, 1, 2], [1, 1, 1]) == 2
    assert weighted_median([1, 2, 3, 4], [1, 1, 1, 1]) == 2.5


def test_weighted_median_heavy_value_wins() -> None:
    assert weighted_median([1, 2, 3], [1, 1, 5]) == 3
    assert weighted_median([1, 2, 3], [0, 0, 2]) == 3


def test_weighted_theil_sen_equal_weights_is_median_pair_slope() -> None:
    # pair slopes 1, 5, 9
    assert weighted_theil_sen([0, 1, 2], [0, 1, 10], [1, 1, 1]) == 5


def test_weighted_theil_sen_pair_weights_are_products() -> None:
    # pair weights 100 (slope 1), 10 (slope 5), 10 (slope 9)
    assert weighted_theil_sen([0, 1, 2], [0, 1, 10], [10, 10, 1]) == 1


def test_weighted_theil_sen_single_point_has_no_slope() -> None:
    assert weighted_theil_sen([0], [1], [1]) is None
    assert weighted_theil_sen([0, 1], [1, 2], [1, 0]) is None
