"""Reading aid for the blind annotators: a page as a reader sees it, as plain text.

`python -m training.gold.digest --set dev-pages --out DIR` writes one text file per page: its
metadata (title, language, canonical, og/JSON-LD types and authors), then its visible text in
document order with headings (#), list items (-), links inline as [text](href), the page's
landmarks (<nav>, <aside>, <footer>, comment areas ...) marked, and elements whose class or id
names an ad slot marked where they sit. For the extraction benchmark (`--set benchmark`) the main
text is the benchmark's human-annotated body, with the links found inside the page's article.

Deliberately independent of `scorer/`: the gold exists to check the scorer, so the annotators read
the page through this renderer only, never through the scorer's extraction or output.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

from lxml import html as lxml_html

from training.settings import TrainingSettings

SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "head",
    "link",
    "meta",
    "button",
    "select",
    "option",
}
BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "tr",
    "table",
    "figure",
    "figcaption",
    "dt",
    "dd",
    "dl",
    "pre",
    "form",
    "main",
    "address",
    "hr",
    "br",
    "td",
    "th",
}
LANDMARKS = {"nav", "header", "footer", "aside", "form", "article", "main"}
# Ad and landmark words in class/id: only to *show* the reader where such an element sits.
AD_WORDS = re.compile(
    r"(?:^|[-_ ])(ad|ads|advert|advertisement|adslot|ad-slot|dfp|gpt|taboola|outbrain|sponsor|sponsored|promo"
    r"|banner|adsense|googlead)(?:$|[-_ \d])",
    re.I,
)
AREA_WORDS = re.compile(r"comment|related|recommend|sidebar|widget|author|byline|share|newsletter|popular|teaser", re.I)
MAX_CHARS = 40_000


def parse(raw: bytes):
    """Decoded as UTF-8 where the bytes are UTF-8, else by charset-normalizer's best guess."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        text = str(best) if best is not None else raw.decode("latin-1")
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    return lxml_html.fromstring(text)


def _label(el) -> str:
    ident = (el.get("id") or "").strip()
    cls = " ".join((el.get("class") or "").split())[:80]
    parts = [el.tag]
    if ident:
        parts.append(f"id={ident[:40]}")
    if cls:
        parts.append(f"class={cls}")
    return " ".join(parts)


def render(root) -> str:
    """The visible text in document order, one block a line, with links and landmarks shown."""
    out: list[str] = []
    line: list[str] = []

    def flush() -> None:
        text = " ".join("".join(line).split())
        if text:
            out.append(text)
        line.clear()

    def walk(el, depth: int = 0) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP or depth > 200:
            if el.tail:
                line.append(el.tail)
            return
        style = (el.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or el.get("hidden") is not None or (el.get("aria-hidden") == "true" and tag != "a"):
            if el.tail:
                line.append(el.tail)
            return
        ident_cls = f"{el.get('id') or ''} {el.get('class') or ''}"
        block = tag in BLOCK
        marker = None
        if tag in LANDMARKS or (tag in {"div", "section", "ul"} and AREA_WORDS.search(ident_cls)):
            marker = _label(el)
        is_ad = bool(AD_WORDS.search(ident_cls)) and tag not in {"a", "span", "img"}
        if block:
            flush()
        if is_ad:
            out.append(f"[AD-LIKE ELEMENT: {_label(el)}]")
        if marker:
            out.append(f"«{marker}»")
        prefix = {
            "h1": "# ",
            "h2": "## ",
            "h3": "### ",
            "h4": "#### ",
            "h5": "##### ",
            "h6": "###### ",
            "li": "- ",
        }.get(tag)
        if prefix:
            line.append(prefix)
        if tag == "img":
            alt = (el.get("alt") or "").strip()
            if alt:
                line.append(f"[image: {alt[:100]}]")
        if tag == "a":
            text = " ".join(el.text_content().split())
            href = (el.get("href") or "").strip()
            if text:
                line.append(
                    f"[{text}]({href[:150]})"
                    if href and not href.startswith("#") and not href.startswith("javascript")
                    else text
                )
        else:
            if el.text:
                line.append(el.text)
            for child in el:
                walk(child, depth + 1)
        if block:
            flush()
        if marker:
            out.append(f"«/{tag}»")
        if el.tail:
            line.append(el.tail)

    body = root.find(".//body")
    walk(body if body is not None else root)
    flush()
    # Drop the empty landmark pairs that carry nothing.
    cleaned: list[str] = []
    for text in out:
        if cleaned and text.startswith("«/") and cleaned[-1].startswith("«") and not cleaned[-1].startswith("«/"):
            cleaned.pop()
            continue
        cleaned.append(text)
    return "\n".join(cleaned)


def metadata(root) -> list[str]:
    head: list[str] = []
    title = root.findtext(".//title") or ""
    head.append(f"TITLE: {' '.join(title.split())}")
    html_el = root if root.tag == "html" else root.find(".//html")
    if html_el is not None and html_el.get("lang"):
        head.append(f"HTML LANG: {html_el.get('lang')}")
    for el in root.iter("link"):
        if (el.get("rel") or "").lower() == "canonical":
            head.append(f"CANONICAL: {el.get('href')}")
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or "").lower()
        if key in {
            "og:url",
            "og:type",
            "og:site_name",
            "author",
            "article:author",
            "article:publisher",
            "dc.creator",
            "byl",
            "sailthru.author",
            "parsely-author",
            "article:published_time",
            "date",
            "description",
            "og:description",
        }:
            head.append(f"META {key}: {' '.join((el.get('content') or '').split())[:300]}")
    for el in root.iter("script"):
        if (el.get("type") or "").lower() == "application/ld+json" and el.text:
            try:
                data = json.loads(el.text)
            except ValueError:
                continue
            for item in (
                data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
            ):
                if isinstance(item, dict):
                    author = item.get("author")
                    publisher = item.get("publisher")
                    publisher = publisher.get("name") if isinstance(publisher, dict) else publisher
                    authors = json.dumps(author, ensure_ascii=False)[:200] if author else None
                    head.append(
                        f"JSON-LD @type={item.get('@type')} author={authors}"
                        f" publisher={json.dumps(publisher, ensure_ascii=False)[:80]}"
                    )
    return head


def body_links(root, body_text: str) -> list[str]:
    """Links in the page whose anchor text is part of the annotated body (the article's own links)."""
    seen: set[tuple[str, str]] = set()
    links: list[str] = []
    for a in root.iter("a"):
        text = " ".join(a.text_content().split())
        href = (a.get("href") or "").strip()
        if len(text) < 3 or not href or href.startswith(("#", "javascript")) or text not in body_text:
            continue
        if (text, href) in seen:
            continue
        seen.add((text, href))
        links.append(f"- [{text[:120]}]({href[:200]})")
    return links[:80]


def author_areas(root) -> list[str]:
    found: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP:
            continue
        ident = f"{el.get('id') or ''} {el.get('class') or ''} {el.get('itemprop') or ''} {el.get('rel') or ''}"
        if re.search(r"author|byline|by-line|credit|source|signature|contributor", ident, re.I):
            text = " ".join(el.text_content().split())
            if 2 <= len(text) <= 200 and text not in found:
                found.append(text)
        if len(found) >= 12:
            break
    return found


LINK_ITEM = re.compile(r"^- \[[^\]]{0,80}\]\([^)]{0,200}\)$|^- .{0,30}$")


def fold_link_lists(text: str, keep: int = 5) -> str:
    """Long runs of short link items (menus, tag clouds, teaser lists) shown by their first items."""
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        out.extend(run[:keep])
        if len(run) > keep:
            out.append(f"[... {len(run) - keep} more items of this list]")
        run.clear()

    for line in text.split("\n"):
        if LINK_ITEM.match(line):
            run.append(line)
        else:
            close()
            out.append(line)
    close()
    return "\n".join(out)


def _cap(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    return text[:30_000] + f"\n[... {len(text) - MAX_CHARS:,} characters omitted ...]\n" + text[-10_000:]


def digest_benchmark(data_root: Path, out: Path) -> int:
    base = data_root / "article-extraction-benchmark"
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    for n, (page_id, item) in enumerate(sorted(truth.items()), 1):
        root = parse(gzip.decompress((base / "html" / f"{page_id}.html.gz").read_bytes()))
        body = item["articleBody"]
        lines = [f"PAGE {n}: id={page_id}", f"URL: {item['url']}", *metadata(root)]
        lines += [
            "AUTHOR/CREDIT AREAS (class or id names author/byline/credit/source):",
            *[f"  | {t}" for t in author_areas(root)],
        ]
        lines += ["MAIN TEXT (the benchmark's human-annotated article body):", body.strip()]
        lines += ["LINKS INSIDE THE MAIN TEXT:", *(body_links(root, body) or ["(none)"])]
        (out / f"{n:03d}.txt").write_text(_cap("\n".join(lines)) + "\n", encoding="utf-8")
    return len(truth)


def digest_dev_pages(data_root: Path, out: Path) -> int:
    base = data_root / "dev-pages"
    rows = [
        json.loads(line) for line in (base / "index.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    for n, row in enumerate(rows, 1):
        raw = gzip.decompress((base / "html" / f"{row['id']}.html.gz").read_bytes())
        root = parse(raw)
        lines = [
            f"PAGE {n}: id={row['id']}",
            *metadata(root),
            "VISIBLE TEXT (document order):",
            fold_link_lists(render(root)),
        ]
        (out / f"{n:03d}.txt").write_text(_cap("\n".join(lines)) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["benchmark", "dev-pages"], required=True)
    parser.add_argument("--out", type=Path, required=True, help="folder for one text file per page")
    parser.add_argument("--data", type=Path, default=None, help="data root (default: the training settings' data root)")
    args = parser.parse_args(argv)
    data_root = args.data or TrainingSettings.from_env().data_root
    args.out.mkdir(parents=True, exist_ok=True)
    count = (digest_benchmark if args.set == "benchmark" else digest_dev_pages)(data_root, args.out)
    print(f"{count} pages written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
