"""WSGI entry point (gunicorn config.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load every view module now, then move everything loaded so far out of the garbage
# collector's sight: those objects live as long as the worker, and a full collection walking
# them paused a request by ~150 ms about once every 150 home pages (docs/benchmarks.md).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - imported for its side effect

# With the semantic extra, the embedding model (and PyTorch) load at start, not in the first
# request that searches (seconds).
from knowflow.search.semantic import preload  # noqa: E402

preload()

# SQLITE_PIN_MEMORY: keep the database file's pages in memory (knowflow/core/pinning.py).
from knowflow.core.pinning import start as pin_database  # noqa: E402

pin_database()
gc.freeze()
