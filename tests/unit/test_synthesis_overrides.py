"""The stored overrides: merging a PATCH into them, reading them back."""

from __future__ import annotations

from common.services.synthesis_overrides import (
    LineOverride,
    merge_overrides,
    parse_overrides,
)


def test_merge_into_nothing_sets_tantiemes_and_lines() -> None:
    patch = {"tantiemes": {"lot": 10, "total": 100}, "lines": {"a": {"amount": 5.0}}}

    merged = merge_overrides(None, patch)

    assert merged == {
        "tantiemes": {"lot": 10, "total": 100},
        "lines": {"a": {"amount": 5.0}},
    }


def test_merge_replaces_sent_fields_and_keeps_the_others() -> None:
    stored = {
        "tantiemes": {"lot": 10, "total": 100},
        "lines": {"a": {"amount": 5.0, "included": False}, "b": {"included": False}},
    }

    merged = merge_overrides(stored, {"lines": {"a": {"amount": 7.5}}})

    assert merged == {
        "tantiemes": {"lot": 10, "total": 100},
        "lines": {"a": {"amount": 7.5, "included": False}, "b": {"included": False}},
    }


def test_merge_null_removes_an_override_and_empty_lines_disappear() -> None:
    stored = {
        "tantiemes": {"lot": 10, "total": 100},
        "lines": {"a": {"amount": 5.0, "included": False}, "b": {"included": False}},
    }
    patch = {
        "tantiemes": None,
        "lines": {"a": {"amount": None}, "b": {"included": None}},
    }

    merged = merge_overrides(stored, patch)

    assert merged == {"tantiemes": None, "lines": {"a": {"included": False}}}


def test_merge_without_tantiemes_key_keeps_them() -> None:
    stored = {"tantiemes": {"lot": 10, "total": 100}, "lines": {}}

    assert merge_overrides(stored, {})["tantiemes"] == {"lot": 10, "total": 100}


def test_merge_does_not_mutate_the_stored_overrides() -> None:
    stored = {"tantiemes": None, "lines": {"a": {"amount": 5.0}}}

    merge_overrides(stored, {"lines": {"a": {"amount": None}}})

    assert stored == {"tantiemes": None, "lines": {"a": {"amount": 5.0}}}


def test_parse_reads_values_and_ignores_malformed_entries() -> None:
    raw = {
        "tantiemes": {"lot": 200, "total": 100},
        "lines": {"a": {"amount": 12, "included": "yes"}, "b": "nonsense"},
    }

    overrides = parse_overrides(raw)

    assert overrides.tantiemes is None
    assert overrides.lines == {"a": LineOverride(amount=12.0, included=None)}


def test_parse_of_nothing_is_no_override() -> None:
    overrides = parse_overrides(None)

    assert (overrides.tantiemes, overrides.lines) == (None, {})
