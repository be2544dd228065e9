// The venue desk: the scan page (hand scanner, camera, offline queue) and the live counts page.
(function () {
  "use strict";

  // ---------- Scan page ----------
  var desk = document.getElementById("desk");
  if (desk) initScanPage(desk);

  // ---------- Live counts page ----------
  var counts = document.getElementById("live-counts");
  if (counts) initCountsPage(counts);

  function initScanPage(desk) {
    var QUEUE_KEY = "forum.checkin.queue";
    var RETRY_MS = 3000;
    var form = document.getElementById("scan-form");
    var input = document.getElementById("scan-code");
    var result = document.getElementById("scan-result");
    var statusEl = document.getElementById("result-status");
    var nameAr = document.getElementById("result-name-ar");
    var nameEn = document.getElementById("result-name-en");
    var metaEl = document.getElementById("result-meta");
    var warningEl = document.getElementById("result-warning");
    var netState = document.getElementById("net-state");
    var queueCount = document.getElementById("queue-count");
    var sessionCount = document.getElementById("session-count");
    var refusedBox = document.getElementById("refused");
    var refusedList = document.getElementById("refused-list");
    var recentList = document.getElementById("recent-list");
    var csrf = document.querySelector('meta[name="csrf-token"]').content;
    var messages = JSON.parse(desk.dataset.messages);
    var categories = JSON.parse(desk.dataset.categories);
    var sessionId = desk.dataset.sessionId ? parseInt(desk.dataset.sessionId, 10) : null;
    var stationId = desk.dataset.stationId ? parseInt(desk.dataset.stationId, 10) : null;
    var timeFormat = new Intl.DateTimeFormat(desk.dataset.lang === "ar" ? "ar-SA-u-nu-latn" : "en-GB", {
      hour: "numeric", minute: "2-digit", timeZone: desk.dataset.tz
    });
    var sending = false;
    var retryTimer = null;

    function text(name, values) {
      var s = desk.dataset["text" + name] || "";
      Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
      return s;
    }

    function loadQueue() {
      try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
    }
    function saveQueue(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); showQueue(queue); }
    function showQueue(queue) {
      queueCount.hidden = queue.length === 0;
      queueCount.textContent = text("Waiting", { count: queue.length });
    }
    function setOnline(online) {
      netState.textContent = online ? text("Online") : text("Offline");
      netState.className = "net-state net-state--" + (online ? "online" : "offline");
    }

    function newNonce() {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    }

    function focusInput() { if (document.activeElement !== input) input.focus({ preventScroll: true }); }

    function show(kind, status, lines) {
      result.className = "scan-result scan-result--" + kind;
      statusEl.textContent = status;
      nameAr.textContent = lines.nameAr || "";
      nameEn.textContent = lines.nameEn || "";
      metaEl.textContent = lines.meta || "";
      warningEl.hidden = !lines.warning;
      warningEl.textContent = lines.warning || "";
    }

    function statusText(answer) {
      var message = messages[answer.status] || answer.status;
      if (answer.status === "already_checked_in" && answer.first_checked_in_at) {
        message = message.replace("{time}", timeFormat.format(new Date(answer.first_checked_in_at)));
      }
      return message;
    }

    function describe(answer) {
      var p = answer.participant || {};
      var meta = [p.organization, categories[p.category] || "",
                  p.badge_number ? text("Badge", { number: p.badge_number }) : ""].filter(Boolean).join(" · ");
      var warning = "";
      if (answer.session) {
        if (sessionCount) {
          sessionCount.textContent = text("Attended", { attended: answer.session.attended }) +
            (answer.session.seat_limit ? " / " + answer.session.seat_limit : "");
        }
        if (answer.session.full) {
          warning = text("Full", { attended: answer.session.attended, limit: answer.session.seat_limit });
        }
      }
      return { nameAr: p.name_ar, nameEn: p.name_en, meta: meta, warning: warning };
    }

    function kindOf(status) {
      if (status === "ok") return "ok";
      if (status === "already_checked_in") return "warn";
      return "bad";
    }

    function addRecent(item, answer) {
      var li = document.createElement("li");
      var p = answer.participant || {};
      li.className = "recent__item recent__item--" + kindOf(answer.status);
      li.textContent = statusText(answer) + (p.name_ar || p.name_en ? " — " + (p.name_ar || p.name_en) : " — " + item.code);
      recentList.insertBefore(li, recentList.firstChild);
      while (recentList.children.length > 8) recentList.removeChild(recentList.lastChild);
    }

    function addRefused(item, answer) {
      var li = document.createElement("li");
      var p = answer.participant || {};
      li.textContent = statusText(answer) + " — " + (p.name_ar || p.name_en || item.code);
      refusedList.appendChild(li);
      refusedBox.hidden = false;
    }

    function answered(item, answer) {
      addRecent(item, answer);
      if (item.offline && answer.status !== "ok") addRefused(item, answer);
      if (!item.offline || item.latest) show(kindOf(answer.status), statusText(answer), describe(answer));
    }

    function scheduleRetry() {
      if (!retryTimer) retryTimer = setTimeout(function () { retryTimer = null; flush(); }, RETRY_MS);
    }

    function flush() {
      if (sending) return;
      var queue = loadQueue();
      if (!queue.length) return;
      var item = queue[0];
      sending = true;
      var body = { code: item.code, nonce: item.nonce };
      if (item.session_id) body.session_id = item.session_id;
      else if (stationId) body.station_id = stationId;
      fetch(desk.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(body)
      }).then(function (response) {
        if (response.status === 401 || response.status === 403) return keepForSignIn();
        if (response.status >= 500) throw new Error("server " + response.status);
        return response.json().then(function (answer) {
          sending = false;
          setOnline(true);
          // An expired form token: keep the scans until the page is reloaded after signing in.
          if (answer.error && answer.error.code === "csrf") return keepForSignIn();
          dropFirst();
          if (response.ok) answered(item, answer);
          else show("bad", text("Error"), { nameEn: item.code });
          flush();
        });
      }).catch(function () {
        sending = false;
        setOnline(false);
        scheduleRetry();
      });
    }

    function keepForSignIn() {
      sending = false;
      setOnline(true);
      show("bad", text("Signin"), {});
    }

    function dropFirst() {
      var queue = loadQueue();
      queue.shift();
      saveQueue(queue);
    }

    function submitCode(code) {
      code = (code || "").trim();
      if (!code) return;
      var queue = loadQueue();
      queue.forEach(function (q) { q.latest = false; });
      var offline = netState.classList.contains("net-state--offline") || !navigator.onLine;
      queue.push({ code: code, nonce: newNonce(), session_id: sessionId, offline: offline, latest: true,
                   at: new Date().toISOString() });
      saveQueue(queue);
      if (offline) {
        show("queued", text("Queued"), { nameEn: code });
      } else {
        show("pending", text("Sending"), {});
      }
      flush();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var code = input.value;
      input.value = "";
      submitCode(code);
      focusInput();
    });

    // A hand scanner types into whatever has focus: keep it on the code field.
    document.addEventListener("click", function (event) {
      if (!event.target.closest("a, button, input, select, textarea, video")) focusInput();
    });
    window.addEventListener("online", function () { flush(); });
    window.addEventListener("offline", function () { setOnline(false); });

    showQueue(loadQueue());
    flush();
    focusInput();
    initCamera(submitCode, text);
  }

  function initCamera(submitCode, text) {
    var toggle = document.getElementById("camera-toggle");
    var note = document.getElementById("camera-note");
    var video = document.getElementById("camera-view");
    var stream = null;
    var lastCode = "";
    var lastAt = 0;

    function say(message) { note.hidden = false; note.textContent = message; }

    var supported = "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
    if (!supported) {
      toggle.disabled = true;
      say(text("CameraMissing"));
      return;
    }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });

    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.hidden = true;
      toggle.textContent = toggle.dataset.labelOff;
    }

    function look() {
      if (!stream) return;
      detector.detect(video).then(function (codes) {
        var now = Date.now();
        if (codes.length) {
          var value = codes[0].rawValue;
          // The same badge held in front of the camera is read once every few seconds at most.
          if (value !== lastCode || now - lastAt > 4000) {
            lastCode = value;
            lastAt = now;
            submitCode(value);
          }
        }
      }).catch(function () { /* a frame that could not be read */ }).then(function () {
        setTimeout(look, 150);
      });
    }

    toggle.addEventListener("click", function () {
      if (stream) { stop(); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          toggle.textContent = toggle.dataset.labelOn;
          say(text("CameraOn"));
          return video.play();
        })
        .then(look)
        .catch(function () { stop(); say(text("CameraDenied")); });
    });
  }

  function initCountsPage(box) {
    function refresh() {
      fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          // The markup is rendered and escaped by the server from our own template.
          box.innerHTML = data.html;
          setTimeout(refresh, 10000);
        })
        .catch(function () { setTimeout(refresh, 20000); });
    }
    setTimeout(refresh, 10000);
  }
})();
