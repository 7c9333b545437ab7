"""The fetch policy applies to every URL request, cached or not (docs/service.md, "The cache").

Settings are fixed when an app is built, so "the policy changed" is a second app built with the new
settings on the same cache file, in the same process: what a restart with a new SCORER_FETCH_ALLOW
(or a new release with a stricter policy) meets. Names resolve through an injected resolver to the
page server on 127.0.0.1; no real host name is ever resolved.
"""
from __future__ import annotations

import sqlite3

import pytest

from scorer.fetch import (
    AddressBlockedError, CheckedHop, FetchedPage, UrlSchemeError, check_fetch_record, check_url_policy,
)
from scorer.config import Settings
from service import create_app
from service.cache import SCHEMA_VERSION, ResultCache, normalize_url

from servers import ARTICLE_HTML, PageServer

INTRANET = "news.intranet.example"  # resolved by the tests' resolver only


@pytest.fixture(scope="module")
def pages():
    with PageServer() as server:
        yield server


@pytest.fixture
def resolved():
    """A resolver answering every name with the page server's address, counting its calls."""
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


@pytest.fixture
def make_app(tmp_path, resolved):
    def make(**overrides):
        config = {"TESTING": True, "cache_path": tmp_path / "cache.sqlite3", "fetch_timeout_s": 3.0,
                  "rate_limit_per_minute": 0, "RESOLVER": resolved}
        config.update(overrides)
        return create_app(config)
    return make


def score(app, url: str, *, method: str = "post"):
    client = app.test_client()
    if method == "get":
        return client.get("/v1/score", query_string={"url": url})
    return client.post("/v1/score", json={"url": url})


def assert_refused(response, status: int = 403, code: str = "address_blocked") -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.get_json()["error"]["code"] == code
    assert "X-Cache" not in response.headers


# --- a cached URL is refused once the allow-list no longer names it ---------------------------------------------------

@pytest.mark.parametrize("method", ["post", "get"])
def test_a_name_cached_while_allow_listed_is_refused_after(make_app, pages, resolved, method):
    url = f"http://{INTRANET}:{pages.port}/article"
    allowed = make_app(fetch_allow=f"{INTRANET}:{pages.port}")
    first = score(allowed, url, method=method)
    assert first.status_code == 200 and first.headers["X-Cache"] == "miss"
    hits = len(pages.hits)
    again = score(allowed, url, method=method)
    assert again.headers["X-Cache"] == "hit" and len(pages.hits) == hits  # a hit while still allowed

    for fetch_allow in ("", f"{INTRANET}:{pages.port + 1}", "other.intranet.example"):
        assert_refused(score(make_app(fetch_allow=fetch_allow), url, method=method))
    assert len(pages.hits) == hits  # refused without a connection: the fresh check refused the address
    assert resolved.calls.count(INTRANET) == 1 + 3  # the first fetch, then one fresh check per refusal


def test_an_ip_literal_cached_while_allow_listed_is_refused_before_the_cache(make_app, pages, resolved):
    url = pages.url("/article")
    assert score(make_app(fetch_allow=pages.allow), url).headers["X-Cache"] == "miss"
    hits = len(pages.hits)
    assert_refused(score(make_app(fetch_allow=""), url))
    assert len(pages.hits) == hits and resolved.calls == []


def test_a_cached_redirect_through_a_host_no_longer_allowed_is_refused(make_app, pages, resolved):
    # /redirect-localhost sends the allow-listed 127.0.0.1:<port> on to localhost:<port>.
    url = pages.url("/redirect-localhost")
    allowed = make_app(fetch_allow=f"{pages.allow},localhost:{pages.port}")
    assert score(allowed, url).headers["X-Cache"] == "miss"
    assert score(allowed, url).headers["X-Cache"] == "hit"
    hits = len(pages.hits)
    # the first hop is still allowed, the second (a blocked name) is not: refused as a fresh fetch is
    response = score(make_app(fetch_allow=pages.allow), url)
    assert_refused(response)
    assert "loopback" in response.get_json()["error"]["message"]
    assert pages.hits[hits:] == ["/redirect-localhost"]  # the fresh fetch stopped at the redirect


def test_a_batch_item_cached_while_allowed_is_refused_after(make_app, pages):
    url = f"http://{INTRANET}:{pages.port}/article"
    allowed = make_app(fetch_allow=f"{INTRANET}:{pages.port}")
    assert score(allowed, url).status_code == 200
    body = {"items": [{"url": url}, {"html": ARTICLE_HTML.decode()}]}
    assert "score" in allowed.test_client().post("/v1/score/batch", json=body).get_json()["results"][0]
    results = make_app(fetch_allow="").test_client().post("/v1/score/batch", json=body).get_json()["results"]
    assert results[0]["error"]["code"] == "address_blocked" and results[0]["error"]["status"] == 403
    assert "score" in results[1]


def test_a_cached_page_is_rechecked_before_it_is_rescored(make_app, pages, tmp_path):
    # A new model version misses the report cache but finds the page: the page is re-checked too.
    url = f"http://{INTRANET}:{pages.port}/article"
    allowed = make_app(fetch_allow=f"{INTRANET}:{pages.port}")
    assert score(allowed, url).status_code == 200
    cache = ResultCache(tmp_path / "cache.sqlite3", ttl_s=3600, max_bytes=10_000_000)
    with sqlite3.connect(cache.path) as conn:
        conn.execute("DELETE FROM entries WHERE key LIKE 'report:%'")
    page = cache.get_page(normalize_url(url))
    assert page is not None and page.hops == (CheckedHop(url=url, addresses=("127.0.0.1",)),)
    hits = len(pages.hits)
    assert_refused(score(make_app(fetch_allow=""), url))
    assert score(allowed, url).headers["X-Cache"] == "miss" and len(pages.hits) == hits  # page reused


# --- a cached URL the current policy refuses by scheme, host or address ----------------------------------------------

def _plant(tmp_path, app, url: str, hops: tuple[CheckedHop, ...]) -> None:
    """A report in the cache for `url`, as an earlier fetch (under another policy) left it."""
    state = app.extensions["scorer"]
    state.cache.put_report(state.cache.report_key(state.model, "url", normalize_url(url)), '{"planted": true}',
                           hops=hops)


@pytest.mark.parametrize("url", [
    "http://10.0.0.1/story",                  # a private literal
    "http://2130706433/story",                # loopback, numerically spelled
    "http://[::ffff:127.0.0.1]/story",        # IPv4-mapped
    "http://localhost/story",                 # blocked names
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://printer.local/",
])
def test_a_planted_entry_for_a_refused_host_is_refused_before_the_cache(make_app, tmp_path, resolved, url):
    app = make_app()
    _plant(tmp_path, app, url, (CheckedHop(url=url, addresses=("93.184.216.34",)),))
    assert_refused(score(app, url))
    assert resolved.calls == []  # decided without DNS


@pytest.mark.parametrize("hops, reason", [
    ((CheckedHop("https://news.example/a", ("93.184.216.34", "10.0.0.7")),), "private"),
    ((CheckedHop("https://news.example/a", ("100.64.1.1",)),), "shared"),
    ((CheckedHop("https://news.example/a", ("93.184.216.34",)),
      CheckedHop("http://169.254.169.254/", ("169.254.169.254",))), "link-local"),
    ((CheckedHop("https://news.example/a", ("93.184.216.34",)), CheckedHop("ftp://news.example/a", ())), "ftp"),
    ((CheckedHop("https://news.example/a", ()),), "no address"),
    ((), "no record"),
])
def test_a_planted_entry_whose_record_fails_the_policy_is_not_served(make_app, tmp_path, resolved, hops, reason):
    url = "https://news.example/a"
    app = make_app()
    _plant(tmp_path, app, url, hops)
    # not served: fetched afresh, and the resolver (127.0.0.1, not allow-listed) makes that a refusal
    assert_refused(score(app, url))
    assert resolved.calls == ["news.example"]


def test_a_normal_cached_public_url_is_served_from_the_cache(make_app):
    url = "https://news.example/2024/05/13/council-budget?utm_source=feed"
    calls = []

    def fetcher(requested: str) -> FetchedPage:
        calls.append(requested)
        return FetchedPage(url="https://news.example/2024/05/13/council-budget", status=200,
                           content_type="text/html; charset=utf-8", body=ARTICLE_HTML, address="93.184.216.34",
                           hops=(CheckedHop("https://news.example/2024/05/13/council-budget?utm_source=feed",
                                            ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")),))

    app = make_app(FETCHER=fetcher)
    first = score(app, url)
    second = score(app, url.split("?")[0], method="get")  # same page, by GET, without the tracking parameter
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert second.get_data() == first.get_data() and len(calls) == 1
    # a fresh app (a restart) on the same file, same policy: still a hit
    assert score(make_app(FETCHER=fetcher), url).headers["X-Cache"] == "hit" and len(calls) == 1


def test_an_entry_without_a_record_is_fetched_again_not_served(make_app):
    calls = []

    def fetcher(requested: str) -> FetchedPage:  # a fetcher that keeps no record
        calls.append(requested)
        return FetchedPage(url=requested, status=200, content_type="text/html", body=ARTICLE_HTML)

    app = make_app(FETCHER=fetcher)
    assert [score(app, "https://news.example/x").headers["X-Cache"] for _ in range(2)] == ["miss", "miss"]
    assert len(calls) == 2


def test_an_old_cache_file_is_rebuilt_and_its_entries_not_served(tmp_path, make_app, resolved, pages):
    path = tmp_path / "cache.sqlite3"
    with sqlite3.connect(path) as conn:  # the layout before fetch records (user_version 0)
        conn.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, created REAL NOT NULL, size INTEGER NOT NULL, "
                     "meta TEXT NOT NULL, body BLOB)")
        conn.execute("INSERT INTO entries VALUES ('report:x', 1e12, 1, '{}', NULL)")
    app = make_app(fetch_allow=f"{INTRANET}:{pages.port}")
    assert score(app, f"http://{INTRANET}:{pages.port}/article").headers["X-Cache"] == "miss"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT COUNT(*) FROM entries WHERE key = 'report:x'").fetchone()[0] == 0


def test_an_unreadable_record_is_not_served(tmp_path):
    cache = ResultCache(tmp_path / "c.sqlite3", ttl_s=60, max_bytes=10_000_000)
    cache.put_report("k", "{}", hops=(CheckedHop("https://a.example/", ("93.184.216.34",)),))
    with sqlite3.connect(cache.path) as conn:
        conn.execute("UPDATE entries SET fetched = '{not json'")
    assert cache.get_fetched_report("k") == ("{}", ())


# --- the policy functions themselves ------------------------------------------------------------------------------------

def test_check_url_policy_needs_no_network():
    allow = Settings(fetch_allow="wiki.intranet,10.1.2.3:8080")
    check_url_policy("https://news.example/a", settings=Settings())  # a name: decided later, by its addresses
    check_url_policy("http://wiki.intranet/x", settings=allow)
    check_url_policy("http://10.1.2.3:8080/x", settings=allow)
    for url, error in [("http://10.1.2.3/x", AddressBlockedError), ("http://0x7f.1/", AddressBlockedError),
                       ("http://LOCALHOST./", AddressBlockedError), ("http://a.b.localhost/", AddressBlockedError),
                       ("http://router.home.arpa/", AddressBlockedError), ("ftp://news.example/", UrlSchemeError)]:
        with pytest.raises(error):
            check_url_policy(url, settings=allow)
    for name in ("localhost.example", "internal.example", "notlocal", "arpa.example"):
        check_url_policy(f"http://{name}/", settings=Settings())  # suffixes match whole labels only


def test_check_fetch_record_follows_the_current_allow_list():
    hops = (CheckedHop("http://wiki.intranet/a", ("10.0.0.5",)),
            CheckedHop("http://wiki.intranet/b", ("10.0.0.5",)))
    check_fetch_record(hops, settings=Settings(fetch_allow="wiki.intranet"))
    check_fetch_record(hops, settings=Settings(fetch_allow="wiki.intranet:80"))
    for fetch_allow in ("", "wiki.intranet:8080", "10.0.0.5"):  # the allow-list names hosts, not their addresses
        with pytest.raises(AddressBlockedError, match="private"):
            check_fetch_record(hops, settings=Settings(fetch_allow=fetch_allow))
    with pytest.raises(AddressBlockedError, match="no record"):
        check_fetch_record((), settings=Settings())
