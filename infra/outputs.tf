output "api_address" {
  description = "Point the DNS A record of var.domain here (the certificate waits for it)."
  value       = google_compute_global_address.api.address
}

output "api_url" {
  description = "Base URL of the API (health: <url>/api/<function>/health)."
  value       = "https://${var.domain}"
}

output "function_services" {
  description = "Cloud Run service of each function (logs, revisions, rollbacks)."
  value       = { for name, function in module.function : name => function.service }
}

output "sources_bucket" {
  description = "Where the pipeline uploads releases/<release>/<function>.zip."
  value       = google_storage_bucket.sources.name
}

output "job_image_repository" {
  description = "Artifact Registry path of the job image (tag = release)."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/jobs"
}

output "sql_connection_name" {
  description = "APP_DB_INSTANCE_CONNECTION_NAME."
  value       = google_sql_database_instance.main.connection_name
}

output "dvf_job" {
  description = "The DVF loader job (gcloud run jobs execute <name> --region <region>)."
  value       = google_cloud_run_v2_job.dvf_loader.name
}

output "deployer_service_account" {
  description = "Service account of the Cloud Build trigger."
  value       = google_service_account.deployer.email
}

output "dead_letter_subscriptions" {
  description = "Where events that kept failing wait, by event function."
  value       = { for name, subscription in google_pubsub_subscription.dead_letter : name => subscription.name }
}
