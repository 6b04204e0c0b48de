"""A synthetic national DVF for the price-latency benchmark, filled with SQL.

Sales cluster around :data:`CLUSTERS` city centres spread over mainland France:
cluster sizes are heavy-tailed (the first holds about 150,000 sales, like Paris,
the last about 17,000), offsets are gaussian with a spread growing with
the size, each centre has three postal codes / communes (by quadrant) of
:data:`STREETS` streets each, dates cover five years, surfaces 15-200 m², and the
€/m² is the cluster's base level with a yearly drift and log-normal noise. About
90 % are single dwellings, a third are houses, 2 % are commercial premises, 3 % are
not geolocated and 2 % carry a disqualifying quality flag.

The fill is one ``INSERT ... SELECT`` over ``generate_series``; a database already
holding the same generation (marked by a succeeded load run) is reused.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

CLUSTERS = 200
STREETS = 60
SEED = 20_240_401
FIRST_DAY = "2021-07-01"
DAYS = 1826
MARKER = "bench:price_latency:v2"
# Cluster of a sale: floor(CLUSTERS * random() ** SKEW); the first holds ~3 %.
SKEW = 1.5


@dataclass(frozen=True)
class Cluster:
    """A city centre: position, spread, base €/m² and its codes."""

    number: int
    latitude: float
    longitude: float
    sigma_km: float
    base_m2: float

    @property
    def department(self) -> str:
        """A two-digit département code, distinct per cluster with the block."""
        return f"{(self.number * 37) % 95 + 1:02d}"

    def postal_code(self, quadrant: int) -> str:
        """The postal code of quadrant 0-2 (the SQL below spells it alike)."""
        return f"{self.department}{(self.number // 95) * 100 + quadrant * 10:03d}"


def clusters() -> list[Cluster]:
    """The deterministic city centres."""
    rng = random.Random(SEED)
    found = []
    for number in range(CLUSTERS):
        share = ((number + 1) / CLUSTERS) ** (1 / SKEW) - (number / CLUSTERS) ** (
            1 / SKEW
        )
        found.append(
            Cluster(
                number=number,
                latitude=round(rng.uniform(43.3, 50.6), 5),
                longitude=round(rng.uniform(-1.2, 7.3), 5),
                sigma_km=round(1.0 + 0.01 * math.sqrt(share * 5_000_000), 3),
                base_m2=round(rng.uniform(1_500, 11_000) * (1.3 if number < 5 else 1)),
            )
        )
    return found


_CLUSTER_TABLE = """
CREATE TEMPORARY TABLE bench_clusters (
    cid int PRIMARY KEY, lat float8, lon float8, sigma_km float8, base_m2 float8,
    dept text
) ON COMMIT DROP
"""

_FILL = """
INSERT INTO dvf_sales (
    id, mutation_key, date_mutation, nature_mutation, valeur_fonciere,
    adresse_numero, adresse_suffixe, adresse_nom_voie, adresse_code_voie,
    code_postal, code_commune, nom_commune, code_departement, type_local,
    surface_reelle_bati, nombre_pieces, surface_carrez, surface_terrain,
    dwelling_count, dependance_count, commercial_count, is_single_dwelling,
    price_per_m2, quality_flags, longitude, latitude)
SELECT g, 'bench-' || g, day, 'Vente', round((surface * m2)::numeric, -2),
    (1 + floor(u4 * 120))::int::text,
    CASE WHEN mod(floor(u4 * 1000)::int, 10) = 0 THEN 'B' END,
    'RUE DU BENCH ' || street, lpad(street::text, 4, '0'),
    c.dept || lpad(((c.cid / 95) * 100 + quad * 10)::text, 3, '0'),
    c.dept || lpad(((c.cid / 95) * 100 + quad * 10 + 1)::text, 3, '0'),
    'Bench ' || c.cid || '-' || quad, c.dept, kind, surface,
    greatest(1, round(surface / 22))::int, NULL,
    CASE WHEN kind = 'Maison' THEN round(200 + u5 * 800) END,
    CASE WHEN left(kind, 5) = 'Local' THEN 0 ELSE 1 + (u6 > 0.9)::int END,
    (u5 < 0.3)::int, (left(kind, 5) = 'Local')::int,
    left(kind, 5) <> 'Local' AND u6 <= 0.9,
    round((round((surface * m2)::numeric, -2) / surface::numeric), 2)::float8,
    CASE WHEN u7 < 0.03 THEN '["not_geolocated"]'::jsonb
         WHEN u7 < 0.05 THEN '["price_per_m2_too_high"]'::jsonb
         ELSE '[]'::jsonb END,
    CASE WHEN u7 >= 0.03 THEN c.lon + dx / (111.32 * cos(radians(c.lat))) END,
    CASE WHEN u7 >= 0.03 THEN c.lat + dy / 110.57 END
FROM (
    SELECT s.*, CAST(:first_day AS date) + floor(u1 * CAST(:days AS int))::int AS day,
        CASE WHEN ux >= 0 THEN 0 WHEN uy >= 0 THEN 1 ELSE 2 END AS quad,
        1 + floor(u2 * CAST(:streets AS int))::int AS street,
        CASE WHEN u3 < 0.02 THEN 'Local industriel. commercial ou assimilé'
             WHEN u3 < 0.35 THEN 'Maison' ELSE 'Appartement' END AS kind
    FROM (SELECT s0.*, radius * cos(angle) AS ux, radius * sin(angle) AS uy FROM (
        SELECT g,
            floor(CAST(:clusters AS int) * power(random(), CAST(:skew AS float8)))::int
                AS cid,
            random() AS u1, random() AS u2, random() AS u3, random() AS u4,
            random() AS u5, random() AS u6, random() AS u7, random() AS u8,
            sqrt(-2 * ln(1 - random())) AS radius, 2 * pi() * random() AS angle,
            sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS noise
        FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g
    ) AS s0) AS s
) AS r
JOIN bench_clusters AS c ON c.cid = r.cid
CROSS JOIN LATERAL (
    SELECT r.ux * c.sigma_km AS dx, r.uy * c.sigma_km AS dy,
        CASE WHEN r.kind = 'Maison' THEN 50 + r.u8 * 150
             ELSE 15 + power(r.u8, 1.6) * 150 END AS surface,
        c.base_m2 * (CASE WHEN r.kind = 'Maison' THEN 0.8 ELSE 1 END)
            * power(1.035, (r.day - CAST(:first_day AS date)) / 365.25)
            * exp(0.18 * r.noise) AS m2
) AS p
"""


def existing_sales(connection: Connection) -> int:
    """Sales of a previous complete fill (0 when there is none)."""
    return int(
        connection.scalar(
            text(
                "SELECT coalesce(max(sales_loaded), 0) FROM dvf_load_runs"
                " WHERE status = 'succeeded' AND sources @> CAST(:marker AS jsonb)"
            ),
            {"marker": f'["{MARKER}"]'},
        )
        or 0
    )


def fill(connection: Connection, sales: int, *, batch: int = 1_000_000) -> float:
    """Replace the DVF tables by ``sales`` generated sales; returns seconds taken."""
    started = time.perf_counter()
    connection.execute(text("TRUNCATE dvf_sale_lots, dvf_sales, price_analyses"))
    connection.execute(text("DELETE FROM dvf_load_runs"))
    connection.execute(text("SELECT setseed(0.4242)"))
    connection.execute(text(_CLUSTER_TABLE))
    connection.execute(
        text("INSERT INTO bench_clusters VALUES (:n, :lat, :lon, :s, :m2, :d)"),
        [
            {"n": c.number, "lat": c.latitude, "lon": c.longitude,
             "s": c.sigma_km, "m2": c.base_m2, "d": c.department}
            for c in clusters()
        ],
    )  # fmt: skip
    for first in range(1, sales + 1, batch):
        connection.execute(
            text(_FILL),
            {"first": first, "last": min(first + batch - 1, sales),
             "clusters": CLUSTERS, "skew": SKEW, "streets": STREETS,
             "first_day": FIRST_DAY, "days": DAYS},
        )  # fmt: skip
    connection.execute(
        text(
            "INSERT INTO dvf_load_runs (id, status, sources, task_count, tasks,"
            " rows_read, rows_rejected, sales_loaded, lots_loaded, started_at,"
            " finished_at) VALUES (gen_random_uuid(), 'succeeded',"
            " CAST(:sources AS jsonb), 1, '{}', :n, 0, :n, 0, now(), now())"
        ),
        {"sources": f'["{MARKER}"]', "n": sales},
    )
    return time.perf_counter() - started
