"""Puts the files the builder takes from npm into the package when a wheel
is built (lunr.js for search, Natural Earth outlines for the map), so that
an installed `news-archive` needs no Node: package-lock.json pins them and
they are never committed. Everything else is in pyproject.toml."""
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
VENDORED = [ROOT / "node_modules" / "lunr" / "lunr.min.js",
            ROOT / "node_modules" / "world-atlas" / "countries-110m.json"]


class BuildWithNpmFiles(build_py):
    def run(self):
        super().run()
        missing = [path for path in VENDORED if not path.is_file()]
        if missing and (ROOT / "package-lock.json").is_file() and shutil.which("npm"):
            subprocess.run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT,
                           check=True)
        missing = [path for path in VENDORED if not path.is_file()]
        if missing:
            raise SystemExit(f"{missing[0]} is missing: run `npm ci --omit=dev` in {ROOT} (it needs Node and npm), "
                             "then build again")
        target = Path(self.build_lib) / "builder" / "vendor"
        target.mkdir(parents=True, exist_ok=True)
        for path in VENDORED:
            shutil.copyfile(path, target / path.name)


setup(cmdclass={"build_py": BuildWithNpmFiles})
