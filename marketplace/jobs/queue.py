"""The job queue in Redis: a reliable list. A worker moves a job from `pending` into `processing`
atomically and holds a lease on it, renewed while the job runs; the job leaves `processing` only
when it is acknowledged, put back for a retry, or recorded as failed. A job whose lease ran out
(its worker was killed) is put back in `pending` by the next worker that looks.

Keys share one hash tag ({prefix}) so the Lua moves below also work on a Redis Cluster."""

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import redis

FAILED_KEPT = 1000  # the failed list is for reading, not an archive

# Move one job out of a list only if it is still there (another worker may have requeued or
# acknowledged it): a plain LREM then LPUSH could duplicate or lose it between the two calls.
_MOVE = """
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
if ARGV[2] == 'delay' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
elseif ARGV[2] == 'next' then
  redis.call('RPUSH', KEYS[2], ARGV[1])
elseif ARGV[2] == 'failed' then
  redis.call('LPUSH', KEYS[2], ARGV[3])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
end
redis.call('HDEL', KEYS[3], ARGV[4])
if ARGV[2] ~= 'delay' and ARGV[2] ~= 'next' then redis.call('HDEL', KEYS[4], ARGV[4]) end
return 1
"""
# Retries whose delay is over join the back of the line, behind the jobs already waiting.
_PROMOTE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, raw in ipairs(due) do
  redis.call('ZREM', KEYS[1], raw)
  redis.call('LPUSH', KEYS[2], raw)
end
return #due
"""

_clients: dict[str, redis.Redis] = {}


def client_for(url: str) -> redis.Redis:
    """One connection pool per URL and process (redis-py reopens it after a fork)."""
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, decode_responses=True)
    return _clients[url]


def new_job(name: str, kwargs: dict) -> str:
    """The job as stored: JSON, so a bad argument (a model, a date) fails at enqueue, not in the worker."""
    try:
        return json.dumps({"id": uuid.uuid4().hex, "name": name, "kwargs": kwargs,
                           "enqueued_at": datetime.now(UTC).isoformat(timespec="seconds")},
                          ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"job {name}: its arguments must be plain JSON values ({error})") from None


@dataclass(frozen=True)
class Claimed:
    raw: str
    id: str
    name: str
    kwargs: dict
    attempt: int  # 1 for the first run; counts runs cut short by a dead worker too


class JobQueue:
    def __init__(self, client: redis.Redis, prefix: str, lease_seconds: float = 60.0):
        self.redis = client
        self.prefix = prefix
        self.lease_seconds = lease_seconds
        tag = "{" + prefix + "}"
        self.pending, self.processing = f"{tag}:pending", f"{tag}:processing"
        self.leases, self.attempts = f"{tag}:leases", f"{tag}:attempts"
        self.delayed, self.failed = f"{tag}:delayed", f"{tag}:failed"
        self._move = client.register_script(_MOVE)
        self._promote = client.register_script(_PROMOTE)

    def push(self, raw: str) -> None:
        self.redis.lpush(self.pending, raw)

    def claim(self, block_seconds: float | None = None) -> Claimed | None:
        """The oldest pending job, now in `processing` under a lease; None when there is none
        (after waiting up to block_seconds, or at once without)."""
        if block_seconds:
            raw = self.redis.blmove(self.pending, self.processing, block_seconds, "RIGHT", "LEFT")
        else:
            raw = self.redis.lmove(self.pending, self.processing, "RIGHT", "LEFT")
        if raw is None:
            return None
        try:
            job = json.loads(raw)
            job_id, name, kwargs = str(job["id"]), str(job["name"]), dict(job["kwargs"])
        except (ValueError, KeyError, TypeError):
            job_id, name, kwargs = f"unreadable-{uuid.uuid4().hex}", "", {}
        pipe = self.redis.pipeline()
        pipe.hset(self.leases, job_id, self._deadline())
        pipe.hincrby(self.attempts, job_id, 1)
        _, attempt = pipe.execute()
        return Claimed(raw, job_id, name, kwargs, int(attempt))

    def renew(self, claimed: Claimed) -> None:
        self.redis.hset(self.leases, claimed.id, self._deadline())

    def ack(self, claimed: Claimed) -> None:
        self._move(keys=[self.processing, self.processing, self.leases, self.attempts],
                   args=[claimed.raw, "done", "", claimed.id, 0])

    def retry_later(self, claimed: Claimed, delay_seconds: float) -> None:
        self._move(keys=[self.processing, self.delayed, self.leases, self.attempts],
                   args=[claimed.raw, "delay", time.time() + delay_seconds, claimed.id, 0])

    def record_failed(self, claimed: Claimed, error: str) -> None:
        entry = json.dumps({"job": claimed.raw, "error": error[:2000], "attempts": claimed.attempt,
                            "failed_at": datetime.now(UTC).isoformat(timespec="seconds")}, ensure_ascii=False)
        self._move(keys=[self.processing, self.failed, self.leases, self.attempts],
                   args=[claimed.raw, "failed", entry, claimed.id, FAILED_KEPT])

    def promote_due(self) -> int:
        """Retries whose delay is over go back to `pending`; returns how many."""
        return int(self._promote(keys=[self.delayed, self.pending], args=[time.time()]))

    def requeue_abandoned(self) -> int:
        """Jobs in `processing` whose lease ran out (the worker died) go back to the front of
        `pending`; returns how many. A job with no lease yet gets one: its worker may be between
        the move and the lease, and if it died there the job comes back a lease later."""
        count, now = 0, time.time()
        for raw in self.redis.lrange(self.processing, 0, -1):
            try:
                job_id = str(json.loads(raw)["id"])
            except (ValueError, KeyError, TypeError):
                continue
            deadline = self.redis.hget(self.leases, job_id)
            if deadline is None:
                self.redis.hsetnx(self.leases, job_id, self._deadline())
            elif float(deadline) < now:
                count += self._move(keys=[self.processing, self.pending, self.leases, self.attempts],
                                    args=[raw, "next", "", job_id, 0])
        return count

    def counts(self) -> dict[str, int]:
        pipe = self.redis.pipeline()
        pipe.llen(self.pending).llen(self.processing).zcard(self.delayed).llen(self.failed)
        pending, processing, delayed, failed = pipe.execute()
        return {"pending": pending, "processing": processing, "retrying": delayed, "failed": failed}

    def recent_failures(self, limit: int = 10) -> list[dict]:
        return [json.loads(entry) for entry in self.redis.lrange(self.failed, 0, limit - 1)]

    def clear(self) -> None:
        """Remove every key of this queue (tests, with their own prefix)."""
        self.redis.delete(self.pending, self.processing, self.leases, self.attempts, self.delayed, self.failed)

    def _deadline(self) -> float:
        return time.time() + self.lease_seconds
