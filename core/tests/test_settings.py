"""Settings as production sees them, read in a fresh interpreter with production variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_environ() -> dict[str, str]:
    """The environment without the test run's own LOTSE_* and database variables."""
    return {
        k: v for k, v in os.environ.items() if not k.startswith("LOTSE_") and k != "DATABASE_URL"
    }


def production_environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    """What a production process starts with: the required values and a data folder."""
    return {
        **clean_environ(),
        "LOTSE_ENV": "production",
        "LOTSE_SECRET_KEY": "x" * 64,
        "LOTSE_ALLOWED_HOSTS": "lotse.example.org",
        "LOTSE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lotse.settings",
        **extra,
    }


def production_settings(tmp_path: Path, **extra: str) -> dict:
    env = production_environ(tmp_path, **extra)
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'hashers': s.PASSWORD_HASHERS, 'debug': s.DEBUG, "
        "'tasks': s.TASKS['default']['BACKEND'], 'email': s.EMAIL_BACKEND}))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_production_hashes_passwords_with_argon2(tmp_path):
    values = production_settings(tmp_path)
    assert values["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert values["debug"] is False
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("missing", ["LOTSE_SECRET_KEY", "LOTSE_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_values(tmp_path, missing):
    env = production_environ(tmp_path)
    env.pop(missing)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "from django.conf import settings; settings.SECRET_KEY"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert missing in result.stderr
