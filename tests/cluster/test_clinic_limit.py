"""With Redis, wrong clinic keys are counted for the whole cluster: an address that used
up its attempts on one process is refused by every other."""

from app import create_app
from sessions.config import Settings
from sessions.services import CLINIC_LIMIT
from tests.support.clinic import KEY


def test_wrong_keys_on_one_process_use_up_the_attempts_on_every_process(redis_url,
                                                                          redis_client,
                                                                          tmp_path):
    one, two = (create_app(Settings(data_dir=tmp_path / "data", redis_url=redis_url,
                                    clinic_key=KEY)).test_client() for _ in range(2))
    codes = [one.post("/api/clinic/session", json={"key": f"guess {i}"}).status_code
             for i in range(CLINIC_LIMIT[0])]
    assert codes == [403] * CLINIC_LIMIT[0]
    answer = two.post("/api/clinic/session", json={"key": KEY})
    assert answer.status_code == 429 and answer.get_json()["code"] == "rate_limited"
    elsewhere = two.post("/api/clinic/session", json={"key": KEY},
                         environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert elsewhere.status_code == 200
