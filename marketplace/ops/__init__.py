"""Operations: request logs with a request id, Prometheus metrics, backups and restores."""
