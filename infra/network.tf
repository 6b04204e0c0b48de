# The private network: Cloud SQL and Memorystore get private addresses through
# private services access, and every function and job reaches them through the
# Serverless VPC Access connector. Only private ranges go through the connector
# (PRIVATE_RANGES_ONLY): Google APIs and the DVF downloads leave directly.

resource "google_compute_network" "main" {
  name                    = "logis"
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

# Nothing is reached from the internet inside this network (the load balancer talks
# to serverless NEGs, not to VMs): deny all ingress explicitly, and log it.
resource "google_compute_firewall" "deny_ingress" {
  name          = "logis-deny-all-ingress"
  network       = google_compute_network.main.id
  direction     = "INGRESS"
  priority      = 65534
  source_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_global_address" "private_services" {
  name          = "logis-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 16
  network       = google_compute_network.main.id
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.main.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
}

resource "google_vpc_access_connector" "main" {
  name          = "logis-connector"
  region        = var.region
  network       = google_compute_network.main.name
  ip_cidr_range = "10.8.0.0/28"
  machine_type  = "e2-micro"
  min_instances = 2
  max_instances = 4

  depends_on = [google_project_service.apis]
}
