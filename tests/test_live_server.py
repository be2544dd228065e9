import json
import urllib.request


def test_the_app_runs_under_gunicorn_on_the_test_database(live_server, edition):
    with urllib.request.urlopen(live_server + "/api/v1/editions/current", timeout=10) as response:
        body = json.load(response)
    assert body["title_en"] == "E-Municipality Day"
