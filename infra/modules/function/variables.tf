# Inputs of one Cloud Function (gen2): what infra/functions.tf declares per function.

variable "name" {
  description = "Function (and Cloud Run service) name."
  type        = string
}

variable "region" {
  type = string
}

variable "project_id" {
  type = string
}

variable "entry_point" {
  description = "The decorated function of main.py."
  type        = string
}

variable "source_bucket" {
  type = string
}

variable "source_object" {
  description = "The bundle (zip of main.py, common/ and requirements.txt)."
  type        = string
}

variable "build_service_account" {
  description = "Resource id of the service account Cloud Build uses to build the function."
  type        = string
}

variable "service_account_email" {
  description = "The function's own runtime identity."
  type        = string
}

variable "memory" {
  type = string
}

variable "cpu" {
  type = string
}

variable "timeout_seconds" {
  type = number
}

variable "max_instances" {
  type = number
}

variable "concurrency" {
  description = "Requests one instance serves at once (max_instance_request_concurrency)."
  type        = number
}

variable "db_pool_size" {
  type = number
}

variable "db_max_overflow" {
  type = number
}

variable "environment" {
  description = "Plain settings (APP_*)."
  type        = map(string)
}

variable "secrets" {
  description = "Environment variable => Secret Manager secret id (latest version)."
  type        = map(string)
}

variable "vpc_connector" {
  type = string
}

variable "trigger" {
  description = "http, bucket (GCS object finalized) or topic (Pub/Sub message published)."
  type        = string

  validation {
    condition     = contains(["http", "bucket", "topic"], var.trigger)
    error_message = "trigger must be http, bucket or topic."
  }
}

variable "trigger_bucket" {
  type    = string
  default = null
}

variable "trigger_topic" {
  type    = string
  default = null
}

variable "trigger_service_account_email" {
  description = "Identity Eventarc uses to deliver events (run.invoker on this function)."
  type        = string
}
