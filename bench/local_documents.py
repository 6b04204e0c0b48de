"""Pages per second of the offline AI provider: text layer, rules, OCR.

Four figures, printed, never asserted:

- text extraction: the PDF text layer of a 60-page PV d'AG (PDFium, what the provider
  uses, and pypdf, which it used before, for comparison);
- classify + analyse through a fresh ``LocalProvider`` (no cached text) on that
  document, whose time is the offline-intelligence target (<= 2 s for 60 pages), and
  on the 20 short documents of ``bench.documents``;
- OCR of image-only pages: the first pages of the same PV printed to 200 dpi images
  with no text layer (a scan), read by tesseract at 300 dpi;
- where the time of classify + analyse goes (cProfile, own time per function).

The PV is realistic: a long ordinary general meeting (attendance sheet of 140 lots
with their tantièmes, accounts, budget, 40 resolutions with their debates, works voted
with calls for funds, rejected proposals) and the annexed ledger of the year's
expenses, one invoice a line, as long as it takes to fill exactly 60 pages.

Usage: ``python -m bench.local_documents [--runs N] [--ocr-pages N] [--json]``.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from bench import cli
from bench.documents import MONTHS, OWNERS, STREETS, mixed_documents, render
from bench.environment import prepare_environment

TARGET_SECONDS = 2.0
PAGES = 60
SCAN_DPI = 200
RESOLUTIONS = 40
TOPICS = (
    ("Ravalement de la façade sur cour", 48_000),
    ("Réfection de l'étanchéité de la toiture-terrasse", 62_500),
    ("Remplacement de la chaudière collective", 35_200),
    ("Mise en conformité de l'ascenseur", 18_900),
    ("Remplacement des canalisations d'eau froide", 27_400),
    ("Installation d'un contrôle d'accès par badge", 6_800),
    ("Réfection de la cage d'escalier", 22_300),
    ("Isolation thermique des combles", 31_750),
)


def _euros(amount: float) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents} €"


def _attendance(lots: int) -> list[str]:
    lines = ["# Feuille de présence", "Lot, copropriétaire, tantièmes, présence :"]
    for lot in range(1, lots + 1):
        owner = OWNERS[lot % len(OWNERS)]
        status = ("présent", "représenté", "absent")[lot % 3]
        lines.append(
            f"Lot n° {lot} : {owner}, {40 + lot * 7 % 160} tantièmes, {status}"
        )
    return lines


def _resolution(number: int) -> list[str]:
    topic, amount = TOPICS[number % len(TOPICS)]
    amount += 250 * number
    debate = (
        "Après un débat au cours duquel plusieurs copropriétaires font part de leurs "
        "observations sur le calendrier des travaux, la gêne occasionnée et la "
        "répartition de la dépense selon les tantièmes de charges générales, le "
        "président de séance met la résolution aux voix."
    )
    if number % 5 == 4:
        return [
            f"# Résolution n° {number} : {topic}",
            f"Proposition de travaux pour un budget estimé à {_euros(amount)} TTC, "
            "présentée par le conseil syndical après consultation de trois "
            "entreprises.",
            debate,
            "Votes pour : 3 120 tantièmes. Votes contre : 3 392 tantièmes. "
            "Résolution rejetée.",
        ]
    return [
        f"# Résolution n° {number} : {topic}",
        f"L'assemblée générale décide de faire réaliser les travaux de {topic.lower()} "
        f"selon le devis retenu pour un montant de {_euros(amount)} TTC, honoraires "
        "du syndic inclus. Les appels de fonds seront exigibles le 1er "
        f"{MONTHS[number % len(MONTHS)]} 2025 (50 %) et le 1er octobre 2025 (50 %).",
        debate,
        "Votes pour : 5 980 tantièmes. Votes contre : 532 tantièmes. Abstentions : "
        "120 tantièmes. Résolution adoptée à la majorité de l'article 25.",
    ]


def _expenses(count: int) -> list[str]:
    """The annexed ledger of the year's expenses, one line each."""
    suppliers = ("EDF", "Veolia Eau", "Otis Ascenseurs", "Net Services", "Axa")
    lines = ["# Annexe 1 : relevé général des dépenses de l'exercice 2024"]
    for entry in range(count):
        day, month = entry % 28 + 1, entry % 12 + 1
        supplier = suppliers[entry % len(suppliers)]
        amount = 35 + (entry * 7919) % 4_200 + (entry % 100) / 100
        lines.append(
            f"{day:02d}/{month:02d}/2024  Facture n° F24-{entry + 1:04d}  "
            f"{supplier}  {_euros(amount)}"
        )
    return lines


def long_pv_ag(expense_lines: int) -> bytes:
    """A PV of an ordinary general meeting with its annexed ledger of expenses."""
    lines = [
        f"Syndicat des copropriétaires du 14 {STREETS[0]}, 69003 Lyon",
        "# PROCÈS-VERBAL DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE DU 12 MARS 2025",
        "Le mercredi 12 mars 2025 à 18 h 30, les copropriétaires se sont réunis en "
        "assemblée générale ordinaire sur convocation du syndic, le Cabinet Dupont "
        "Gestion, adressée le 14 février 2025.",
        "Copropriétaires présents ou représentés : 96 sur 140, totalisant 6 512 / "
        "10 000 tantièmes.",
        *_attendance(140),
        "# Résolution n° 1 : Approbation des comptes de l'exercice 2024",
        "L'assemblée générale approuve les comptes de l'exercice clos le 31/12/2024 "
        "(dépenses : 146 210,35 €). Résolution adoptée à l'unanimité.",
        "# Résolution n° 2 : Budget prévisionnel de l'exercice 2025",
        "L'assemblée générale adopte le budget prévisionnel 2025 d'un montant de "
        "148 500,00 €. Résolution adoptée à la majorité de l'article 24.",
    ]
    for number in range(3, RESOLUTIONS + 1):
        lines.extend(_resolution(number))
    lines.append("L'ordre du jour étant épuisé, la séance est levée à 22 h 40.")
    return render(lines + _expenses(expense_lines))


def sixty_page_pv_ag() -> bytes:
    """``long_pv_ag`` with a ledger just long enough to fill ``PAGES`` pages."""
    expense_lines = 0
    while True:
        content = long_pv_ag(expense_lines)
        pages = len(PdfReader(io.BytesIO(content)).pages)
        if pages == PAGES:
            return content
        # About 52 lines a page: jump close, then step one line at a time.
        step = (PAGES - pages) * 50 if abs(PAGES - pages) > 1 else PAGES - pages
        expense_lines += step


def scanned(content: bytes, pages: int) -> bytes:
    """The first ``pages`` pages of ``content`` printed to images: no text layer."""
    from common.ai.pdf import render_pages

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for png in render_pages(content, range(pages), SCAN_DPI):
        canvas.drawImage(ImageReader(io.BytesIO(png or b"")), 0, 0, *A4)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def _analyse_fresh(content: bytes) -> None:
    from common.ai.local import LocalProvider
    from common.ai.provider import DocumentInput

    provider = LocalProvider.from_settings()  # empty text cache, as for a new upload
    document = DocumentInput(content, "application/pdf", "document.pdf")
    provider.analyse(document, provider.classify(document).category)


def _analyse_each(contents: list[bytes]) -> None:
    for content in contents:
        _analyse_fresh(content)


def _pypdf_text(content: bytes) -> None:
    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text()


def _profile(content: bytes, top: int = 12) -> list[dict[str, Any]]:
    profiler = cProfile.Profile()
    profiler.runcall(_analyse_fresh, content)
    stats = pstats.Stats(profiler)
    rows = []
    for (path, line, name), entry in stats.stats.items():  # type: ignore[attr-defined]
        calls, own_seconds, cumulative = entry[1], entry[2], entry[3]
        where = "/".join(Path(path).parts[-2:]) + f":{line}"
        rows.append(
            {"function": f"{where}({name})", "calls": calls, "own_s": own_seconds}
            | {"cumulative_s": cumulative}
        )
    return sorted(rows, key=lambda row: -float(row["own_s"]))[:top]


def run(runs: int, ocr_pages: int) -> dict[str, Any]:
    """Measure every figure; returns them (seconds, pages per second)."""
    prepare_environment()
    from common.ai.pdf import extract_pages_text

    pv_ag = sixty_page_pv_ag()
    short = [content for _, _, content in mixed_documents(4)]
    short_pages = sum(len(PdfReader(io.BytesIO(c)).pages) for c in short)
    pdfium = _timed(lambda: extract_pages_text(pv_ag), runs)
    pypdf = _timed(lambda: _pypdf_text(pv_ag), runs)
    _analyse_fresh(pv_ag)  # warm the rules' compiled patterns
    sixty = _timed(lambda: _analyse_fresh(pv_ag), runs)
    shorts = _timed(lambda: _analyse_each(short), runs)
    scan = scanned(pv_ag, ocr_pages)
    ocr = _timed(lambda: _analyse_fresh(scan), 1)
    return {
        "pages": PAGES,
        "runs": runs,
        "text_pdfium_pages_per_s": PAGES / statistics.median(pdfium),
        "text_pypdf_pages_per_s": PAGES / statistics.median(pypdf),
        "sixty_pages_median_s": statistics.median(sixty),
        "sixty_pages_max_s": max(sixty),
        "provider_pages_per_s": PAGES / statistics.median(sixty),
        "short_documents": len(short),
        "short_pages_per_s": short_pages / statistics.median(shorts),
        "ocr_pages": ocr_pages,
        "ocr_seconds": ocr[0],
        "ocr_pages_per_s": ocr_pages / ocr[0],
        "profile": _profile(pv_ag),
    }


def report(result: dict[str, Any]) -> None:
    """Print the figures for a person."""
    print(f"60-page PV d'AG, median of {result['runs']} runs")
    print(
        f"  text layer: PDFium {result['text_pdfium_pages_per_s']:.0f} pages/s, "
        f"pypdf {result['text_pypdf_pages_per_s']:.0f} pages/s"
    )
    print(
        f"  classify + analyse: {result['sixty_pages_median_s']:.2f} s "
        f"(max {result['sixty_pages_max_s']:.2f} s, target <= {TARGET_SECONDS:.0f} s),"
        f" {result['provider_pages_per_s']:.0f} pages/s"
    )
    print(
        f"  {result['short_documents']} short documents: "
        f"{result['short_pages_per_s']:.0f} pages/s"
    )
    print(
        f"  OCR of {result['ocr_pages']} scanned pages: {result['ocr_seconds']:.1f} s, "
        f"{result['ocr_pages_per_s']:.2f} pages/s"
    )
    print("  own time of classify + analyse, by function:")
    for row in result["profile"]:
        print(
            f"    {row['own_s'] * 1000:7.1f} ms own {row['cumulative_s'] * 1000:7.1f}"
            f" ms cumulative {row['calls']:>7} calls  {row['function']}"
        )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = cli.parser("local_documents")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ocr-pages", type=int, default=10)
    args = parser.parse_args(argv)
    cli.emit(run(args.runs, args.ocr_pages), args.json, report)


if __name__ == "__main__":
    main()
