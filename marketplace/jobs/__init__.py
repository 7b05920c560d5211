"""Background jobs on RQ: handlers registered by name, enqueued with the commit of the work that
made them, run by `flask jobs work` (RQ workers holding the app) when REDIS_URL is set.

Without REDIS_URL there is no queue: callers keep doing the work in-process, and
`queue_configured()` tells them which way to go."""

from marketplace.jobs.registry import enqueue, queue_configured, register_job

__all__ = ["enqueue", "queue_configured", "register_job"]
