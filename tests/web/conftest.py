import pytest

from tests.support.clinic import signed_in


@pytest.fixture
def socket_client(app):
    def connect():
        return app.extensions["socketio"].test_client(app)
    return connect



@pytest.fixture
def clinic_client(app):
    """A test client signed in as a clinic member: /history and the library API answer it."""
    return signed_in(app)
