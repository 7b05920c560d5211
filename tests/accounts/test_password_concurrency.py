"""Under gunicorn's threads, at most CONCURRENT_HASHES argon2 hashes (64 MiB each) run at once per process."""

import threading

from marketplace.accounts import passwords


def test_a_hash_waits_while_every_slot_is_taken_and_runs_once_one_frees():
    stored = passwords.hash_password("a-long-test-password")
    for _ in range(passwords.CONCURRENT_HASHES):  # as many requests already hashing
        passwords._hashing.acquire()
    results = []
    waiting = threading.Thread(target=lambda: results.append(passwords.verify_password(stored, "a-long-test-password")))
    try:
        waiting.start()
        waiting.join(timeout=0.3)

        assert waiting.is_alive() and results == []  # it cannot have hashed: no slot was free
    finally:
        for _ in range(passwords.CONCURRENT_HASHES):
            passwords._hashing.release()
    waiting.join(timeout=30)

    assert results == [True]
