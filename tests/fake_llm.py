"""A local stand-in for an OpenAI-compatible chat-completions server (plain JSON and `stream: true` SSE).

It runs in its own threads (so a bot's event loop and a CLI subprocess can both call it), answers each
request by the question it carries, as scripted, and records every request it saw.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

QUESTION = re.compile(r"<question>\n(.*?)\n</question>", re.S)


@dataclass
class Reply:
    """What the stand-in does for one question: answer `text`, fail with `status`, or hang for `hang_s`."""

    text: str = "NO_ANSWER"
    status: int = 200
    hang_s: float = 0.0


@dataclass
class Seen:
    """One request: its Authorization header, question, and whether it asked for a stream."""

    authorization: str
    question: str
    stream: bool
    body: dict[str, Any] = field(default_factory=dict)


class FakeLLM:
    """`start()`, then point LLM_BASE_URL at `base_url`; set `script[question] = Reply(...)`."""

    def __init__(self) -> None:
        self.script: dict[str, Reply] = {}
        self.seen: list[Seen] = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.handle(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> FakeLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def asked(self, question: str) -> list[Seen]:
        return [s for s in self.seen if s.question == question]

    def handle(self, http: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        user = next((m["content"] for m in body.get("messages", []) if m.get("role") == "user"), "")
        found = QUESTION.search(user if isinstance(user, str) else json.dumps(user))
        question = found.group(1) if found else ""
        stream = bool(body.get("stream"))
        auth = http.headers.get("Authorization", "")
        self.seen.append(Seen(auth, question, stream, body))
        reply = self.script.get(question, Reply())
        if reply.hang_s:
            self.release.wait(reply.hang_s)
            return
        if http.path != "/v1/chat/completions" or reply.status != 200:
            status = reply.status if reply.status != 200 else 404
            # A careless server echoing the caller's key: careerbot must still never show it.
            error = {"error": {"message": f"upstream failed for {auth}", "type": "server_error", "code": None}}
            self._send(http, status, json.dumps(error).encode(), "application/json", {"retry-after-ms": "1"})
            return
        model = body.get("model", "fake-model")
        if not stream:
            payload = {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": model,
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": reply.text}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            }
            self._send(http, 200, json.dumps(payload).encode(), "application/json")
            return
        pieces = re.findall(r"\S+\s*", reply.text)
        events = [{"role": "assistant", "content": ""}, *({"content": p} for p in pieces)]
        lines = []
        for k, delta in enumerate(events + [{}]):
            finish = "stop" if k == len(events) else None
            chunk = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            lines.append(f"data: {json.dumps(chunk)}\n\n")
        lines.append("data: [DONE]\n\n")
        self._send(http, 200, "".join(lines).encode(), "text/event-stream")

    @staticmethod
    def _send(http: BaseHTTPRequestHandler, status: int, data: bytes, kind: str, headers: dict | None = None) -> None:
        http.send_response(status)
        http.send_header("Content-Type", kind)
        http.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            http.send_header(key, value)
        http.end_headers()
        http.wfile.write(data)
