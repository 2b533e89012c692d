"""``gateway demo`` as a user runs it: the gateway and the four simulators, a referral made
through the API delivered, acted on by the agency's simulator by itself and reported back
until it is completed; and on SIGTERM nothing is left running.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.delivery.processes import wait_until_ready
from tests.servers import free_port

AGENCIES = ("kirs", "nes", "csw", "iom")
HOUSEHOLDS = 8


class Demo:
    """A running ``gateway demo`` in its own working directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.url = f"http://127.0.0.1:{free_port()}"
        self.simulators = {agency: f"http://127.0.0.1:{free_port()}" for agency in AGENCIES}
        self.log = directory / "demo.log"
        self.process = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        ports = ",".join(
            f"{agency}={url.rsplit(':', 1)[1]}" for agency, url in self.simulators.items()
        )
        env = os.environ | {
            "GATEWAY_PORT": self.url.rsplit(":", 1)[1],
            "GATEWAY_PUBLIC_URL": self.url,
            "GATEWAY_SIMULATOR_PORTS": ports,
            "GATEWAY_DEMO_AUTO_PROGRESS_SECONDS": "0.5",
            "GATEWAY_DELIVERY_STATUS_POLL_SECONDS": "1",
            "GATEWAY_LOG_LEVEL": "warning",
        }
        env |= {
            f"ADAPTER_{agency.upper()}_BASE_URL": url for agency, url in self.simulators.items()
        }
        env.pop("GATEWAY_DATABASE_URL", None)  # the demo's own embedded default
        command = [sys.executable, "-m", "gateway", "demo", "--households", str(HOUSEHOLDS)]
        with self.log.open("ab") as output:
            return subprocess.Popen(
                command,
                cwd=self.directory,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, for the cleanup below
            )

    def wait_until_ready(self) -> None:
        wait_until_ready(self.process, f"{self.url}/healthz", self.log, timeout=60)
        for url in self.simulators.values():
            wait_until_ready(self.process, f"{url}/_admin/faults", self.log, timeout=30)

    def headers(self, agency: str, purpose: str) -> dict[str, str]:
        clients = json.loads((self.directory / "var" / "demo-clients.json").read_text())
        [client] = [entry for entry in clients if entry["agency"] == agency]
        scope = f"returnees:read referrals:read referrals:write purpose:{purpose}"
        response = httpx.post(
            f"{self.url}/oauth/token",
            auth=(client["client_id"], client["client_secret"]),
            data={"grant_type": "client_credentials", "scope": scope},
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    running = Demo(tmp_path)
    try:
        running.wait_until_ready()
        yield running
    finally:
        _stop(running.process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM as a user's ``kill`` would; then SIGKILL whatever of the group is left."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_a_referral_goes_round_the_whole_loop_in_the_demo(demo: Demo) -> None:
    kirs = demo.headers("kirs", "referral_handling")
    with httpx.Client(base_url=demo.url, headers=kirs, timeout=10) as http:
        suggestion, household = _covered_suggestion(http)
        body = {
            "household_id": household,
            "service": suggestion["service"],
            "needs": [suggestion["need_domain"]],
        }
        made = http.post("/v1/referrals", json=body)
        assert made.status_code == 201, made.text
        referral = _wait_for(http, made.json()["id"], "completed", timeout=45)
    statuses = [change["status"] for change in referral["history"]]
    assert statuses == ["submitted", "delivered", "accepted", "in_progress", "completed"]
    assert referral["agency_reference"]
    assert referral["outcome"]["service_delivered"] is True


def test_a_household_that_gave_no_consent_is_not_referred(demo: Demo) -> None:
    kirs = demo.headers("kirs", "referral_handling")
    with httpx.Client(base_url=demo.url, headers=kirs, timeout=10) as http:
        refused = [
            suggestion
            for household in _households(http)
            for suggestion in _suggestions(http, household)
            if not suggestion["covered"]
        ]
        assert refused, "every fourth demo household gave no consent"
        assert refused[0]["missing_categories"]


def test_sigterm_stops_the_gateway_and_every_simulator(demo: Demo) -> None:
    demo.process.send_signal(signal.SIGTERM)
    demo.process.wait(timeout=30)
    deadline = time.monotonic() + 15
    answering = list(demo.simulators.values())
    while answering and time.monotonic() < deadline:
        answering = [url for url in answering if _answers(url)]
        time.sleep(0.2)
    assert not answering, f"simulators left running: {answering}"


def _households(http: httpx.Client) -> list[str]:
    response = http.get("/v1/households", params={"limit": 50})
    assert response.status_code == 200, response.text
    return [household["id"] for household in response.json()["items"]]


def _suggestions(http: httpx.Client, household: str) -> list[dict[str, Any]]:
    response = http.post("/v1/referrals/suggest", json={"household_id": household})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["suggestions"]
    return [suggestion for suggestion in found if suggestion["to_agency"] != "kirs"]


def _covered_suggestion(http: httpx.Client) -> tuple[dict[str, Any], str]:
    for household in _households(http):
        for suggestion in _suggestions(http, household):
            if suggestion["covered"] and not suggestion["already_referred"]:
                return suggestion, household
    raise AssertionError("no demo household can be referred anywhere")


def _wait_for(http: httpx.Client, referral_id: str, status: str, *, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        referral = http.get(f"/v1/referrals/{referral_id}").json()
        if referral["status"] == status or time.monotonic() > deadline:
            assert referral["status"] == status, referral["history"]
            return referral
        time.sleep(0.5)


def _answers(url: str) -> bool:
    with suppress(httpx.TransportError):
        httpx.get(f"{url}/_admin/faults", timeout=1)
        return True
    return False
