"""Cameras that misbehave on the network, for the recorder's tests: one that answers
every connection with random bytes, one that accepts and stays silent, and a proxy in
front of a real RTSP server that can freeze (connections stay open, nothing passes) or
babble (bytes pass, pictures do not)."""

import os
import socket
import threading


class _Listener:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stopped = threading.Event()
        self.connections: list[socket.socket] = []
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str = "cam0") -> str:
        return f"rtsp://127.0.0.1:{self.port}/{path}"

    def _accept(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self.connections.append(conn)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        raise NotImplementedError

    def stop(self):
        self.stopped.set()
        self.sock.close()
        for conn in self.connections:
            try:
                conn.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class GarbageSource(_Listener):
    """Sends random bytes without end to whoever connects, whatever they ask: one answer
    line that never ends."""

    def serve(self, conn):
        try:
            while not self.stopped.is_set():
                conn.sendall(os.urandom(1400).replace(b"\n", b"x"))
                self.stopped.wait(0.01)
        except OSError:
            pass


class SilentSource(_Listener):
    """Accepts the connection and never sends anything."""

    def serve(self, conn):
        self.stopped.wait()


class FreezingProxy(_Listener):
    """Forwards to a real RTSP server until frozen: then every connection stays open and
    nothing more passes, as with a camera that hangs."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.frozen = threading.Event()
        self.babbling = threading.Event()
        super().__init__()

    def serve(self, conn):
        if self.frozen.is_set():
            self.stopped.wait()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            conn.close()
            return
        self.connections.append(upstream)
        threading.Thread(target=self._pump, args=(upstream, conn, True), daemon=True).start()
        self._pump(conn, upstream)

    def _pump(self, source, target, to_client=False):
        try:
            while not self.stopped.is_set():
                data = source.recv(65536)
                if not data:
                    break
                if self.frozen.is_set():
                    self.stopped.wait()  # hold the data and the connection
                    return
                if to_client and self.babbling.is_set():
                    self._babble(target)
                    return
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _babble(self, target):
        """Interleaved frames on a channel no stream uses: bytes keep coming, pictures
        never do (as from a camera whose encoder hung while its session goes on)."""
        try:
            while not self.stopped.is_set() and self.babbling.is_set():
                target.sendall(b"$\x09\x00\x64" + os.urandom(100))
                self.stopped.wait(0.02)
        except OSError:
            pass

    def freeze(self):
        self.frozen.set()

    def babble(self):
        """From now on, connections carry bytes but no picture."""
        self.babbling.set()

    def thaw(self):
        """New connections pass again; the frozen ones are dropped."""
        frozen, self.connections = self.connections, []
        self.frozen.clear()
        self.babbling.clear()
        for conn in frozen:
            try:
                conn.close()
            except OSError:
                pass
