# The external HTTPS load balancer: one public address and managed certificate for
# var.domain, and a URL map that sends each API prefix to its HTTP function through
# a serverless NEG. The prefixes come from local.functions (paths), which
# tests/infra checks against the routes each router really serves. Plain HTTP is
# redirected to HTTPS.

locals {
  http_functions = { for name, function in local.functions : name => function if function.trigger == "http" }
}

resource "google_compute_global_address" "api" {
  name = "logis-api"

  depends_on = [google_project_service.apis]
}

resource "google_compute_managed_ssl_certificate" "api" {
  name = "logis-api"

  managed {
    domains = [var.domain]
  }
}

resource "google_compute_ssl_policy" "modern" {
  name            = "logis-modern-tls"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_region_network_endpoint_group" "functions" {
  for_each = local.http_functions

  name                  = "neg-${replace(each.key, "_", "-")}"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = module.function[each.key].service
  }
}

resource "google_compute_backend_service" "functions" {
  for_each = local.http_functions

  name                  = "api-${replace(each.key, "_", "-")}"
  protocol              = "HTTPS"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  backend {
    group = google_compute_region_network_endpoint_group.functions[each.key].id
  }

  log_config {
    enable      = true
    sample_rate = 1.0
  }
}

resource "google_compute_url_map" "api" {
  name            = "logis-api"
  default_service = google_compute_backend_service.functions["users"].id

  host_rule {
    hosts        = [var.domain]
    path_matcher = "api"
  }

  path_matcher {
    name            = "api"
    default_service = google_compute_backend_service.functions["users"].id

    dynamic "path_rule" {
      for_each = local.http_functions
      content {
        paths   = flatten([for prefix in path_rule.value.paths : [prefix, "${prefix}/*"]])
        service = google_compute_backend_service.functions[path_rule.key].id
      }
    }
  }
}

resource "google_compute_target_https_proxy" "api" {
  name             = "logis-api"
  url_map          = google_compute_url_map.api.id
  ssl_certificates = [google_compute_managed_ssl_certificate.api.id]
  ssl_policy       = google_compute_ssl_policy.modern.id
}

resource "google_compute_global_forwarding_rule" "https" {
  name                  = "logis-api-https"
  target                = google_compute_target_https_proxy.api.id
  ip_address            = google_compute_global_address.api.id
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

resource "google_compute_url_map" "https_redirect" {
  name = "logis-api-https-redirect"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}

resource "google_compute_target_http_proxy" "https_redirect" {
  name    = "logis-api-https-redirect"
  url_map = google_compute_url_map.https_redirect.id
}

resource "google_compute_global_forwarding_rule" "http" {
  name                  = "logis-api-http"
  target                = google_compute_target_http_proxy.https_redirect.id
  ip_address            = google_compute_global_address.api.id
  port_range            = "80"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}
