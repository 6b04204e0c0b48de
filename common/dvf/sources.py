"""Open a DVF source as a stream of bytes, with constant memory.

Sources are local paths, ``https://`` URLs (urllib, streamed) and ``gs://`` objects
(google-cloud-storage, imported only when used). ``.gz`` is decompressed on the fly;
``.zip`` archives (the raw DGFiP files) are read member by member, a remote archive
being spooled to a temporary file first since zip needs to seek. The loader cuts
the bytes into chunks itself (``common.dvf.chunks``): the native grouper parses most.
"""

from __future__ import annotations

import gzip
import importlib
import io
import shutil
import tempfile
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, cast

READ_BLOCK = 1 << 20
HTTP_TIMEOUT_SECONDS = 60


def _open_binary(uri: str, stack: ExitStack) -> IO[bytes]:
    if uri.startswith(("https://", "http://")):
        response: IO[bytes] = urllib.request.urlopen(uri, timeout=HTTP_TIMEOUT_SECONDS)
        return stack.enter_context(response)
    if uri.startswith("gs://"):
        storage: Any = importlib.import_module("google.cloud.storage")
        bucket, _, name = uri[5:].partition("/")
        blob = storage.Client().bucket(bucket).blob(name)
        opened: IO[bytes] = blob.open("rb", chunk_size=READ_BLOCK)
        return stack.enter_context(opened)
    path = uri[7:] if uri.startswith("file://") else uri
    return stack.enter_context(Path(path).open("rb"))


def _seekable(raw: IO[bytes], stack: ExitStack) -> IO[bytes]:
    if raw.seekable():
        return raw
    spool: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
    shutil.copyfileobj(raw, spool, READ_BLOCK)
    spool.seek(0)
    return spool


def _zip_member(raw: IO[bytes], stack: ExitStack) -> IO[bytes]:
    archive = stack.enter_context(zipfile.ZipFile(_seekable(raw, stack)))
    members = [i for i in archive.infolist() if not i.is_dir()]
    if len(members) != 1:
        raise ValueError("a DVF zip archive must hold exactly one file")
    return stack.enter_context(archive.open(members[0]))


@contextmanager
def open_bytes(uri: str) -> Iterator[io.BufferedIOBase]:
    """The decompressed bytes of a source, as a buffered stream (with ``read1``)."""
    with ExitStack() as stack:
        raw = _open_binary(uri, stack)
        name = uri.lower().split("?", 1)[0]
        if name.endswith(".gz"):
            raw = cast(IO[bytes], stack.enter_context(gzip.open(raw, "rb")))
        elif name.endswith(".zip"):
            raw = _zip_member(raw, stack)
        if not isinstance(raw, io.BufferedIOBase):
            raw = io.BufferedReader(cast(Any, raw), READ_BLOCK)
        yield cast(io.BufferedIOBase, raw)


def display_name(uri: str) -> str:
    """The source as recorded in the run (URL query strings dropped)."""
    return uri.split("?", 1)[0]
