"""The HTML page in headless Chromium, with the network blocked.

Needs the Debian ``chromium`` package (and ``fonts-noto-cjk`` for the screenshot to show Chinese);
the tests skip where /usr/bin/chromium is absent. ``KG_SCREENSHOT=1`` also saves
``docs/screenshot.png`` from the built ``exports/kg.ttl``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.export.html import page_edges, write_html, write_network_html
from kg.graphview import load_graph, neighbourhood, to_networkx
from kg.vocab import KG, SCHEMA

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini_view.ttl"
REAL = ROOT / "exports" / "kg.ttl"
ZHANG = "https://kg.example.org/id/person/zhang-hong-jun-0f1e2d3c"
MEETING = "https://kg.example.org/id/event/san-gao-tui-jin-hui-091a2b3c"
EVIL = ["<img src=x onerror=alert(1)>", '<a href="http://x">x</a>']
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (apt install chromium fonts-noto-cjk)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class Session:
    """One page with every request that is not a local file aborted and recorded."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 800) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", self._request)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _request(self, request: Any) -> None:
        if not request.url.startswith(("file:", "data:", "blob:", "about:")) and request.url not in self.blocked:
            self.blocked.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-kg-ready='1']", timeout=30_000)
        return self.page

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node and return the tooltip's text."""
        page = self.page
        page.mouse.move(5, 5)
        point = page.evaluate(
            """(id) => {
                const p = network.canvasToDOM(network.getPositions([id])[id]);
                const box = document.getElementById("mynetwork").getBoundingClientRect();
                return {x: box.left + p.x, y: box.top + p.y};
            }""",
            node_id,
        )
        page.mouse.move(point["x"], point["y"], steps=4)
        page.wait_for_function(
            "() => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.style.visibility === 'visible' && t.textContent.length > 0; }",
            timeout=5_000,
        )
        return page.evaluate("document.querySelector('div.vis-tooltip').textContent")

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def session(browser: Any) -> Iterator[Session]:
    s = Session(browser)
    yield s
    s.close()


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "mini.html"
    write_html(load_graph(FIXTURE), path, title="测试图")
    return path


def test_page_draws_the_projection_offline(session: Session, fixture_page: Path) -> None:
    page = session.open(fixture_page)
    g = to_networkx(load_graph(FIXTURE))
    counts = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert counts == [g.number_of_nodes(), len(page_edges(g))] == [17, 20]
    visible = page.evaluate("network.body.data.nodes.get({filter: n => !n.hidden}).length")
    assert visible == 16  # the one unconnected entity waits behind its checkbox
    assert page.evaluate("network.physics.options.enabled") is False  # stabilised, then stopped
    assert page.locator("#kg-status").text_content() == "布局完成"
    legend = page.locator("#kg-legend")
    assert legend.is_visible()
    assert legend.locator("input.kg-type").count() == 11
    assert "人物" in legend.text_content() and "党政机构" in legend.text_content()
    assert page.locator("#kg-search").is_visible()
    assert session.blocked == [] and session.errors == [] and session.dialogs == []


def test_search_selects_and_focuses_chinese_names(session: Session, fixture_page: Path) -> None:
    page = session.open(fixture_page)
    page.fill("#kg-search", "张红军")
    assert page.evaluate("network.getSelectedNodes()") == [ZHANG]
    assert "1 / 2：张红军" in page.locator("#kg-search-status").text_content()  # 张红军调研核净公司 too
    assert "职务：郑州高新区党工委副书记" in page.locator("#kg-details").text_content()
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["https://kg.example.org/id/event/zhang-hong-jun-diao-yan-1a2b3c4e"]
    page.fill("#kg-search", "核净公司")  # an alias
    assert page.evaluate("network.getSelectedNodes()") == ["https://kg.example.org/id/organization/he-nan-he-jing-jie-jing-ji-shu-you-xian-4d5e6f70"]
    page.fill("#kg-search", "高新区商会")  # unconnected: the search brings it out
    assert page.evaluate("network.getSelectedNodes()") == ["https://kg.example.org/id/organization/gao-xin-qu-shang-hui-6f708192"]
    assert page.is_checked("#kg-isolated")
    page.fill("#kg-search", "不存在的名字")
    assert page.evaluate("network.getSelectedNodes()") == []
    assert page.locator("#kg-search-status").text_content() == "没有匹配的节点"
    assert session.blocked == [] and session.errors == []


def test_type_filter_hides_and_shows_nodes(session: Session, fixture_page: Path) -> None:
    page = session.open(fixture_page)
    hidden_people = "network.body.data.nodes.get({filter: n => n.kgType === 'person' && n.hidden}).length"
    page.uncheck("input.kg-type[value='person']")
    assert page.evaluate(hidden_people) == 5
    assert page.evaluate("network.body.data.nodes.get({filter: n => n.kgType === 'meeting' && n.hidden}).length") == 0
    page.fill("#kg-search", "王德敏")  # searching a hidden type turns it back on
    assert page.is_checked("input.kg-type[value='person']")
    assert page.evaluate(hidden_people) == 0


def test_tooltips_show_plain_text(session: Session, fixture_page: Path) -> None:
    session.open(fixture_page)
    text = session.hover_node(ZHANG)
    assert text.startswith("张红军\n类型：人物")
    assert "「高新区党工委副书记、管委会主任张红军主持会议。」" in text


def test_document_text_never_becomes_html(session: Session, tmp_path: Path) -> None:
    rdf = Graph()
    rdf.parse(FIXTURE)
    meeting = URIRef(MEETING)
    people = []
    for i, text in enumerate(EVIL):
        person = URIRef(f"https://kg.example.org/id/person/evil-{i}")
        people.append(str(person))
        rdf.add((person, RDF.type, SCHEMA.Person))
        rdf.add((person, RDFS.label, Literal(text, lang="zh")))
        rdf.add((meeting, KG.speaker, person))
    rdf.add((URIRef("https://kg.example.org/id/evidence/e1-c5d6e7f8"), KG.sentenceText, Literal(EVIL[0] + EVIL[1], lang="zh")))
    path = tmp_path / "evil.html"
    write_html(rdf, path, title=EVIL[1])
    page = session.open(path)
    injected = "document.querySelectorAll('img, a, iframe, object, embed').length"
    assert page.evaluate(injected) == 0
    for person, text in zip(people, EVIL):
        assert text in session.hover_node(person)
        assert page.evaluate(injected) == 0
    assert EVIL[0] in session.hover_node(MEETING)  # evidence sentences too
    page.fill("#kg-search", "<img")
    assert page.evaluate("network.getSelectedNodes()") == [people[0]]
    assert EVIL[0] in page.locator("#kg-details").text_content()
    page.wait_for_timeout(300)
    assert page.evaluate(injected) == 0
    assert page.title() == EVIL[1]
    assert session.dialogs == [] and session.errors == [] and session.blocked == []


def test_focused_view_selects_its_focus(session: Session, tmp_path: Path) -> None:
    g = neighbourhood(to_networkx(load_graph(FIXTURE)), "张红军", 1)
    path = tmp_path / "zhang.html"
    write_network_html(g, path, title="张红军")
    page = session.open(path)
    assert page.evaluate("network.body.data.nodes.length") == 5
    assert page.evaluate("network.getSelectedNodes()") == [ZHANG]


@pytest.mark.skipif(os.environ.get("KG_SCREENSHOT") != "1", reason="set KG_SCREENSHOT=1 to refresh docs/screenshot.png")
@pytest.mark.skipif(not REAL.is_file(), reason="exports/kg.ttl not built yet (run kg build)")
def test_screenshot_of_the_seeds(browser: Any, tmp_path: Path) -> None:
    g = to_networkx(load_graph(REAL))
    path = tmp_path / "kg.html"
    write_network_html(g, path, title="kg：郑州高新区新闻知识图谱")
    s = Session(browser, width=1600, height=1000)
    try:
        page = s.open(path)
        assert page.evaluate("network.body.data.nodes.length") == g.number_of_nodes()
        # show the search and a tooltip with its evidence sentences, zoomed in on the busiest person
        page.fill("#kg-search", "张红军")
        page.wait_for_selector("body[data-kg-focused]", timeout=10_000)  # the focus animation ended
        zhang = page.evaluate("network.getSelectedNodes()")
        assert len(zhang) == 1
        page.evaluate("(id) => network.moveTo({position: network.getPositions([id])[id], scale: 0.7})", zhang[0])
        assert "张红军" in s.hover_node(zhang[0])
        out = ROOT / "docs" / "screenshot.png"
        out.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(out))
        assert out.stat().st_size > 50_000
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()
