"""Screenshot an Odoo page as a given user with headless Chromium (CDP).

    python3 scripts/screenshot.py URL OUT.png [--login L --password P]
        [--wait SECONDS] [--width 1400 --height 900] [--lang fr-FR]
        [--eval "JS run once the page is loaded, e.g. a click"]

Logs in over JSON-RPC, hands the session cookie to Chromium, loads the page
and saves a PNG: the way we look at what users see.
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse

import requests
import websocket

_IDS = iter(range(1, 10**6))


def _cdp(ws, method, **params):
    msg_id = next(_IDS)
    ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
    while True:
        answer = json.loads(ws.recv())
        if answer.get("id") == msg_id:
            return answer.get("result", {})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--login")
    parser.add_argument("--password")
    parser.add_argument("--db")
    parser.add_argument("--wait", type=float, default=4)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--lang", default="fr-FR")
    parser.add_argument("--eval", help="JavaScript run after --wait, then wait again")
    args = parser.parse_args()
    base = "{0.scheme}://{0.netloc}".format(urllib.parse.urlparse(args.url))
    cookie = None
    if args.login:
        session = requests.Session()
        db = (
            args.db
            or session.post(
                f"{base}/web/database/list", json={"params": {}}, timeout=30
            ).json()["result"][0]
        )
        res = session.post(
            f"{base}/web/session/authenticate",
            json={"params": {"db": db, "login": args.login, "password": args.password}},
            timeout=60,
        ).json()
        if res.get("error"):
            raise SystemExit(res["error"]["data"]["message"])
        cookie = session.cookies.get("session_id")
    profile = tempfile.mkdtemp()
    chrome = shutil.which("chromium") or shutil.which("google-chrome")
    # A free port: several screenshots may run at once on one machine.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [
            chrome,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            f"--lang={args.lang}",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            f"--window-size={args.width},{args.height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                url = f"http://127.0.0.1:{port}/json"
                targets = requests.get(url, timeout=2).json()
                page = next(t for t in targets if t["type"] == "page")
                break
            except (requests.RequestException, StopIteration):  # still starting
                time.sleep(0.2)
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        _cdp(ws, "Network.enable")
        # The window cannot be narrower than 500 px: emulate the viewport (a
        # phone below 768 px, as Odoo's small-screen layout reads it).
        _cdp(
            ws,
            "Emulation.setDeviceMetricsOverride",
            width=args.width,
            height=args.height,
            deviceScaleFactor=1,
            mobile=args.width < 768,
        )
        _cdp(
            ws,
            "Network.setExtraHTTPHeaders",
            headers={"Accept-Language": f"{args.lang},fr;q=0.9"},
        )
        if cookie:
            _cdp(ws, "Network.setCookie", name="session_id", value=cookie, url=base)
        _cdp(ws, "Page.navigate", url=args.url)
        time.sleep(args.wait)
        if args.eval:
            _cdp(ws, "Runtime.evaluate", expression=args.eval, awaitPromise=True)
            time.sleep(args.wait)
        shot = _cdp(ws, "Page.captureScreenshot", format="png")
        with open(args.out, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        ws.close()
    finally:
        proc.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
