"""Sidecars of the local adapter's objects: ``root/.meta/<bucket>/<key>.json``.

A sidecar records what a file cannot: content type, metadata, generation and update
time, plus the inode and size of the file it describes. A sidecar that does not match
the file next to it (a write in flight or interrupted, a file copied by hand) is
ignored, and the object is described from the file alone.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common.storage_base import BucketRole, StoredObject

_generation_lock = threading.Lock()
_last_generation = 0


def next_generation() -> int:
    """A generation number: ``time_ns``, strictly increasing within the process."""
    global _last_generation
    with _generation_lock:
        _last_generation = max(time.time_ns(), _last_generation + 1)
        return _last_generation


def moment_of(generation: int) -> datetime:
    """The UTC time a generation number was issued."""
    return datetime.fromtimestamp(generation / 1e9, UTC)


def write_sidecar(
    target: Path, temporary: Path, stored: StoredObject, inode: int
) -> None:
    """Describe ``stored`` (the file with ``inode``) atomically, via ``temporary``."""
    record = {
        "content_type": stored.content_type,
        "metadata": stored.metadata,
        "generation": stored.generation,
        "updated": stored.updated.isoformat(),
        "size": stored.size,
        "inode": inode,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(json.dumps(record), encoding="utf-8")
    temporary.replace(target)


def describe(
    sidecar: Path, bucket: BucketRole, key: str, file_stat: os.stat_result
) -> StoredObject:
    """The object whose file has ``file_stat``, from its sidecar when that matches."""
    record = _read_json(sidecar)
    size = file_stat.st_size
    if record.get("inode") == file_stat.st_ino and record.get("size") == size:
        with contextlib.suppress(AttributeError, KeyError, TypeError, ValueError):
            metadata = {str(k): str(v) for k, v in record["metadata"].items()}
            updated = datetime.fromisoformat(record["updated"]).astimezone(UTC)
            content_type = str(record["content_type"] or "") or None
            generation = int(record["generation"])
            return StoredObject(
                bucket, key, size, content_type, generation, metadata, updated
            )
    guessed = mimetypes.guess_type(key)[0]
    modified = datetime.fromtimestamp(file_stat.st_mtime, UTC)
    return StoredObject(bucket, key, size, guessed, file_stat.st_mtime_ns, {}, modified)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
