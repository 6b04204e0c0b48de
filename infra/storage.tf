# Buckets, named "<project>-<role>": documents and photos (the roles of
# common/storage_base.BUCKET_ROLES), the function sources, and the DVF files and
# reports. All are uniform-access and private; the browser reaches documents and
# photos only through V4 signed URLs, hence CORS for the web origins.

locals {
  buckets = {
    documents = "${var.project_id}-documents"
    photos    = "${var.project_id}-photos"
    sources   = "${var.project_id}-function-sources"
    dvf       = "${var.project_id}-dvf"
  }
  # Methods of the signed URLs the browser uses (PUT uploads, GET downloads).
  signed_url_cors = [{
    origin          = var.web_origins
    method          = ["GET", "HEAD", "PUT"]
    response_header = ["Content-Type", "Content-Disposition", "x-goog-meta-*"]
    max_age_seconds = 3600
  }]
}

resource "google_storage_bucket" "access_logs" {
  #checkov:skip=CKV_GCP_62:This is the log bucket itself; logging it into itself would loop.
  name                        = "${var.project_id}-access-logs"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      age = 90
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_storage_bucket" "documents" {
  name                        = local.buckets.documents
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  # An overwritten or deleted document stays recoverable for a while, then goes.
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.documents_noncurrent_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  # A signed PUT or resumable upload abandoned half-way leaves parts behind.
  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  dynamic "cors" {
    for_each = local.signed_url_cors
    content {
      origin          = cors.value.origin
      method          = cors.value.method
      response_header = cors.value.response_header
      max_age_seconds = cors.value.max_age_seconds
    }
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }
}

resource "google_storage_bucket" "photos" {
  name                        = local.buckets.photos
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.documents_noncurrent_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  # A photo's original lands on ".../upload" and is deleted once normalised
  # (common/photos/keys.py); one PUT after its row failed, expired or was deleted
  # stays behind. Older than the longest signed-URL validity (7 days) plus a day,
  # it has no photo left to become.
  lifecycle_rule {
    condition {
      age            = 8
      matches_suffix = ["/upload"]
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  dynamic "cors" {
    for_each = local.signed_url_cors
    content {
      origin          = cors.value.origin
      method          = cors.value.method
      response_header = cors.value.response_header
      max_age_seconds = cors.value.max_age_seconds
    }
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }
}

# Function bundles, one folder per release: releases/<release>/<function>.zip.
resource "google_storage_bucket" "sources" {
  name                        = local.buckets.sources
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  # Old releases stay for rollbacks (docs/deploy.md), then go.
  lifecycle_rule {
    condition {
      age = 180
    }
    action {
      type = "Delete"
    }
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }
}

# DVF files mirrored for a reload (gs:// sources) and the loader's error reports.
resource "google_storage_bucket" "dvf" {
  name                        = local.buckets.dvf
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      age            = 400
      matches_prefix = ["reports/"]
    }
    action {
      type = "Delete"
    }
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }
}
