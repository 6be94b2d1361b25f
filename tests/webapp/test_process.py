"""The app as operators start it: ``python -m flask --app webapp ...`` in a fresh process."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_python(args, env_extra, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(tmp_path / "var"), **env_extra}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_flask_command_exports_the_configured_database(directory, tmp_path):
    result = run_python(
        ["-m", "flask", "--app", "webapp", "export-clinics"],
        {"DATABASE_URL": directory.database_url, "CLINICS_INDEX_DIR": str(directory.index_dir)},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 7


def test_the_web_process_never_loads_the_crawler(tmp_path):
    code = ("import sys, webapp; webapp.create_app(); "
            "loaded = {name.split('.')[0] for name in sys.modules}; "
            "print(sorted(loaded & {'scrapy', 'twisted', 'crawler'}))")
    result = run_python(["-c", code], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
