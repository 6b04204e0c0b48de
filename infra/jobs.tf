# Cloud Run jobs, both from the job image (infra/job.Dockerfile):
#   dvf-loader  `python -m functions.dvf_loader job FILES...`: tasks split the files
#               (CLOUD_RUN_TASK_INDEX/COUNT), a failed task is retried and resumes
#               after its last committed chunk; started twice a year by Cloud
#               Scheduler and on demand by POST /api/analysis/dvf/reload.
#   migrate     `python -m common.db.migrate upgrade`, executed by the pipeline
#               before the new code is deployed.

locals {
  dvf_job_id = "dvf-loader"
  # functions/dvf_loader/main.py JOB_MAX_ATTEMPTS = the first attempt + these retries.
  dvf_max_retries = 3
  # Pools of the jobs (the connection budget counts them): a loader task loads on
  # one connection; the task that publishes builds the indexes on a second one
  # (common/dvf/loader.py).
  dvf_job_env = {
    APP_DB_POOL_SIZE    = 1
    APP_DB_MAX_OVERFLOW = 1
  }
  migrate_job_env = {
    APP_DB_POOL_SIZE    = 1
    APP_DB_MAX_OVERFLOW = 0
  }
  job_secrets_env = { for id in local.job_secrets : local.secrets[id] => google_secret_manager_secret.secrets[id].secret_id }
}

resource "google_cloud_run_v2_job" "dvf_loader" {
  name                = local.dvf_job_id
  location            = var.region
  deletion_protection = false

  template {
    task_count  = var.dvf_task_count
    parallelism = var.dvf_parallelism

    template {
      service_account = google_service_account.dvf_loader.email
      max_retries     = local.dvf_max_retries
      timeout         = "14400s"

      vpc_access {
        connector = google_vpc_access_connector.main.id
        egress    = "PRIVATE_RANGES_ONLY"
      }

      containers {
        image = local.job_image
        args  = concat(var.dvf_sources, ["--errors", "gs://${google_storage_bucket.dvf.name}/reports", "--no-progress"])

        resources {
          limits = {
            cpu    = "1"
            memory = "1Gi"
          }
        }

        dynamic "env" {
          for_each = merge(local.common_env, local.dvf_job_env)
          content {
            name  = env.key
            value = env.value
          }
        }

        dynamic "env" {
          for_each = local.job_secrets_env
          content {
            name = env.key
            value_source {
              secret_key_ref {
                secret  = env.value
                version = "latest"
              }
            }
          }
        }
      }
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.jobs,
    google_secret_manager_secret_version.db_password,
  ]
}

resource "google_cloud_run_v2_job" "migrate" {
  name                = "migrate"
  location            = var.region
  deletion_protection = false

  template {
    task_count  = 1
    parallelism = 1

    template {
      service_account = google_service_account.migrate.email
      max_retries     = 0
      timeout         = "1800s"

      vpc_access {
        connector = google_vpc_access_connector.main.id
        egress    = "PRIVATE_RANGES_ONLY"
      }

      containers {
        image   = local.job_image
        command = ["python", "-m", "common.db.migrate"]
        args    = ["upgrade"]

        resources {
          limits = {
            cpu    = "1"
            memory = "512Mi"
          }
        }

        dynamic "env" {
          for_each = merge(local.common_env, local.migrate_job_env)
          content {
            name  = env.key
            value = env.value
          }
        }

        dynamic "env" {
          for_each = local.job_secrets_env
          content {
            name = env.key
            value_source {
              secret_key_ref {
                secret  = env.value
                version = "latest"
              }
            }
          }
        }
      }
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.jobs,
    google_secret_manager_secret_version.db_password,
  ]
}

# DVF is published in April and October: reload a few weeks after each release.
resource "google_cloud_scheduler_job" "dvf_reload" {
  name             = "dvf-reload"
  region           = var.region
  schedule         = var.dvf_schedule
  time_zone        = "Europe/Paris"
  attempt_deadline = "60s"

  retry_config {
    retry_count = 3
  }

  http_target {
    http_method = "POST"
    uri         = "https://run.googleapis.com/v2/projects/${var.project_id}/locations/${var.region}/jobs/${google_cloud_run_v2_job.dvf_loader.name}:run"

    oauth_token {
      service_account_email = google_service_account.scheduler.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_cloud_run_v2_job_iam_member.scheduler_runs_dvf]
}
