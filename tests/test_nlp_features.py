"""kg_char_features on a blank pipeline, and the shipped model when this checkout has one."""

from __future__ import annotations

import random
import time

import pytest
import spacy
from spacy.tokens import Doc

from kg.errors import ModelError
from kg.nlp import features
from kg.nlp.features import BOS, EOS, MODEL_DIR, lemma_string, load_model, norm_string, word_tags
from kg.nlp.train import bmes_spans

SENTENCE = "张三在北京市政府工作。"


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("kg_char_features")
    return pipeline


def test_bigram_columns(nlp: spacy.language.Language) -> None:
    doc = nlp(SENTENCE)
    assert [t.text for t in doc] == list(SENTENCE)
    assert doc[0].norm_ == norm_string("张三")
    assert doc[0].lemma_ == lemma_string(BOS + "张")
    assert doc[1].lemma_ == lemma_string("张三")
    assert doc[-1].norm_ == norm_string("。" + EOS)
    # The same bigram is written the same way wherever it occurs, in any process (crc32, not hash()).
    assert nlp("北京")[0].norm == doc[3].norm
    assert norm_string("北京") == "N" + str(features.bucket_of("北京"))


def test_word_position_and_pos_tags(nlp: spacy.language.Language) -> None:
    expected = ["B-un", "M-un", "E-un", "B-nt", "M-nt", "M-nt", "M-nt", "E-nt", "B-vn", "E-vn", "S-x"]
    assert word_tags(SENTENCE) == expected
    assert [t.tag_ for t in nlp(SENTENCE)] == expected
    assert word_tags("王小明2023年去ABC公司") == [
        "B-nr", "M-nr", "E-nr", "B-m", "M-m", "M-m", "E-m", "S-m", "S-v",
        "B-eng", "M-eng", "E-eng", "B-n", "E-n"]


def test_whitespace_and_empty_text(nlp: spacy.language.Language) -> None:
    doc = nlp("北京 上海")
    assert [t.text for t in doc] == ["北", "京", "上", "海"]
    assert doc[1].norm_ == norm_string("京上")
    assert doc[2].tag_ == "B-ns"
    assert len(nlp("")) == 0


def test_string_store_stays_bounded() -> None:
    pipeline = spacy.blank("zh")
    component = pipeline.add_pipe("kg_char_features", config={"n_buckets": 16})
    rng = random.Random(0)
    grown = 0
    for _ in range(50):
        text = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(200))
        doc = pipeline.make_doc(text)  # the tokenizer's own strings (characters) are not ours
        before = len(pipeline.vocab.strings)
        component(doc)
        grown += len(pipeline.vocab.strings) - before
    # 10,000 distinct bigrams went in; at most 2 x 16 bucket names and the tag strings came out
    assert grown <= 2 * 16 + len(component._tags)
    assert len(component._tags) < 4 * 60
    assert len(component._bigrams) <= features._CACHE_LIMIT


def test_docs_still_serialise(nlp: spacy.language.Language) -> None:
    doc = nlp(SENTENCE)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [t.norm_ for t in again] == [t.norm_ for t in doc]


def test_bmes_conversion_is_lenient() -> None:
    assert bmes_spans(["B-PER", "E-PER", "O", "S-LOC", "B-ORG", "M-ORG", "E-ORG"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 7, "ORG")]
    # a stray M/E opens an entity; a B without E closes at the next O
    assert bmes_spans(["M-LOC", "E-LOC", "B-PER", "O"]) == [(0, 2, "LOC"), (2, 3, "PER")]


def test_load_model_errors_are_model_errors(tmp_path) -> None:
    with pytest.raises(ModelError, match="config.cfg"):
        load_model(tmp_path)


@pytest.mark.skipif(not (MODEL_DIR / "config.cfg").exists(), reason="no shipped model in kg/nlp/model")
def test_shipped_model_loads_fast_and_finds_entities() -> None:
    started = time.perf_counter()
    model = load_model()
    assert time.perf_counter() - started < 10  # < 3 s measured; slack for a loaded CI machine
    assert model.pipe_names == ["kg_char_features", "tok2vec", "ner"]
    assert set(model.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}
    doc = model("国务院总理李强在北京会见了法国总统马克龙。")
    found = {(ent.text, ent.label_) for ent in doc.ents}
    assert ("李强", "PER") in found
    assert ("北京", "LOC") in found


def test_training_recipe_describes_the_shipped_model() -> None:
    """kg/nlp/ner.cfg (what `kg train ner` trains) and the shipped model have one architecture."""
    from spacy.util import load_config

    from kg.nlp.train import CONFIG_PATH

    recipe, shipped = load_config(CONFIG_PATH), load_config(MODEL_DIR / "config.cfg")
    for section in ("components",):
        assert recipe[section] == shipped[section]
    assert recipe["nlp"]["pipeline"] == shipped["nlp"]["pipeline"]


@pytest.mark.skipif(not (MODEL_DIR / "config.cfg").exists(), reason="no shipped model in kg/nlp/model")
def test_loaded_model_multiplies_with_numpy_and_leaves_the_default_alone() -> None:
    from thinc.api import NumpyOps, get_current_ops

    before = get_current_ops()
    model = load_model()
    assert get_current_ops() is before  # the process default is restored after loading
    for name in ("tok2vec", "ner"):
        ops = model.get_pipe(name).model.ops
        assert isinstance(ops, NumpyOps) and ops.use_blis is False, name


def test_numpy_blas_gives_blis_results() -> None:
    """Only the arithmetic library changes: the same product up to float rounding."""
    import numpy
    from thinc.api import NumpyOps

    from kg.nlp.backend import numpy_blas_ops

    rng = numpy.random.default_rng(0)
    x = rng.random((300, 480), dtype=numpy.float32)
    y = rng.random((288, 480), dtype=numpy.float32)
    ours, blis = numpy_blas_ops().gemm(x, y, trans2=True), NumpyOps().gemm(x, y, trans2=True)
    assert ours.shape == (300, 288)
    assert numpy.allclose(ours, blis, rtol=1e-5, atol=1e-4)
