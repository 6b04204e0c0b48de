# Memorystore for Redis: cache and rate limits. AUTH is on; the URL with the AUTH
# string is stored in Secret Manager (secrets.tf) and injected as APP_REDIS_URL.

resource "google_redis_instance" "cache" {
  name               = "logis-${var.environment}"
  tier               = var.redis_tier
  memory_size_gb     = var.redis_memory_gb
  region             = var.region
  redis_version      = "REDIS_7_2"
  authorized_network = google_compute_network.main.id
  connect_mode       = "PRIVATE_SERVICE_ACCESS"
  auth_enabled       = true

  #checkov:skip=CKV_GCP_97:In-transit TLS would need the instance CA in every client (redis-py has no setting for it here); traffic stays on the private VPC peering and AUTH is on.
  transit_encryption_mode = "DISABLED"

  redis_configs = {
    maxmemory-policy = "allkeys-lru"
  }

  depends_on = [google_service_networking_connection.private_services]
}
