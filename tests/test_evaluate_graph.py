"""kg eval graph: the scorer itself on a crafted page, and the seeds' figures as regression floors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.evaluate_graph import evaluate_graph, load_gold

ROOT = Path(__file__).resolve().parent.parent
# the page names its district in full: with no place evidence 高新区 stays unscoped (no default place)
PAGE = "本报讯 8月1日，郑州高新区党工委副书记、管委会主任张红军出席会议并讲话。\n记者 孙庆辉\n"


def _write(folder: Path, rows: list[dict[str, object]]) -> None:
    (folder / "page.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")


def test_scores_a_crafted_page_exactly(tmp_path: Path) -> None:
    pages, gold = tmp_path / "pages", tmp_path / "gold"
    pages.mkdir()
    gold.mkdir()
    (pages / "page.txt").write_text(PAGE, encoding="utf-8")
    start = PAGE.index("张红军")
    _write(gold, [
        {"kind": "entity", "text": "张红军", "label": "PERSON", "start": start, "end": start + 3, "canonical": "张红军"},
        {"kind": "entity", "text": "赵毅", "label": "PERSON", "start": 0, "end": 2, "canonical": "赵毅"},
        {"kind": "membership", "person": "张红军", "org": "郑州高新区管委会", "role": "主任", "date": "--08-01"},
        {"kind": "membership", "person": "张红军", "org": "郑州高新区党工委", "role": "副书记", "date": "--08-01"},
        {"kind": "membership", "person": "张红军", "org": "郑州高新区纪工委", "role": "书记", "date": "--08-01"},
        {"kind": "author", "person": "孙庆辉", "role": "记者"},
    ])
    result = evaluate_graph(gold, [pages / "page.txt"], model="none")
    person = result["entities"]["PERSON"]
    assert (person["tp"], person["fp"], person["fn"]) == (1, 1, 1)  # 孙庆辉 (byline) is not in this gold
    membership = result["relations"]["membership"]
    assert (membership["tp"], membership["fp"], membership["fn"]) == (2, 0, 1)
    assert membership["p"] == 1.0 and membership["r"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["relations"]["author"]["f"] == 1.0


def test_a_bad_gold_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"kind": "entity"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.jsonl:2: not JSON"):
        load_gold(path)


def test_seed_figures_stay_above_the_issue_targets() -> None:
    result = evaluate_graph(ROOT / "tests" / "gold", [ROOT / "seeds"], model="none")
    rel = result["relations"]
    assert rel["membership"]["p"] >= 0.95 and rel["membership"]["r"] >= 0.90
    assert rel["participation"]["p"] >= 0.90 and rel["participation"]["r"] >= 0.85
    assert rel["visit"]["r"] >= 0.90 and rel["author"]["r"] >= 0.90
    assert result["entities"]["PERSON"]["f"] >= 0.95
    assert result["entity_groups"]["organisation"]["f"] >= 0.95


def test_shipped_model_keeps_persons_and_organisations_above_target() -> None:
    """The default pipeline (shipped model + patterns): the issue's 0.95 for persons and organisations."""
    result = evaluate_graph(ROOT / "tests" / "gold", [ROOT / "seeds"])
    assert result["entities"]["PERSON"]["f"] >= 0.95
    assert result["entity_groups"]["organisation"]["f"] >= 0.95


def test_cli_prints_the_table() -> None:
    result = CliRunner().invoke(main, ["eval", "graph", "--gold", str(ROOT / "tests" / "gold"), str(ROOT / "seeds"), "--model", "none"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "pages: 5"
    assert any(line.startswith("membership") for line in result.output.splitlines())


def test_splits_side_by_side_with_own_pages_and_traditional_names(tmp_path: Path) -> None:
    """A gold folder with pages/ and page lines: dev and held-out scored apart, names compared in Simplified."""
    gold = tmp_path / "dev"
    (gold / "pages").mkdir(parents=True)
    simplified = "本报讯 8月1日，高新区党工委副书记、管委会主任张红军出席会议并讲话。\n"
    traditional = "本報訊 8月2日，高新區黨工委副書記、管委會主任張紅軍出席會議並講話。\n"
    for stem, text, split in (("p1", simplified, "dev"), ("p2", traditional, "heldout")):
        (gold / "pages" / f"{stem}.txt").write_text(text, encoding="utf-8")
        start = text.index("张红军" if split == "dev" else "張紅軍")
        (gold / f"{stem}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
            {"kind": "page", "split": split, "source": "https://example.org/" + stem},
            {"kind": "entity", "text": text[start:start + 3], "label": "PERSON", "start": start, "end": start + 3, "canonical": "张红军"},
            {"kind": "membership", "person": "张红军", "org": None, "role": "主任", "date": None},
            {"kind": "located_in", "item": "张红军", "place": "nowhere"},
        ]), encoding="utf-8")
    result = evaluate_graph(gold, model="none")
    assert result["pages"] == 2 and set(result["splits"]) == {"dev", "heldout"}
    assert result["splits"]["dev"]["pages"] == 1 and result["splits"]["heldout"]["pages"] == 1
    assert "located_in" not in result["relations"]  # a page line without "relations" does not score located-in
    dev_posts = result["splits"]["dev"]["relations"]["post_any_body"]
    assert (dev_posts["tp"], dev_posts["fn"]) == (1, 0)  # (张红军, 主任) whatever the body
    cli = CliRunner().invoke(main, ["eval", "graph", "--gold", str(gold), "--model", "none"])
    assert cli.exit_code == 0, cli.output
    lines = cli.output.splitlines()
    assert lines[0] == "pages: dev 1, heldout 1, all 2"
    assert lines[2].split() == ["dev", "heldout", "all"]


def test_names_compare_in_simplified_without_the_party_prefix() -> None:
    from kg.evaluate_graph import normalise_name

    assert normalise_name("中共鄭州市委") == normalise_name("郑州市委") == "郑州市委"
    assert normalise_name("新乡市人民政府") == "新乡市政府"
    assert normalise_name("渝中区人民法院") == "渝中区法院" and normalise_name("区人民检察院") == "区检察院"
    assert normalise_name("最高人民法院") == "最高人民法院"  # a name of its own, not a place's court
    assert normalise_name("泉州市中级人民法院") == normalise_name("泉州市中级法院") == "泉州市中级法院"  # a city's intermediate court
    assert normalise_name("民建邢台市委") == normalise_name("民建邢台市委会") == "民建邢台市委会"  # a democratic party's committee
    assert normalise_name("中共夏县县委") == normalise_name("夏县委") == "夏县委"
    assert normalise_name("澧县委办") == normalise_name("澧县委办公室") == "澧县委办公室"
    assert normalise_name("中共滨海新区委") == normalise_name("滨海新区区委") == "滨海新区区委"
    assert normalise_name("浦东新区委员会") == "浦东新区委员会"
    assert normalise_name("中共") == "中共"
    # a special administrative region's bureau, with or without its government's name before it
    assert normalise_name("澳门特别行政区政府新闻局") == normalise_name("澳门新闻局") == "澳门新闻局"
    assert normalise_name("澳门特别行政区政府") == "澳门特别行政区政府"
    assert normalise_name("澳门特别行政区行政长官办公室") == normalise_name("澳门行政长官办公室") == "澳门行政长官办公室"
    assert normalise_name("中共盘湾镇委") == normalise_name("盘湾镇党委") == "盘湾镇委"  # a town's committee, both ways written
    assert normalise_name("中共广西壮族自治区委员会") == normalise_name("广西壮族自治区党委") == "广西壮族自治区委"
    assert normalise_name("秀山土家族苗族自治县人大常委会") == normalise_name("秀山县人大常委会") == "秀山县人大常委会"
    assert normalise_name("中共石柱土家族自治县委") == "石柱县委"


def test_a_party_committee_of_an_aliased_name_is_the_canonical_s_committee() -> None:
    from kg.evaluate_graph import _Names

    names = _Names([{"kind": "alias", "alias": "中建八局", "canonical": "中国建筑第八工程局有限公司"}])
    assert names("中建八局党委") == "中国建筑第八工程局有限公司党委"
    assert names("中建八局") == "中国建筑第八工程局有限公司"
    assert names("远山集团党委") == "远山集团党委"
    # an alias written in Traditional maps the graph's Simplified name too
    taiwan = _Names([{"kind": "alias", "alias": "國安會", "canonical": "国家安全会议"}])
    assert taiwan("国安会") == taiwan("國安會") == "国家安全会议"


DEV = ROOT / "tests" / "gold" / "dev"


def test_dev_set_pages_have_sources_splits_and_regenerate_from_their_specs(tmp_path: Path) -> None:
    import subprocess
    import sys

    stems = sorted(p.stem for p in DEV.glob("*.jsonl"))
    assert len(stems) >= 25 and stems == sorted(p.stem for p in (DEV / "pages").glob("*.txt"))
    splits = Counter()
    for stem in stems:
        meta = load_gold(DEV / f"{stem}.jsonl")[0]
        assert meta["kind"] == "page" and meta["source"].startswith("http"), stem
        splits[meta["split"]] += 1
        out = tmp_path / f"{stem}.jsonl"
        subprocess.run([sys.executable, str(ROOT / "tests" / "gold" / "annotate.py"), str(DEV / "specs" / f"{stem}.json"),
                        str(DEV / "pages" / f"{stem}.txt"), str(out)], check=True, capture_output=True)
        assert out.read_bytes() == (DEV / f"{stem}.jsonl").read_bytes(), stem
    assert splits["heldout"] >= 8 and splits["dev"] >= 17


def test_cli_prints_dev_and_heldout_side_by_side() -> None:
    result = CliRunner().invoke(main, ["eval", "graph", "--gold", str(DEV)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "pages: dev 216, heldout 57, all 273"
    assert lines[2].split() == ["dev", "heldout", "all"]
    assert any(line.startswith("membership") for line in lines)


def test_a_post_in_a_party_committee_scores_in_either_form(tmp_path: Path) -> None:
    """(X, 党委书记) in a gold file is the README's (X党委, 书记): one post, written two ways."""
    from kg.evaluate_graph import fold_post

    assert fold_post("冀中装备集团", "党委副书记") == ("冀中装备集团党委", "副书记")
    assert fold_post("新乡经开区", "党工委委员") == ("新乡经开区党工委", "委员")
    assert fold_post("冀中装备集团党委", "副书记") == ("冀中装备集团党委", "副书记")
    assert fold_post("", "党委书记") == ("", "党委书记")  # no body: nothing to fold into
    assert fold_post("市政府", "党组") == ("市政府", "党组")

    pages, gold = tmp_path / "pages", tmp_path / "gold"
    pages.mkdir()
    gold.mkdir()
    text = "河南能源集团党委书记、董事长李涛出席会议。\n"
    (pages / "page.txt").write_text(text, encoding="utf-8")
    _write(gold, [
        {"kind": "membership", "person": "李涛", "org": "河南能源集团", "role": "党委书记", "date": None},
        {"kind": "membership", "person": "李涛", "org": "河南能源集团", "role": "董事长", "date": None},
    ])
    result = evaluate_graph(gold, [pages / "page.txt"])
    membership = result["relations"]["membership"]
    assert (membership["tp"], membership["fp"], membership["fn"]) == (2, 0, 0), result["errors"]["membership"]


def test_heldout_errors_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    # held-out pages are scored, never debugged: their error lines are not listed by default
    (tmp_path / "pages").mkdir()
    for stem in ("a01_xinxiang_jkq", "q2_etuokeqianqi"):
        gold = (DEV / f"{stem}.jsonl").read_text(encoding="utf-8")
        if stem == "q2_etuokeqianqi":  # a dev page with errors, held out in this copy
            gold = gold.replace('"split": "dev"', '"split": "heldout"', 1)
        (tmp_path / f"{stem}.jsonl").write_text(gold, encoding="utf-8")
        (tmp_path / "pages" / f"{stem}.txt").write_bytes((DEV / "pages" / f"{stem}.txt").read_bytes())

    def error_pages(*extra: str) -> tuple[set[str], dict[str, object]]:
        result = CliRunner().invoke(main, ["eval", "graph", "--gold", str(tmp_path), "--json", *extra])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        return {line.split()[0] for lines in data["errors"].values() for line in lines}, data

    hidden, data = error_pages()
    shown, data_all = error_pages("--heldout-errors")
    assert "q2_etuokeqianqi" not in hidden and "q2_etuokeqianqi" in shown
    assert data["splits"]["heldout"]["errors"] == {}
    assert data["relations"] == data_all["relations"]  # the figures count every page either way


def test_an_unresolved_body_scores_in_posts_but_not_in_resolved_posts(tmp_path: Path) -> None:
    """县委 on a page that names no county: the gold maps 县委 to the county the annotator knew, so
    membership credits the post; post_resolved does not, since kg left the body unresolved."""
    gold = tmp_path / "gold"
    (gold / "pages").mkdir(parents=True)
    (gold / "pages" / "p1.txt").write_text("6月3日，县委书记王立明主持召开会议。\n", encoding="utf-8")
    rows = [
        {"kind": "page", "split": "dev", "source": "http://example.org/1", "place": "某县"},
        {"kind": "entity", "text": "县委", "label": "GOV", "start": 5, "end": 7, "canonical": "中共涉县委"},
        {"kind": "entity", "text": "王立明", "label": "PERSON", "start": 9, "end": 12, "canonical": "王立明"},
        {"kind": "membership", "person": "王立明", "org": "中共涉县委", "role": "书记", "date": "--06-03"},
    ]
    (gold / "p1.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cli = CliRunner().invoke(main, ["eval", "graph", "--gold", str(gold), "--model", "none", "--json"])
    assert cli.exit_code == 0, cli.output
    relations = json.loads(cli.output)["relations"]
    assert relations["membership"]["tp"] == 1
    assert relations["post_resolved"]["tp"] == 0 and relations["post_resolved"]["fn"] == 1
