"""Integration fixtures: a real SQLite file in a fresh data directory, built by the migrations."""

import pytest

from desk_app.bootstrap import bootstrap


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def ctx(data_dir):
    context = bootstrap(data_dir)
    yield context
    context.close()
