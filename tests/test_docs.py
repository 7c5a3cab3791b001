"""Every environment variable the settings read is documented for operators."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_ONLY = {"KNOWFLOW_FAST_PASSWORD_HASHER", "KNOWFLOW_DISABLE_RATE_LIMITS"}


def test_every_setting_is_documented():
    settings_src = (ROOT / "config/settings.py").read_text()
    names = set(re.findall(r'env\.(?:str|bool|int|float|list)\(\s*"([A-Z_]+)"', settings_src))
    assert {
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DEBUG",
        "EMAIL_URL",
        "KNOWFLOW_DATA_DIR",
    } <= names
    example = (ROOT / ".env.example").read_text()
    config_doc = (ROOT / "docs/configuration.md").read_text()
    for name in names:
        assert name in config_doc, f"{name} missing from docs/configuration.md"
        if name not in TEST_ONLY:
            assert re.search(rf"^{name}=", example, re.M), f"{name} missing from .env.example"
