"""The floor of the verify-page benchmark (docs/benchmarks.md): a page that does nothing but set the verdict,
served like the verify page (the document `no-cache`, a service worker that keeps it and answers it from its
cache, as registry-site/site/sw.js does). What VerifyPageBench measures for it is what Chromium costs under
the same emulation before the page does any work. Usage: python3 bench/verify-page/floor.py PORT"""
import http.server
import sys

PAGE = (b"<!doctype html><meta charset=utf-8><title>floor</title><div id=verdict></div><script>"
        b"document.getElementById('verdict').dataset.verdict='valid';"
        b"navigator.serviceWorker.register('/sw.js');</script>")
SW = (b"self.addEventListener('install',e=>e.waitUntil(caches.open('f').then(c=>c.add('/v')).then(()=>self.skipWaiting())));"
      b"self.addEventListener('activate',e=>e.waitUntil(self.clients.claim()));"
      b"self.addEventListener('fetch',e=>{const u=new URL(e.request.url);"
      b"if(u.pathname==='/v')e.respondWith(caches.match('/v').then(r=>r||fetch(e.request)));});")
FILES = {
    "/v1/labels": (b'{"qrText":"http://127.0.0.1/v#floor"}', "application/json"),
    "/v": (PAGE, "text/html; charset=utf-8"),
    "/sw.js": (SW, "text/javascript"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body, kind = FILES.get(self.path.split("?")[0], (None, None))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
