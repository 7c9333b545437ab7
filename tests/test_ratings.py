"""The merged publisher ratings: the committed table, its lookup, its loader and its builder."""
import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import SHARED
from scorer.cli import main
from scorer.config import PROJECT_ROOT
from scorer.errors import InputError, ModelError
from scorer.analysis.ratings import CARD_FILE, COLUMNS, RATINGS_DIR, RatingsTable, site_key
from training.ratings import build as build_ratings

COMMITTED = PROJECT_ROOT / "models" / RATINGS_DIR
DATA_ROOT = SHARED / "data"
needs_rating_data = pytest.mark.skipif(
    not all((DATA_ROOT / s["path"]).exists() for s in build_ratings.SOURCES.values()),
    reason=f"the shared rating data sets are absent under {DATA_ROOT}")


@pytest.fixture(scope="module")
def table() -> RatingsTable:
    return RatingsTable.load()


class TestOrder:
    """The orders the issue requires, read from the committed table (built from the data)."""

    def test_infowars_cnn_apnews(self, table):
        assert table.rate("infowars.com").rating < table.rate("cnn.com").rating < table.rate("apnews.com").rating

    def test_naturalnews_tass_reuters(self, table):
        assert (table.rate("naturalnews.com").rating < table.rate("tass.com").rating
                < table.rate("reuters.com").rating)

    @pytest.mark.parametrize("domain, label", [
        ("infowars.com", "unreliable"), ("naturalnews.com", "unreliable"), ("apnews.com", "reliable"),
        ("reuters.com", "reliable"), ("theonion.com", "satire"),
    ])
    def test_labels(self, table, domain, label):
        assert table.rate(domain).label == label


class TestLookup:
    @pytest.mark.parametrize("query, domain", [
        ("us.cnn.com", "cnn.com"),
        ("edition.cnn.com", "cnn.com"),
        ("https://www.apnews.com/article/some-story-123", "apnews.com"),
        ("HTTPS://WWW.REUTERS.COM/world/", "reuters.com"),
        ("http://user:pw@www.cnn.com:8080/x?q=1#f", "cnn.com"),
        ("cnn.com.", "cnn.com"),
        ("//cnn.com/x", "cnn.com"),
        ("theguardian.com/observer", "theguardian.com"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
    ], ids=lambda v: v[:40])
    def test_subdomains_and_urls_resolve_to_the_site(self, table, query, domain):
        rating = table.rate(query)
        assert rating.domain == domain
        assert rating.rating == table.rate(domain).rating is not None

    @pytest.mark.parametrize("query", ["deviantart.com", "https://www.deviantart.com/x", "art.com", "sport.com",
                                       "rt.com.evil.example"])
    def test_never_matches_inside_another_name(self, table, query):
        rating = table.rate(query)
        assert rating.domain != "rt.com"
        assert rating.rating != table.rate("rt.com").rating

    def test_unknown_domain_is_not_an_error(self, table):
        rating = table.rate("dailyworldbrief.example")
        assert rating.rating is None and rating.label == "unknown" and rating.sources == ()
        assert rating.to_dict()["rating"] is None

    def test_blog_platform_subsites_are_their_own_publishers(self, table):
        blog = table.rate("https://starpolitical.wordpress.com/2017/01/x")
        assert blog.domain == "starpolitical.wordpress.com" and blog.rating is not None
        other = table.rate("some-unrated-blog.wordpress.com")
        assert other.domain == "some-unrated-blog.wordpress.com" and other.rating is None
        assert table.rate("wordpress.com").domain == "wordpress.com"

    def test_rating_carries_sources_confidence_and_details(self, table):
        rating = table.rate("rt.com")
        assert 0 <= rating.rating <= 1
        assert "lin2023" in rating.sources and "opensources" in rating.sources
        assert 0 < rating.confidence <= 1
        assert rating.state_media  # OpenSources tags rt.com "state"
        assert rating.details["opensources_types"] == "state"
        assert set(rating.to_dict()) >= {"domain", "rating", "label", "sources", "confidence", "state_media"}

    def test_state_media_only_where_data_say_so(self, table):
        assert not table.rate("tass.com").state_media  # no shared data set tags it
        assert not table.rate("reuters.com").state_media

    @pytest.mark.parametrize("bad", [
        "", "   ", "not a domain", "cnn .com", "a" * 500, "x" * 64 + ".com", "hello", "localhost", "1.2.3.4",
        "http://", "http://[::1]/", "cnn.com\x00", "y" * 5000, "<script>alert(1)</script>",
    ], ids=lambda v: repr(v[:20]))
    def test_bad_input_raises_input_error(self, table, bad):
        with pytest.raises(InputError):
            table.rate(bad)

    @pytest.mark.parametrize("bad", [None, 42, b"cnn.com", ["cnn.com"]], ids=repr)
    def test_wrong_type_raises_input_error(self, table, bad):
        with pytest.raises(InputError):
            table.rate(bad)


class TestSiteKey:
    @pytest.mark.parametrize("host, key", [
        ("edition.cnn.com", "cnn.com"),
        ("blog.x.wordpress.com", "x.wordpress.com"),
        ("www.x.blogspot.it", "x.blogspot.it"),
        ("www.wordpress.com", "wordpress.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("82.221.129.208", None),
    ])
    def test_site_key(self, host, key):
        assert site_key(host) == key


class TestLoader:
    def test_committed_card_matches_code(self):
        card = json.loads((COMMITTED / CARD_FILE).read_text())
        assert tuple(card["table"]["columns"]) == COLUMNS
        assert card["table"]["sha256"] == hashlib.sha256((COMMITTED / card["table"]["file"]).read_bytes()).hexdigest()
        assert card["command"] == "python -m training.build_ratings"
        names = {s["name"] for s in card["sources"]}
        assert names == set(build_ratings.SOURCES)
        for source in card["sources"]:
            assert len(source["sha256"]) == 64 and source["licence"]
        assert "Media Bias/Fact Check" in card["licence_note"]

    def test_loads_every_row(self, table):
        with open(COMMITTED / "ratings.csv", newline="") as fh:
            assert len(table) == sum(1 for _ in csv.reader(fh)) - 1

    @pytest.fixture
    def copy(self, tmp_path) -> Path:
        target = tmp_path / RATINGS_DIR
        shutil.copytree(COMMITTED, target)
        return target

    def test_corrupt_card_is_refused(self, copy):
        (copy / CARD_FILE).write_text("{not json")
        with pytest.raises(ModelError, match="unreadable"):
            RatingsTable.load(copy)

    def test_card_for_other_columns_is_refused(self, copy):
        card = json.loads((copy / CARD_FILE).read_text())
        card["table"]["columns"] = card["table"]["columns"][:-1]
        (copy / CARD_FILE).write_text(json.dumps(card))
        with pytest.raises(ModelError, match="columns"):
            RatingsTable.load(copy)

    def test_malformed_row_is_refused(self, copy):
        table = copy / "ratings.csv"
        data = table.read_bytes() + b"bad.example,not-a-number,reliable,0.25,0,lin2023,,,,\n"
        table.write_bytes(data)
        card = json.loads((copy / CARD_FILE).read_text())
        card["table"]["sha256"] = hashlib.sha256(data).hexdigest()
        (copy / CARD_FILE).write_text(json.dumps(card))
        with pytest.raises(ModelError, match="line"):
            RatingsTable.load(copy)


class TestCli:
    def test_source_prints_the_rating(self, capsys):
        assert main(["source", "https://edition.cnn.com/2024/x"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["domain"] == "cnn.com" and out["label"] == "reliable" and "lin2023" in out["sources"]
        assert 0 < out["rating"] <= 1

    def test_source_unknown_prints_null(self, capsys):
        assert main(["source", "dailyworldbrief.example"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["rating"] is None and out["label"] == "unknown" and out["sources"] == []

    @pytest.mark.parametrize("bad", ["", "not a domain", "z" * 500])
    def test_source_bad_input_exits_2(self, capsys, bad):
        assert main(["source", bad]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and "error [invalid_input]" in captured.err


@pytest.fixture(scope="module")
def built():
    """One build from the shared data: (files, card, statistics)."""
    return build_ratings.build(DATA_ROOT)


@needs_rating_data
@pytest.mark.shared
class TestBuilder:
    def test_rebuild_is_byte_identical_to_the_committed_table(self, built):
        files, _, _ = built
        for name, data in files.items():
            assert (COMMITTED / name).read_bytes() == data, name
        again, _, _ = build_ratings.build(DATA_ROOT)
        assert again == files

    @pytest.mark.slow
    def test_existing_directory_is_compared_not_overwritten(self, tmp_path, capsys):
        out = tmp_path / "v1"
        assert build_ratings.main(["--data-root", str(DATA_ROOT), "--out", str(out)]) == 0
        assert json.loads(capsys.readouterr().out.splitlines()[-1])["status"] == "written"
        assert build_ratings.main(["--data-root", str(DATA_ROOT), "--out", str(out)]) == 0
        assert json.loads(capsys.readouterr().out.splitlines()[-1])["status"] == "unchanged"
        (out / "README.md").write_text("edited by hand\n")
        with pytest.raises(SystemExit, match="--force"):
            build_ratings.main(["--data-root", str(DATA_ROOT), "--out", str(out)])
        assert (out / "README.md").read_text() == "edited by hand\n"
        assert build_ratings.main(["--data-root", str(DATA_ROOT), "--out", str(out), "--force"]) == 0
        assert (out / "README.md").read_bytes() == (COMMITTED / "README.md").read_bytes()
        RatingsTable.load(out)

    def test_missing_data_root_exits_2(self, tmp_path, capsys):
        assert build_ratings.main(["--data-root", str(tmp_path / "nowhere"), "--out", str(tmp_path / "v1")]) == 2
        assert "missing" in capsys.readouterr().err
        assert not (tmp_path / "v1").exists()

    def test_host_row_wins_over_path_and_subdomain_rows(self, built):
        with open(DATA_ROOT / build_ratings.SOURCES["lin2023"]["path"], newline="") as fh:
            pc1 = {r["domain"]: float(r["pc1"]) for r in csv.DictReader(fh)}
        files, _, _ = built
        rows = {r["domain"]: r for r in csv.DictReader(files["ratings.csv"].decode().splitlines())}
        assert "theguardian.com/observer" in pc1 and "edition.cnn.com" in pc1
        assert float(rows["theguardian.com"]["lin2023_pc1"]) == round(pc1["theguardian.com"], 4)
        assert float(rows["cnn.com"]["lin2023_pc1"]) == round(pc1["cnn.com"], 4)
        assert not any("/" in domain for domain in rows)

    def test_social_platform_account_paths_are_dropped(self):
        reads = build_ratings.read_all(DATA_ROOT)
        lin = next(r for r in reads if r.name == "lin2023")
        assert lin.dropped["account path on a social platform"] > 0
        assert not any(row.key == "facebook.com" and not row.host_row for row in lin.rows)

    def test_anchors_are_ordered_like_their_labels(self, built):
        _, card, _ = built
        idiap, baly = card["anchors"]["idiap"], card["anchors"]["baly_mbfc"]
        assert idiap["-1"] < idiap["0"] < idiap["1"]
        assert baly["low"] < baly["mixed"] < baly["high"]
        assert card["anchors"]["opensources"]["fake"] < card["anchors"]["opensources"]["political"]
