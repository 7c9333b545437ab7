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

    @pytest.mark.parametrize("domain", ["tass.com", "rt.com", "xinhuanet.com", "sputniknews.com", "cgtn.com"])
    def test_state_media_are_flagged(self, table, domain):
        rating = table.rate(domain)
        assert rating.state_media and "state media" in rating.verdict

    @pytest.mark.parametrize("domain", ["reuters.com", "apnews.com", "bbc.co.uk", "nytimes.com"])
    def test_independent_outlets_are_not_state_media(self, table, domain):
        assert not table.rate(domain).state_media

    @pytest.mark.parametrize("query", ["reddit.com", "https://www.reddit.com/r/news/comments/x", "stackexchange.com",
                                       "stackoverflow.com", "linkedin.com", "fandom.com", "baidu.com", "youtube.com"])
    def test_platforms_are_not_publishers(self, table, query):
        rating = table.rate(query)
        assert rating.kind == "platform" and rating.rating is None and rating.label == "platform"
        assert rating.to_dict()["kind"] == "platform" and "no publisher" in rating.verdict

    def test_a_blog_on_a_blog_host_stays_its_own_publisher(self, table):
        blog = table.rate("https://starpolitical.wordpress.com/2017/01/x")
        assert blog.kind == "publisher" and blog.rating is not None

    @pytest.mark.parametrize("short, outlet", [("https://cnn.it/2abc", "cnn.com"), ("nyti.ms/xyz", "nytimes.com"),
                                               ("https://reut.rs/abc", "reuters.com"), ("bbc.in/x", "bbc.co.uk")])
    def test_outlet_short_links_resolve_without_a_network_call(self, table, short, outlet):
        rating = table.rate(short)
        assert rating.domain == outlet and rating.rating == table.rate(outlet).rating is not None
        assert rating.details["short_link"] == short.split("//")[-1].split("/")[0]

    @pytest.mark.parametrize("short", ["https://bit.ly/3xyz", "goo.gl/abc", "t.co/x", "tinyurl.com/y"])
    def test_generic_shorteners_say_so(self, table, short):
        rating = table.rate(short)
        assert rating.kind == "shortener" and rating.rating is None and "shortener" in rating.verdict

    def test_the_answer_reads_in_words_with_each_sources_own_label(self, table):
        answer = table.rate("cnn.com").to_dict()
        assert answer["verdict"].startswith("cnn.com is rated reliable by ")
        assert "0 = unreliable and 1 = reliable" in answer["verdict"] and "1 = reliable" in answer["scale"]
        by_source = {s["source"]: s for s in answer["per_source"]}
        assert set(by_source) == {"lin2023", "idiap", "baly_mbfc"}
        assert by_source["baly_mbfc"]["own_label"].startswith("factuality") and by_source["lin2023"]["data_date"]
        assert all(0 <= s["calibrated"] <= 1 for s in answer["per_source"])

    def test_a_lone_rating_says_so_and_weighs_less(self, table):
        lone = table.rate("tagesschau.de")
        several = table.rate("reuters.com")
        assert len(lone.per_source) == 1 and "one source alone" in lone.verdict
        assert lone.confidence < 0.3 < several.confidence
        assert abs(lone.rating - 0.5) < abs(several.rating - 0.5)  # fewer sources: nearer the middle

    def test_disagreement_is_named(self, table):
        answer = table.rate("rt.com")  # lin2023 and idiap: unreliable; MBFC via Baly: mixed
        assert answer.disagreement and "disagree" in answer.disagreement

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
        assert all(source["data_date"] for source in card["sources"])
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
        assert out["verdict"].startswith("cnn.com is rated reliable")
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

    def test_calibrated_labels_are_ordered_like_their_labels(self, built):
        _, card, _ = built
        idiap = card["calibration"]["idiap"]["p_reliable"]
        baly = card["calibration"]["baly_mbfc"]["p_reliable"]
        assert idiap["-1"] < idiap["0"] < idiap["1"]
        assert baly["low"] < baly["mixed"] < baly["high"]
        opensources = card["calibration"]["opensources"]["p_reliable"]
        assert opensources["fake"] < opensources["political"]
        lin = card["calibration"]["lin2023"]
        assert lin["p_reliable"] == sorted(lin["p_reliable"])  # isotonic: never down as pc1 rises

    def test_family_weights_come_from_measured_agreement(self, built):
        _, card, _ = built
        for family, weight in card["family_weights"].items():
            auc = card["family_agreement_roc_auc"][family]
            assert weight == pytest.approx(max(0.1, 2 * (auc - 0.5)), abs=1e-3)


@needs_rating_data
@pytest.mark.shared
@pytest.mark.slow
class TestAgreement:
    """python -m training.eval_ratings: each family predicted from the others alone."""

    def test_every_family_is_predicted_by_the_rest(self, capsys):
        from training.ratings import evaluate

        assert evaluate.main(["--data-root", str(DATA_ROOT), "--check-floor", "0.85"]) == 0
        lines = capsys.readouterr().out.strip().splitlines()
        result = json.loads(lines[-1])
        assert set(result["sources"]) == set(build_ratings.FAMILIES)
        for family, r in result["sources"].items():
            assert r["roc_auc"] >= 0.85 and r["n"] == r["reliable"] + r["unreliable"] > 0, family
        assert result["orderings_hold"] and result["conflicts"] == 50

    def test_a_missing_data_root_exits_2(self, tmp_path, capsys):
        from training.ratings import evaluate

        assert evaluate.main(["--data-root", str(tmp_path / "nowhere")]) == 2
        assert "missing" in capsys.readouterr().err


class TestCalibration:
    """training/ratings/calibrate.py on hand-made sites: no data set needed."""

    def test_verdicts_per_family(self):
        from training.ratings.calibrate import Site

        site = Site("x.example", pc1=0.7, labels={"idiap": ("1",), "baly_mbfc": ("mixed",),
                                                  "opensources": ("political", "bias")})
        assert site.verdict("lin2023") == 1 and site.verdict("idiap") == 1
        assert site.verdict("baly_mbfc") is None and site.verdict("opensources") == 0
        assert Site("y.example", pc1=0.5).verdict("lin2023") is None
        assert Site("z.example", labels={"idiap": ("1", "-1")}).verdict("idiap") is None  # rows disagree

    def test_no_site_calibrates_itself_and_fewer_families_stay_nearer_the_middle(self):
        from training.ratings.calibrate import Site, combine

        sites = []
        for i in range(400):
            good = i % 2 == 0
            sites.append(Site(f"s{i}.example", pc1=0.9 if good else 0.1,
                              labels={"idiap": ("1" if good else "-1",), "baly_mbfc": ("high" if good else "low",)}))
        sites.append(Site("lone.example", pc1=0.9))
        combined = combine(sites, ("lin2023", "idiap", "baly_mbfc"))
        assert all(auc > 0.99 for auc in combined.aucs.values())
        assert combined.ratings["s0.example"] > combined.ratings["lone.example"] > 0.5 > combined.ratings["s1.example"]
        assert combined.confidence["lone.example"] < 0.4 < combined.confidence["s0.example"]
