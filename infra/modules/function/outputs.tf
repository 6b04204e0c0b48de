output "service" {
  description = "Name of the Cloud Run service behind the function (serverless NEG target)."
  value       = google_cloudfunctions2_function.this.service_config[0].service
}

output "uri" {
  description = "The function's own URL (reachable from inside the project only)."
  value       = google_cloudfunctions2_function.this.service_config[0].uri
}
