import { DCGM_FIELDS } from "./exporters/dcgm";

/** Every metric name in ../shared/METRICS.md (the contract). */
export const METRICS_MD_NAMES = [
  ...DCGM_FIELDS.map((f) => f.name),
  "node_cpu_seconds_total", "node_memory_MemTotal_bytes", "node_memory_MemAvailable_bytes", "node_filesystem_size_bytes",
  "node_filesystem_avail_bytes", "node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_disk_io_time_seconds_total",
  "node_network_receive_bytes_total", "node_network_transmit_bytes_total", "node_infiniband_port_data_received_bytes_total",
  "node_infiniband_port_data_transmitted_bytes_total", "node_infiniband_link_downed_total", "node_infiniband_port_errors_received_total",
  "node_infiniband_symbol_error_total",
  "rack_coolant_supply_temperature_celsius", "rack_coolant_return_temperature_celsius", "rack_coolant_flow_liters_per_minute",
  "rack_coolant_pressure_kilopascals", "rack_inlet_air_temperature_celsius",
  "gpu_job_info", "scheduler_pending_jobs", "scheduler_job_wait_seconds", "scheduler_allocatable_gpus", "scheduler_allocated_gpus",
  "ml_inferences_total", "ml_inference_latency_seconds", "ml_batch_queue_depth", "ml_model_accuracy", "ml_prediction_errors_total",
  "vllm:time_to_first_token_seconds", "vllm:time_per_output_token_seconds", "vllm:e2e_request_latency_seconds",
  "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:gpu_cache_usage_perc", "vllm:prompt_tokens_total",
  "vllm:generation_tokens_total",
  "training_loss", "training_samples_per_second", "training_step_duration_seconds", "training_gradient_sync_seconds",
  "training_checkpoint_duration_seconds", "training_dataloader_wait_seconds", "training_pipeline_bubble_ratio",
  "training_learning_rate", "training_gradient_norm", "training_epoch",
];
