"""Text from curated rows, annotations and article files is shown as text wherever the
book publishes it (issue 13, "Bad input"): markdown tables and the claims table (HTML
and LaTeX, through MyST as the book renders them), the chart container (spec with its
tooltip data, alt text, title) and the reuse measure's reading of the page.

Each hostile string goes through each path; the output must hold no element, attribute,
link, role or LaTeX command that the string did not have as text."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pandas as pd
import pytest
from docutils.core import publish_string
from myst_parser.parsers.docutils_ import Parser

from analysis.charts.render import chart_html
from analysis.charts.tables import claims_markdown, markdown_table
from booktools.published import html_texts

#: docutils announces future defaults of its LaTeX writer; not this test's concern.
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")

#: What a curated row, an annotation or an article could carry.
HOSTILE: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "x</script><script>alert(2)</script>",
    '<img src=x onerror="alert(3)">',
    '" onmouseover="alert(4)" data-x="',
    "<!-- <script>",
    "[click](javascript:alert(5))",
    "{doc}`../../intro` and {raw}`<b>x</b>`",
    r"100% & $x_1^2$ \textbf{bold} #~{}\\",
)


class _Tags(HTMLParser):
    """Start tags and attribute names of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        self.hrefs += [v or "" for name, v in attrs if name == "href"]
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _myst(source: str, writer: str) -> str:
    out = publish_string(
        source,
        parser=Parser(),
        writer_name=writer,
        settings_overrides={"report_level": 5, "halt_level": 5, "output_encoding": "unicode"},
    )
    return str(out)


def _claims(text: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "slug": "a",
                "id": "c-1",
                "statement": text,
                "kind": "fact",
                "paragraph": 1,
                "evidence": ["curated:timeline_events"],
                "facts": [],
                "condition": None,
                "condition_held": None,
                "verdict": "supported",
                "why": text,
            }
        ]
    )


def _visible(html: str) -> str:
    return " ".join(" ".join(t.split()) for t in html_texts(html))


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_tables_show_hostile_text_as_text_in_html(text: str) -> None:
    for source in (
        markdown_table(pd.DataFrame({"Source": [text], "Quote": [text]})),
        claims_markdown(_claims(text), chapter="chapters/a"),
    ):
        body = _myst(source, "html5")
        tags = _tags(body)
        assert "script" not in tags.tags and "img" not in tags.tags and "b" not in tags.tags
        assert not {"onerror", "onmouseover", "data-x"} & set(tags.attrs)
        assert not any(h.startswith("javascript:") for h in tags.hrefs)
        assert " ".join(text.split()) in _visible(body), "the text itself is lost"


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_tables_show_hostile_text_as_text_in_latex(text: str) -> None:
    latex = _myst(markdown_table(pd.DataFrame({"Quote": [text]})), "latex")
    body = latex[latex.index(r"\begin{document}") :]
    assert r"\textbf{bold}" not in body and "$x_1^2$" not in body
    for char, escaped in (("%", r"\%"), ("&", r"\&"), ("#", r"\#"), ("$", r"\$")):
        if char in text:
            assert escaped in body, f"{char!r} reaches LaTeX unescaped"
    assert r"\href{javascript" not in body and r"\url{javascript" not in body


@pytest.mark.parametrize("text", HOSTILE)
def test_chart_container_keeps_spec_tooltips_alt_and_title_as_text(text: str) -> None:
    spec = {
        "title": text,
        "description": text,
        "data": {"values": [{"quote": text, "evidence": text}]},
        "encoding": {"tooltip": [{"field": "quote", "title": text}]},
    }
    contract = {"id": "chart-x-1", "name": text, "alt": text, "spec": spec}
    page = chart_html(contract)
    tags = _tags(page)
    assert tags.tags.count("script") == 2, "a string closed or opened a script element"
    assert "img" not in tags.tags and not {"onerror", "onmouseover"} & set(tags.attrs)
    assert json.loads(tags.scripts[0]) == spec, "the spec does not read back unchanged"
    assert " ".join(text.split()) in _visible(page)


@pytest.mark.parametrize("text", HOSTILE)
def test_aria_labels_and_link_previews_keep_hostile_text_inside_the_attribute(text: str) -> None:
    from booktools.charts import add_og_image, downloads_html

    context: dict[str, object] = {}
    add_og_image(context, "https://example.org/p.png", text)
    line = downloads_html({"id": "chart-x-1", "title": text}, "../_static/")
    for page in (str(context["metatags"]), line):
        tags = _tags(page)
        assert set(tags.tags) <= {"meta", "p", "a"}, tags.tags
        assert not {"onerror", "onmouseover", "data-x"} & set(tags.attrs)
    labels = [t for t in html_texts(line) if t.startswith("Data (CSV) of the chart")]
    assert labels == [f"Data (CSV) of the chart: {text}"], "the aria-label lost or split the text"
    assert f"{text}" in html_texts(str(context["metatags"]))
