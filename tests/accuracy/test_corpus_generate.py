"""The corpus generator: deterministic, complete, and labelled within the schema."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from common.ai.pdf import extract_pages_text
from common.ai.schemas import ANALYSIS_MODELS, CATEGORIES
from tests.accuracy.scoring import DERIVED
from tests.corpus.documents import DOCUMENTS
from tests.corpus.generate import MANIFEST
from tests.corpus.model import MANDATORY_FIELDS
from tests.support import ROOT


def test_generate_in_a_new_process_writes_the_same_bytes(
    corpus_dir: Path, tmp_path: Path
) -> None:
    # given the corpus generated in this process, when the CLI generates it again
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-m", "tests.corpus.generate", "--out", str(again)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    # then every file, the manifest included, is byte for byte the same
    names = sorted(path.name for path in corpus_dir.iterdir())
    assert names == sorted(path.name for path in again.iterdir())
    assert MANIFEST in names
    for name in names:
        assert (again / name).read_bytes() == (corpus_dir / name).read_bytes(), name


def test_corpus_has_forty_documents_covering_every_category() -> None:
    per_category = Counter(document.category for document in DOCUMENTS)

    assert len(DOCUMENTS) >= 40
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 7
    assert len({document.name for document in DOCUMENTS}) == len(DOCUMENTS)


def test_every_document_states_the_mandatory_facts_of_its_category() -> None:
    for document in DOCUMENTS:
        missing = set(MANDATORY_FIELDS[document.category]) - set(document.expected)
        assert not missing, (document.name, missing)


def test_expected_facts_fit_the_analysis_schema() -> None:
    for document in DOCUMENTS:
        facts = {k: v for k, v in document.expected.items() if k not in DERIVED}
        model = ANALYSIS_MODELS[document.category]

        model.model_validate(_nested(facts))

        for path in facts:
            assert _is_schema_path(model, path.split(".")), (document.name, path)


def test_scanned_pages_have_no_text_layer_and_images_are_single_scans(
    corpus_dir: Path,
) -> None:
    pdfs_with_scans = images = 0
    for document in DOCUMENTS:
        content = (corpus_dir / document.filename).read_bytes()
        if document.extension == "pdf":
            pages = extract_pages_text(content)
            empty = sum(1 for text in pages if not text.strip())
            assert empty == document.scanned_pages, document.name
            pdfs_with_scans += bool(empty)
        else:
            assert document.scanned_pages == 1, document.name
            images += 1

    assert pdfs_with_scans >= 6
    assert images >= 3


def _nested(facts: dict[str, Any]) -> dict[str, Any]:
    """``{"dpe.energy_class": "E"}`` as ``{"dpe": {"energy_class": "E"}}``, no Nones."""
    nested: dict[str, Any] = {}
    for path, value in facts.items():
        if value is None:
            continue
        *parents, leaf = path.split(".")
        node = nested
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return nested


def _is_schema_path(model: type[Any], parts: list[str]) -> bool:
    field = model.model_fields.get(parts[0])
    if field is None:
        return False
    if len(parts) == 1:
        return True
    candidates = (field.annotation, *getattr(field.annotation, "__args__", ()))
    nested = [t for t in candidates if hasattr(t, "model_fields")]
    return bool(nested) and _is_schema_path(nested[0], parts[1:])
