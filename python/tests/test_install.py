"""`pip install ./python` works offline with Debian's python3: a venv with the system's site packages (PEP 668)
and no index; the in-tree backend needs nothing to be downloaded."""
import os
import subprocess
import sys

from conftest import PYTHON_DIR


def test_pip_install_offline(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    r = subprocess.run([py, "-m", "pip", "install", "--no-index", PYTHON_DIR], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(
        [py, "-c", "import icepickle_ts, os; print(icepickle_ts.__file__); print(icepickle_ts.save_pipeline.__name__)"],
        capture_output=True, text=True, cwd=str(tmp_path),
    )
    assert r.returncode == 0, r.stderr
    path, name = r.stdout.split()
    assert path.startswith(str(venv)) and name == "save_pipeline"
