import pytest

from tests.listening import speech


@pytest.fixture(scope="session")
def said():
    """Piper's joe saying `text`, between silences, as 16 kHz int16 PCM (made once each)."""
    made = {}

    def say(text: str) -> bytes:
        if text not in made:
            made[text] = speech.silence(400) + speech.piper(text) + speech.silence(700)
        return made[text]
    return say


@pytest.fixture
def socket_client(app):
    def connect():
        return app.extensions["socketio"].test_client(app)
    return connect
