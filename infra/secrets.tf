# Secret Manager: one secret per secret setting, injected into the processes that
# need it as an environment variable at deploy (secret_environment_variables): no
# Secret Manager call on the request path. Access is granted per secret and per
# accessor (iam.tf). The database password and the Redis URL are generated here;
# the others get their versions from the operator (docs/deploy.md).

locals {
  # Secret id => the environment variable common/config.py reads.
  secrets = {
    auth-secret          = "APP_AUTH_SECRET"
    db-password          = "APP_DB_PASSWORD"
    redis-url            = "APP_REDIS_URL"
    google-client-secret = "APP_GOOGLE_CLIENT_SECRET"
    url-signing-key      = "APP_GCS_SIGNING_KEY"
  }
}

resource "google_secret_manager_secret" "secrets" {
  for_each = local.secrets

  secret_id = each.key

  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "db_password" {
  secret      = google_secret_manager_secret.secrets["db-password"].id
  secret_data = random_password.db.result
}

resource "google_secret_manager_secret_version" "redis_url" {
  secret      = google_secret_manager_secret.secrets["redis-url"].id
  secret_data = "redis://:${google_redis_instance.cache.auth_string}@${google_redis_instance.cache.host}:${google_redis_instance.cache.port}/0"
}

resource "google_secret_manager_secret_version" "url_signing_key" {
  secret      = google_secret_manager_secret.secrets["url-signing-key"].id
  secret_data = base64decode(google_service_account_key.url_signer.private_key)
}
