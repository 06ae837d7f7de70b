#!/usr/bin/env python3
"""Checks the sandbox inbox page (GET /sandbox/) in a real browser: headless Chromium driven by
Selenium through Debian's chromedriver.

Starts `dialtone-server --sandbox` on a free loopback port with a throwaway SQLite file, opens the
page, and then, each step a failure (exit 1) when it does not hold within its bound:
- a PhoneMatch flow whose first name `fn` is hostile markup (rendered into the SMS by `{fn}`) and
  an iDenfy flow are started over HTTP; both messages appear on the open page without a reload,
  newest first, with encoding and segment count;
- the hostile text shows literally in the page's text, and no element was injected (no `<script>`
  or `<img>` in the lists, no alert);
- both verifications are listed as pending with a timeline (started, sent);
- a wrong PhoneMatch entry makes that verification `rejected`, with the refusal in its timeline;
- clicking the page's "+2 min" button advances the virtual clock and the iDenfy escalation call
  appears, with `escalated` in the timeline; typing 180 in the seconds field and pressing Enter (the
  keyboard alone) brings the second call, with a new code, which then approves it;
- choosing a number in the filter shows only that number's messages and verification;
- the browser reports no Content-Security-Policy violation;
- the page's reset button empties the page.

    python3 scripts/inbox-check.py --binary .build/debug/dialtone-server [--screenshot docs/inbox.png]

Needs `chromium`, `chromium-driver` and `selenium` (PyPI); anything missing is an error, never a
skip.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request


def fail(message: str) -> None:
    print(f"inbox-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
except ImportError:
    fail("selenium is not installed (python3 -m pip install selenium)")

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
PHONEMATCH_NUMBER = "+12015106001"
IDENFY_NUMBER = "+12025550163"


def request(base: str, path: str, body: object | None = None, basic: str | None = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method="GET" if body is None else "POST")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if basic:
        req.add_header("Authorization", "Basic " + base64.b64encode(basic.encode()).decode())
    with urllib.request.urlopen(req, timeout=10) as response:
        return json.loads(response.read())


def wait_for(what: str, condition, timeout: float):
    """Polls `condition` every 50 ms until it returns something true; fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # a stale element while the page re-renders
            last_error = error
        time.sleep(0.05)
    fail(f"{what} (not within {timeout} s){': ' + repr(last_error) if last_error else ''}")


def start_server(binary: str, work: str) -> tuple[subprocess.Popen, str]:
    out = open(os.path.join(work, "server.out"), "w+")
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen(
        [binary, "--sandbox", "--host", "127.0.0.1", "--port", "0", "--database",
         os.path.join(work, "sandbox.sqlite")],
        stdout=out, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        out.seek(0)
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+) \(sandbox\)", out.read())
        if match:
            return server, match.group(1)
        if server.poll() is not None:
            fail(f"dialtone-server exited with {server.returncode}")
        time.sleep(0.1)
    server.kill()
    fail("dialtone-server did not start within 30 s")


def start_browser() -> "webdriver.Chrome":
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        fail("chromium and chromedriver are needed (apt-get install chromium chromium-driver)")
    # The driver and the browser are Debian's: Selenium Manager must not look for others online.
    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1100,1500", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(driver), options=options)
    browser.set_page_load_timeout(30)
    browser.set_script_timeout(10)
    return browser


def messages(browser) -> list[dict]:
    return browser.execute_script(
        """return Array.from(document.querySelectorAll('#messages > li.message')).map(li => ({
             channel: li.dataset.channel, verification: li.dataset.verification,
             text: li.querySelector('.text').textContent,
             encoding: (li.querySelector('.encoding') || {}).textContent || ''}));""")


def verifications(browser) -> dict[str, dict]:
    rows = browser.execute_script(
        """return Array.from(document.querySelectorAll('#verifications > li.verification')).map(li => ({
             id: li.dataset.id, state: li.dataset.state,
             events: Array.from(li.querySelectorAll('.timeline > li')).map(e => e.dataset.event),
             described: Array.from(li.querySelectorAll('.timeline > li')).map(e => e.lastChild.textContent)
           }));""")
    return {row["id"]: row for row in rows}


def no_alert(browser) -> None:
    try:
        alert = browser.switch_to.alert
        fail(f"an alert opened: {alert.text!r}")
    except NoAlertPresentException:
        pass


def run(base: str, browser, screenshot: str | None) -> None:
    browser.get(base + "/sandbox/")
    wait_for("the page loads its script and polls", lambda: browser.find_element(By.ID, "now").text.strip()
             not in ("", "…"), 10)

    initial = request(base, "/process/comprehensive/gateway", {
        "user": "sandbox", "pass": "sandbox", "service": "PhoneMatch5.0.SMS", "reference": "inbox-check",
        "options": {"outofband": {"message": "Hello {fn}, your code is {pin}"}},
        "target": {"fn": HOSTILE, "ln": "Smith", "phone": PHONEMATCH_NUMBER}})
    token = initial["continuations"]["outofband"]["template"]["token"]
    started = time.monotonic()
    sent = request(base, "/fraud/send-sms", {"phone_number": IDENFY_NUMBER, "sender_name": "Acme"},
                   basic="sandbox:sandbox")
    request_id = sent["request_id"]

    shown = wait_for("both messages appear on the open page",
                     lambda: (lambda m: m if {x["verification"] for x in m} >= {token, request_id} else None)(
                         messages(browser)), 5)
    elapsed = time.monotonic() - started
    print(f"inbox-check: both messages shown {elapsed:.2f} s after the iDenfy start")
    if elapsed > 3:
        fail(f"messages took {elapsed:.2f} s to appear (the page polls every 0.5 s)")
    if shown[0]["verification"] != request_id:
        fail("messages are not newest first")
    hostile = next(m for m in shown if m["verification"] == token)
    if HOSTILE not in hostile["text"]:
        fail(f"the hostile first name is not shown literally: {hostile['text']!r}")
    if not hostile["encoding"].startswith("GSM-7") or "segment" not in hostile["encoding"]:
        fail(f"no encoding and segment count: {hostile['encoding']!r}")
    injected = browser.execute_script(
        "return document.querySelectorAll('main script, main img, main iframe').length")
    if injected:
        fail(f"{injected} element(s) injected from message text")
    no_alert(browser)

    listed = wait_for("both verifications listed with a timeline",
                      lambda: (lambda v: v if token in v and request_id in v
                               and "sent" in v[request_id]["events"] else None)(verifications(browser)), 5)
    for id in (token, request_id):
        if listed[id]["state"] != "pending" or listed[id]["events"][:2] != ["started", "sent"]:
            fail(f"verification {id}: {listed[id]}")
    code = re.findall(r"\d{4,}", next(m for m in shown if m["verification"] == request_id)["text"])[-1]
    if any(re.search(rf"(?<!\d){code}(?!\d)", line) for line in listed[request_id]["described"]):
        fail("the code appears in a timeline")

    request(base, "/process/continue", {"token": token, "codematch": {"key": "000000"}})
    wait_for("the wrong PhoneMatch entry shows as rejected",
             lambda: (lambda v: v.get(token, {}).get("state") == "rejected"
                      and "rejected" in v[token]["events"])(verifications(browser)), 5)

    browser.find_element(By.ID, "advance-120").click()
    wait_for("the escalation call appears after clicking +2 min",
             lambda: any(m["verification"] == request_id and m["channel"] == "call"
                         for m in messages(browser)), 5)
    wait_for("the timeline shows the escalation",
             lambda: "escalated" in verifications(browser).get(request_id, {}).get("events", []), 5)
    status = browser.find_element(By.ID, "status").text
    if "steps ran" not in status and "step ran" not in status:
        fail(f"no clock status after the click: {status!r}")

    # The keyboard alone: type into the seconds field and press Enter (to 5:00, the call with a new code).
    field = browser.find_element(By.ID, "advance-seconds")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("180", Keys.ENTER)
    calls = wait_for("the second call appears after Enter in the seconds field",
                     lambda: (lambda c: c if len(c) >= 2 else None)(
                         [m for m in messages(browser) if m["verification"] == request_id
                          and m["channel"] == "call"]), 5)
    code = "".join(re.findall(r"\d", calls[0]["text"].split("Again")[0]))
    wait_for("the timeline shows both escalations",
             lambda: verifications(browser).get(request_id, {}).get("events", []).count("escalated") == 2, 5)

    # Filtered by number: only that number's messages and verification.
    Select(browser.find_element(By.ID, "number")).select_by_value(IDENFY_NUMBER)
    wait_for("the number filter shows only that number",
             lambda: {m["verification"] for m in messages(browser)} == {request_id}
             and set(verifications(browser)) == {request_id}, 5)
    Select(browser.find_element(By.ID, "number")).select_by_value("")

    verified = request(base, "/fraud/verify-sms", {"request_id": request_id, "received_code": code},
                       basic="sandbox:sandbox")
    if verified.get("is_verified") is not True:
        fail(f"the right iDenfy code was refused: {verified}")
    wait_for("the iDenfy verification shows as approved",
             lambda: verifications(browser).get(request_id, {}).get("state") == "approved", 5)
    no_alert(browser)

    violations = [entry["message"] for entry in browser.get_log("browser")
                  if "Content Security Policy" in entry["message"]]
    if violations:
        fail(f"Content-Security-Policy violations: {violations}")

    if screenshot:
        browser.execute_script("window.scrollTo(0, 0)")
        browser.set_window_size(1100, 1500)
        browser.save_screenshot(screenshot)
        print(f"inbox-check: screenshot in {screenshot}")

    browser.find_element(By.ID, "reset").click()
    wait_for("the reset empties the page",
             lambda: not messages(browser) and not verifications(browser)
             and browser.find_element(By.ID, "no-messages").is_displayed(), 5)
    print("inbox-check: passed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--binary", required=True, help="the dialtone-server executable")
    parser.add_argument("--screenshot", help="write a PNG of the page here")
    arguments = parser.parse_args()
    if not os.access(arguments.binary, os.X_OK):
        fail(f"no executable at {arguments.binary}")
    work = tempfile.mkdtemp(prefix="dialtone-inbox-")
    server, base = start_server(arguments.binary, work)
    browser = None
    try:
        browser = start_browser()
        run(base, browser, arguments.screenshot)
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
