"""One calibrated reliability scale for the rating families, and their agreement-weighted combination.

Each family rates on its own scale: lin2023 a continuous pc1 that sits in a narrow band, idiap and
Baly/MBFC three levels, OpenSources a set of type tags. Read side by side as if on one scale,
a lone lin2023 score of 0.66 looks as sure as a four-family "reliable". Here every family is
mapped onto one scale, P(reliable): the probability that the *other* families call the site
reliable, learned on the sites it shares with them.

- Verdicts: each family's own binary reading of a site (`verdict`): idiap 1 vs -1/-2, MBFC high vs
  low, OpenSources "reliable" vs a low-quality type, lin2023 pc1 >= 0.6 vs <= 0.4; the middle
  readings (idiap 0, MBFC mixed, OpenSources political/satire, lin2023 0.4-0.6) are no verdict.
- Calibration target of a site for family F: the mean verdict of the other families that have one.
- Calibration (cross-fitted): the sites are split in FOLDS by a hash of their key; a site's
  calibrated value comes from a fit on the other folds only, so no site calibrates itself.
  lin2023: isotonic regression of the target on pc1; categorical families: per label, the mean
  target of the sites carrying it with a Beta(1, 1) prior ((sum + 1) / (n + 2)); a site with several
  labels (OpenSources types) gets the mean of its labels' values.
- Weights: each family's agreement with the others, measured: the ROC-AUC of its calibrated values
  against the other families' unanimous verdicts, as 2 x (AUC - 0.5), floored at MIN_WEIGHT.
- Combined rating: the weighted mean of the calibrated values of the families that rate the site,
  with even odds (0.5) counted as one more family of weight PRIOR_WEIGHT, so fewer families pull
  the rating toward the middle.
- Confidence: (the weight of the families present / the weight of all) x (the share of them within
  AGREEMENT_TOLERANCE of the rating): one family alone stays low however sure it is.

`combine(sites, families)` runs all of it for a chosen set of families, so the evaluation can
leave one family out and predict it from the rest (training/ratings/evaluate.py).
"""
from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import roc_auc_score

FOLDS = 5
# Weight of a family whose values barely agree with the others (it still counts, a little).
MIN_WEIGHT = 0.1
# Even odds count as a family of this weight in every combined rating, so a rating that rests on
# fewer families sits nearer 0.5: one family alone, however sure, is less evidence than four.
PRIOR_WEIGHT = 0.25
# A family agrees with the combined rating when within this distance (half a three-level step).
AGREEMENT_TOLERANCE = 0.25
# lin2023 pc1 readings that count as a verdict: its own split is 0.5; the margin keeps the
# middle of its narrow band out of the targets.
LIN_RELIABLE_FROM = 0.6
LIN_UNRELIABLE_UPTO = 0.4
IDIAP_VERDICTS = {"1": 1, "-1": 0, "-2": 0}
BALY_VERDICTS = {"high": 1, "low": 0}
# OpenSources types that say a site is not a reliable source of news ("political" and "satire"
# describe a stance or a genre, not reliability: no verdict).
OPENSOURCES_LOW = frozenset({"fake", "conspiracy", "junksci", "hate", "rumor", "unreliable", "bias",
                             "clickbait", "state"})


@dataclass
class Site:
    """What each family says of one site: lin2023's pc1, or the categorical labels of the others."""

    key: str
    pc1: float | None = None
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # family -> its labels for the site

    def families(self) -> list[str]:
        return (["lin2023"] if self.pc1 is not None else []) + [f for f, labels in self.labels.items() if labels]

    def verdict(self, family: str) -> int | None:
        """The family's own binary reading of the site (1 reliable, 0 unreliable), or None."""
        if family == "lin2023":
            if self.pc1 is None:
                return None
            return 1 if self.pc1 >= LIN_RELIABLE_FROM else 0 if self.pc1 <= LIN_UNRELIABLE_UPTO else None
        labels = self.labels.get(family, ())
        if family == "idiap":
            votes = {IDIAP_VERDICTS[label] for label in labels if label in IDIAP_VERDICTS}
        elif family == "baly_mbfc":
            votes = {BALY_VERDICTS[label] for label in labels if label in BALY_VERDICTS}
        elif family == "opensources":
            votes = {0} if OPENSOURCES_LOW & set(labels) else {1} if "reliable" in labels else set()
        else:
            raise ValueError(f"unknown family {family!r}")
        return votes.pop() if len(votes) == 1 else None  # rows of one family that disagree: no verdict


def fold_of(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % FOLDS


def _target(site: Site, family: str, reference: Sequence[str]) -> float | None:
    votes = [v for f in reference if f != family and (v := site.verdict(f)) is not None]
    return sum(votes) / len(votes) if votes else None


@dataclass(frozen=True)
class Fit:
    """One family's calibration, fitted on some folds."""

    family: str
    isotonic: IsotonicRegression | None = None  # lin2023
    label_values: dict[str, float] = field(default_factory=dict)  # categorical families
    prior: float = 0.5  # for a label never seen in the fitting folds

    def value(self, site: Site) -> float:
        if self.family == "lin2023":
            assert self.isotonic is not None and site.pc1 is not None
            return float(self.isotonic.predict([site.pc1])[0])
        labels = site.labels.get(self.family, ())
        return statistics.fmean(self.label_values.get(label, self.prior) for label in labels)

    def to_dict(self) -> dict[str, object]:
        if self.isotonic is not None:
            xs = [round(float(x), 4) for x in self.isotonic.X_thresholds_]
            ys = [round(float(y), 4) for y in self.isotonic.y_thresholds_]
            return {"kind": "isotonic on pc1", "thresholds": len(xs), "pc1": xs, "p_reliable": ys}
        return {"kind": "per label", "p_reliable": {k: round(v, 4) for k, v in sorted(self.label_values.items())}}


def fit_family(family: str, sites: Iterable[Site], reference: Sequence[str]) -> Fit | None:
    xs, ys, label_sums, label_counts = [], [], {}, {}
    for site in sites:
        if family not in site.families():
            continue
        target = _target(site, family, reference)
        if target is None:
            continue
        if family == "lin2023":
            xs.append(site.pc1)
            ys.append(target)
        else:
            for label in site.labels[family]:
                label_sums[label] = label_sums.get(label, 0.0) + target
                label_counts[label] = label_counts.get(label, 0) + 1
    if family == "lin2023":
        if len(xs) < 10:
            return None
        isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
        isotonic.fit(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
        return Fit(family, isotonic=isotonic)
    if not label_counts:
        return None
    values = {label: (label_sums[label] + 1.0) / (label_counts[label] + 2.0) for label in label_counts}
    prior = (sum(label_sums.values()) + 1.0) / (sum(label_counts.values()) + 2.0)
    return Fit(family, label_values=values, prior=prior)


@dataclass
class Combined:
    """The calibrated values, weights and combined ratings of one run."""

    families: tuple[str, ...]
    values: dict[str, dict[str, float]]  # site key -> family -> calibrated P(reliable)
    weights: dict[str, float]
    aucs: dict[str, float]
    fits: dict[str, Fit]  # fitted on all sites: what the card documents
    ratings: dict[str, float]
    confidence: dict[str, float]


def _auc(labels: list[int], scores: list[float]) -> float:
    if len(set(labels)) < 2:
        return math.nan
    return float(roc_auc_score(labels, scores))


def combine(sites: Sequence[Site], families: Sequence[str]) -> Combined:
    families = tuple(families)
    by_fold: dict[int, list[Site]] = {k: [] for k in range(FOLDS)}
    for site in sites:
        by_fold[fold_of(site.key)].append(site)
    values: dict[str, dict[str, float]] = {site.key: {} for site in sites}
    for k in range(FOLDS):
        training = [s for j, fold in by_fold.items() if j != k for s in fold]
        for family in families:
            fit = fit_family(family, training, families)
            if fit is None:
                continue
            for site in by_fold[k]:
                if family in site.families():
                    values[site.key][family] = fit.value(site)
    aucs, weights = {}, {}
    for family in families:
        labels, scores = [], []
        for site in sites:
            if family not in values[site.key]:
                continue
            others = [v for f in families if f != family and (v := site.verdict(f)) is not None]
            if others and len(set(others)) == 1:  # the other families agree on a verdict
                labels.append(others[0])
                scores.append(values[site.key][family])
        aucs[family] = _auc(labels, scores)
        weights[family] = MIN_WEIGHT if math.isnan(aucs[family]) else max(MIN_WEIGHT, 2 * (aucs[family] - 0.5))
    total_weight = sum(weights.values())
    ratings, confidence = {}, {}
    for key, per_family in values.items():
        present = {f: v for f, v in per_family.items() if f in weights}
        if not present:
            continue
        weight = sum(weights[f] for f in present)
        rating = (sum(weights[f] * v for f, v in present.items()) + PRIOR_WEIGHT * 0.5) / (weight + PRIOR_WEIGHT)
        agreeing = sum(abs(v - rating) <= AGREEMENT_TOLERANCE for v in present.values()) / len(present)
        ratings[key] = rating
        confidence[key] = (weight / total_weight) * agreeing
    fits = {f: fit for f in families if (fit := fit_family(f, sites, families)) is not None}
    return Combined(families, values, weights, aucs, fits, ratings, confidence)


def sites_from(by_key: dict[str, dict[str, list]], select_rows, lin_value) -> list[Site]:
    """Sites from the builder's rows grouped by site key and family (training/ratings/build.py)."""
    sites = []
    for key in sorted(by_key):
        families = by_key[key]
        site = Site(key)
        if "lin2023" in families:
            site.pc1 = lin_value(families["lin2023"])
        for family, rows in families.items():
            if family == "lin2023":
                continue
            labels: list[str] = []
            for row in select_rows(rows):
                labels += [label for label in row.labels if label not in labels]
            site.labels[family] = tuple(labels)
        sites.append(site)
    return sites
