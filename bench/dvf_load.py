"""DVF load throughput and peak memory on a generated 2,000,000-row geolocated file.

The file (Etalab layout, ~1.4 rows per mutation: apartments with dépendances, houses
over two cultures, commercial premises, a few land-only rows) is generated once into
the temporary directory. The loader then runs as the real CLI in a fresh
interpreter (``python -m functions.dvf_loader load FILE --no-progress``, forked by a
shell so that ``ru_maxrss`` is the loader's own), end to end: chunks grouped by the
native grouper while the previous chunk's sales and lots are COPYed, then
publication (indexes on two connections, constraints, VACUUM ANALYZE, swap), whose
share is printed apart
(``publish_seconds``, from the loader's log). Targets: >= 150,000 rows/s and
<= 512 MiB peak RSS. Figures are printed, never asserted. The live DVF tables of the
configured database are replaced by the generated data.

Usage: ``python -m bench.dvf_load [--rows N] [--json]``.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import cli
from bench.environment import ROOT, prepare_environment

TARGET_ROWS_PER_SECOND = 150_000
TARGET_RSS_MIB = 512
DEFAULT_ROWS = 2_000_000
HEADER = (
    "id_mutation,date_mutation,numero_disposition,nature_mutation,valeur_fonciere,"
    "adresse_numero,adresse_suffixe,adresse_nom_voie,adresse_code_voie,code_postal,"
    "code_commune,nom_commune,code_departement,ancien_code_commune,ancien_nom_commune,"
    "id_parcelle,ancien_id_parcelle,numero_volume,lot1_numero,lot1_surface_carrez,"
    "lot2_numero,lot2_surface_carrez,lot3_numero,lot3_surface_carrez,lot4_numero,"
    "lot4_surface_carrez,lot5_numero,lot5_surface_carrez,nombre_lots,code_type_local,"
    "type_local,surface_reelle_bati,nombre_pieces_principales,code_nature_culture,"
    "nature_culture,code_nature_culture_speciale,nature_culture_speciale,"
    "surface_terrain,longitude,latitude\n"
)
KINDS = (
    ("2", "Appartement"),
    ("1", "Maison"),
    ("3", "Dépendance"),
    ("4", "Local industriel. commercial ou assimilé"),
)


def _mutation(rng: random.Random, number: int) -> list[str]:
    dep = rng.choice(("75", "69", "13", "33", "01", "2A", "974"))
    commune = f"{dep}{rng.randint(1, 99):03d}" if len(dep) == 2 else "97411"
    postal = "20000" if dep == "2A" else f"{commune[:2]}{number % 1000:03d}"
    day = f"202{rng.randint(0, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    address = [
        f"2024-{number}", day, "000001", "Vente", str(rng.randint(40, 2000) * 1000),
        str(rng.randint(1, 200)), "", f"RUE DU BENCH {number % 977}",
        f"{number % 9000:04d}", postal, commune, "Commune", dep, "", "",
        f"{commune}000AB{number % 9999:04d}", "", "",
    ]  # fmt: skip
    coordinates = [f"{2 + rng.random():.6f}", f"{48 + rng.random():.6f}"]
    shape = rng.random()
    if shape < 0.55:
        locals_ = [(KINDS[0], str(rng.randint(15, 150)), "", "")]
        locals_ += [(KINDS[2], "", "", "")] * (shape < 0.25)
    elif shape < 0.8:
        surface = str(rng.randint(60, 250))
        locals_ = [(KINDS[1], surface, "S", "400"), (KINDS[1], surface, "J", "250")]
    elif shape < 0.9:
        locals_ = [(KINDS[3], str(rng.randint(20, 500)), "", "")]
    else:
        locals_ = [(("", ""), "", "T", str(rng.randint(100, 9000)))]
    lines = []
    for lot, ((code, kind), surface, culture, terrain) in enumerate(locals_):
        lots = [str(number % 500 + lot), "", *[""] * 8, "1"]
        rooms = "3" if code in ("1", "2") else ""
        detail = [code, kind, surface, rooms, culture, "", "", "", terrain]
        lines.append(",".join(address + lots + detail + coordinates) + "\n")
    return lines


def generate(path: Path, rows: int, seed: int = 7) -> Path:
    """Write a geolocated file of about ``rows`` rows (streamed, constant memory)."""
    rng = random.Random(seed)
    written, number = 0, 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        while written < rows:
            number += 1
            lines = _mutation(rng, number)
            handle.writelines(lines)
            written += len(lines)
    return path


def _load(path: Path) -> dict[str, Any]:
    command = f"{sys.executable} -m functions.dvf_loader load {path} --no-progress"
    started = time.monotonic()
    completed = subprocess.run(
        ["sh", "-c", command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    seconds = time.monotonic() - started
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if completed.returncode != 0:
        return {"error": (completed.stderr.strip().splitlines() or ["failed"])[-1]}
    return {
        "seconds": seconds,
        "publish_seconds": _published_seconds(completed.stdout),
        "peak_rss_mib": rss_mib,
    }


def _published_seconds(log: str) -> float | None:
    """The publication's duration, from the loader's "dvf load published" line."""
    for line in log.splitlines():
        record = json.loads(line) if line.startswith("{") else {}
        if record.get("message") == "dvf load published":
            return float(record["seconds"])
    return None


def _last_run() -> dict[str, Any]:
    from sqlalchemy import text

    from common.db import get_engine

    with get_engine().connect() as connection:
        row = connection.execute(
            text(
                "SELECT status, rows_read, rows_rejected, sales_loaded, lots_loaded, "
                "duration_seconds FROM dvf_load_runs ORDER BY started_at DESC LIMIT 1"
            )
        ).one()
    return dict(row._mapping)


def main() -> None:
    """Generate, load, print the figures."""
    parser = cli.parser("dvf_load")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    args = parser.parse_args()
    prepare_environment()
    path = Path(tempfile.gettempdir()) / f"logis-bench-dvf-{args.rows}.csv"
    if not path.exists():
        generate(path.with_suffix(".tmp"), args.rows).rename(path)
    result = _load(path)
    if "error" not in result:
        run = _last_run()
        result.update(run)
        result["rows_per_second"] = run["rows_read"] / result["seconds"]
    cli.emit(result, args.json, report)


def report(result: dict[str, Any]) -> None:
    """Print the figures and the targets."""
    for key, value in result.items():
        sys.stdout.write(f"{key:>20}: {value}\n")
    sys.stdout.write(
        f"{'targets':>20}: >= {TARGET_ROWS_PER_SECOND:,} rows/s, "
        f"<= {TARGET_RSS_MIB} MiB peak RSS\n"
    )


if __name__ == "__main__":
    main()
