"""Pub/Sub for tests: the official emulator when installed, else an in-process fake.

``FakePubSub`` is a real gRPC server on 127.0.0.1 that speaks the ``google.pubsub.v1``
protocol with the generated message classes, so the unmodified ``PublisherClient`` and
``SubscriberClient`` work against it once ``PUBSUB_EMULATOR_HOST`` names it. It
implements what the project uses: topics (create, get), publish, subscriptions
(create, get), unary pull with ack deadlines, acknowledge and modify-ack-deadline.
Other methods answer UNIMPLEMENTED. ``fail_next`` makes a method fail with a status,
as an outage would. ``OfficialEmulator`` runs the Java emulator of the Cloud SDK.
"""

from __future__ import annotations

import itertools
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, timestamp_pb2
from google.pubsub_v1 import types

OFFICIAL_EMULATOR = Path("/usr/lib/google-cloud-sdk/platform/pubsub-emulator")
_EMPTY_PULL_WAIT_SECONDS = 0.5
_DEFAULT_ACK_DEADLINE = 10


@dataclass
class _Lease:
    message: Any  # google.pubsub.v1.PubsubMessage
    ack_id: str = ""
    leased_until: float = 0.0
    deliveries: int = 0


@dataclass
class _Subscription:
    proto: Any  # google.pubsub.v1.Subscription
    backlog: dict[str, _Lease] = field(default_factory=dict)  # by message id


class FakePubSub:
    """An in-memory Pub/Sub server (see the module docstring)."""

    def __init__(self) -> None:
        self._topics: dict[str, Any] = {}
        self._subscriptions: dict[str, _Subscription] = {}
        self._failures: dict[str, list[grpc.StatusCode]] = {}
        self._ids = itertools.count(1)
        self._condition = threading.Condition()
        self._server: grpc.Server | None = None
        self.host = ""

    def start(self) -> str:
        """Serve on a free loopback port; returns ``host:port``."""
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        server.add_generic_rpc_handlers(self._handlers())
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self._server, self.host = server, f"127.0.0.1:{port}"
        return self.host

    def stop(self) -> None:
        """Stop serving (in-flight calls are cancelled)."""
        if self._server is not None:
            self._server.stop(grace=None).wait()
            self._server = None

    def fail_next(self, method: str, code: grpc.StatusCode, times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` (``"Publish"``...) fail."""
        with self._condition:
            self._failures.setdefault(method, []).extend([code] * times)

    def published(self, topic_path: str) -> list[Any]:
        """Every message published to the topic since it was created, in order."""
        with self._condition:
            return list(self._topics[topic_path][1])

    def _handlers(self) -> tuple[grpc.GenericRpcHandler, ...]:
        def unary(
            name: str, request: Any, response: Any, fn: Callable[[Any], Any]
        ) -> tuple[str, grpc.RpcMethodHandler]:
            return name, grpc.unary_unary_rpc_method_handler(
                self._guarded(name, fn),
                request_deserializer=request.pb().FromString,
                response_serializer=lambda message: message.SerializeToString(),
            )

        publisher = dict(
            [
                unary("CreateTopic", types.Topic, types.Topic, self._create_topic),
                unary("GetTopic", types.GetTopicRequest, types.Topic, self._get_topic),
                unary(
                    "Publish",
                    types.PublishRequest,
                    types.PublishResponse,
                    self._publish,
                ),
            ]
        )
        subscriber = dict(
            [
                unary(
                    "CreateSubscription",
                    types.Subscription,
                    types.Subscription,
                    self._create_subscription,
                ),
                unary(
                    "GetSubscription",
                    types.GetSubscriptionRequest,
                    types.Subscription,
                    self._get_subscription,
                ),
                unary("Pull", types.PullRequest, types.PullResponse, self._pull),
                unary(
                    "Acknowledge",
                    types.AcknowledgeRequest,
                    empty_pb2.Empty,
                    self._acknowledge,
                ),
                unary(
                    "ModifyAckDeadline",
                    types.ModifyAckDeadlineRequest,
                    empty_pb2.Empty,
                    self._modify_ack_deadline,
                ),
            ]
        )
        return (
            grpc.method_handlers_generic_handler(
                "google.pubsub.v1.Publisher", publisher
            ),
            grpc.method_handlers_generic_handler(
                "google.pubsub.v1.Subscriber", subscriber
            ),
        )

    def _guarded(
        self, name: str, fn: Callable[[Any], Any]
    ) -> Callable[[Any, grpc.ServicerContext], Any]:
        def handle(request: Any, context: grpc.ServicerContext) -> Any:
            with self._condition:
                queued = self._failures.get(name)
                failure = queued.pop(0) if queued else None
            if failure is not None:
                context.abort(failure, f"injected failure of {name}")
            try:
                return fn(request)
            except _RpcError as exc:
                context.abort(exc.code, exc.details)

        return handle

    def _create_topic(self, topic: Any) -> Any:
        with self._condition:
            if topic.name in self._topics:
                raise _RpcError(grpc.StatusCode.ALREADY_EXISTS, "Topic already exists")
            self._topics[topic.name] = (topic, [])
        return topic

    def _get_topic(self, request: Any) -> Any:
        with self._condition:
            return self._topic(request.topic)[0]

    def _publish(self, request: Any) -> Any:
        response = types.PublishResponse.pb()()
        with self._condition:
            _, log = self._topic(request.topic)
            for message in request.messages:
                stored = type(message)()
                stored.CopyFrom(message)
                stored.message_id = str(next(self._ids))
                stored.publish_time.CopyFrom(_now())
                log.append(stored)
                response.message_ids.append(stored.message_id)
                for subscription in self._subscriptions.values():
                    if subscription.proto.topic == request.topic:
                        subscription.backlog[stored.message_id] = _Lease(stored)
            self._condition.notify_all()
        return response

    def _create_subscription(self, proto: Any) -> Any:
        with self._condition:
            self._topic(proto.topic)
            if proto.name in self._subscriptions:
                raise _RpcError(grpc.StatusCode.ALREADY_EXISTS, "Subscription exists")
            if not proto.ack_deadline_seconds:
                proto.ack_deadline_seconds = _DEFAULT_ACK_DEADLINE
            self._subscriptions[proto.name] = _Subscription(proto)
        return proto

    def _get_subscription(self, request: Any) -> Any:
        with self._condition:
            return self._subscription(request.subscription).proto

    def _pull(self, request: Any) -> Any:
        response = types.PullResponse.pb()()
        deadline = time.monotonic() + _EMPTY_PULL_WAIT_SECONDS
        with self._condition:
            subscription = self._subscription(request.subscription)
            while not (leases := self._available(subscription, request.max_messages)):
                remaining = deadline - time.monotonic()
                if request.return_immediately or remaining <= 0:
                    return response
                self._condition.wait(remaining)
            lease_seconds = subscription.proto.ack_deadline_seconds
            for lease in leases:
                lease.deliveries += 1
                lease.ack_id = f"{lease.message.message_id}-{lease.deliveries}"
                lease.leased_until = time.monotonic() + lease_seconds
                received = response.received_messages.add(ack_id=lease.ack_id)
                received.message.CopyFrom(lease.message)
        return response

    def _acknowledge(self, request: Any) -> Any:
        with self._condition:
            backlog = self._subscription(request.subscription).backlog
            for ack_id in request.ack_ids:
                message_id = ack_id.rsplit("-", 1)[0]
                lease = backlog.get(message_id)
                if lease is not None and lease.ack_id == ack_id:
                    del backlog[message_id]
        return empty_pb2.Empty()

    def _modify_ack_deadline(self, request: Any) -> Any:
        with self._condition:
            backlog = self._subscription(request.subscription).backlog
            for ack_id in request.ack_ids:
                lease = backlog.get(ack_id.rsplit("-", 1)[0])
                if lease is not None and lease.ack_id == ack_id:
                    lease.leased_until = time.monotonic() + request.ack_deadline_seconds
            self._condition.notify_all()
        return empty_pb2.Empty()

    def _available(self, subscription: _Subscription, limit: int) -> list[_Lease]:
        now = time.monotonic()
        ready = [
            lease
            for lease in subscription.backlog.values()
            if lease.leased_until <= now
        ]
        return ready[: max(1, limit)]

    def _topic(self, name: str) -> tuple[Any, list[Any]]:
        if name not in self._topics:
            raise _RpcError(grpc.StatusCode.NOT_FOUND, "Topic not found")
        topic: tuple[Any, list[Any]] = self._topics[name]
        return topic

    def _subscription(self, name: str) -> _Subscription:
        if name not in self._subscriptions:
            raise _RpcError(grpc.StatusCode.NOT_FOUND, "Subscription not found")
        return self._subscriptions[name]


class _RpcError(Exception):
    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(details)
        self.code, self.details = code, details


def _now() -> Any:
    stamp = timestamp_pb2.Timestamp()
    stamp.GetCurrentTime()
    return stamp


class OfficialEmulator:
    """The Cloud SDK's Java Pub/Sub emulator on a free loopback port."""

    def __init__(self, log_path: Path) -> None:
        self._log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self.host = ""

    @staticmethod
    def available() -> bool:
        """True when the Cloud SDK's emulator and a Java runtime are installed."""
        launcher = OFFICIAL_EMULATOR / "bin" / "cloud-pubsub-emulator"
        return launcher.is_file() and shutil.which("java") is not None

    def start(self, timeout: float = 60.0) -> str:
        """Launch and wait until it accepts connections; returns ``host:port``."""
        port = _free_port()
        command = [
            str(OFFICIAL_EMULATOR / "bin" / "cloud-pubsub-emulator"),
            "--host=127.0.0.1",
            f"--port={port}",
        ]
        with self._log_path.open("wb") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT
            )
        self.host = f"127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"emulator exited, see {self._log_path}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return self.host
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"emulator did not start in {timeout} s")

    def stop(self) -> None:
        """Terminate the emulator (the launcher execs java, so the pid is the JVM)."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
