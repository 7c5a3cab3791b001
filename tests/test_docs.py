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


def test_the_deployment_guide_names_only_real_commands_and_settings():
    """Every `knowflow <command>` in docs/deployment.md exists, and every setting its
    configuration file sets is one the settings read."""
    from django.core.management import get_commands

    doc = (ROOT / "docs/deployment.md").read_text()
    named = set(re.findall(r"(?:bin/|`|&& )knowflow ([a-z][a-z_-]+)", doc))
    assert {"serve", "worker", "migrate", "healthcheck", "prune_db_task_results"} <= named
    known = set(get_commands())
    assert named - known == set(), f"unknown commands in docs/deployment.md: {named - known}"
    settings_src = (ROOT / "config/settings.py").read_text()
    env_block = doc.split("/etc/knowflow.env` (mode 640")[1].split("```")[1]
    for name in re.findall(r"^#?\s*([A-Z_]+)=", env_block, re.M):
        assert f'"{name}"' in settings_src, f"{name} in docs/deployment.md is not a setting"
