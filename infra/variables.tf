# Inputs of one environment. Examples: env/dev.tfvars.example, env/prod.tfvars.example.
# Secret values are never variables: Terraform creates the Secret Manager secrets and
# the operator adds their versions (docs/deploy.md), except the two it generates
# itself (database password, Redis URL with its AUTH string).

variable "project_id" {
  description = "The GCP project that hosts the whole collection."
  type        = string
}

variable "region" {
  description = "Region of the functions, the jobs, Cloud SQL, Redis and the buckets."
  type        = string
  default     = "europe-west1"
}

variable "environment" {
  description = "APP_ENV of every process: dev or prod (see common/config.py)."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "domain" {
  description = "Host name of the API behind the load balancer (managed certificate)."
  type        = string
}

variable "web_origins" {
  description = "Browser origins of the web front end (CORS of the API and the buckets)."
  type        = list(string)
}

variable "release" {
  description = "The release to run: bundle folder in the sources bucket and job image tag (the commit SHA in Cloud Build)."
  type        = string
}

variable "function_max_instances" {
  description = "max_instance_count of each function, by function folder name."
  type        = map(number)
}

variable "db_tier" {
  description = "Cloud SQL machine tier."
  type        = string
}

variable "db_max_connections" {
  description = "PostgreSQL max_connections; the connection budget must stay under 80 % of it."
  type        = number
}

variable "db_availability_type" {
  description = "ZONAL or REGIONAL (high availability)."
  type        = string
  default     = "ZONAL"
}

variable "db_disk_size_gb" {
  description = "Initial data disk size (grows automatically)."
  type        = number
  default     = 20
}

variable "db_deletion_protection" {
  description = "Refuse to destroy the Cloud SQL instance (on in prod)."
  type        = bool
  default     = true
}

variable "redis_tier" {
  description = "Memorystore tier: BASIC or STANDARD_HA."
  type        = string
  default     = "BASIC"
}

variable "redis_memory_gb" {
  description = "Memorystore capacity."
  type        = number
  default     = 1
}

variable "google_client_id" {
  description = "OAuth client id of Google sign-in; empty disables it."
  type        = string
  default     = ""
}

variable "gemini_location" {
  description = "Vertex AI location of the Gemini calls."
  type        = string
  default     = "europe-west1"
}

variable "gemini_model" {
  description = "Gemini model name."
  type        = string
  default     = "gemini-2.5-flash"
}

variable "dvf_sources" {
  description = "Files the scheduled DVF reload loads (https:// or gs://), one job argument each."
  type        = list(string)
}

variable "dvf_task_count" {
  description = "Tasks of a DVF job execution (the files are split between them)."
  type        = number
  default     = 4
}

variable "dvf_parallelism" {
  description = "Tasks of a DVF execution running at once (each holds a database pool)."
  type        = number
  default     = 2
}

variable "dvf_schedule" {
  description = "Cron of the DVF reload (DVF is published in April and October)."
  type        = string
  default     = "0 4 20 4,10 *"
}

variable "documents_noncurrent_days" {
  description = "Days an overwritten or deleted document version is kept before deletion."
  type        = number
  default     = 30
}

variable "url_signing_key_rotation" {
  description = "Any new value (e.g. the month, 2026-11) makes a new URL-signing key on the next apply; the old one is deleted."
  type        = string
  default     = "initial"
}
