"""Hand-made pages for the page-findings tests: one real-looking article body, wrapped."""
from __future__ import annotations

import json

BODY = (
    "<p>The city council voted on Tuesday to expand the tram network to the northern districts, a project "
    "that had been debated for more than a decade.</p>"
    "<p>The mayor said the first section would open in 2027 and that the federal government had agreed to pay "
    "two thirds of the cost, according to a statement released after the vote.</p>"
    "<p>Opposition members criticised the plan, arguing that buses could serve the same neighbourhoods at a "
    "fraction of the price, and asked for an independent review of the passenger forecasts.</p>"
    "<p>Residents of the northern districts have waited years for a faster link to the city centre, where most "
    "of them work, and local business groups welcomed the decision.</p>"
)


def page(body: str = BODY, *, head: str = "", before: str = "", after: str = "", lang: str = "en",
         jsonld: dict | None = None, title: str = "Council votes to extend the tram network north") -> str:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    return (f'<!doctype html><html lang="{lang}"><head><title>{title}</title>{head}{script}</head><body>'
            f"<header><nav><a href='/'>Home</a><a href='/news'>News</a></nav></header>"
            f"<main><article><h1>{title}</h1>{before}<div class='entry-content'>{body}</div>{after}</article></main>"
            "<footer><p>© 2024 City News</p></footer></body></html>")
