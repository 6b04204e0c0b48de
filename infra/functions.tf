# Every Cloud Function of the collection, declared once in local.functions and
# deployed by modules/function. Keys are the folder names under functions/; the
# deployed name is the same with hyphens. tests/infra checks this map against the
# code: entry points (functions/<name>/main.py), triggers (common/triggers.py), URL
# prefixes (each router), required settings (common/config.py) and the database
# connection budget.
#
# Sizing: an HTTP instance serves `concurrency` requests on as many gunicorn threads
# (THREADS) with one pooled connection each (db_pool_size = concurrency, plus
# db_max_overflow); concurrency above 1 needs a whole CPU. Event functions handle
# one event at a time: concurrency 1, pool 1, no overflow (docs/deploy.md).

locals {
  functions = {
    users = {
      entry_point     = "users_http"
      trigger         = "http"
      bucket_role     = null
      topic_setting   = null
      paths           = ["/api/auth", "/api/users"]
      memory          = "512Mi"
      cpu             = "1"
      timeout_seconds = 60
      concurrency     = 4
      db_pool_size    = 4
      db_max_overflow = 1
      secrets         = ["auth-secret", "db-password", "redis-url", "google-client-secret"]
      env             = { APP_GOOGLE_CLIENT_ID = var.google_client_id }
    }
    properties = {
      entry_point     = "properties_http"
      trigger         = "http"
      bucket_role     = null
      topic_setting   = null
      paths           = ["/api/properties"]
      memory          = "512Mi"
      cpu             = "1"
      timeout_seconds = 60
      concurrency     = 4
      db_pool_size    = 4
      db_max_overflow = 1
      secrets         = ["auth-secret", "db-password", "redis-url", "url-signing-key"]
      env             = {}
    }
    documents = {
      entry_point     = "documents_http"
      trigger         = "http"
      bucket_role     = null
      topic_setting   = null
      paths           = ["/api/documents"]
      memory          = "1Gi"
      cpu             = "1"
      timeout_seconds = 300
      concurrency     = 4
      db_pool_size    = 4
      db_max_overflow = 1
      secrets         = ["auth-secret", "db-password", "redis-url", "url-signing-key"]
      env             = {}
    }
    analysis = {
      entry_point     = "analysis_http"
      trigger         = "http"
      bucket_role     = null
      topic_setting   = null
      paths           = ["/api/analysis"]
      memory          = "1Gi"
      cpu             = "1"
      timeout_seconds = 60
      concurrency     = 4
      db_pool_size    = 4
      db_max_overflow = 1
      secrets         = ["auth-secret", "db-password", "redis-url"]
      env = {
        APP_DVF_JOB_REGION = var.region
        APP_DVF_JOB_ID     = local.dvf_job_id
      }
    }
    photos = {
      entry_point     = "photos_http"
      trigger         = "http"
      bucket_role     = null
      topic_setting   = null
      paths           = ["/api/photos"]
      memory          = "1Gi"
      cpu             = "1"
      timeout_seconds = 300
      concurrency     = 4
      db_pool_size    = 4
      db_max_overflow = 1
      secrets         = ["auth-secret", "db-password", "redis-url", "url-signing-key"]
      env             = {}
    }
    document_uploaded = {
      entry_point     = "on_document_uploaded"
      trigger         = "bucket"
      bucket_role     = "documents"
      topic_setting   = null
      paths           = []
      memory          = "2Gi"
      cpu             = "1"
      timeout_seconds = 540
      concurrency     = 1
      db_pool_size    = 1
      db_max_overflow = 0
      secrets         = ["auth-secret", "db-password"]
      env             = {}
    }
    synthesis = {
      entry_point     = "on_synthesis_requested"
      trigger         = "topic"
      bucket_role     = null
      topic_setting   = "synthesis_topic"
      paths           = []
      memory          = "1Gi"
      cpu             = "1"
      timeout_seconds = 300
      concurrency     = 1
      db_pool_size    = 1
      db_max_overflow = 0
      secrets         = ["auth-secret", "db-password"]
      env             = {}
    }
    photo_redesign = {
      entry_point     = "on_redesign_requested"
      trigger         = "topic"
      bucket_role     = null
      topic_setting   = "redesign_topic"
      paths           = []
      memory          = "2Gi"
      cpu             = "1"
      timeout_seconds = 540
      concurrency     = 1
      db_pool_size    = 1
      db_max_overflow = 0
      secrets         = ["auth-secret", "db-password"]
      env             = {}
    }
  }

  # Settings every process of the collection gets (functions and jobs).
  common_env = {
    APP_ENV                         = var.environment
    APP_LOG_LEVEL                   = "INFO"
    APP_PUBLIC_BASE_URL             = "https://${var.domain}"
    APP_CORS_ORIGINS                = join(",", var.web_origins)
    APP_TRUSTED_PROXY_HOPS          = 2
    APP_STORAGE_BACKEND             = "gcs"
    APP_DOCUMENTS_BUCKET            = local.buckets.documents
    APP_PHOTOS_BUCKET               = local.buckets.photos
    APP_EVENTS_BACKEND              = "pubsub"
    APP_SYNTHESIS_TOPIC             = local.topics.synthesis_topic
    APP_REDESIGN_TOPIC              = local.topics.redesign_topic
    APP_AI_PROVIDER                 = "gemini"
    APP_GEMINI_USE_VERTEX           = "true"
    APP_GEMINI_LOCATION             = var.gemini_location
    APP_GEMINI_MODEL                = var.gemini_model
    APP_DB_INSTANCE_CONNECTION_NAME = google_sql_database_instance.main.connection_name
    APP_DB_USER                     = google_sql_user.logis.name
    APP_DB_NAME                     = google_sql_database.logis.name
    APP_DB_IAM_AUTH                 = "false"
    GOOGLE_CLOUD_PROJECT            = var.project_id
  }
}

module "function" {
  source   = "./modules/function"
  for_each = local.functions

  name                          = replace(each.key, "_", "-")
  region                        = var.region
  project_id                    = var.project_id
  entry_point                   = each.value.entry_point
  source_bucket                 = google_storage_bucket.sources.name
  source_object                 = "releases/${var.release}/${each.key}.zip"
  build_service_account         = google_service_account.function_builder.id
  service_account_email         = google_service_account.functions[each.key].email
  memory                        = each.value.memory
  cpu                           = each.value.cpu
  timeout_seconds               = each.value.timeout_seconds
  max_instances                 = var.function_max_instances[each.key]
  concurrency                   = each.value.concurrency
  db_pool_size                  = each.value.db_pool_size
  db_max_overflow               = each.value.db_max_overflow
  environment                   = merge(local.common_env, each.value.env)
  secrets                       = { for id in each.value.secrets : local.secrets[id] => google_secret_manager_secret.secrets[id].secret_id }
  vpc_connector                 = google_vpc_access_connector.main.id
  trigger                       = each.value.trigger
  trigger_bucket                = each.value.bucket_role == null ? null : local.buckets[each.value.bucket_role]
  trigger_topic                 = each.value.topic_setting == null ? null : google_pubsub_topic.events[each.value.topic_setting].id
  trigger_service_account_email = google_service_account.eventarc.email

  # Triggers name their bucket by string: wait for the buckets, the grants and the
  # secret versions the functions read at start.
  depends_on = [
    google_storage_bucket.documents,
    google_storage_bucket.photos,
    google_secret_manager_secret_iam_member.functions,
    google_project_iam_member.eventarc_receiver,
    google_project_iam_member.gcs_agent_publisher,
    google_secret_manager_secret_version.db_password,
    google_secret_manager_secret_version.redis_url,
    google_secret_manager_secret_version.url_signing_key,
  ]
}
