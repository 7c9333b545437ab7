"""Page findings measured against a hand-annotated gold set (../shared/guides/page-findings.md)."""
