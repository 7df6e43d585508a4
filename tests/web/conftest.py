import pytest

from app import create_app
from sessions.config import Settings


@pytest.fixture
def app(tmp_path):
    app = create_app(Settings(time_scale=50, data_dir=tmp_path / "data"))
    yield app
    app.extensions["limber.live"].stop()


@pytest.fixture
def socket_client(app):
    def connect():
        return app.extensions["socketio"].test_client(app)
    return connect

