# Identities and least-privilege grants.
#
# Each function and each job runs as its own service account. What each needs is
# derived from the services it calls (docs/deploy.md has the table):
#   buckets     objects it reads, writes or deletes (roles/storage.objectUser on
#               that bucket only; objectUser has no IAM or ACL permission)
#   publishes   topics it publishes to (by setting name, as in common/config.py)
#   vertex_ai   Gemini through Vertex AI
#   runs_dvf    starts the DVF job (admin reload): run.invoker on that job only
# Every runtime identity is a Cloud SQL client and reads only the secrets its
# function declares (functions.tf).

locals {
  function_access = {
    users             = { buckets = ["documents", "photos"], publishes = [], vertex_ai = false, runs_dvf = false }
    properties        = { buckets = ["documents", "photos"], publishes = [], vertex_ai = false, runs_dvf = false }
    documents         = { buckets = ["documents"], publishes = ["synthesis_topic"], vertex_ai = false, runs_dvf = false }
    analysis          = { buckets = [], publishes = [], vertex_ai = false, runs_dvf = true }
    photos            = { buckets = ["photos"], publishes = ["redesign_topic"], vertex_ai = false, runs_dvf = false }
    document_uploaded = { buckets = ["documents"], publishes = ["synthesis_topic"], vertex_ai = true, runs_dvf = false }
    synthesis         = { buckets = [], publishes = [], vertex_ai = true, runs_dvf = false }
    photo_redesign    = { buckets = ["photos"], publishes = [], vertex_ai = true, runs_dvf = false }
  }

  bucket_grants = merge([
    for function, access in local.function_access : {
      for role in access.buckets : "${function}/${role}" => { function = function, bucket = local.buckets[role] }
    }
  ]...)
  topic_grants = merge([
    for function, access in local.function_access : {
      for setting in access.publishes : "${function}/${setting}" => { function = function, topic = setting }
    }
  ]...)
  secret_grants = merge([
    for function, config in local.functions : {
      for secret in config.secrets : "${function}/${secret}" => { function = function, secret = secret }
    }
  ]...)
  # The jobs read the secrets every process needs (common/config.py refuses to
  # start without the session secret outside local) and the database password.
  job_secrets = ["auth-secret", "db-password"]

  # Cloud Build runs `terraform apply` as this account: it manages every resource
  # here, so it holds the matching administrator roles (and no others).
  deployer_roles = [
    "roles/artifactregistry.admin",
    "roles/cloudfunctions.admin",
    "roles/cloudscheduler.admin",
    "roles/cloudsql.admin",
    "roles/compute.admin",
    "roles/eventarc.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/logging.logWriter",
    "roles/pubsub.admin",
    "roles/redis.admin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/run.admin",
    "roles/secretmanager.admin",
    "roles/servicenetworking.networksAdmin",
    "roles/serviceusage.serviceUsageAdmin",
    "roles/storage.admin",
    "roles/vpcaccess.admin",
  ]
}

# --- runtime identities ---------------------------------------------------------

resource "google_service_account" "functions" {
  for_each = local.functions

  account_id   = "fn-${replace(each.key, "_", "-")}"
  display_name = "Function ${each.key}"
}

resource "google_service_account" "dvf_loader" {
  account_id   = "job-dvf-loader"
  display_name = "DVF loader job"
}

resource "google_service_account" "migrate" {
  account_id   = "job-migrate"
  display_name = "Database migrations job"
}

resource "google_project_iam_member" "functions_sql" {
  for_each = local.functions

  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = google_service_account.functions[each.key].member
}

resource "google_project_iam_member" "jobs_sql" {
  for_each = {
    dvf_loader = google_service_account.dvf_loader.member
    migrate    = google_service_account.migrate.member
  }

  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = each.value
}

resource "google_project_iam_member" "functions_vertex" {
  for_each = { for function, access in local.function_access : function => access if access.vertex_ai }

  project = var.project_id
  role    = "roles/aiplatform.user"
  member  = google_service_account.functions[each.key].member
}

resource "google_storage_bucket_iam_member" "functions_objects" {
  for_each = local.bucket_grants

  bucket = each.value.bucket
  role   = "roles/storage.objectUser"
  member = google_service_account.functions[each.value.function].member

  depends_on = [google_storage_bucket.documents, google_storage_bucket.photos]
}

resource "google_pubsub_topic_iam_member" "functions_publish" {
  for_each = local.topic_grants

  topic  = google_pubsub_topic.events[each.value.topic].name
  role   = "roles/pubsub.publisher"
  member = google_service_account.functions[each.value.function].member
}

# V4 signed URLs are signed in process with the key of one signer account (secret
# url-signing-key): listing N photos makes no signing call, where IAM signBlob would
# make one per URL. The signer can read and create objects in the two buckets and
# nothing else; the functions that hand out URLs read its key (functions.tf).
resource "google_service_account" "url_signer" {
  account_id   = "url-signer"
  display_name = "Signer of V4 URLs of the documents and photos buckets"
}

resource "google_storage_bucket_iam_member" "url_signer_objects" {
  for_each = toset(["documents", "photos"])

  bucket = local.buckets[each.key]
  role   = "roles/storage.objectUser"
  member = google_service_account.url_signer.member

  depends_on = [google_storage_bucket.documents, google_storage_bucket.photos]
}

# A new key when var.url_signing_key_rotation changes (docs/deploy.md: rotation).
resource "google_service_account_key" "url_signer" {
  service_account_id = google_service_account.url_signer.name
  keepers = {
    rotation = var.url_signing_key_rotation
  }
}

resource "google_cloud_run_v2_job_iam_member" "analysis_runs_dvf" {
  for_each = { for function, access in local.function_access : function => access if access.runs_dvf }

  name     = google_cloud_run_v2_job.dvf_loader.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.functions[each.key].member
}

resource "google_secret_manager_secret_iam_member" "functions" {
  for_each = local.secret_grants

  secret_id = google_secret_manager_secret.secrets[each.value.secret].id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.functions[each.value.function].member
}

resource "google_secret_manager_secret_iam_member" "jobs" {
  for_each = {
    for pair in setproduct(["dvf_loader", "migrate"], local.job_secrets) :
    "${pair[0]}/${pair[1]}" => { job = pair[0], secret = pair[1] }
  }

  secret_id = google_secret_manager_secret.secrets[each.value.secret].id
  role      = "roles/secretmanager.secretAccessor"
  member    = each.value.job == "migrate" ? google_service_account.migrate.member : google_service_account.dvf_loader.member
}

resource "google_storage_bucket_iam_member" "dvf_loader_files" {
  bucket = google_storage_bucket.dvf.name
  role   = "roles/storage.objectUser"
  member = google_service_account.dvf_loader.member
}

# --- platform identities ----------------------------------------------------------

# Eventarc delivers events to the event functions as this account.
resource "google_service_account" "eventarc" {
  account_id   = "eventarc-trigger"
  display_name = "Eventarc triggers of the event functions"
}

resource "google_project_iam_member" "eventarc_receiver" {
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = google_service_account.eventarc.member
}

# Cloud Scheduler starts the DVF job twice a year as this account.
resource "google_service_account" "scheduler" {
  account_id   = "dvf-scheduler"
  display_name = "Cloud Scheduler: DVF reload"
}

resource "google_cloud_run_v2_job_iam_member" "scheduler_runs_dvf" {
  name     = google_cloud_run_v2_job.dvf_loader.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.scheduler.member
}

# Cloud Build builds each function's container from its bundle as this account.
resource "google_service_account" "function_builder" {
  account_id   = "function-builder"
  display_name = "Builds of the Cloud Functions"
}

resource "google_project_iam_member" "function_builder" {
  #checkov:skip=CKV_GCP_49:Google's documented role for a custom Cloud Functions build account; it builds and pushes images, it runs nothing.
  project = var.project_id
  role    = "roles/cloudbuild.builds.builder"
  member  = google_service_account.function_builder.member
}

# The deploy pipeline (cloudbuild.yaml) runs as this account.
resource "google_service_account" "deployer" {
  account_id   = "deployer"
  display_name = "Cloud Build deploy pipeline"
}

resource "google_project_iam_member" "deployer" {
  #checkov:skip=CKV_GCP_41:The deployer creates the runtime service accounts and deploys functions and jobs as them (actAs); only Cloud Build runs as it.
  #checkov:skip=CKV_GCP_49:Same reason: managing the runtime service accounts is the deployer's job.
  for_each = toset(local.deployer_roles)

  project = var.project_id
  role    = each.value
  member  = google_service_account.deployer.member
}
