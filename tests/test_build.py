"""``kg build seeds`` end to end (patterns only): exit code, summary, determinism, and what the graph
holds: the people, the enterprises, no blank nodes, ASCII IRIs, and none of the trap words as people."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.cli import main
from kg.vocab import ORG, SCHEMA

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

OFFICIALS = ["张红军", "张良才", "孟溯繁", "王德敏", "赵毅", "杜怀锋", "郑彦松"]
REPORTERS = ["孙庆辉", "方宝岭"]
ENTERPRISES = [
    "河南八六三软件股份有限公司",
    "紫光计算机科技有限公司",
    "河南核净洁净技术有限公司",
    "中钢集团郑州金属制品研究院",
    "郑州明泰实业有限公司",
    "郑州开祥智能传感园建设有限公司",
    "中电建十一局工程有限公司",
    "中建城发（郑州）有限公司",  # cut across a blank line: 中建城发（郑 / / 州）有限公司
    "郑州科蒂亚生物技术有限公司",  # cut mid-word: 郑州科蒂亚生物技术有限公 / 司
    "河南宇宙人工晶状体研制有限公司",
    "郑州宇光复合材料有限公司",
    "国电投河南新能源有限公司",
    "河南明峰医疗科技有限公司",
    "河南美伦医疗电子股份有限公司",
    "河南远大生物制药有限公司",
    "郑州企鹅粮油机械有限公司",
    "河南信安通信技术股份有限公司",
    "河南酒便利商业股份有限公司",
]
TRAPS = ["水牛张", "思维", "格力", "西美"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, Path]:
    root = tmp_path_factory.mktemp("build")
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(SEEDS), "--out", str(root / "a"), "--model", "none", "--no-store"])
    second = runner.invoke(main, ["build", str(SEEDS), "--out", str(root / "b"), "--model", "none", "--no-store"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    return first, root / "a", root / "b"


@pytest.fixture(scope="module")
def graph(builds: tuple[Result, Path, Path]) -> Graph:
    g = Graph()
    g.parse(builds[1] / "kg.ttl", format="turtle")
    return g


def labels_of(g: Graph, cls: URIRef) -> dict[str, URIRef]:
    out: dict[str, URIRef] = {}
    for node in g.subjects(RDF.type, cls):
        for label in g.objects(node, RDFS.label):
            out[str(label)] = node  # type: ignore[assignment]
    return out


# --- the command ----------------------------------------------------------------------------------


def test_build_exit_code_and_summary(builds: tuple[Result, Path, Path]) -> None:
    result, out, _ = builds
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"5 documents, \d+ sentences, entities: .+; \d+ triples in \d+\.\ds", lines[0]), lines[0]
    counts = dict(re.findall(r"([A-Z]+) (\d+)", lines[0].split("entities:")[1].split(";")[0]))
    assert int(counts["PERSON"]) >= len(OFFICIALS) + len(REPORTERS)
    assert int(counts["COMPANY"]) >= len(ENTERPRISES)
    assert f"wrote {out / 'kg.ttl'}" in lines
    assert (out / "kg.ttl").stat().st_size > 10_000
    assert not (out / "store").exists()  # --no-store


def test_summary_counts_match_graph(builds: tuple[Result, Path, Path], graph: Graph) -> None:
    triples = int(re.search(r"; (\d+) triples", builds[0].stdout).group(1))  # type: ignore[union-attr]
    assert triples == len(graph)


def test_two_builds_byte_identical(builds: tuple[Result, Path, Path]) -> None:
    _, a, b = builds
    assert (a / "kg.ttl").read_bytes() == (b / "kg.ttl").read_bytes()


def test_build_independent_of_input_location_and_order(builds: tuple[Result, Path, Path], tmp_path: Path) -> None:
    """The same pages copied elsewhere and given file by file in reverse order: the same kg.ttl."""
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    files = []
    for page in sorted(SEEDS.glob("*.txt"), reverse=True):
        shutil.copy(page, copy / page.name)
        files.append(str(copy / page.name))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", *files, "--out", str(out), "--model", "none", "--no-store"])
    assert result.exit_code == 0, result.output
    assert (out / "kg.ttl").read_bytes() == (builds[1] / "kg.ttl").read_bytes()


def test_build_in_other_process_with_other_hash_seed_identical(
    builds: tuple[Result, Path, Path], tmp_path: Path
) -> None:
    """No set or dict order leaks into the output: a separate process with another hash seed."""
    out = tmp_path / "c"
    script = Path(sys.executable).with_name("kg")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    proc = subprocess.run(
        [*command, "build", str(SEEDS), "--out", str(out), "--model", "none", "--no-store"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "kg.ttl").read_bytes() == (builds[1] / "kg.ttl").read_bytes()


# --- people ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", OFFICIALS + REPORTERS)
def test_person_with_zh_label(graph: Graph, name: str) -> None:
    nodes = set(graph.subjects(RDFS.label, Literal(name, lang="zh")))
    persons = [n for n in nodes if (n, RDF.type, SCHEMA.Person) in graph]
    assert len(persons) == 1, (name, nodes)
    person = persons[0]
    assert isinstance(person, URIRef)
    # one label, in Chinese
    assert list(graph.objects(person, RDFS.label)) == [Literal(name, lang="zh")]


def test_no_person_is_a_heading_or_byline_fragment(graph: Graph) -> None:
    names = sorted(labels_of(graph, SCHEMA.Person))
    assert names
    for name in names:
        assert not any(word in name for word in ("记者", "高新时报", "通讯员", "本报")), name
        assert len(name) <= 4, name
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name), name


@pytest.mark.parametrize("trap", TRAPS)
def test_trap_word_is_not_a_person(graph: Graph, trap: str) -> None:
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for node in graph.subjects(prop, Literal(trap, lang="zh")):
            assert (node, RDF.type, SCHEMA.Person) not in graph, (trap, node)


def test_every_person_label_is_zh(graph: Graph) -> None:
    for person in graph.subjects(RDF.type, SCHEMA.Person):
        for label in graph.objects(person, RDFS.label):
            assert isinstance(label, Literal) and label.language == "zh", (person, label)


# --- enterprises ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENTERPRISES)
def test_enterprise_named_in_full(graph: Graph, name: str) -> None:
    nodes = list(graph.subjects(RDFS.label, Literal(name, lang="zh")))
    assert len(nodes) == 1, (name, nodes)
    node = nodes[0]
    assert (node, RDF.type, ORG.Organization) in graph
    assert (node, RDF.type, SCHEMA.Corporation) in graph
    assert (node, RDF.type, SCHEMA.Person) not in graph


def test_enterprise_with_bracketed_group_named_in_full(graph: Graph) -> None:
    """Page 004 writes 河南省煤 / 气(集团)有限责任公司: one name across a line cut, with brackets."""
    corporations = labels_of(graph, SCHEMA.Corporation)
    folded = {unicodedata.normalize("NFKC", name) for name in corporations}
    assert "河南省煤气(集团)有限责任公司" in folded
    assert not [name for name in corporations if name[0] in "）)" or name.startswith("集团")]


def test_no_corporation_label_is_a_fragment(graph: Graph) -> None:
    """Every corporation label starts with a name character, not a bracket or a suffix."""
    for name in labels_of(graph, SCHEMA.Corporation):
        assert not name.startswith(("有限", "公司", "股份")), name


# --- graph hygiene --------------------------------------------------------------------------------


def test_no_blank_nodes(graph: Graph) -> None:
    assert not [t for t in graph if isinstance(t[0], BNode)]
    assert not [t for t in graph if isinstance(t[2], BNode)]


def test_every_iri_is_ascii(graph: Graph) -> None:
    bad = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and not str(term).isascii():
                bad.add(str(term))
            if isinstance(term, Literal) and term.datatype is not None and not str(term.datatype).isascii():
                bad.add(str(term.datatype))
    assert not bad


def test_resource_iris_under_base(graph: Graph) -> None:
    for node in set(graph.subjects(RDF.type, SCHEMA.Person)) | set(graph.subjects(RDF.type, ORG.Organization)):
        assert re.fullmatch(r"https://kg\.example\.org/id/(person|organization)/[a-z0-9-]+", str(node)), node


def test_five_articles(graph: Graph) -> None:
    articles = sorted(str(a) for a in graph.subjects(RDF.type, SCHEMA.NewsArticle))
    assert articles == [f"https://kg.example.org/id/article/{p.stem}" for p in sorted(SEEDS.glob("*.txt"))]


def test_build_writes_the_graph_the_pipeline_builds(tmp_path: Path) -> None:
    """kg build (slimmed pages, cache, generation swap) and run_pipeline (what kg eval scores) give
    one graph: a stage that reads the page text after it was dropped would make them differ."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from kg.build import build, run_pipeline

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    out = tmp_path / "out"
    build([seeds], out, model="none", store=False)
    written = Graph().parse(out / "kg.ttl")
    expected = run_pipeline([seeds], model="none").graph
    assert expected is not None and len(written) == len(expected) > 1000
    assert isomorphic(written, expected)
