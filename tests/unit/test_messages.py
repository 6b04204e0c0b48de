"""The EN/FR message catalog and Accept-Language negotiation."""

from __future__ import annotations

import pytest

from common.messages import negotiate_language, register, translate


def test_translate_known_key_in_both_languages() -> None:
    assert translate("not_found", "en") == "Not found."
    assert translate("not_found", "fr") == "Introuvable."


def test_translate_formats_parameters() -> None:
    message = translate("rate_limited", "fr", retry_after=30)

    assert message == "Trop de requêtes. Réessayez dans 30 secondes."


def test_translate_unknown_key_returns_the_generic_message() -> None:
    assert translate("does_not_exist", "en") == "An unexpected error occurred."


def test_translate_with_missing_parameter_returns_the_template() -> None:
    assert translate("invalid_fields", "en") == "Invalid value for: {fields}."


def test_register_adds_a_capability_message() -> None:
    register("test_capability_message", "Hello {name}.", "Bonjour {name}.")

    assert translate("test_capability_message", "fr", name="Zoé") == "Bonjour Zoé."
    assert translate("test_capability_message", "en", name="Zoé") == "Hello Zoé."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),
        ("en-GB,en;q=0.9,fr;q=0.8", "en"),
        ("en;q=0.5, fr;q=0.8", "fr"),
        ("fr;q=0.2, en;q=0.9", "en"),
        ("FR-be", "fr"),
        ("de-DE,de;q=0.9,fr;q=0.5", "fr"),
        ("fr, en", "fr"),
        ("en, fr", "en"),
        ("fr;q=0.8, en;q=0.8", "fr"),
    ],
)
def test_negotiate_language_picks_the_best_supported_language(
    header: str, expected: str
) -> None:
    assert negotiate_language(header) == expected


@pytest.mark.parametrize(
    "header",
    [None, "", "de-DE,es;q=0.9", "*", "fr;q=0", "fr;q=abc", ";;;,,,", "q=0.5"],
)
def test_negotiate_language_without_usable_language_returns_default(
    header: str | None,
) -> None:
    assert negotiate_language(header) == "en"
    assert negotiate_language(header, default="fr") == "fr"
