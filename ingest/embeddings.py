"""The embedding model, run with ONNX Runtime from a one-time export of the sentence-transformers model.

Why not sentence-transformers at run time: importing it (torch, transformers, scikit-learn) takes
~9 s on a laptop CPU, more than the whole cold-start budget; onnxruntime and tokenizers load in
~0.3 s and encode faster. The export runs once per model (torch is used only then) and is checked
against sentence-transformers' own output; any model it cannot export runs through
langchain's HuggingFaceEmbeddings instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)
BATCH_SIZE = 32  # as fast as 64 here, at about half the peak memory on 256-token chunks
EXPORT_TOLERANCE = 1e-4
EXPORT_FORMAT = "v2"  # outputs: pooled embedding, token states


class OnnxEmbeddings(Embeddings):
    """Mean-pooled, unit-length sentence embeddings from an exported transformer."""

    def __init__(self, onnx_path: Path, model_dir: Path, max_length: int) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer.enable_padding()

    def _run(self, texts: list[str], outputs: list[str]) -> tuple[list[Any], list[np.ndarray]]:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return encodings, self.session.run(outputs, inputs)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, ["embedding"])[1][0]

    def embed_with_spans(
        self,
        texts: list[str],
        spans: list[list[tuple[int, int]]],
        on_batch: Callable[[list[int]], None] | None = None,
    ) -> tuple[list[list[float]], list[list[np.ndarray | None]]]:
        """Text embeddings plus, from the same pass, an in-context embedding of each character span.

        A span's vector is the mean of its tokens' final states (late chunking): sentences get
        vectors that know their article and section at no extra model cost. A span cut off by
        truncation gets None. `on_batch` hears which texts each model batch finished (progress
        without giving up the length-sorted batching that keeps padding low).
        """
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        vectors: list[list[float]] = [[] for _ in texts]
        pooled: list[list[np.ndarray | None]] = [[] for _ in texts]
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            encodings, (embedding, tokens) = self._run([texts[k] for k in idx], ["embedding", "tokens"])
            for row, k in enumerate(idx):
                vectors[k] = embedding[row].tolist()
                offsets = np.asarray(encodings[row].offsets)
                real = np.asarray(encodings[row].attention_mask, dtype=bool) & (offsets[:, 1] > offsets[:, 0])
                for lo, hi in spans[k]:
                    picked = real & (offsets[:, 0] < hi) & (offsets[:, 1] > lo)
                    if not picked.any():
                        pooled[k].append(None)
                        continue
                    v = tokens[row, picked].mean(axis=0)
                    pooled[k].append(v / (np.linalg.norm(v) or 1.0))
            if on_batch is not None:
                on_batch(idx)
        return vectors, pooled

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed in length-sorted batches (less padding), returned in the input order."""
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            vectors = self._encode([texts[k] for k in idx])
            if out.shape[1] == 0:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[idx] = vectors
        return out.tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        return self._encode([text])[0].tolist()


def pack_vectors(vectors: list[np.ndarray | None]) -> str:
    """Sentence vectors as compact text for Chroma metadata (float16; a missing vector is NaN)."""
    if not vectors:
        return ""
    dim = next((len(v) for v in vectors if v is not None), 0)
    rows = [v if v is not None else np.full(dim, np.nan) for v in vectors] if dim else []
    return base64.b64encode(np.asarray(rows, dtype=np.float16).tobytes()).decode() + f":{dim}" if dim else ""


def unpack_vectors(text: str) -> np.ndarray | None:
    """The inverse of `pack_vectors`: an (n, dim) float32 array with NaN rows for missing vectors."""
    if not text:
        return None
    data, _, dim = text.rpartition(":")
    return np.frombuffer(base64.b64decode(data), dtype=np.float16).astype(np.float32).reshape(-1, int(dim))


def _max_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text()).get("max_seq_length", 256))
    return 256


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export transformer + mean pooling + normalisation to ONNX, and check it against sentence-transformers."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: D102
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1), hidden

    probe = ["What do ML engineers earn in Singapore?", "Python (NumPy/Pandas) is the #1 skill of the top 1%."]
    check = ["pay", "S$100,000 to S$170,000 a year for AI/ML engineers " * 3, "Lead ML Engineer — New York " * 40]
    sample = tokenizer(probe, padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask", "token_type_ids")}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(),
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(partial),
            input_names=list(axes),
            output_names=["embedding", "tokens"],
            dynamic_axes={**axes, "embedding": {0: "batch"}, "tokens": {0: "batch", 1: "tokens"}},
            opset_version=17,
            dynamo=False,
        )
    reference = SentenceTransformer(str(model_dir), device="cpu").encode(check, normalize_embeddings=True)
    got = np.array(OnnxEmbeddings(partial, model_dir, _max_length(model_dir))._encode(check))
    if np.abs(got - reference).max() > EXPORT_TOLERANCE:
        partial.unlink(missing_ok=True)
        raise RuntimeError("ONNX export does not match sentence-transformers")
    partial.replace(target)


def onnx_embeddings(model_dir: Path, cache_dir: Path) -> OnnxEmbeddings:
    """The ONNX embedder for a local model folder, exporting it on first use."""
    weights = next((p for p in (model_dir / "model.safetensors", model_dir / "pytorch_model.bin") if p.exists()), None)
    if weights is None:
        raise FileNotFoundError(f"no weights in {model_dir}")
    stat = weights.stat()
    key = hashlib.sha256(f"{model_dir.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = cache_dir / f"{model_dir.name}-{key}-{EXPORT_FORMAT}.onnx"
    if not target.exists():
        log.info("exporting %s to ONNX (once)", model_dir)
        export_onnx(model_dir, target)
    return OnnxEmbeddings(target, model_dir, _max_length(model_dir))


def load_embeddings(model: str, cache_dir: Path) -> Any:
    """A langchain `Embeddings` for a model path or hub name: ONNX when possible, else sentence-transformers."""
    path = Path(model)
    if path.is_dir():
        try:
            return onnx_embeddings(path, cache_dir)
        except Exception as exc:  # an architecture the exporter cannot handle still works, just slower
            log.warning("ONNX export of %s failed (%s); using sentence-transformers", model, exc)
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=model,
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": BATCH_SIZE},
    )
