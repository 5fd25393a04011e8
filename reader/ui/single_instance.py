"""One app per library: a second ``reader`` hands its request to the running window.

The running app listens on a local socket (``QLocalServer``) named after the library
folder (and the user), so two libraries may each have their app.  ``hand_over`` is what
a starting app tries first: if a window on the same library answers, the request
(show it; open an article; save some links) goes there and the new process ends.

The request is one line of JSON: ``{"open": ID}``, ``{"save": [URL, ...]}``, or ``{}``
(just come to the front); the window answers ``ok``.  GUI thread only (``hand_over``
blocks for at most ``timeout_ms``; it runs before any window exists).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MAX_REQUEST = 64 * 1024  # bytes: a request is a few links, never more


def server_name(folder: Path) -> str:
    """The socket's name for the library in ``folder``: the same for every way of
    writing the folder's path, different for another user or another library."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    key = f"{user}\0{folder.expanduser().resolve()}".encode()
    return "reader-" + hashlib.sha256(key).hexdigest()[:24]


def request_for(open_article: int | None = None, save: list[str] | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {}
    if open_article is not None:
        request["open"] = open_article
    if save:
        request["save"] = list(save)
    return request


def hand_over(folder: Path, request: dict[str, Any], timeout_ms: int = 2000) -> bool:
    """Give ``request`` to the app already running on this library; False if none is."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(json.dumps(request).encode() + b"\n")
    socket.flush()
    answered = False
    while socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
        if socket.canReadLine():
            answered = bytes(socket.readLine().data()).strip() == b"ok"
            break
        if not socket.waitForReadyRead(timeout_ms):
            break
    socket.disconnectFromServer()
    if not answered:
        log.warning("the running app did not answer; opening another window")
    return answered


class InstanceServer(QObject):
    """Listens for requests of later ``reader`` processes on this library.  GUI thread.

    Signals:
        requested(object): a request (a dict as ``request_for`` makes) arrived.
    """

    requested = Signal(object)

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket left by an app that crashed is replaced."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # nobody answered on it (hand_over failed)
        ok = self.server.listen(self.name)
        if not ok:
            log.warning("cannot listen for other windows: %s", self.server.errorString())
        return ok

    def close(self) -> None:
        self.server.close()

    @Slot()
    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._on_ready(socket)

    def _on_ready(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_REQUEST:
                socket.disconnectFromServer()
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        request = _parse(line)
        if request is None:
            socket.write(b"bad request\n")
        else:
            socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        if request is not None:
            self.requested.emit(request)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def _parse(line: bytes) -> dict[str, Any] | None:
    """A request, checked: only the keys and types ``request_for`` makes."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) - {"open", "save"}:
        return None
    article = data.get("open")
    if article is not None and (not isinstance(article, int) or isinstance(article, bool)):
        return None
    links = data.get("save", [])
    if not isinstance(links, list) or not all(isinstance(u, str) for u in links):
        return None
    return data
