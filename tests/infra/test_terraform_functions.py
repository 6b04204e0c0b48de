"""infra/ against the code: one Terraform function per function folder, wired as the
code expects (entry points, triggers, URL prefixes, sizing, access)."""

from __future__ import annotations

from typing import get_args

import pytest

from common.local.functions import (
    FUNCTIONS_DIR,
    discover_functions,
    load_router,
    route_prefixes,
)
from common.storage import BUCKET_ROLES
from common.triggers import (
    EVENT_TRIGGERS,
    PUBSUB_PUBLISHED,
    STORAGE_FINALIZED,
    BucketTrigger,
    TopicSetting,
    TopicTrigger,
)
from tests.infra.deployment import functions, local, module, root

JOB_FOLDERS = {"dvf_loader"}  # deployed as the Cloud Run job of infra/jobs.tf
SIGNATURES = {"http": "http", "bucket": "cloudevent", "topic": "cloudevent"}
EVENT_TIMEOUT_LIMIT = 540  # Cloud Functions gen2 event-driven maximum
HTTP_TIMEOUT_LIMIT = 3600

DISCOVERED = {source.name: source for source in discover_functions(FUNCTIONS_DIR)}
DECLARED = functions()


def test_every_function_folder_has_exactly_one_terraform_function() -> None:
    folders = {path.name for path in FUNCTIONS_DIR.iterdir() if path.is_dir()}
    folders -= {"__pycache__"}

    assert set(DECLARED) == set(DISCOVERED)
    assert folders == set(DISCOVERED) | JOB_FOLDERS


@pytest.mark.parametrize("name", sorted(DISCOVERED))
def test_terraform_entry_point_is_the_one_main_py_declares(name: str) -> None:
    entry_points = DISCOVERED[name].entry_points
    declared = DECLARED[name]

    assert [entry.name for entry in entry_points] == [declared["entry_point"]]
    assert entry_points[0].signature_type == SIGNATURES[declared["trigger"]]


def test_event_triggers_match_common_triggers() -> None:
    events = {name: f for name, f in DECLARED.items() if f["trigger"] != "http"}

    assert set(events) == set(EVENT_TRIGGERS)
    for name, trigger in EVENT_TRIGGERS.items():
        if isinstance(trigger, BucketTrigger):
            assert events[name]["trigger"] == "bucket", name
            assert events[name]["bucket_role"] == trigger.bucket_role, name
            assert trigger.event_type == STORAGE_FINALIZED
        else:
            assert isinstance(trigger, TopicTrigger)
            assert events[name]["trigger"] == "topic", name
            assert events[name]["topic_setting"] == trigger.topic_setting, name
            assert trigger.event_type == PUBSUB_PUBLISHED


def test_module_event_types_and_retry_policy_are_the_code_s() -> None:
    function = module().resource("google_cloudfunctions2_function", "this")
    trigger = function["dynamic"][0]["event_trigger"]["content"][0]

    assert module().locals["event_types"] == {
        "bucket": STORAGE_FINALIZED,
        "topic": PUBSUB_PUBLISHED,
    }
    assert trigger["retry_policy"] == "RETRY_POLICY_RETRY"
    assert function["build_config"][0]["runtime"] == "python311"
    assert function["build_config"][0]["entry_point"] == "${var.entry_point}"


def test_module_call_wires_sources_triggers_and_settings() -> None:
    call = root().modules["function"]
    service = module().resource("google_cloudfunctions2_function", "this")
    service_config = service["service_config"][0]
    topics = root().resource("google_pubsub_topic", "events")

    assert call["for_each"] == "${local.functions}"
    assert call["source_object"] == "releases/${var.release}/${each.key}.zip"
    assert call["environment"] == "${merge(local.common_env, each.value.env)}"
    assert "local.buckets[each.value.bucket_role]" in call["trigger_bucket"]
    assert (
        "google_pubsub_topic.events[each.value.topic_setting]" in call["trigger_topic"]
    )
    assert (topics["for_each"], topics["name"]) == ("${local.topics}", "${each.value}")
    assert service_config["environment_variables"] == (
        "${merge(var.environment, local.pool_environment)}"
    )
    assert service_config["max_instance_request_concurrency"] == "${var.concurrency}"


def test_topics_and_buckets_cover_the_code_s_roles_and_settings() -> None:
    assert set(local("topics", "prod")) == set(get_args(TopicSetting))
    assert set(BUCKET_ROLES) <= set(local("buckets", "prod"))


@pytest.mark.parametrize(
    "name", sorted(n for n, f in DECLARED.items() if f["trigger"] == "http")
)
def test_load_balancer_paths_are_the_router_s_prefixes(name: str) -> None:
    router = load_router(name)

    assert router is not None and router.routes
    assert sorted(DECLARED[name]["paths"]) == list(route_prefixes(router))
    assert router.health_path == f"/api/{name}/health"
    assert any(
        router.health_path.startswith(prefix + "/")
        for prefix in DECLARED[name]["paths"]
    )


def test_url_map_routes_each_prefix_and_its_subpaths() -> None:
    url_map = root().resource("google_compute_url_map", "api")
    rule = url_map["path_matcher"][0]["dynamic"][0]["path_rule"]

    assert rule["for_each"] == "${local.http_functions}"
    assert 'prefix, "${prefix}/*"' in rule["content"][0]["paths"]


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_function_sizing_fits_the_platform_and_the_pool_rules(name: str) -> None:
    declared = DECLARED[name]

    assert declared["db_pool_size"] <= declared["concurrency"]
    if declared["concurrency"] > 1:
        assert float(declared["cpu"]) >= 1
    if declared["trigger"] == "http":
        assert declared["timeout_seconds"] <= HTTP_TIMEOUT_LIMIT
        assert declared["paths"]
    else:
        assert declared["timeout_seconds"] <= EVENT_TIMEOUT_LIMIT
        assert (declared["concurrency"], declared["db_pool_size"]) == (1, 1)
        assert declared["db_max_overflow"] == 0
        assert declared["paths"] == []


def test_access_is_declared_for_every_function_and_names_real_resources() -> None:
    access = local("function_access", "prod")
    buckets, topics = local("buckets", "prod"), local("topics", "prod")
    secrets = local("secrets", "prod")

    assert set(access) == set(DECLARED)
    for name, grants in access.items():
        assert set(grants["buckets"]) <= set(buckets), name
        assert set(grants["publishes"]) <= set(topics), name
        assert set(DECLARED[name]["secrets"]) <= set(secrets), name
    assert set(local("job_secrets", "prod")) <= set(secrets)
