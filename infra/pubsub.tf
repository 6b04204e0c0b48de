# Pub/Sub: the event topics, keyed by the setting that names them in
# common/config.py (common/triggers.py refers to them the same way), and one
# dead-letter topic per event function.
#
# A gen2 function's event trigger creates its own Eventarc subscription, which the
# function resource cannot configure. The deploy pipeline (cloudbuild.yaml, step
# dead-letters) therefore sets the dead-letter topic and the retry backoff on each
# of those subscriptions after every deploy; the topics and the permissions the
# Pub/Sub service agent needs to forward dead letters are declared here.

locals {
  topics = {
    synthesis_topic = "synthesis-requested"
    redesign_topic  = "redesign-requested"
  }
  event_functions = {
    for name, function in local.functions : name => function if function.trigger != "http"
  }
  pubsub_agent = "serviceAccount:service-${data.google_project.current.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "events" {
  #checkov:skip=CKV_GCP_83:Messages carry ids only (DESIGN.md event contracts); Google-managed encryption at rest, no customer key to operate.
  for_each = local.topics

  name                       = each.value
  message_retention_duration = "86400s"

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "dead_letter" {
  #checkov:skip=CKV_GCP_83:Dead letters are the same id-only messages; Google-managed encryption at rest.
  for_each = local.event_functions

  name                       = "${replace(each.key, "_", "-")}-dead-letter"
  message_retention_duration = "604800s"

  depends_on = [google_project_service.apis]
}

# Dead letters wait here for inspection and replay (docs/deploy.md).
resource "google_pubsub_subscription" "dead_letter" {
  for_each = local.event_functions

  name                       = "${replace(each.key, "_", "-")}-dead-letter"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  message_retention_duration = "604800s"
  ack_deadline_seconds       = 60

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic_iam_member" "dead_letter_forwarding" {
  for_each = local.event_functions

  topic  = google_pubsub_topic.dead_letter[each.key].name
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

# Forwarding a message to a dead-letter topic acknowledges it on the source
# subscription, whose name Eventarc chooses: granted on the project.
resource "google_project_iam_member" "pubsub_agent_subscriber" {
  project = var.project_id
  role    = "roles/pubsub.subscriber"
  member  = local.pubsub_agent
}

# Eventarc's direct GCS triggers publish through Pub/Sub as the GCS service agent.
data "google_storage_project_service_account" "gcs" {}

resource "google_project_iam_member" "gcs_agent_publisher" {
  project = var.project_id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}
