"""Named-query latency: the embedded Oxigraph store against rdflib's own SPARQL engine.

Generates a synthetic graph in the project's vocabulary (people, bodies, posts, meetings,
visits, enterprises in parks and districts, programs, articles, evidence) with a fixed seed, loads
it into a pyoxigraph store on disk and into an rdflib Graph, runs every named query against both
and prints the latencies and the rdflib/Oxigraph ratio.

Each rdflib query runs in a forked child that is killed at ``--timeout`` seconds (reported as
``>T``), so one pathological plan does not stall the whole run.

    /work/venv/bin/python benchmarks/query_bench.py                 # 1,000,000 triples
    /work/venv/bin/python benchmarks/query_bench.py --triples 200000 --timeout 60

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Graph  # noqa: E402

from kg import queries, store  # noqa: E402

BASE = "https://kg.example.org/id/"
KG = "https://kg.example.org/ontology#"
SDO = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
XSD = "http://www.w3.org/2001/XMLSchema#"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华红建国文辉力斌宇浩凯鹏飞云峰德才良松海波"
PLACES = "东西南北中新高金银龙凤华安康宁泰和平兴隆盛丰"
ROLES = ["书记", "副书记", "主任", "副主任", "常务副主任", "委员", "局长", "副局长", "区长", "副区长", "董事长", "总经理"]
BODY_KINDS = ["党工委", "管委会", "人大工委", "发改委", "科技局", "财政局", "商务局", "应急管理局"]


def iri(kind: str, n: int) -> str:
    return f"<{BASE}{kind}/{kind[:3]}-{n:07d}>"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@zh'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def person_name(n: int) -> str:
    """Unique by construction: mixed radix over surname and two given-name characters."""
    s, rest = n % len(SURNAMES), n // len(SURNAMES)
    g1, g2 = rest % len(GIVEN), rest // len(GIVEN)
    name = SURNAMES[s] + GIVEN[g1]
    while g2:
        name += GIVEN[g2 % len(GIVEN)]
        g2 //= len(GIVEN)
    return name


def place_name(n: int) -> str:
    a, b = n % len(PLACES), n // len(PLACES)
    return f"{PLACES[a]}{PLACES[b % len(PLACES)]}{'' if b < len(PLACES) else b // len(PLACES)}区"


def generate(target: int, seed: int) -> Iterator[str]:
    """N-Triples lines until ``target`` triples: pools of things, then articles reporting facts."""
    rng = random.Random(seed)
    scale = max(1, target // 100_000)
    n_people, n_bodies, n_places, n_parks = 2_000 * scale, 120 * scale, 40 * scale, 10 * scale
    n_companies, n_programs = 800 * scale, 30 * scale
    count = 0
    seen: set[str] = set()

    def t(s: str, p: str, o: str) -> str:
        """One N-Triples line, or "" for a triple already written (so ``target`` counts distinct triples)."""
        nonlocal count
        line = f"{s} <{p}> {o} .\n"
        if line in seen:
            return ""
        seen.add(line)
        count += 1
        return line

    def labelled(node: str, name: str, aliases: tuple[str, ...] = ()) -> Iterator[str]:
        yield t(node, LABEL, lit(name))
        yield t(node, PREF, lit(name))
        for alias in aliases:
            yield t(node, ALT, lit(alias))

    for sub in ("chair", "speaker", "delegationLeader", "visited", "participantOrganization"):
        yield t(f"<{KG}{sub}>", "http://www.w3.org/2000/01/rdf-schema#subPropertyOf", f"<{SDO}attendee>")
    for i in range(n_places):
        node = iri("place", i)
        yield t(node, RDF_TYPE, f"<{SDO}Place>")
        yield t(node, RDF_TYPE, f"<{SDO}AdministrativeArea>")
        yield from labelled(node, "郑州" + place_name(i), (place_name(i),))
    for i in range(n_parks):
        node = iri("park", i)
        yield t(node, RDF_TYPE, f"<{SDO}Place>")
        yield t(node, RDF_TYPE, f"<{KG}Park>")
        yield from labelled(node, f"{place_name(i)}第{i}产业园")
        yield t(node, f"{KG}locatedIn", iri("place", rng.randrange(n_places)))
    for i in range(n_bodies):
        node = iri("organization", i)
        place = place_name(i % n_places)
        kind = BODY_KINDS[i % len(BODY_KINDS)]
        for cls in (f"{ORG}Organization", f"{SDO}GovernmentOrganization", f"{KG}GovernmentBody"):
            yield t(node, RDF_TYPE, f"<{cls}>")
        suffix = "" if i < n_places * len(BODY_KINDS) else str(i)
        yield from labelled(node, f"郑州{place}{kind}{suffix}", (f"{place}{kind}{suffix}",))
    for i in range(n_companies):
        node = iri("organization", 1_000_000 + i)
        for cls in (f"{ORG}Organization", f"{SDO}Corporation", f"{KG}Enterprise"):
            yield t(node, RDF_TYPE, f"<{cls}>")
        yield from labelled(node, f"河南{person_name(i)}科技有限公司", (f"{person_name(i)}公司",))
        where = iri("park", rng.randrange(n_parks)) if rng.random() < 0.5 else iri("place", rng.randrange(n_places))
        yield t(node, f"{KG}locatedIn", where)
    for i in range(n_programs):
        node = iri("program", i)
        yield t(node, RDF_TYPE, f"<{SDO}Project>")
        yield t(node, RDF_TYPE, f"<{KG}Program>")
        yield from labelled(node, f"万人助万企{i}" if i else "万人助万企")
    for i in range(len(ROLES)):
        yield t(iri("role", i), RDF_TYPE, f"<{ORG}Role>")
        yield t(iri("role", i), LABEL, lit(ROLES[i]))
    seen_people: set[int] = set()
    article = evidence = membership = event = 0
    # People are drawn with a skew so that some (person 0: 王伟) appear very often.
    def someone() -> int:
        return min(int(rng.paretovariate(1.2)) - 1, n_people - 1) if rng.random() < 0.3 else rng.randrange(n_people)

    while count < target:
        art = iri("article", article)
        article += 1
        yield t(art, RDF_TYPE, f"<{SDO}NewsArticle>")
        yield t(art, f"{KG}sourceFile", f'"seeds/{article:07d}.txt"')
        year = 2020 + rng.randrange(4)
        date = typed(f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", "date")
        if rng.random() < 0.2:
            date = typed(f"--{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", "gMonthDay")

        def proof(text: str) -> Iterator[str]:
            nonlocal evidence
            ev = iri("evidence", evidence)
            evidence += 1
            start = rng.randrange(2000)
            yield t(ev, RDF_TYPE, f"<{KG}Evidence>")
            yield t(ev, RDF_TYPE, "<http://www.w3.org/ns/prov#Entity>")
            yield t(ev, f"{KG}sentenceText", lit(text))
            yield t(ev, f"{KG}startOffset", typed(str(start), "integer"))
            yield t(ev, f"{KG}endOffset", typed(str(start + len(text)), "integer"))
            yield t(ev, f"{KG}extractedBy", '"rule:synthetic"')
            yield t(ev, f"{KG}confidence", typed("0.9", "decimal"))
            yield t(ev, DERIVED, art)

        people = {someone() for _ in range(rng.randrange(3, 9))}
        for p in sorted(people):
            node = iri("person", p)
            if p not in seen_people:
                seen_people.add(p)
                yield t(node, RDF_TYPE, f"<{SDO}Person>")
                yield from labelled(node, person_name(p))
            yield t(node, DERIVED, art)
        for p in sorted(people)[:3]:
            body, role = rng.randrange(n_bodies), rng.randrange(len(ROLES))
            m = iri("membership", membership)
            membership += 1
            ev_node = iri("evidence", evidence)
            yield from proof(f"{place_name(body % n_places)}{ROLES[role]}{person_name(p)}出席会议。")
            yield t(m, RDF_TYPE, f"<{ORG}Membership>")
            yield t(m, f"{ORG}member", iri("person", p))
            yield t(m, f"{ORG}organization", iri("organization", body))
            yield t(m, f"{ORG}role", iri("role", role))
            yield t(m, f"{KG}observedOn", date)
            yield t(m, DERIVED, art)
            yield t(m, f"{KG}evidence", ev_node)
        e = iri("event", event)
        event += 1
        visit = rng.random() < 0.3
        ordered = sorted(people)
        yield t(e, RDF_TYPE, f"<{SDO}Event>")
        yield t(e, RDF_TYPE, f"<{KG}{'InspectionVisit' if visit else 'Meeting'}>")
        yield t(e, LABEL, lit(f"{person_name(ordered[0])}{'调研' if visit else '工作推进会'}{event}"))
        yield t(e, f"{SDO}startDate", date)
        yield t(e, f"{SDO}location", iri("place", rng.randrange(n_places)))
        yield t(e, f"{SDO}organizer", iri("organization", rng.randrange(n_bodies)))
        yield t(e, DERIVED, art)
        ev_node = iri("evidence", evidence)
        yield from proof(f"{person_name(ordered[0])}主持会议并讲话。")
        yield t(e, f"{KG}evidence", ev_node)
        lead = f"{KG}delegationLeader" if visit else f"{KG}chair"
        yield t(e, lead, iri("person", ordered[0]))
        if len(ordered) > 1 and not visit:
            yield t(e, f"{KG}speaker", iri("person", ordered[1]))
        for p in ordered:
            yield t(e, f"{SDO}attendee", iri("person", p))
        if visit:
            for number in sorted(rng.sample(range(n_companies), rng.randrange(1, 4))):
                company = iri("organization", 1_000_000 + number)
                yield t(e, f"{KG}visited", company)
                yield t(e, f"{SDO}attendee", company)
        if rng.random() < 0.3:
            program = iri("program", min(int(rng.paretovariate(1.0)) - 1, n_programs - 1))
            relation = rng.choice(["appliesProgram", "launchesProgram", "promotesProgram"])
            yield t(rng.choice([e, iri("person", ordered[0]), iri("place", rng.randrange(n_places))]),
                    f"{KG}{relation}", program)
        yield t(art, f"{SDO}author", iri("person", ordered[-1]))


def timed(func, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = func(*args)
    return time.perf_counter() - started, value


def _rdflib_child(sparql: str, conn) -> None:  # type: ignore[no-untyped-def]
    seconds, rows = timed(lambda q: len(list(GRAPH.query(q))), sparql)
    conn.send((seconds, rows))


GRAPH: Graph | None = None  # set before forking, inherited by the children


def rdflib_run(sparql: str, timeout: float) -> tuple[float | None, int | None]:
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    proc = context.Process(target=_rdflib_child, args=(sparql, child))
    proc.start()
    if parent.poll(timeout):
        seconds, rows = parent.recv()
        proc.join()
        return seconds, rows
    proc.kill()
    proc.join()
    return None, None


def main() -> None:
    global GRAPH
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20210730)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per rdflib query")
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs per query (median)")
    parser.add_argument("--out", type=Path, default=None, help="keep the generated graph and store here")
    args = parser.parse_args()

    folder = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    nt = folder / "bench.nt"
    seconds, _ = timed(lambda: nt.write_text("".join(generate(args.triples, args.seed)), encoding="utf-8"))
    lines = sum(1 for _ in nt.open(encoding="utf-8"))
    print(f"generated {lines:,} triples (seed {args.seed}) in {seconds:.1f} s: {nt}")

    ttl = folder / "kg.ttl"  # N-Triples is Turtle: write_store reads it as such
    nt.replace(ttl)
    load_ox, location = timed(store.write_store, ttl, folder)
    oxi = store.open_graph(location)
    distinct = int(store.run_query(oxi, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values()[0][0] or 0)
    print(f"pyoxigraph: bulk load into {location} in {load_ox:.1f} s ({distinct:,} distinct triples)")
    load_rdflib, GRAPH = timed(lambda: Graph().parse(ttl, format="nt"))
    print(f"rdflib: parse into memory in {load_rdflib:.1f} s ({len(GRAPH):,} triples)")

    cases = []
    for named in queries.list_queries():
        params = dict(named.params)
        if "person" in params:
            params["person"] = person_name(0)  # the most frequent person
        if "body" in params:
            params["body"] = "郑州" + place_name(0) + BODY_KINDS[0]
        if "resource" in params:
            params["resource"] = person_name(0)
        if "place" in params:
            params["place"] = place_name(0)  # an alias
        cases.append((f"{named.name} {','.join(params.values())}", queries.load_query(named.name, params)))
        if named.name in ("posts-of-person", "co-attendance"):
            cases.append((f"{named.name} (all)", queries.load_query(named.name)))

    header = f"{'query':52}  {'rows':>7}  {'oxigraph ms':>11}  {'rdflib ms':>10}  {'ratio':>7}"
    print()
    print(header)
    print("-" * len(header))
    for label, sparql in cases:
        runs = []
        rows = 0
        for _ in range(max(1, args.repeat)):
            seconds, result = timed(store.run_query, oxi, sparql, None)
            runs.append(seconds)
            rows = len(result)
        ox_ms = statistics.median(runs) * 1000
        rd_seconds, rd_rows = rdflib_run(sparql, args.timeout)
        if rd_seconds is None:
            rd_text, ratio = f">{args.timeout * 1000:.0f}", f">{args.timeout * 1000 / ox_ms:.0f}x"
        else:
            rd_text, ratio = f"{rd_seconds * 1000:.0f}", f"{rd_seconds * 1000 / ox_ms:.0f}x"
            if rd_rows != rows:
                ratio += f" (rdflib {rd_rows} rows!)"
        padded = label + " " * max(0, 52 - store.display_width(label))
        print(f"{padded}  {rows:>7}  {ox_ms:>11.1f}  {rd_text:>10}  {ratio:>7}", flush=True)
    print(f"\nstore and graph in {folder}")


if __name__ == "__main__":
    main()
