"""Shared by the serve tests: start `docscreen serve` on a free loopback
port, and send multipart requests with the standard library only."""
import http.client
import os
import signal
import subprocess
import time
import uuid


tally = {"passed": 0, "failed": 0}


def check(ok, what, verbose=False):
    """Count one assertion; print it if it fails (or always, verbose)."""
    tally["passed" if ok else "failed"] += 1
    if verbose or not ok:
        print("ok  " if ok else "FAIL", what)


def summary():
    """Print the tally; the exit status."""
    print(f"{tally['passed']} passed, {tally['failed']} failed")
    return 1 if tally["failed"] else 0


class Server:
    def __init__(self, binary, *args, cwd=None, env=None):
        self.proc = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=cwd, env=env, text=True)
        line = self.proc.stdout.readline()
        if "http://" not in line:
            raise RuntimeError("serve did not start: " + line + self.proc.stderr.read())
        self.port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))

    def conn(self, timeout=60):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = self.conn(timeout)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def check(self, files, fields=None, path="/api/check", timeout=60):
        """files: [(name, bytes)]; returns status, headers, body."""
        body, ctype = multipart(files, fields or {})
        return self.request("POST", path, body, {"Content-Type": ctype}, timeout)

    def rss(self):
        """Resident bytes of the server and its workers."""
        total = 0
        pids = [self.proc.pid]
        try:
            kids = open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read().split()
            pids += [int(k) for k in kids]
        except OSError:
            pass
        for pid in pids:
            try:
                total += int(open(f"/proc/{pid}/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                pass
        return total

    def stop(self, timeout=30):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def multipart(files, fields):
    boundary = "----docscreen" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for name, data in files:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                   f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def wait_until(pred, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()
