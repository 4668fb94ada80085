"""Puts lunr.js into the package when a wheel is built, so that an installed
`news-archive` needs no Node: the file comes from npm (package-lock.json
pins it) and is never committed. Everything else is in pyproject.toml."""
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
LUNR = ROOT / "node_modules" / "lunr" / "lunr.min.js"


class BuildWithLunr(build_py):
    def run(self):
        super().run()
        if not LUNR.is_file() and (ROOT / "package-lock.json").is_file() and shutil.which("npm"):
            subprocess.run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT,
                           check=True)
        if not LUNR.is_file():
            raise SystemExit(f"{LUNR} is missing: run `npm ci --omit=dev` in {ROOT} (it needs Node and npm), "
                             "then build again")
        target = Path(self.build_lib) / "builder" / "vendor"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LUNR, target / "lunr.min.js")


setup(cmdclass={"build_py": BuildWithLunr})
