# Cloud SQL for PostgreSQL: private IP only, client certificates required (the Cloud
# SQL connector of common/db/engine.py always presents one), daily backups with
# point-in-time recovery, and max_connections set explicitly because the
# connection budget (tests/infra) is computed against it.

locals {
  # Connections kept free for people and tools (psql, Cloud SQL Studio, a manual
  # migration) on top of every function's and job's pool in the budget.
  db_admin_connections = 10
}

resource "google_sql_database_instance" "main" {
  #checkov:skip=CKV_GCP_79:PostgreSQL 15 is what the tests run against (cloudbuild.yaml services, CI); upgrade both together.
  #checkov:skip=CKV2_GCP_13:log_duration would log every statement of every request; Query Insights already records latencies.
  name                = "logis-${var.environment}"
  database_version    = "POSTGRES_15"
  region              = var.region
  deletion_protection = var.db_deletion_protection

  settings {
    tier              = var.db_tier
    availability_type = var.db_availability_type
    disk_type         = "PD_SSD"
    disk_size         = var.db_disk_size_gb
    disk_autoresize   = true

    ip_configuration {
      ipv4_enabled                                  = false
      private_network                               = google_compute_network.main.id
      enable_private_path_for_google_cloud_services = true
      ssl_mode                                      = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "02:00"
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7

      backup_retention_settings {
        retained_backups = 14
      }
    }

    maintenance_window {
      day  = 7
      hour = 3
    }

    insights_config {
      query_insights_enabled  = true
      record_application_tags = false
      record_client_address   = false
    }

    database_flags {
      name  = "max_connections"
      value = var.db_max_connections
    }
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_hostname"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
    database_flags {
      name  = "log_min_messages"
      value = "error"
    }
    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }
    database_flags {
      name  = "log_statement"
      value = "ddl"
    }
    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }

  depends_on = [google_service_networking_connection.private_services]
}

resource "google_sql_database" "logis" {
  name     = "logis"
  instance = google_sql_database_instance.main.name
}

# One application user with a generated password (kept in Secret Manager and in the
# state): the functions connect through the Cloud SQL connector over private IP.
resource "random_password" "db" {
  length  = 40
  special = false
}

resource "google_sql_user" "logis" {
  name     = "logis"
  instance = google_sql_database_instance.main.name
  password = random_password.db.result
}
