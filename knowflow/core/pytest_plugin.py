"""Environment for the test suite, set before Django reads its settings (loaded with -p).

The suite runs with production defaults (DEBUG off) except what would make tests slow or
need a TLS proxy; DATABASE_URL and REDIS_URL pass through so CI can point at PostgreSQL/Redis.
"""

import os
import tempfile

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("KNOWFLOW_FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("KNOWFLOW_DISABLE_RATE_LIMITS", "1")
os.environ.setdefault("KNOWFLOW_STATIC_MANIFEST", "false")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("EMAIL_URL", "memorymail://")
# Lexical search unless a test asks for meaning (search/tests/test_semantic.py): loading the
# embedding model takes seconds, and most tests count statements.
os.environ.setdefault("SEARCH_SEMANTIC", "off")
os.environ.setdefault("KNOWFLOW_DATA_DIR", tempfile.mkdtemp(prefix="knowflow-test-"))
# Parallel workers share one Redis in CI; each gets its own key space (their databases reuse
# the same ids, so cached per-person entries would otherwise cross between workers, and one
# worker's cache reset would wipe another's rate-limit counters mid-test). Set, not
# setdefault: xdist workers inherit the controller's environment, so a default set there
# would be shared by every worker; each worker imports this plugin again under its own pid.
os.environ["CACHE_KEY_PREFIX"] = f"knowflow-test-{os.getpid()}"
