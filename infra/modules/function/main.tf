# One Cloud Function (gen2, python311) and who may invoke it.
#
# HTTP functions accept traffic from the external load balancer only
# (ALLOW_INTERNAL_AND_GCLB) and are invocable without a token, since the API does
# its own session authentication; event functions accept internal traffic only and
# are invoked by the Eventarc identity. Failed events are retried
# (RETRY_POLICY_RETRY): the handlers re-raise only retryable failures
# (common/events.py), and the pipeline attaches a dead-letter topic.

locals {
  is_http = var.trigger == "http"
  event_types = {
    bucket = "google.cloud.storage.object.v1.finalized"
    topic  = "google.cloud.pubsub.topic.v1.messagePublished"
  }
  # Pool sizing (common/config.py): one connection per concurrent request.
  pool_environment = {
    APP_FUNCTION_CONCURRENCY = var.concurrency
    APP_DB_POOL_SIZE         = var.db_pool_size
    APP_DB_MAX_OVERFLOW      = var.db_max_overflow
    THREADS                  = var.concurrency
  }
}

resource "google_cloudfunctions2_function" "this" {
  name     = var.name
  location = var.region

  build_config {
    runtime         = "python311"
    entry_point     = var.entry_point
    service_account = var.build_service_account

    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    available_memory                 = var.memory
    available_cpu                    = var.cpu
    timeout_seconds                  = var.timeout_seconds
    min_instance_count               = 0
    max_instance_count               = var.max_instances
    max_instance_request_concurrency = var.concurrency
    environment_variables            = merge(var.environment, local.pool_environment)
    ingress_settings                 = local.is_http ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = var.service_account_email
    vpc_connector                    = var.vpc_connector
    vpc_connector_egress_settings    = "PRIVATE_RANGES_ONLY"

    dynamic "secret_environment_variables" {
      for_each = var.secrets
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  dynamic "event_trigger" {
    for_each = local.is_http ? [] : [var.trigger]
    content {
      trigger_region        = var.region
      event_type            = local.event_types[event_trigger.value]
      pubsub_topic          = event_trigger.value == "topic" ? var.trigger_topic : null
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = var.trigger_service_account_email

      dynamic "event_filters" {
        for_each = event_trigger.value == "bucket" ? [var.trigger_bucket] : []
        content {
          attribute = "bucket"
          value     = event_filters.value
        }
      }
    }
  }
}

# Behind the load balancer: the API authenticates sessions itself.
resource "google_cloud_run_service_iam_member" "public" {
  #checkov:skip=CKV_GCP_102:The HTTP API is public by design (session cookies checked by the router); ingress ALLOW_INTERNAL_AND_GCLB keeps the run.app URL unreachable from outside the load balancer.
  count = local.is_http ? 1 : 0

  location = var.region
  service  = google_cloudfunctions2_function.this.service_config[0].service
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_service_iam_member" "eventarc" {
  count = local.is_http ? 0 : 1

  location = var.region
  service  = google_cloudfunctions2_function.this.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.trigger_service_account_email}"
}
