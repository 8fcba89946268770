"""Where the shipped templates and statement library are.

In a wheel they live inside the package (mapped at build time, see pyproject.toml); in a source
checkout, or an editable install, they are the top-level folders that authors edit.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    return _shipped("templates")


def statements_dir() -> Path:
    return _shipped("statements")
