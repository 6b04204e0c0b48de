"""The Gemini image adapter against the loopback fake Gemini REST server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from common.ai.gemini_images import GeminiImageProvider
from common.ai.images import ImageEditRequest, RedesignRefused, SourceImage, Turn
from common.errors import DependencyFailed
from tests.fakes.gemini import FakeGemini
from tests.fixtures.photos import encoded, phone_jpeg, png_photo, room_photo
from tests.support import reset_process_state

MODEL = "gemini-2.5-flash-image-test"
PHOTO = SourceImage(phone_jpeg(), "image/jpeg")
REFERENCE = SourceImage(png_photo(64, 48), "image/png")
DRAWN = encoded(room_photo(96, 72), "PNG")
SIGNATURE = b"\x01signature-of-turn-one"


@pytest.fixture
def gemini() -> Iterator[FakeGemini]:
    with FakeGemini(model=MODEL) as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def provider(gemini: FakeGemini, sleeps: list[float]) -> GeminiImageProvider:
    os.environ.update(
        {
            "APP_AI_PROVIDER": "gemini",
            "APP_GEMINI_API_KEY": gemini.api_key,
            "APP_GEMINI_IMAGE_MODEL": MODEL,
            "APP_GEMINI_MAX_ATTEMPTS": "3",
        }
    )
    reset_process_state()
    return GeminiImageProvider.from_settings(
        base_url=gemini.base_url, sleep=sleeps.append
    )


def first_turn(**options: object) -> ImageEditRequest:
    return ImageEditRequest(
        prompt="Redesign the living room in a cozy hygge style.",
        image=PHOTO,
        aspect_ratio="4:3",
        references=(REFERENCE,),
        **options,  # type: ignore[arg-type]
    )


def test_edit_sends_photo_references_prompt_and_aspect_ratio(
    provider: GeminiImageProvider, gemini: FakeGemini
) -> None:
    gemini.reply_image(DRAWN, "image/png", thought_signature=SIGNATURE)

    generated = provider.edit(first_turn())

    (request,) = gemini.image_requests
    assert gemini.problems == []
    assert request.model == MODEL
    assert request.response_modalities == ["IMAGE"]
    assert request.aspect_ratio == "4:3"
    assert [turn.role for turn in request.turns] == ["user"]
    assert request.images == [("image/jpeg", PHOTO.data), ("image/png", REFERENCE.data)]
    assert request.prompt == "Redesign the living room in a cozy hygge style."
    assert (generated.data, generated.mime_type) == (DRAWN, "image/png")
    assert generated.model == MODEL
    assert generated.thought_signature == SIGNATURE


def test_refinement_replays_the_turns_and_edits_the_last_image(
    provider: GeminiImageProvider, gemini: FakeGemini
) -> None:
    # given a first turn (photo + prompt) and the model's image with its signature
    history = (
        Turn("user", "Make it hygge.", (PHOTO,)),
        Turn("model", None, (SourceImage(DRAWN, "image/png"),), SIGNATURE),
    )
    gemini.reply_image(DRAWN)

    # when the user refines it
    provider.edit(
        ImageEditRequest(
            prompt="Now a green sofa.",
            image=SourceImage(DRAWN, "image/png"),
            aspect_ratio="4:3",
            history=history,
        )
    )

    # then the turns are replayed, the last image is not sent twice
    (request,) = gemini.image_requests
    assert gemini.problems == []
    assert [turn.role for turn in request.turns] == ["user", "model", "user"]
    assert request.turns[0].images == [("image/jpeg", PHOTO.data)]
    assert request.turns[1].images == [("image/png", DRAWN)]
    assert request.turns[1].thought_signatures != []
    assert request.images == []
    assert request.prompt == "Now a green sofa."


def test_a_blocked_prompt_is_refused_permanently(
    provider: GeminiImageProvider, gemini: FakeGemini
) -> None:
    gemini.reply_blocked("PROHIBITED_CONTENT")

    with pytest.raises(RedesignRefused) as raised:
        provider.edit(first_turn())

    assert raised.value.retryable is False
    assert raised.value.message_key == "ai_image_blocked"
    assert raised.value.details == {"reason": "PROHIBITED_CONTENT"}


def test_an_answer_without_image_is_refused_permanently(
    provider: GeminiImageProvider, gemini: FakeGemini
) -> None:
    gemini.reply_empty("IMAGE_SAFETY")

    with pytest.raises(RedesignRefused) as raised:
        provider.edit(first_turn())

    assert raised.value.message_key == "ai_image_blocked"


def test_a_text_only_answer_is_refused_as_missing_image(
    provider: GeminiImageProvider, gemini: FakeGemini
) -> None:
    gemini.reply_text("I cannot draw that, but here is a description.")

    with pytest.raises(RedesignRefused) as raised:
        provider.edit(first_turn())

    assert raised.value.message_key == "ai_image_missing"


def test_rate_limits_are_retried_after_the_server_delay(
    provider: GeminiImageProvider, gemini: FakeGemini, sleeps: list[float]
) -> None:
    gemini.reply_error(429, retry_delay="4s")
    gemini.reply_image(DRAWN)

    generated = provider.edit(first_turn())

    assert generated.data == DRAWN
    assert len(gemini.image_requests) == 2
    assert sleeps == [4.0]


def test_an_outage_is_a_retryable_failure_after_the_attempts(
    provider: GeminiImageProvider, gemini: FakeGemini
) -> None:
    gemini.reply_error(503, times=3)

    with pytest.raises(DependencyFailed) as raised:
        provider.edit(first_turn())

    assert raised.value.retryable is True
    assert len(gemini.image_requests) == 3


def test_a_rejected_request_is_refused_without_retry(
    provider: GeminiImageProvider, gemini: FakeGemini, sleeps: list[float]
) -> None:
    gemini.reply_error(400)

    with pytest.raises(RedesignRefused) as raised:
        provider.edit(first_turn())

    assert raised.value.message_key == "ai_request_rejected"
    assert sleeps == []
