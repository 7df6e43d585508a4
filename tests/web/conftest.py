import pytest


@pytest.fixture
def socket_client(app):
    def connect():
        return app.extensions["socketio"].test_client(app)
    return connect

