"""Write the corpus to a folder: ``python -m tests.corpus.generate [--out DIR]``.

Each document is written under its file name, and ``expected.json`` maps every file
name to its expected facts (dates as ISO strings), so the corpus can be opened,
OCR'd or scored by other tools. Generated files are never committed: the default
folder is under ``.local/``, and the accuracy test writes to a temporary one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tests.corpus.documents import DOCUMENTS
from tests.corpus.model import CorpusDocument

DEFAULT_OUT = Path(".local/corpus")
MANIFEST = "expected.json"


def write_corpus(
    directory: Path, documents: Sequence[CorpusDocument] = DOCUMENTS
) -> list[Path]:
    """Write ``documents`` and their manifest under ``directory``; the file paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for document in documents:
        path = directory / document.filename
        path.write_bytes(document.build())
        paths.append(path)
    manifest = {document.filename: document.expected for document in documents}
    (directory / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, default=_iso),
        encoding="utf-8",
    )
    return paths


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the corpus into ``--out`` (default ``.local/corpus``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    paths = write_corpus(arguments.out)
    sys.stdout.write(f"{len(paths)} documents written to {arguments.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
