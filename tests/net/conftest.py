import pytest

from tests.support.server import LimberServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`python app.py` at time scale 20, one per test module."""
    with LimberServer(tmp_path_factory.mktemp("net"), time_scale=20) as srv:
        yield srv
