"""A reconciliation service and a Wikidata API on 127.0.0.1, answering with responses written for the tests.

`FakeServices` runs one threaded HTTP server on a free port:
- `POST /reconcile` takes the form field `queries` (the W3C Reconciliation API's JSON object of
  q0..qN) and answers `{"qN": {"result": candidates[query text]}}`;
- `GET /w/api.php?action=wbgetentities&ids=...` answers `{"entities": {...}}` from `entities`,
  `{"id": ..., "missing": ""}` for an id it does not hold.
Before answering, it takes the next entry of `faults`, if any: `("status", 503, {"Retry-After": "2"})`,
`("malformed",)`, `("sleep", seconds)` or `("maxlag", seconds)`. Every request is kept in `requests`.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeServices:
    def __init__(self):
        self.candidates: dict[str, list[dict]] = {}
        self.entities: dict[str, dict] = {}
        self.faults: list[tuple] = []
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def reconcile_url(self) -> str:
        return f"{self.base}/reconcile"

    @property
    def api_url(self) -> str:
        return f"{self.base}/w/api.php"

    def sent_queries(self) -> list[dict]:
        """Every reconciliation query received, in order."""
        return [q for r in self.requests if "queries" in r for q in r["queries"].values()]

    def __enter__(self) -> FakeServices:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_fault(self) -> tuple | None:
        with self._lock:
            return self.faults.pop(0) if self.faults else None

    def _handler(self):
        services = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (timeout tests)

            def _fault(self) -> bool:
                fault = services._next_fault()
                if fault is None:
                    return False
                if fault[0] == "sleep":
                    time.sleep(fault[1])
                    return False
                if fault[0] == "status":
                    self._send(fault[1], b'{"error": "try later"}', fault[2] if len(fault) > 2 else None)
                elif fault[0] == "malformed":
                    self._send(200, b'{"q0": {"result": [')
                elif fault[0] == "maxlag":
                    body = {"error": {"code": "maxlag", "info": "Waiting for a database server: 7 seconds lagged"}}
                    self._send(200, json.dumps(body).encode(), {"Retry-After": str(fault[1])})
                return True

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode("utf-8"))
                queries = json.loads(form["queries"][0])
                services.requests.append({"path": self.path, "headers": dict(self.headers), "queries": queries})
                if self._fault():
                    return
                answer = {key: {"result": services.candidates.get(q["query"], [])} for key, q in queries.items()}
                self._send(200, json.dumps(answer).encode())

            def do_GET(self):
                params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                services.requests.append({"path": self.path, "headers": dict(self.headers), "params": params})
                if self._fault():
                    return
                ids = params.get("ids", "").split("|")
                entities = {qid: services.entities.get(qid, {"id": qid, "missing": ""}) for qid in ids if qid}
                self._send(200, json.dumps({"entities": entities, "success": 1}).encode())

        return Handler


def candidate(qid: str, name: str, score: float, *types: tuple[str, str], match: bool = False,
              features: dict[str, float] | None = None) -> dict:
    """One result in the reconciliation API's format."""
    result = {"id": qid, "name": name, "score": score, "match": match,
              "type": [{"id": t, "name": n} for t, n in types]}
    if features:
        result["features"] = [{"id": k, "value": v} for k, v in features.items()]
    return result
