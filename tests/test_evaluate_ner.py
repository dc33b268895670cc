"""Exact-span scoring, label maps and gold-file errors of kg.evaluate_ner (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from kg.errors import InputError
from kg.evaluate_ner import (
    BUILTIN_MAPS,
    GoldSentence,
    evaluate_data,
    evaluate_ner,
    format_table,
    load_jsonl,
    map_name_for,
    score_spans,
)

GOLD = [
    GoldSentence("张三在北京工作", ((0, 2, "PER"), (3, 5, "LOC"))),
    GoldSentence("李四去了国务院", ((0, 2, "PER"), (4, 7, "ORG"))),
]


@pytest.fixture(scope="module")
def ruler_nlp() -> spacy.language.Language:
    """A deterministic stand-in for a model: fixed predictions in the kg label set."""
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "张三"},       # right
        {"label": "ADMIN", "pattern": "北京工"},      # wrong boundary: one FP and one FN
        {"label": "GOV", "pattern": "国务院"},        # right (GOV -> ORG)
        {"label": "DATE", "pattern": "李四"},         # not in the map: ignored, so PER 李四 is a FN
    ])
    return nlp


def test_scores_on_a_hand_made_example(ruler_nlp: spacy.language.Language) -> None:
    result = evaluate_ner(ruler_nlp, GOLD, BUILTIN_MAPS["msra"])
    assert set(result) == {"micro", "labels", "chars_per_s", "peak_mb"}
    # tp = 2 (张三, 国务院), predicted = 3, gold = 4
    assert result["micro"] == {"p": 0.6667, "r": 0.5, "f": 0.5714}
    assert result["labels"]["PER"] == {"p": 1.0, "r": 0.5, "f": 0.6667, "n": 2}
    assert result["labels"]["LOC"] == {"p": 0.0, "r": 0.0, "f": 0.0, "n": 1}
    assert result["labels"]["ORG"] == {"p": 1.0, "r": 1.0, "f": 1.0, "n": 1}
    assert result["chars_per_s"] > 0 and result["peak_mb"] > 0
    table = format_table(result)
    assert "micro" in table and "0.571" in table and "chars/s" in table


def test_gold_labels_outside_the_map_are_not_scored() -> None:
    gold = [GoldSentence("张三读红楼梦", ((0, 2, "name"), (2, 5, "book")))]
    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "张三"}])
    result = evaluate_ner(nlp, gold, BUILTIN_MAPS["cluener"])
    assert result["micro"]["f"] == 1.0
    assert "book" not in result["labels"]
    assert result["labels"]["government"]["n"] == 0


def test_score_spans_counts_exact_spans_only() -> None:
    result = score_spans([{(0, 2, "A"), (3, 4, "B")}], [{(0, 2, "A"), (3, 5, "B")}])
    assert result["labels"]["A"] == {"p": 1.0, "r": 1.0, "f": 1.0, "n": 1}
    assert result["labels"]["B"] == {"p": 0.0, "r": 0.0, "f": 0.0, "n": 1}


def test_builtin_maps() -> None:
    msra = BUILTIN_MAPS["msra"]
    assert msra["PERSON"] == msra["PER"] == "PER"
    assert msra["ADMIN"] == msra["SITE"] == "LOC"
    assert msra["GOV"] == msra["COMPANY"] == msra["ORG"] == "ORG"
    assert BUILTIN_MAPS["peoples_daily"] == msra
    assert BUILTIN_MAPS["cluener"]["GOV"] == "government"
    assert BUILTIN_MAPS["cluener"]["COMPANY"] == "company"
    assert BUILTIN_MAPS["resume_ner"]["TITLE"] == "TITLE"


def test_map_is_picked_from_the_data_path() -> None:
    assert map_name_for("msra-test") == "msra"
    assert map_name_for(Path("../shared/benchmarks/cluener/dev.jsonl")) == "cluener"
    assert map_name_for("/x/peoples_daily/test.jsonl") == "peoples_daily"
    assert map_name_for("/tmp/kg-cache/msra-test.jsonl") == "msra"
    with pytest.raises(InputError, match="label map"):
        map_name_for("/x/unknown/test.jsonl")


def test_load_jsonl_reads_and_rejects(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": "张三", "entities": [[0, 2, "PER"]]}, ensure_ascii=False)
                    + "\n\n", encoding="utf-8")
    assert load_jsonl(good) == [GoldSentence("张三", ((0, 2, "PER"),))]

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "entities": []}\n{"text": "b", \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl, line 2: not JSON"):
        load_jsonl(bad)

    span = tmp_path / "span.jsonl"
    span.write_text('{"text": "ab", "entities": [[1, 5, "PER"]]}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"span\.jsonl, line 1: bad entity"):
        load_jsonl(span)

    with pytest.raises(InputError, match="cannot read"):
        load_jsonl(tmp_path / "missing.jsonl")


def test_evaluate_data_picks_the_map_from_the_folder(tmp_path: Path,
                                                     ruler_nlp: spacy.language.Language) -> None:
    folder = tmp_path / "peoples_daily"
    folder.mkdir()
    rows = [{"text": s.text, "entities": [list(e) for e in s.entities]} for s in GOLD]
    (folder / "test.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = evaluate_data(ruler_nlp, folder / "test.jsonl")
    assert result["map"] == "peoples_daily"
    assert result["micro"]["f"] == 0.5714
    with pytest.raises(InputError, match="no such gold file"):
        evaluate_data(ruler_nlp, tmp_path / "nope.jsonl")
