# Docker repository of the job image (infra/job.Dockerfile), tagged by release.

resource "google_artifact_registry_repository" "images" {
  #checkov:skip=CKV_GCP_84:The image holds open-source code and dependencies only, no data; Google-managed encryption at rest.
  repository_id = "logis"
  location      = var.region
  format        = "DOCKER"
  description   = "Image of the DVF loader and migrations jobs"

  # Keep the images of recent releases for rollbacks, drop the rest.
  cleanup_policies {
    id     = "keep-recent-releases"
    action = "KEEP"
    most_recent_versions {
      keep_count = 20
    }
  }
  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      older_than = "7776000s"
    }
  }

  depends_on = [google_project_service.apis]
}

locals {
  job_image = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/jobs:${var.release}"
}
