"""A plain (non-editable) install finds its shipped rubrics and templates from any folder."""

import importlib.util
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None,
    reason="hatchling (the build backend) is needed to build the wheel offline",
)
def test_wheel_installs_and_runs_from_another_folder(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__")
    )
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next(dist.glob("impactcheck-*.whl"))
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    # The dependencies come from the environment running the tests (which may itself be a
    # virtual environment, whose packages system_site_packages would not reach). They are
    # added only after the install: pip would take an impactcheck installed there for this
    # one, and not install the wheel.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    outer = sysconfig.get_paths()
    (Path(purelib) / "outer-dependencies.pth").write_text(
        f"{outer['purelib']}\n{outer['platlib']}\n", encoding="utf-8"
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    policy = work / "plan.md"
    policy.write_text("# Plan\n\nPolice shall conduct raids on brothels.\n", encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python), "-m", "impactcheck", *args],
            cwd=work, capture_output=True, text=True, check=False,
        )  # fmt: skip

    where = subprocess.run(
        [str(python), "-c", "import impactcheck, pathlib; print(pathlib.Path(impactcheck.__file__).parent)"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(environment), where
    assert (Path(where) / "_rubrics" / "nswp-gaatw.yaml").is_file()
    for language in ("en", "fr", "es", "de"):  # the context lexicons are package data
        assert (Path(where) / "evidence" / "lexicons" / f"{language}.yaml").is_file(), language
    listing = run("rubric", "list")
    assert listing.returncode == 0 and "nswp-gaatw" in listing.stdout, listing.stderr
    report = run("assess", "plan.md", "--format", "html")
    assert report.returncode == 0, report.stderr
    assert "No raids" in report.stdout
