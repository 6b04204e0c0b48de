"""Users and auth services against a real PostgreSQL, with hand-written fakes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from common import cli
from common.auth.cookies import generate_id
from common.db import session_scope
from common.db.models import BaSession, BaUser, BaVerification, Document, User
from common.errors import DependencyFailed
from common.ratelimit import RateDecision
from common.services import auth, user_admin, users
from common.storage import BucketRole, LocalStorage
from tests.factories import DEFAULT_PASSWORD, create_property, create_user

CLIENT = auth.Client(ip_address="198.51.100.7", user_agent="pytest")


class RecordingLimiter:
    """A rate limiter that allows everything and remembers what it was asked."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, int, int]] = []
        self.resets: list[str] = []

    def hit(self, key: str, limit: int, window_seconds: int) -> RateDecision:
        self.hits.append((key, limit, window_seconds))
        return RateDecision(allowed=True, remaining=limit, retry_after=0)

    def reset(self, key: str, window_seconds: int) -> None:
        self.resets.append(key)


class BrokenStorage(LocalStorage):
    """Object storage that is down (only deletions are used by these tests)."""

    def __init__(self) -> None:
        super().__init__(Path("/nonexistent/storage"), b"k" * 32, "http://x.test", 900)
        self.calls: list[tuple[BucketRole, str]] = []

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        self.calls.append((bucket, prefix))
        raise DependencyFailed()


class UserCheckingStorage(BrokenStorage):
    """Storage that works and records whether the user still existed at each call."""

    def __init__(self, user_id: str) -> None:
        super().__init__()
        self.user_id = user_id
        self.user_existed: list[bool] = []

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        self.calls.append((bucket, prefix))
        with session_scope() as db:
            self.user_existed.append(db.get(BaUser, self.user_id) is not None)
        return 0


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _user(**options: Any) -> Any:
    with session_scope() as db:
        return create_user(db, **options)


# --- sign-in limiter keys -----------------------------------------------------------


def test_sign_in_counts_attempts_under_hashed_email_and_ip(clean_db: Engine) -> None:
    user = _user(email="camille@example.test")
    limiter = RecordingLimiter()

    auth.sign_in(
        email=user.email, password=DEFAULT_PASSWORD, client=CLIENT, limiter=limiter
    )

    email_key = "sign_in:email:" + hashlib.sha256(b"camille@example.test").hexdigest()
    assert [key for key, _, _ in limiter.hits] == ["sign_in:ip:198.51.100.7", email_key]
    assert limiter.hits[1][1:] == (5, 900)
    assert limiter.hits[0][1] == 50
    assert limiter.resets == [email_key]


def test_sign_in_failure_keeps_the_count(clean_db: Engine) -> None:
    user = _user()
    limiter = RecordingLimiter()

    with pytest.raises(auth.InvalidCredentials):
        auth.sign_in(email=user.email, password="wrong", client=CLIENT, limiter=limiter)

    assert limiter.resets == []


def test_sign_up_counts_per_ip_per_hour(clean_db: Engine) -> None:
    limiter = RecordingLimiter()

    auth.sign_up(
        name="Léa", email="lea@example.test", password="12345678", image=None,
        locale="fr", client=CLIENT, limiter=limiter,
    )  # fmt: skip

    assert limiter.hits == [("sign_up:ip:198.51.100.7", 20, 3600)]


# --- account deletion -----------------------------------------------------------


def test_delete_account_when_storage_fails_keeps_every_row(clean_db: Engine) -> None:
    user = _user()
    with session_scope() as db:
        create_property(db, user.id)
    storage = BrokenStorage()

    with pytest.raises(DependencyFailed):
        users.delete_account(
            user.id,
            session_created_at=datetime.now(tz=UTC),
            password=None,
            storage=storage,
        )

    assert storage.calls == [("documents", f"users/{user.id}/")]
    with session_scope() as db:
        assert db.get(BaUser, user.id) is not None
        assert db.scalar(select(func.count()).select_from(BaSession)) == 1


def test_delete_account_deletes_objects_before_rows(clean_db: Engine) -> None:
    user = _user()
    storage = UserCheckingStorage(user.id)

    users.delete_account(
        user.id,
        session_created_at=datetime.now(tz=UTC),
        password=None,
        storage=storage,
    )

    assert storage.calls == [
        ("documents", f"users/{user.id}/"),
        ("photos", f"users/{user.id}/"),
    ]
    assert storage.user_existed == [True, True]
    with session_scope() as db:
        assert db.get(BaUser, user.id) is None


def test_delete_account_with_stale_session_never_touches_storage(
    clean_db: Engine,
) -> None:
    user = _user()
    storage = BrokenStorage()

    with pytest.raises(users.ReauthenticationRequired):
        users.delete_account(
            user.id,
            session_created_at=datetime.now(tz=UTC) - timedelta(days=2),
            password=None,
            storage=storage,
        )

    assert storage.calls == []


# --- bounded queries --------------------------------------------------------------


def test_usage_stats_is_one_query(clean_db: Engine) -> None:
    user = _user()
    with session_scope() as db:
        estate = create_property(db, user.id)
        for number in range(3):
            db.add(
                Document(
                    property_id=estate.id, user_id=user.id, filename=f"{number}.pdf",
                    storage_key=f"users/{user.id}/{number}.pdf", size_bytes=10,
                )
            )  # fmt: skip

    with count_statements(clean_db) as statements:
        stats = users.usage_stats(user.id)

    assert len(statements) == 1
    assert (stats.documents, stats.storage_bytes) == (3, 30)
    assert stats.documents_by_status == {"awaiting_upload": 3}


def test_list_users_query_count_does_not_grow_with_users(clean_db: Engine) -> None:
    for _ in range(6):
        user = _user()
        with session_scope() as db:
            create_property(db, user.id)

    with count_statements(clean_db) as statements:
        page = user_admin.list_users(limit=50, offset=0)

    assert len(page.items) == 6
    assert all(item.property_count == 1 for item in page.items)
    assert len(statements) == 2


# --- command line -------------------------------------------------------------------


def test_cli_make_superuser_grants_the_role(clean_db: Engine) -> None:
    user = _user(email="admin@example.test")

    assert cli.main(["make-superuser", " Admin@Example.test"]) == 0

    with session_scope() as db:
        assert db.get_one(User, user.id).is_superuser


def test_cli_make_superuser_creates_a_missing_profile(clean_db: Engine) -> None:
    with session_scope() as db:
        user_id = generate_id()
        db.add(BaUser(id=user_id, name="BA only", email="ba@example.test"))

    assert cli.main(["make-superuser", "ba@example.test"]) == 0

    with session_scope() as db:
        assert db.get_one(User, user_id).is_superuser


def test_cli_make_superuser_of_unknown_email_fails_with_message(
    clean_db: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["make-superuser", "ghost@example.test"]) == 1

    error = capsys.readouterr().err
    assert "no user signed up with the e-mail ghost@example.test" in error


def test_cli_purge_sessions_deletes_only_expired_ones(clean_db: Engine) -> None:
    # given a live session, an expired one, and an expired OAuth state
    live = _user()
    _user(session_expires_in=timedelta(minutes=-1))
    now = datetime.now(tz=UTC)
    with session_scope() as db:
        db.add(
            BaVerification(
                id=generate_id(), identifier="oauth_state:old", value="{}",
                expires_at=now - timedelta(minutes=1),
            )
        )  # fmt: skip

    # when
    exit_code = cli.main(["purge-sessions"])

    # then
    assert exit_code == 0
    with session_scope() as db:
        assert set(db.scalars(select(BaSession.token))) == {live.session_token}
        assert db.scalar(select(func.count()).select_from(BaVerification)) == 0


def test_cli_without_command_exits_with_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main([])

    assert raised.value.code == 2
    assert "make-superuser" in capsys.readouterr().err
