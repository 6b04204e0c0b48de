"""The corpus written once per session, the local provider run over it once, and
its report printed in the terminal summary (so ``make test`` shows it without -s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.ai.local import LocalProvider
from tests.accuracy.report import DocumentResult, report_lines, run_provider
from tests.corpus.documents import DOCUMENTS
from tests.corpus.generate import write_corpus

REPORT = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus, in a temporary folder."""
    directory = tmp_path_factory.mktemp("corpus")
    write_corpus(directory)
    return directory


@pytest.fixture(scope="session")
def local_results(
    corpus_dir: Path, pytestconfig: pytest.Config
) -> list[DocumentResult]:
    """What the local provider says about every corpus document."""
    results = run_provider(LocalProvider(), DOCUMENTS, corpus_dir)
    pytestconfig.stash[REPORT] = report_lines(results)
    return results


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print the accuracy report when the accuracy tests ran."""
    lines = config.stash.get(REPORT, None)
    if not lines:
        return
    terminalreporter.write_sep("=", "local provider accuracy on tests/corpus")
    for line in lines:
        terminalreporter.write_line(line)
