"""Render a :class:`innokg.report.content.Report` as self-contained HTML and as Markdown.

The HTML page needs nothing but itself: inline CSS, the figures as inline SVG (text drawn
as paths, so no fonts), no scripts; it opens from a file or a USB stick. The Markdown file
says the same and links the figures as ``figures/NAME.svg``. Both are plain functions of
the report, so the same report gives the same bytes.

Examples
--------
>>> from innokg.report.content import Report, Section, Heading
>>> r = Report("en", "T", "S", [("when", "now")], [Section("a", "A & B", ["x < y", Heading("H")])])
>>> print(markdown(r))
# T
<BLANKLINE>
S
<BLANKLINE>
- when: now
<BLANKLINE>
## A & B
<BLANKLINE>
x < y
<BLANKLINE>
### H
<BLANKLINE>
>>> "<h2 id=\\"a\\">A &amp; B</h2>" in html_page(r)
True
"""

from __future__ import annotations

from html import escape

from innokg.report.content import Attachment, Figure, Heading, Report, Table
from innokg.report.messages import msg

__all__ = ["html_page", "markdown", "CSS", "NAME_COLUMNS", "TEXT_COLUMNS"]

#: columns of names: one line each, cut with an ellipsis (the whole name on hover)
NAME_COLUMNS = frozenset({"label", "u", "v", "item_label", "region_label", "topic_label"})
#: columns of sentences: wrapped in a narrower column
TEXT_COLUMNS = frozenset({"reason_text", "detail", "paper", "value"})

CSS = """
:root{--ink:#1b1f24;--muted:#5b6470;--line:#d8dde3;--accent:#0072B2;--bg:#ffffff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.report{padding:1.6rem 2rem 1rem;border-bottom:3px solid var(--accent);background:var(--soft)}
header.report h1{margin:0;font-size:1.8rem}
header.report p.subtitle{margin:.2rem 0 .6rem;color:var(--muted);font-size:1.05rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0;font-size:.9rem}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
nav.toc{padding:.6rem 2rem;border-bottom:1px solid var(--line);font-size:.92rem}
nav.toc a{margin-right:1.1rem;color:var(--accent);text-decoration:none;white-space:nowrap}
main{padding:0 2rem 3rem;max-width:1400px}
section{margin-top:2rem}
h2{font-size:1.35rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.05rem;margin-top:1.4rem}
p{max-width:60rem}
figure{margin:1rem 0;padding:.5rem;border:1px solid var(--line);border-radius:4px;background:#fff;max-width:100%;overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:.88rem;margin-top:.4rem;max-width:60rem}
.tablewrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.84rem;margin:.6rem 0}
th,td{border-bottom:1px solid var(--line);padding:.25rem .35rem;text-align:left;vertical-align:top}
th{background:var(--soft);position:sticky;top:0;font-size:.8rem;font-weight:600;line-height:1.25}
td.name{max-width:15rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
td.text{max-width:30rem;font-size:.8rem}
td.num{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.hole td{background:#fde0dc}tr.thin td{background:#fff1d6}
td.sha{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.78rem;word-break:break-all}
p.note{color:var(--muted);font-size:.85rem;margin:.2rem 0}
@media print{nav.toc{display:none}th{position:static}}
"""


def _shade(share: float) -> str:
    a = max(0.0, min(1.0, share))
    return f"background:rgba(0,114,178,{0.08 + 0.72 * a:.2f});color:{'#fff' if a > 0.55 else 'inherit'}"


def _html_table(t: Table) -> str:
    out = [f'<div class="tablewrap"><table id="table-{escape(t.name)}" data-table="{escape(t.name)}">',
           "<thead><tr>"]
    for c, h in zip(t.columns, t.headers):
        cls = ' class="num"' if c in t.numeric else ""
        out.append(f"<th{cls}>{escape(h)}</th>")
    out.append("</tr></thead><tbody>")
    for i, line in enumerate(t.cells):
        st = t.status.get(i)
        out.append(f'<tr class="{escape(st)}">' if st in ("hole", "thin") else "<tr>")
        for c, cell in zip(t.columns, line):
            attrs = []
            if c in t.numeric:
                attrs.append('class="num"')
            elif c == "sha256":
                attrs.append('class="sha"')
            elif c in NAME_COLUMNS or (c == "group" and t.name == "helix"):
                attrs.append('class="name"')
                if (i, c) not in t.titles:  # the whole name on hover where the cell cuts it
                    attrs.append(f'title="{escape(cell)}"')
            elif c in TEXT_COLUMNS:
                attrs.append('class="text"')
            if (i, c) in t.shades:
                attrs.append(f'style="{_shade(t.shades[(i, c)])}"')
            if (i, c) in t.titles:
                attrs.append(f'title="{escape(t.titles[(i, c)])}"')
            a = (" " + " ".join(attrs)) if attrs else ""
            out.append(f"<td{a}>{escape(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    if t.note:
        more = f' <a href="{escape(t.more)}">{escape(t.more)}</a>.' if t.more else ""
        out.append(f'<p class="note">{escape(t.note)}{more}</p>')
    return "".join(out)


def html_page(report: Report) -> str:
    """The whole report as one HTML document (UTF-8, no external resources)."""
    lang = report.lang
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">",
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="report">',
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
        '<dl class="meta">',
    ]
    for k, v in report.meta:
        parts.append(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>")
    parts.append("</dl></header>")
    parts.append(f'<nav class="toc" aria-label="{escape(msg("contents", lang))}">')
    for s in report.sections:
        parts.append(f'<a href="#{escape(s.key)}">{escape(s.title)}</a>')
    parts.append("</nav><main>")
    for s in report.sections:
        parts.append(f'<section aria-labelledby="{escape(s.key)}">')
        parts.append(f'<h2 id="{escape(s.key)}">{escape(s.title)}</h2>')
        for b in s.blocks:
            if isinstance(b, Table):
                if b.shown:
                    parts.append(_html_table(b))
            elif isinstance(b, Figure):
                parts.append(f'<figure id="figure-{escape(b.name)}">{b.svg}'
                             f"<figcaption>{escape(b.caption)}</figcaption></figure>")
            elif isinstance(b, Heading):
                parts.append(f"<h3>{escape(b.text)}</h3>")
            elif isinstance(b, Attachment):
                parts.append(f'<p>{escape(b.caption)} <a href="{escape(b.path)}">{escape(b.path)}</a></p>')
            else:
                parts.append(f"<p>{escape(str(b))}</p>")
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(t: Table) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in t.headers) + " |",
             "|" + "|".join("---:" if c in t.numeric else "---" for c in t.columns) + "|"]
    for line in t.cells:
        lines.append("| " + " | ".join(_md_cell(c) for c in line) + " |")
    if t.note:
        lines += ["", f"*{t.note}*" + (f" [{t.more}]({t.more})." if t.more else "")]
    return lines


def markdown(report: Report) -> str:
    """The report as Markdown (GitHub flavour tables); figures linked as ``figures/NAME.svg``."""
    out = [f"# {report.title}", "", report.subtitle, ""]
    out += [f"- {k}: {v}" for k, v in report.meta]
    out.append("")
    for s in report.sections:
        out += [f"## {s.title}", ""]
        for b in s.blocks:
            if isinstance(b, Table):
                if b.shown:
                    out += _md_table(b) + [""]
            elif isinstance(b, Figure):
                out += [f"![{_md_cell(b.caption)}](figures/{b.name}.svg)", "", f"*{b.caption}*", ""]
            elif isinstance(b, Heading):
                out += [f"### {b.text}", ""]
            elif isinstance(b, Attachment):
                out += [f"{b.caption} [{b.path}]({b.path})", ""]
            else:
                out += [str(b), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
