"""gzip for text answers: the modules, the page and JSON shrink; a revalidation still gets its
304; audio, small answers, HEAD and clients that do not accept gzip are left alone."""

import gzip

from sessions.web.compress import accepts_gzip

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_text_answers_are_gzipped_for_a_client_that_accepts_it(app):
    client = app.test_client()
    plain = client.get("/static/js/figure.js")
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/static/js/figure.js", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.data) == plain.data
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    for url in ("/", "/api/routines", "/static/css/app.css"):
        res = client.get(url, headers=GZIP)
        assert res.headers["Content-Encoding"] == "gzip", url
        assert "Content-Security-Policy" in res.headers  # the security headers still come


def test_a_revalidation_of_the_gzipped_copy_gets_its_304(app):
    client = app.test_client()
    etag = client.get("/static/js/figure.js", headers=GZIP).headers["ETag"]
    again = client.get("/static/js/figure.js", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_left_alone(app):
    client = app.test_client()
    small = client.get("/favicon.ico", headers=GZIP)  # an image
    assert "Content-Encoding" not in small.headers
    head = client.head("/static/js/figure.js", headers=GZIP)
    assert "Content-Encoding" not in head.headers
    refused = client.get("/static/js/figure.js", headers={"Accept-Encoding": "gzip;q=0, br"})
    assert "Content-Encoding" not in refused.headers
    polling = client.get("/socket.io/?EIO=4&transport=polling", headers=GZIP)
    assert "Content-Encoding" not in polling.headers


def test_accept_encoding():
    assert accepts_gzip("gzip") and accepts_gzip("br, gzip;q=0.5") and accepts_gzip("*")
    assert not accepts_gzip("") and not accepts_gzip("br") and not accepts_gzip("gzip;q=0")
