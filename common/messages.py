"""Client-facing messages in English and French, keyed by a stable message key."""

from __future__ import annotations

SUPPORTED_LANGUAGES = ("en", "fr")

_CATALOG: dict[str, tuple[str, str]] = {
    # key: (English, French)
    "internal": (
        "An unexpected error occurred.",
        "Une erreur inattendue est survenue.",
    ),
    "invalid_input": ("The request is invalid.", "La requête est invalide."),
    "invalid_fields": (
        "Invalid value for: {fields}.",
        "Valeur invalide pour : {fields}.",
    ),
    "invalid_json": (
        "The request body is not valid JSON.",
        "Le corps de la requête n'est pas un JSON valide.",
    ),
    "json_required": (
        "The request body must be JSON (Content-Type: application/json).",
        "Le corps de la requête doit être du JSON (Content-Type: application/json).",
    ),
    "unsupported_media_type": (
        "Unsupported content type.",
        "Type de contenu non pris en charge.",
    ),
    "payload_too_large": (
        "The request is too large.",
        "La requête est trop volumineuse.",
    ),
    "unauthenticated": (
        "You must be signed in.",
        "Vous devez être connecté.",
    ),
    "forbidden": ("This action is not allowed.", "Cette action n'est pas autorisée."),
    "admin_required": (
        "This action requires an administrator.",
        "Cette action est réservée aux administrateurs.",
    ),
    "origin_not_allowed": (
        "Requests from this origin are not allowed.",
        "Les requêtes depuis cette origine ne sont pas autorisées.",
    ),
    "not_found": ("Not found.", "Introuvable."),
    "route_not_found": ("No such endpoint.", "Point d'accès inexistant."),
    "method_not_allowed": ("Method not allowed.", "Méthode non autorisée."),
    "conflict": ("The request conflicts with the current state.", "Conflit d'état."),
    "rate_limited": (
        "Too many requests. Try again in {retry_after} seconds.",
        "Trop de requêtes. Réessayez dans {retry_after} secondes.",
    ),
    "dependency_unavailable": (
        "A backing service is unavailable. Please retry.",
        "Un service est momentanément indisponible. Veuillez réessayer.",
    ),
    "database_unavailable": (
        "The database is unavailable. Please retry.",
        "La base de données est indisponible. Veuillez réessayer.",
    ),
    "event_in_progress": (
        "This event is being processed by another worker.",
        "Cet événement est en cours de traitement par un autre processus.",
    ),
}


def register(key: str, english: str, french: str) -> None:
    """Add messages of a capability (called at import of its service module)."""
    _CATALOG[key] = (english, french)


def translate(key: str, language: str, **params: object) -> str:
    """The message for ``key`` in ``language``, formatted with ``params``."""
    english, french = _CATALOG.get(key, _CATALOG["internal"])
    template = french if language == "fr" else english
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def negotiate_language(accept_language: str | None, default: str = "en") -> str:
    """Pick ``fr`` or ``en`` from an Accept-Language header, by quality value."""
    if not accept_language:
        return default
    best, best_quality = default, -1.0
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        quality -= position * 1e-6  # earlier entries win ties
        if language in SUPPORTED_LANGUAGES and quality > best_quality and quality > 0:
            best, best_quality = language, quality
    return best
