"""Gemini provider on google-genai: native PDF input, structured output.

The document goes to the model as it is (PDF or image bytes in an inline ``Part``), with
a versioned prompt (``common/ai/prompts``) and a response schema the SDK generates from
the project's pydantic model; the answer is validated with ``Model.model_validate_json``
and nothing else: an answer that is not JSON or does not fit the schema is a permanent
``AnalysisFailed``. A PDF longer than ``ai_pages_per_chunk`` pages is cut into page
chunks analysed in parallel (at most ``ai_max_concurrency`` calls at a time) and merged
deterministically (``common.ai.merge``). Client modes and retries are in
``common.ai.gemini_client``. google-genai is imported lazily: importing this module
does not load the SDK, and the client is built once, at the first call.
"""

from __future__ import annotations

import contextvars
import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from common.ai import merge, pdf, prompts
from common.ai.gemini_client import (
    LazyClient,
    RetryPolicy,
    configured_client_factory,
    generate_with_retries,
)
from common.ai.gemini_schema import response_schema
from common.ai.provider import AnalysisFailed, DocumentInput, narrative_language
from common.ai.schemas import (
    ANALYSIS_MODELS,
    CategoryAnalysis,
    Classification,
    DocumentCategory,
    SynthesisNarrative,
)
from common.config import Settings, get_settings
from common.messages import register

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from google.genai import Client

register(
    "ai_answer_invalid",
    "The AI answer does not fit the expected structure ({reason}).",
    "La réponse de l'IA ne respecte pas la structure attendue ({reason}).",
)
register(
    "ai_answer_empty",
    "The AI gave no answer (finish reason: {finish_reason}).",
    "L'IA n'a donné aucune réponse (motif de fin : {finish_reason}).",
)

ModelT = TypeVar("ModelT", bound=BaseModel)
logger = logging.getLogger(__name__)
CLASSIFY_PROMPT, NARRATE_PROMPT = "classify_v1", "narrate_v1"
ANALYSE_PROMPT = "analyse_{category}_v2"


@dataclass(frozen=True)
class GeminiOptions:
    """How the provider calls the model (from settings in production)."""

    model: str
    thinking_budget: int
    max_attempts: int = 4
    pages_per_chunk: int = 40
    max_concurrency: int = 4


class GeminiProvider:
    """The ``AiProvider`` on Gemini (Developer API with a key, or Vertex AI)."""

    name = "gemini"

    def __init__(
        self,
        client_factory: Callable[[], Client],
        options: GeminiOptions,
        *,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.options = options
        self._client = LazyClient(client_factory)
        self._retry = RetryPolicy(options.max_attempts, sleep=sleep, jitter=jitter)

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        base_url: str | None = None,
        credentials: Credentials | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> GeminiProvider:
        """The provider configured by settings; ``base_url`` only redirects the API."""
        settings = settings or get_settings()
        options = GeminiOptions(
            model=settings.gemini_model,
            thinking_budget=settings.gemini_thinking_budget,
            max_attempts=settings.gemini_max_attempts,
            pages_per_chunk=settings.ai_pages_per_chunk,
            max_concurrency=settings.ai_max_concurrency,
        )
        factory = configured_client_factory(
            settings, base_url=base_url, credentials=credentials
        )
        return cls(factory, options, sleep=sleep)

    @property
    def client(self) -> Client:
        """The google-genai client, built at first use and then shared by threads."""
        return self._client.get()

    def classify(self, document: DocumentInput) -> Classification:
        """The category of ``document`` (a long PDF is judged on its first chunk)."""
        content, pages = document.content, None
        if _is_pdf(document):
            pages = pdf.page_count(content)
            if pages > self.options.pages_per_chunk:
                content = pdf.first_pages(content, self.options.pages_per_chunk)
        prompt = prompts.render(
            CLASSIFY_PROMPT, language=narrative_language(document.language)
        )
        parts = [_inline_part(content, document.content_type), prompt]
        result = self._ask(parts, Classification)
        return result.model_copy(update={"page_count": pages}) if pages else result

    def analyse(
        self, document: DocumentInput, category: DocumentCategory
    ) -> CategoryAnalysis:
        """The structured analysis of ``document``, chunk by chunk for a long PDF."""
        if not _is_pdf(document):
            return self._analyse_part(document, document.content, category, "image")
        total = pdf.page_count(document.content)
        if total <= self.options.pages_per_chunk:
            scope = f"This file is the whole document ({total} pages)."
            return self._analyse_part(document, document.content, category, scope)
        chunks = pdf.split_pages(document.content, self.options.pages_per_chunk)

        def analyse_chunk(chunk: pdf.PdfChunk, context: contextvars.Context) -> Any:
            """One chunk, run in a copy of the caller's context (log keys included)."""
            scope = _chunk_scope(chunk, total)
            return context.run(
                self._analyse_part, document, chunk.content, category, scope
            )

        workers = min(self.options.max_concurrency, len(chunks))
        contexts = [contextvars.copy_context() for _ in chunks]
        with ThreadPoolExecutor(workers, thread_name_prefix="gemini-chunk") as pool:
            results = list(pool.map(analyse_chunk, chunks, contexts))
        logger.info("chunks merged", extra={"fields": {"chunks": len(chunks)}})
        return merge.merge_analyses(category, results)

    def narrate(self, facts: dict[str, Any], language: str) -> SynthesisNarrative:
        """The synthesis words in ``language``, from facts computed by code."""
        facts_json = json.dumps(facts, ensure_ascii=False, indent=1, default=str)
        prompt = prompts.render(
            NARRATE_PROMPT, language=narrative_language(language), facts_json=facts_json
        )
        return self._ask([prompt], SynthesisNarrative)

    def _analyse_part(
        self,
        document: DocumentInput,
        content: bytes,
        category: DocumentCategory,
        scope: str,
    ) -> CategoryAnalysis:
        if scope == "image":
            scope = "This image is the whole document."
        name = ANALYSE_PROMPT.format(category=category)
        prompt = prompts.render(
            name, language=narrative_language(document.language), scope=scope
        )
        parts = [_inline_part(content, document.content_type), prompt]
        return cast(CategoryAnalysis, self._ask(parts, ANALYSIS_MODELS[category]))

    def _ask(self, contents: Sequence[Any], schema: type[ModelT]) -> ModelT:
        from google.genai import types

        config = types.GenerateContentConfig(
            response_mime_type="application/json",
            response_schema=response_schema(schema),
            thinking_config=types.ThinkingConfig(
                thinking_budget=self.options.thinking_budget
            ),
        )
        response = generate_with_retries(
            lambda: self.client.models.generate_content(
                model=self.options.model, contents=list(contents), config=config
            ),
            self._retry,
        )
        return parse_answer(_answer_text(response), schema)


def parse_answer(text: str, schema: type[ModelT]) -> ModelT:
    """The model's JSON answer as ``schema``, or a permanent ``AnalysisFailed``."""
    try:
        return schema.model_validate_json(text)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        reason = "not JSON"
        if error["type"] != "json_invalid":
            location = ".".join(str(part) for part in error["loc"]) or schema.__name__
            reason = f"{location}: {error['type']}"
        logger.warning("gemini answer rejected", extra={"fields": {"reason": reason}})
        raise AnalysisFailed("ai_answer_invalid", reason=reason) from exc


def _answer_text(response: Any) -> str:
    text = response.text
    if text:
        return str(text)
    candidates = response.candidates or []
    finish = candidates[0].finish_reason if candidates else None
    if finish is None and response.prompt_feedback is not None:
        finish = response.prompt_feedback.block_reason
    raise AnalysisFailed("ai_answer_empty", finish_reason=str(finish or "none"))


def _inline_part(content: bytes, content_type: str) -> Any:
    from google.genai import types

    return types.Part.from_bytes(data=content, mime_type=content_type)


def _is_pdf(document: DocumentInput) -> bool:
    return document.content_type == "application/pdf"


def _chunk_scope(chunk: pdf.PdfChunk, total: int) -> str:
    return (
        f"This file holds pages {chunk.first_page} to {chunk.last_page} of a "
        f"{total}-page document: report only what these pages say."
    )
