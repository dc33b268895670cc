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
    page.press("#kg-search", "Enter")  # the first Enter keeps the first hit (it used to skip it)
    assert page.evaluate("network.getSelectedNodes()") == [ZHANG]
    page.press("#kg-search", "Enter")  # the next one moves on
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


# -- the seeds' overview (a fresh build: tests/conftest.py) -----------------------------------------


@pytest.fixture(scope="module")
def seeds_page(seeds_out: Path) -> Path:
    return seeds_out / "kg.html"


def test_overview_labels_readable_at_default_zoom(browser: Any, seeds_page: Path) -> None:
    s = Session(browser, width=1400, height=900)
    try:
        page = s.open(seeds_page)
        font = page.evaluate("network.body.nodes[Object.keys(network.body.nodes)[0]].options.font.size")
        scale = page.evaluate("network.getScale()")
        assert font >= 18
        assert scale * font >= 12, f"labels {scale * font:.1f} px on screen at the default zoom"
        assert float(page.get_attribute("body", "data-kg-label-px") or 0) >= 12
        # programs and projects are grouped: one node per type, its members one click away
        assert page.evaluate("network.isCluster('kg-group-program')") is True
        members = page.evaluate("network.getNodesInCluster('kg-group-program').length")
        assert members >= 20
        drawn = page.evaluate("Object.keys(network.body.nodes).filter(id => { const n = network.body.nodes[id];"
                              " return n.options.kgType === 'program' && !n.options.hidden && network.body.nodeIndices.includes(id); }).length")
        assert drawn == 1  # just the group node
        page.click("button.kg-group-toggle[data-type='program']")
        assert page.evaluate("network.isCluster('kg-group-program')") is False
        assert page.evaluate("network.body.nodeIndices.filter(id => network.body.nodes[id].options.kgType === 'program').length") == members
        # the header counts what kg stats counts
        counts = page.locator("#kg-counts").text_content() or ""
        g = to_networkx(load_graph(seeds_page.parent / "kg.ttl"))
        assert counts.startswith(f"节点 {g.number_of_nodes()} · 关系 {g.number_of_edges()}（画成 ")
        assert s.blocked == [] and s.errors == [] and s.dialogs == []
    finally:
        s.close()


def test_enter_selects_the_first_hit_and_the_timeline_lists_posts_in_order(browser: Any, seeds_page: Path) -> None:
    s = Session(browser, width=1400, height=900)
    try:
        page = s.open(seeds_page)
        page.click("#kg-search")
        page.keyboard.type("张红军")
        page.keyboard.press("Enter")
        selected = page.evaluate("network.getSelectedNodes()")
        assert len(selected) == 1 and page.evaluate("(id) => network.body.data.nodes.get(id).kgLabel", selected[0]) == "张红军"
        assert (page.locator("#kg-search-status").text_content() or "").startswith("1 / ")
        assert page.locator("#kg-timeline-title").text_content() == "张红军 · 时间线"
        posts = page.locator("#kg-timeline li.post")
        texts = [posts.nth(i).locator(".what").text_content() for i in range(posts.count())]
        dates = [posts.nth(i).locator(".when").text_content() or "" for i in range(posts.count())]
        assert "郑州高新区管委会主任" in texts and "郑州高新区管委会常务副主任" in texts
        # dated posts first (2021-07-30), then those whose year is unknown, each group in order
        assert dates[0] == "2021-07-30" and texts[:2] == ["郑州高新区党工委副书记", "郑州高新区管委会主任"]
        dated = [d for d in dates if not d.startswith("--")]
        undated = [d for d in dates if d.startswith("--")]
        assert dates == dated + undated and dated == sorted(dated) and undated == sorted(undated)
        assert all("（年份不详）" not in d for d in dated) and all("年份不详" in d for d in undated)
        evidence = page.locator("#kg-timeline li.post .ev").first.text_content() or ""
        assert "管委会主任张红军" in evidence
        page.keyboard.press("Enter")  # a second Enter moves to the next hit
        assert page.evaluate("network.getSelectedNodes()") != selected
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def test_screenshot_of_the_seeds(browser: Any, seeds_page: Path, tmp_path: Path) -> None:
    """The README's picture: the overview at 1400x900 with 张红军 searched and his timeline open.

    ``KG_SCREENSHOT=1`` writes it to docs/screenshot.png; otherwise to a temporary file.
    """
    s = Session(browser, width=1400, height=900)
    try:
        page = s.open(seeds_page)
        page.fill("#kg-search", "张红军")
        page.press("#kg-search", "Enter")
        page.wait_for_selector("body[data-kg-focused]", timeout=10_000)  # the focus animation ended
        page.evaluate("(id) => network.moveTo({position: network.getPositions([id])[id], scale: 0.75})",
                      page.evaluate("network.getSelectedNodes()")[0])
        assert page.locator("#kg-timeline li.post").count() >= 4
        out = ROOT / "docs" / "screenshot.png" if os.environ.get("KG_SCREENSHOT") == "1" else tmp_path / "screenshot.png"
        page.screenshot(path=str(out))
        assert out.stat().st_size > 50_000
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()
