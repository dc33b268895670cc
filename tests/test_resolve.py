"""Resolution: context-scoped district references and the merge report."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildResult, run_pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result() -> BuildResult:
    return run_pipeline([ROOT / "seeds"], model="none")


def test_quanqu_is_the_district_of_its_own_page(result: BuildResult) -> None:
    res = result.resolution
    assert res is not None
    assert res.districts["003_9ffdbe58c7621f51"] == "郑东新区"
    assert res.districts["000_e16874effdbdac3a"] == "郑州高新区"
    from kg.records import Ref

    assert res.key("003_9ffdbe58c7621f51", Ref("ADMIN", "全区")) == "place:郑东新区"
    assert res.key("000_e16874effdbdac3a", Ref("ADMIN", "全区")) == "place:郑州高新区"


def test_context_references_are_not_aliases(result: BuildResult) -> None:
    res = result.resolution
    assert res is not None
    assert "全区" not in res.entities["place:郑州高新区"].aliases
    assert "高新区" in res.entities["place:郑州高新区"].aliases


def test_report_names_the_rule_of_each_merge(result: BuildResult) -> None:
    res = result.resolution
    assert res is not None
    report = res.report()
    assert "| 003_9ffdbe58c7621f51 | 全区 | 郑东新区 | ADMIN | page-context |" in report
    assert "| 004_e4204fce11335d77 | 核净公司 | 河南核净洁净技术有限公司 | COMPANY | gazetteer |" in report
    assert "| 004_e4204fce11335d77 | 中远氨纶 | 中远氨纶公司 | COMPANY | company-core |" in report
    assert "| 000_e16874effdbdac3a | 党工委 | 郑州高新区党工委 | GOV | gazetteer |" in report
