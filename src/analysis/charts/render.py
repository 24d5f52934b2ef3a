"""The one renderer: interactive HTML, static SVG and alt text from one chart spec."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import altair as alt

from analysis.charts.style import THEME_NAME

# --------------------------------------------------------------------------- rendering

#: Most rows a chart may inline (Altair's own limit is 5,000). Aggregate first.
MAX_ROWS = 2000
#: The Vega-Lite version vl-convert renders with, matching Altair's schema ("6.4").
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
#: Resolution of :meth:`ChartDisplay.png` previews (3 pixels per CSS pixel).
PRINT_PPI = 216
#: vega-embed options, passed in the spec's ``usermeta.embedOptions``.
EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
#: Where the Sphinx extension writes the bundle, relative to the HTML ``_static``.
BUNDLE_NAME = f"book/vega-bundle-vl{VL_VERSION}.js"
CHART_CLASS = "book-chart"
#: The chart contract's mime type: :attr:`ChartDisplay.contract`, one JSON object per chart,
#: stored in the notebook beside the HTML, SVG and alt text. The Sphinx extension
#: (``booktools``) renders charts from it; notebook front ends ignore it.
CHART_MIME = "application/vnd.book.chart+json"
#: Version of the contract's fields; bump it when a field changes meaning.
CONTRACT_VERSION = 1


#: Where the Sphinx extension writes :data:`RESPONSIVE_JS`, relative to the HTML ``_static``.
RESPONSIVE_NAME = "book/responsive.js"
#: Narrowest plot area (px) the phone layout gives a view.
MIN_VIEW_WIDTH = 60
#: Containers narrower than this (px) are a phone's: a chart's own phone layout is drawn.
PHONE_WIDTH = 560
#: Charts reflow instead of shrinking. Loaded after the vega bundle, it wraps
#: ``window.vegaEmbed``: when a chart drawn at its natural size is wider than its
#: container (a phone), it is drawn again with side-by-side views stacked, legends
#: below the plot, titles and source lines wrapped to the width, facets in one column
#: panel titles, category axis labels and labels on the plot wrapped onto lines (an
#: ellipsis only for a single word wider than its limit; the tooltip keeps labels whole)
#: and every view narrowed by the excess (at most five passes). Text keeps its size
#: (the stylesheet never scales a chart's SVG); what still does not fit scrolls. A chart
#: may carry its own phone layout, a whole spec in ``usermeta.narrow`` (its ``datasets``
#: need not repeat the chart's): in a container narrower than :data:`PHONE_WIDTH`, that
#: spec is drawn instead, then narrowed the same way.
#: Labels on the plot that the browser's layout (narrowed or not) draws over other text
#: are then hidden (a note under the chart says so; tooltips and the description keep them).
#: The static SVG and the PDF keep the natural layout.
RESPONSIVE_JS = (
    """\
/* Charts reflow at narrow widths (analysis.charts.render.RESPONSIVE_JS). */
(function () {
  "use strict";
  var embed = window.vegaEmbed;
  if (typeof embed !== "function") { return; }
  var MIN_WIDTH = """
    + str(MIN_VIEW_WIDTH)
    + """;
  function wrap(text, chars) {
    var out = [], line = "";
    text.split(/\\s+/).forEach(function (word) {
      if (!word) { return; }
      if (line && (line + " " + word).length > chars) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { out.push(line); }
    return out;
  }
  function rewrap(title, avail, size, joinLines) {
    if (!title || typeof title !== "object" || Array.isArray(title)) { return title; }
    var chars = Math.max(20, Math.floor(avail / ((title.fontSize || size) * 0.6)));
    var lines = Array.isArray(title.text) ? title.text : [title.text];
    /* A heading is one sentence; source lines are paragraphs, each opened by "Source:" or
       "Note:", which the static layout had broken at its own width. */
    lines = joinLines ? [lines.join(" ")] : lines.join(" ").split(/ (?=(?:Source|Note): )/);
    var out = [];
    lines.forEach(function (l) { out = out.concat(wrap(String(l), chars)); });
    title.text = out;
    if (title.subtitle) {
      var sub = Array.isArray(title.subtitle) ? title.subtitle.join(" ") : String(title.subtitle);
      title.subtitle = wrap(sub, Math.floor(avail / ((title.subtitleFontSize || 12) * 0.6)));
    }
    return title;
  }
  /* Wrapping inside Vega: words onto lines of at most `chars` characters, joined by "\\n". */
  var NL = String.fromCharCode(92) + "n";
  function charsIn(px, size, em) { return Math.max(8, Math.floor(px / (size * em))); }
  function wrapExpr(value, chars) {
    return "isValid(" + value + ") ? trim(replace(toString(" + value + "), regexp('(.{1," + chars +
      "})( +|$)', 'g'), '$1" + NL + "')) : ''";
  }
  /* A text mark's labels (a field, not a number) or its constant text, wrapped. */
  function wrapText(node, chars) {
    var enc = node.encoding || {}, text = enc.text;
    if (typeof node.mark.text === "string" && node.mark.text.length > chars) {
      node.mark.text = wrap(node.mark.text, chars);
    }
    if (!text || Array.isArray(text) || typeof text !== "object") { return; }
    if (typeof text.value === "string" && text.value.length > chars) {
      enc.text = Object.assign({}, text, {value: wrap(text.value, chars)});
    } else if (typeof text.field === "string" && text.type !== "quantitative" &&
        !text.aggregate && !text.timeUnit && !text.format && !text.bin) {
      node.transform = (node.transform || []).concat([{as: "__lines",
        calculate: wrapExpr("datum[" + JSON.stringify(text.field) + "]", chars)}]);
      enc.text = Object.assign({}, text, {field: "__lines"});
      node.mark.lineBreak = String.fromCharCode(10);
    }
  }
  /* Wrapped category labels need rows as tall as their lines: the row step (or the
     height) of the unit, or of the enclosing spec that sets it, grows to fit them. */
  function categories(s, node) {
    var y = node.encoding.y, field = y.field, seen = {};
    if (y.scale && Array.isArray(y.scale.domain)) { return y.scale.domain.map(String); }
    if (typeof field !== "string") { return []; }
    function scan(rows) {
      (rows || []).forEach(function (r) {
        if (r && r[field] !== null && r[field] !== undefined) { seen[String(r[field])] = true; }
      });
    }
    Object.keys(s.datasets || {}).forEach(function (k) { scan(s.datasets[k]); });
    if (node.data && Array.isArray(node.data.values)) { scan(node.data.values); }
    return Object.keys(seen);
  }
  /* The offset rows one category spans: the most offsets any category has in the data. */
  function offsetRows(s, node) {
    var yf = node.encoding.y.field, of = (node.encoding.yOffset || {}).field, per = {}, most = 1;
    if (typeof yf !== "string" || typeof of !== "string") { return 1; }
    Object.keys(s.datasets || {}).forEach(function (k) {
      (s.datasets[k] || []).forEach(function (r) {
        if (!r || r[yf] === undefined || r[of] === undefined) { return; }
        var key = String(r[yf]);
        per[key] = per[key] || {};
        per[key][String(r[of])] = true;
        most = Math.max(most, Object.keys(per[key]).length);
      });
    });
    return most;
  }
  function roomFor(s, node, up, chars) {
    var cats = categories(s, node), lines = 1;
    cats.forEach(function (c) { lines = Math.max(lines, wrap(c, chars).length); });
    if (lines < 2) { return; }
    /* A category spans all its offset rows (yOffset); a step is one offset row's unless it
       is the category's own ("for": "position"). */
    var need = lines * 13 + 4, owner = null, subrows = offsetRows(s, node);
    [node].concat(up.slice().reverse()).some(function (n) {
      if (n.height !== undefined) { owner = n; }
      return owner !== null;
    });
    if (owner === null) { node.height = {step: Math.ceil(need / subrows)}; return; }
    if (owner.height && typeof owner.height.step === "number") {
      var per = owner.height["for"] === "position" ? need : Math.ceil(need / subrows);
      owner.height.step = Math.max(owner.height.step, per);
    } else if (typeof owner.height === "number" && owner.height < cats.length * need) {
      owner.height = cats.length * need;
    }
  }
  /* One pass: narrow the spec by `excess` px for a container `avail` px wide. */
  function narrow(spec, excess, avail) {
    var s = JSON.parse(JSON.stringify(spec));
    var cfg = s.config = s.config || {};
    cfg.legend = Object.assign({}, cfg.legend || {}, {orient: "bottom", direction: "vertical",
      labelLimit: Math.max(120, avail - 60)});
    cfg.axis = Object.assign({}, cfg.axis || {}, {labelLimit: Math.round(avail * 0.4)});
    cfg.header = Object.assign({}, cfg.header || {}, {labelLimit: Math.round(avail - 90)});
    cfg.view = Object.assign({}, cfg.view || {});
    ["continuousWidth", "discreteWidth"].forEach(function (k) {
      if (typeof cfg.view[k] === "number") { cfg.view[k] = Math.max(MIN_WIDTH, cfg.view[k] - excess); }
    });
    (function walk(node, top, up) {
      if (Array.isArray(node)) { node.forEach(function (n) { walk(n, false, up); }); return; }
      if (!node || typeof node !== "object") { return; }
      if (node.hconcat) { node.vconcat = node.hconcat; delete node.hconcat; }
      if (node.concat) { node.columns = 1; }
      if (node.facet && typeof node.columns === "number") { node.columns = 1; }
      if (node.facet && node.facet.column && !node.facet.row) {
        node.facet = node.facet.column;  /* a row of panels becomes a wrapped column */
        node.columns = 1;
      }
      if (node.legend && typeof node.legend === "object") {
        node.legend.orient = "bottom";
        node.legend.direction = "vertical";
        delete node.legend.columns;
      }
      if (node.header && typeof node.header === "object") {  /* panel titles: wrapped */
        var hsize = node.header.labelFontSize || (cfg.header || {}).labelFontSize || 12;
        var hlabel = node.header.labelExpr ? "(" + node.header.labelExpr + ")" : "datum.label";
        node.header.labelExpr = "split(" + wrapExpr(hlabel, charsIn(avail - 90, hsize, 0.65)) +
          ", '" + NL + "')";
        node.header.labelLimit = 0;
      }
      if (node.axis && typeof node.axis.labelLimit === "number") {
        node.axis.labelLimit = Math.min(node.axis.labelLimit, Math.round(avail * 0.4));
      }
      if (node.mark && (node.mark === "text" || node.mark.type === "text")) {
        if (typeof node.mark === "string") { node.mark = {type: "text"}; }
        /* Labels beside a mark or rule get a narrow column, others under half the width;
           long ones are wrapped onto lines (the limit is a last resort). */
        var beside = node.mark.align === "left" || node.mark.align === "right";
        node.mark.limit = node.mark.limit || Math.round(avail * 0.45);
        wrapText(node, charsIn(avail * (beside ? 0.28 : 0.45), node.mark.fontSize ||
          (cfg.text || {}).fontSize || 11, 0.62));
      }
      var y = node.encoding && node.encoding.y;  /* category labels: wrapped onto lines */
      if (y && (y.type === "nominal" || y.type === "ordinal") && y.axis !== null) {
        y.axis = Object.assign({}, y.axis || {});
        var ylabel = y.axis.labelExpr ? "(" + y.axis.labelExpr + ")" : "datum.label";
        y.axis.labelExpr = "split(" + wrapExpr(ylabel, charsIn(avail * 0.3, 11, 0.6)) + ", '" +
          NL + "')";
        roomFor(s, node, up, charsIn(avail * 0.3, 11, 0.6));
      }
      if (typeof node.width === "number") { node.width = Math.max(MIN_WIDTH, node.width - excess); }
      else if (node.width && typeof node.width.step === "number" && node.width.step > 8) {
        node.width = {step: Math.max(8, node.width.step * (avail / (avail + excess)))};
      }
      if (node.title && typeof node.title === "object") {
        node.title = rewrap(node.title, avail - 16, top ? 15 : 10, top);
      }
      Object.keys(node).forEach(function (k) {
        if (k !== "data" && k !== "datasets" && k !== "config" && k !== "title" && k !== "usermeta") {
          walk(node[k], false, up.concat([node]));
        }
      });
    })(s, true, []);
    return s;
  }
  /* Labels on the plot that the drawn layout puts over other text are hidden (the
     chart's own text - titles, axes, legends - first, then the labels in drawing order,
     each kept only where it covers no text kept before it); a note under the chart says
     so. The tooltips, the description and the wide layout keep every label. */
  var NOTE_CLASS = "book-chart-note";
  function shown(t, svg) {
    for (var n = t; n && n !== svg; n = n.parentNode) {
      var st = window.getComputedStyle(n);
      if (st.display === "none" || st.visibility === "hidden" || parseFloat(st.opacity) === 0 ||
          n.getAttribute("opacity") === "0") { return false; }
    }
    return true;
  }
  function declutter(el) {
    var svg = el.querySelector("svg");
    var old = el.parentNode && el.parentNode.querySelector("." + NOTE_CLASS);
    if (old) { old.parentNode.removeChild(old); }
    if (!svg) { return; }
    var kept = [], labels = [], hidden = 0;
    svg.querySelectorAll("text").forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (!(t.textContent || "").trim() || r.width === 0 || !shown(t, svg)) { return; }
      if (t.closest(".role-mark") && !t.closest(".role-axis, .role-legend, .role-title")) {
        labels.push([t, r]);
      } else { kept.push(r); }
    });
    function covers(a, b) {
      return Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
        Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    }
    labels.forEach(function (item) {
      if (kept.some(function (r) { return covers(item[1], r); })) {
        item[0].style.display = "none";
        hidden += 1;
      } else { kept.push(item[1]); }
    });
    if (hidden && el.parentNode) {
      var note = document.createElement("p");
      note.className = NOTE_CLASS;
      note.style.cssText = "font-size: 0.85em; color: #555; margin: 0.25rem 0 0; text-align: left;";
      note.textContent = "Note: some labels on the chart are shown only on a wider screen " +
        "(they would cover other text at this width).";
      el.parentNode.insertBefore(note, el.nextSibling);
    }
  }
  function widthOf(el) {
    var svg = el.querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }
  window.vegaEmbed = function (el, spec, opts) {
    var box = el.parentNode || el;
    return embed(el, spec, opts).then(function (result) {
      var style = window.getComputedStyle(el);
      var avail = box.clientWidth - (parseFloat(style.paddingLeft) || 0) -
        (parseFloat(style.paddingRight) || 0);
      if (!avail || widthOf(el) - avail <= 1) { declutter(el); return result; }
      var total = 0, current = result;
      var phone = spec.usermeta && spec.usermeta.narrow;
      if (phone && typeof phone === "object" && avail < """
    + str(PHONE_WIDTH)
    + """) {  /* the chart's own phone layout */
        var meta = Object.assign({}, spec.usermeta);
        delete meta.narrow;
        spec = Object.assign({}, phone, {
          datasets: Object.assign({}, spec.datasets || {}, phone.datasets || {}),
          usermeta: Object.assign(meta, phone.usermeta || {})});
      }
      /* Legends under the plot, one below the other (Vega's legend layout). */
      var stacked = Object.assign({}, opts, {patch: function (vg) {
        vg.config = vg.config || {};
        vg.config.legend = Object.assign({}, vg.config.legend || {}, {layout: {bottom:
          {anchor: "start", direction: "vertical", margin: 6}}});
        return vg;
      }});
      function pass(n) {
        current.finalize();
        return embed(el, narrow(spec, total, avail), stacked).then(function (next) {
          current = next;
          var excess = widthOf(el) - avail;
          el.setAttribute("data-reflowed", String(n));
          if (excess <= 1 || n >= 6) { declutter(el); return next; }
          total += excess + 4;  /* a little slack: labels move with the plot */
          return pass(n + 1);
        });
      }
      return pass(1);
    });
  };
})();
"""
)


def _vl_convert_version() -> str:
    import vl_convert as vlc

    # vl-convert's stub (vl_convert/__init__.pyi) omits the __version__ its module sets.
    return str(vlc.__version__)  # type: ignore[attr-defined]


def vl_convert_version_check() -> None:
    """Fail clearly when vl-convert cannot render the Vega-Lite version Altair writes."""
    import vl_convert as vlc

    if VL_VERSION not in vlc.get_vegalite_versions():
        raise RuntimeError(
            f"Altair {alt.__version__} writes Vega-Lite {alt.SCHEMA_VERSION}, but vl-convert "
            f"{_vl_convert_version()} renders only {vlc.get_vegalite_versions()}; "
            "update the lock file"
        )


def javascript_bundle() -> str:
    """vega, vega-lite (Altair's version) and vega-embed as one classic script.

    vl-convert's bundle is an ES module body (top-level ``const`` names); wrapping it in
    a function keeps those names out of the page's global scope, and a classic script
    also loads from ``file://``, where browsers refuse module scripts.
    """
    import vl_convert as vlc

    vl_convert_version_check()
    # The stub marks ``snippet`` required; at run time it defaults to None (the default
    # snippet, which sets vegaEmbed, vegaLite and vega on the window).
    body = vlc.javascript_bundle(vl_version=VL_VERSION)  # type: ignore[call-arg]
    header = (
        f"/* vega {vlc.get_vega_version()}, vega-lite {VL_VERSION}, vega-embed "
        f"{vlc.get_vega_embed_version()}; bundled by vl-convert {_vl_convert_version()}. */\n"
    )
    return header + '(function () {\n"use strict";\n' + body + "\n})();\n"


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"chart name {name!r} has no letters or digits")
    return slug


def _canonical(spec: Mapping[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def inlined_rows(spec: Mapping[str, Any]) -> int:
    """Number of data rows a spec inlines (top-level ``datasets`` and inline ``values``)."""
    total = sum(len(v) for v in spec.get("datasets", {}).values() if isinstance(v, list))

    def walk(node: Any) -> int:
        if isinstance(node, dict):
            data = node.get("data")
            own = (
                len(data["values"])
                if isinstance(data, dict) and isinstance(data.get("values"), list)
                else 0
            )
            return own + sum(walk(v) for k, v in node.items() if k not in ("datasets", "data"))
        if isinstance(node, list):
            return sum(walk(v) for v in node)
        return 0

    return total + walk({k: v for k, v in spec.items() if k != "datasets"})


def chart_html(contract: Mapping[str, Any], downloads: str = "") -> str:
    """A chart's HTML from its contract: a container (alt text, then ``downloads``, an HTML
    fragment the book's tooling adds), the spec as JSON, and the script that embeds it."""
    cid = str(contract["id"])
    # "<", ">" and "&" as JSON escapes: no text in the spec can close the script element
    # or open a comment inside it ("</script>", "<!--"), and JSON.parse reads them back.
    spec_json = (
        _canonical(contract["spec"])
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    alt_html = html.escape(str(contract["alt"]))
    script = (
        "(function () {\n"
        f'  var id = "{cid}";\n'
        "  function draw() {\n"
        "    var root = document.getElementById(id);\n"
        '    if (!root || root.getAttribute("data-rendered")) { return; }\n'
        '    if (typeof window.vegaEmbed !== "function") {\n'
        '      root.setAttribute("data-rendered", "no-vega");\n'
        "      return;\n"
        "    }\n"
        '    var spec = JSON.parse(document.getElementById(id + "-spec").textContent);\n'
        "    var opts = (spec.usermeta && spec.usermeta.embedOptions) || {};\n"
        '    window.vegaEmbed(root.querySelector(".book-chart-view"), spec, opts).then(function () {\n'
        '      root.querySelector(".book-chart-alt").hidden = true;\n'
        '      root.setAttribute("data-rendered", "yes");\n'
        "    }).catch(function (err) {\n"
        '      root.setAttribute("data-rendered", "error");\n'
        '      console.error("chart " + id + ": " + err);\n'
        "    });\n"
        "  }\n"
        '  if (document.readyState === "loading") {\n'
        '    document.addEventListener("DOMContentLoaded", draw);\n'
        "  } else { draw(); }\n"
        "})();"
    )
    return (
        f'<div id="{cid}" class="{CHART_CLASS}" data-chart="{html.escape(str(contract["name"]))}">\n'
        f'<div class="book-chart-view"></div>\n'
        f'<p class="book-chart-alt">{alt_html} (The interactive chart needs JavaScript.)</p>\n'
        f"{downloads}"
        f"</div>\n"
        f'<script type="application/json" id="{cid}-spec">{spec_json}</script>\n'
        f"<script>\n{script}\n</script>\n"
    )


@dataclass(frozen=True)
class ChartDisplay:
    """One chart as a display object: interactive HTML, static SVG and alt text.

    Build it with :func:`show`. IPython (and ``myst_nb.glue``) call
    :meth:`_repr_mimebundle_`; every part is deterministic for a given spec.
    """

    name: str
    spec: dict[str, Any] = field(repr=False)

    @cached_property
    def chart_id(self) -> str:
        """``chart-<name>-<hash>``: stable across runs, unique per spec and name."""
        digest = hashlib.sha256(f"{self.name}\0{_canonical(self.spec)}".encode()).hexdigest()
        return f"chart-{self.name}-{digest[:12]}"

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.spec.get("usermeta", {}).get("book", {}))

    @cached_property
    def alt_text(self) -> str:
        """Plain-text stand-in: title, description and source lines."""
        meta = self.meta
        parts = [f"Chart: {meta.get('title', self.name)}.", meta.get("description", "")]
        parts += meta.get("source", [])
        return " ".join(p for p in parts if p)

    @cached_property
    def contract(self) -> dict[str, Any]:
        """The chart as data (:data:`CHART_MIME`): what the book's tooling reads.

        ``name``, ``id`` (:attr:`chart_id`), ``title``, ``description``, ``alt`` (the alt
        text), ``datasets`` (registry ids of the data drawn), ``source`` (a source that is
        not a registered dataset, as given to ``finish(source=...)``, or ``None``) and the
        Vega-Lite ``spec``. The HTML and the downloads are made from this, never from HTML.
        """
        meta = self.meta
        return {
            "version": CONTRACT_VERSION,
            "name": self.name,
            "id": self.chart_id,
            "title": str(meta.get("title", self.name)),
            "description": str(meta.get("description", "")),
            "alt": self.alt_text,
            "datasets": [str(i) for i in meta.get("datasets", [])],
            "source": meta.get("source_text"),
            "spec": self.spec,
        }

    @cached_property
    def html(self) -> str:
        """The ``text/html`` part: container, spec as JSON, and the embedding script."""
        return chart_html(self.contract)

    @cached_property
    def svg(self) -> str:
        """Static SVG of the chart (deterministic); LaTeX gets it converted to PDF."""
        import vl_convert as vlc

        vl_convert_version_check()
        return str(vlc.vegalite_to_svg(self.spec, vl_version=VL_VERSION))

    def png(self, ppi: float = PRINT_PPI) -> bytes:
        """PNG of the chart (not in the output; for previews and checks)."""
        import vl_convert as vlc

        return bytes(vlc.vegalite_to_png(self.spec, vl_version=VL_VERSION, ppi=ppi))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            CHART_MIME: self.contract,
            "text/html": self.html,
            "image/svg+xml": self.svg,
            "text/plain": self.alt_text,
        }


def to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec under the house theme, with the embed options."""
    with alt.theme.enable(THEME_NAME):
        spec = chart.to_dict()
    usermeta = dict(spec.get("usermeta", {}))
    usermeta["embedOptions"] = EMBED_OPTIONS
    narrow = usermeta.get("narrow")
    if isinstance(narrow, dict) and isinstance(narrow.get("datasets"), dict):
        # a phone layout (see RESPONSIVE_JS) reads the data the chart already inlines
        have = spec.get("datasets", {})
        usermeta["narrow"] = {
            **narrow,
            "datasets": {k: v for k, v in narrow["datasets"].items() if k not in have},
        }
    spec["usermeta"] = usermeta
    return spec


def show(chart: alt.TopLevelMixin, name: str) -> ChartDisplay:
    """The one renderer: a display object for a finished chart (see the module docstring).

    ``name`` is a short slug unique within its page (it goes into the element id). The
    chart should have been passed through :func:`finish`; the spec may inline at most
    :data:`MAX_ROWS` rows (aggregate first).
    """
    spec = to_spec(chart)
    if "book" not in spec["usermeta"]:
        raise ValueError(f"chart {name!r}: pass it through analysis.charts.finish() first")
    rows = inlined_rows(spec)
    if rows > MAX_ROWS:
        raise ValueError(
            f"chart {name!r} inlines {rows:,} data rows (limit {MAX_ROWS:,}); aggregate the data "
            "before charting, so pages stay light"
        )
    return ChartDisplay(_slug(name), spec)
