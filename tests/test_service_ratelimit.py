"""Rate limiting across workers: the shared SQLite store (`rate_limit_store = "sqlite"`) against the
in-memory default. Two apps on one store stand in for two gunicorn workers; the slow test runs the
real server with two workers."""
from __future__ import annotations

import json
import logging
import multiprocessing
import sqlite3
import threading

import httpx
import pytest

from service.settings import ServiceSettings
from service import create_app
from service.process import ServerProcess
from service.ratelimit import SharedTokenBuckets, TokenBuckets, make_limiter

TEXT = {"text": "The minister said on Monday that taxes would rise."}


@pytest.fixture
def make_app(tmp_path):
    def make(**overrides):
        config = {"TESTING": True, "cache_path": tmp_path / "cache.sqlite3", "rate_limit_store": "sqlite",
                  "rate_limit_path": tmp_path / "ratelimit.sqlite3", "rate_limit_per_minute": 1,
                  "rate_limit_burst": 4}
        config.update(overrides)
        return create_app(config)
    return make


def post(app, **kwargs):
    return app.test_client().post("/v1/score", json=TEXT, **kwargs)


def test_two_workers_on_the_shared_store_enforce_one_limit(make_app):
    workers = [make_app(), make_app()]
    responses = [post(workers[index % 2]) for index in range(6)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in responses[:4]] == ["3", "2", "1", "0"]
    limited = responses[4]
    assert limited.mimetype == "application/json" and limited.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60  # one token back at 1 a minute
    assert limited.headers["X-RateLimit-Limit"] == "4"


def test_the_in_memory_default_is_per_worker(make_app):
    workers = [make_app(rate_limit_store="memory"), make_app(rate_limit_store="memory")]
    statuses = [post(workers[index % 2]).status_code for index in range(10)]
    assert statuses.count(200) == 8  # each worker grants its own burst: 2 x 4


def test_clients_are_counted_apart(make_app):
    workers = [make_app(api_keys="key-a,key-b"), make_app(api_keys="key-a,key-b")]
    for index in range(4):
        assert post(workers[index % 2], headers={"X-API-Key": "key-a"}).status_code == 200
    assert post(workers[0], headers={"X-API-Key": "key-a"}).status_code == 429
    assert post(workers[1], headers={"Authorization": "Bearer key-b"}).status_code == 200
    # by address when no key is sent (keys off): one /64 is one client, another address another
    open_workers = [make_app(), make_app()]
    for index in range(4):
        address = "2001:db8:1:2::10" if index % 2 else "2001:db8:1:2:ffff::1"
        assert post(open_workers[index % 2], environ_base={"REMOTE_ADDR": address}).status_code == 200
    assert post(open_workers[0], environ_base={"REMOTE_ADDR": "2001:db8:1:2::99"}).status_code == 429
    assert post(open_workers[1], environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 200
    assert post(open_workers[1], environ_base={"REMOTE_ADDR": "2001:db8:1:3::1"}).status_code == 200


def test_a_batch_costs_one_token_per_item_across_workers(make_app):
    workers = [make_app(), make_app()]
    assert workers[0].test_client().post("/v1/score/batch", json={"items": [TEXT] * 3}).status_code == 200
    assert post(workers[1]).status_code == 200
    assert post(workers[0]).status_code == 429
    assert workers[1].test_client().post("/v1/score/batch", json={"items": [TEXT] * 2}).status_code == 429


def test_shared_buckets_refill_and_report_retry_after(tmp_path):
    now = [1_000_000.0]
    buckets = SharedTokenBuckets(tmp_path / "r.sqlite3", per_minute=60, burst=2, clock=lambda: now[0])
    assert [buckets.take("c").allowed for _ in range(3)] == [True, True, False]
    assert buckets.take("c").retry_after_s == 1
    assert buckets.take("c", cost=2).retry_after_s == 2
    now[0] += 1.0
    assert buckets.take("c").allowed and not buckets.take("c").allowed
    assert buckets.take("other").remaining == 1
    now[0] += 3600
    assert buckets.take("c", cost=50).allowed  # a cost over the burst runs once the bucket is full
    assert buckets.take("c").allowed is False


def test_shared_buckets_survive_the_clock_stepping_back(tmp_path):
    now = [1_000_000.0]
    buckets = SharedTokenBuckets(tmp_path / "r.sqlite3", per_minute=60, burst=1, clock=lambda: now[0])
    assert buckets.take("c").allowed
    now[0] -= 3600  # the wall clock steps back an hour
    assert not buckets.take("c").allowed  # no tokens made of negative time
    now[0] += 1.0
    assert buckets.take("c").allowed  # and refilling resumes from the new time, not an hour later


def test_full_buckets_are_swept(tmp_path):
    now = [1_000_000.0]
    buckets = SharedTokenBuckets(tmp_path / "r.sqlite3", per_minute=60, burst=2, clock=lambda: now[0])
    for index in range(50):
        buckets.take(f"client-{index}")
    now[0] += 120  # past the sweep interval; every bucket has refilled (2 tokens in 2 s)
    buckets.take("late")
    with sqlite3.connect(buckets.path) as conn:
        assert conn.execute("SELECT client FROM buckets").fetchall() == [("late",)]


def _spend(path: str, count: int, granted) -> None:
    buckets = SharedTokenBuckets(path, per_minute=1, burst=60)
    taken = sum(buckets.take("ip:198.51.100.7").allowed for _ in range(count))
    with granted.get_lock():
        granted.value += taken


def test_processes_never_spend_the_same_token_twice(tmp_path):
    context = multiprocessing.get_context("spawn")
    granted = context.Value("i", 0)
    path = str(tmp_path / "r.sqlite3")
    processes = [context.Process(target=_spend, args=(path, 40, granted)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [process.exitcode for process in processes] == [0, 0, 0, 0]
    assert granted.value == 60  # 160 attempts on a bucket of 60 (refill: 1 a minute)


def test_threads_never_spend_the_same_token_twice(tmp_path):
    buckets = SharedTokenBuckets(tmp_path / "r.sqlite3", per_minute=1, burst=50)
    results: list[bool] = []

    def spend() -> None:
        results.extend(buckets.take("k").allowed for _ in range(25))

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 100 and results.count(True) == 50


def test_a_failing_store_falls_back_to_per_worker_buckets(tmp_path, caplog):
    not_a_database = tmp_path / "junk.sqlite3"
    not_a_database.write_bytes(b"this is not a database" * 100)
    buckets = SharedTokenBuckets(not_a_database, per_minute=1, burst=2)
    with caplog.at_level(logging.WARNING, logger="service.ratelimit"):
        assert [buckets.take("c").allowed for _ in range(3)] == [True, True, False]
    assert sum("shared rate-limit store" in record.message for record in caplog.records) == 1  # logged once


def test_the_store_is_a_setting(tmp_path):
    settings = ServiceSettings.from_env({"SCORER_RATE_LIMIT_STORE": "sqlite",
                                  "SCORER_RATE_LIMIT_PATH": str(tmp_path / "r.sqlite3")})
    limiter = make_limiter(settings)
    assert isinstance(limiter, SharedTokenBuckets) and limiter.path == tmp_path / "r.sqlite3"
    assert isinstance(make_limiter(ServiceSettings(rate_limit_path=tmp_path / "d.sqlite3")),
                      SharedTokenBuckets)  # the default: shared by the workers (issue 17)
    assert isinstance(make_limiter(ServiceSettings(rate_limit_store="memory")), TokenBuckets)
    assert make_limiter(ServiceSettings(rate_limit_store="sqlite", rate_limit_per_minute=0)) is None


@pytest.mark.parametrize("store", ["redis", "", "SQLite "])
def test_an_unknown_store_stops_start_up(make_app, store):
    with pytest.raises(ValueError, match="rate_limit_store"):
        make_app(rate_limit_store=store)


@pytest.mark.slow
def test_the_real_server_holds_the_limit_across_its_workers(tmp_path):
    burst = 12
    env = {"SCORER_RATE_LIMIT_STORE": "sqlite", "SCORER_RATE_LIMIT_PATH": str(tmp_path / "r.sqlite3"),
           "SCORER_RATE_LIMIT_PER_MINUTE": "1", "SCORER_RATE_LIMIT_BURST": str(burst),
           "SCORER_CACHE_PATH": str(tmp_path / "cache.sqlite3")}
    statuses: list[int] = []
    with ServerProcess(workers=2, env=env) as server:
        def send(count: int) -> None:
            for _ in range(count):  # a new connection each time (no keep-alive): either worker may take it
                statuses.append(httpx.post(server.url("/v1/score"), json=TEXT, timeout=30).status_code)

        threads = [threading.Thread(target=send, args=(9,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        log = server.stdout()
    assert sorted(set(statuses)) == [200, 429] and statuses.count(200) == burst, statuses
    workers = {json.loads(line)["worker"] for line in log.splitlines()
               if line.startswith("{") and json.loads(line)["path"] == "/v1/score"}
    assert len(workers) == 2  # both workers answered, and together granted one burst
