/// The sandbox inbox page, shipped inside the binary: one HTML document, its style sheet and its
/// script (no CDN, no build step; it works offline). The script polls `GET /sandbox/messages` and
/// `GET /sandbox/verifications` twice a second and writes every value with `textContent`, never as
/// markup, so message text (user input) always shows as text. The page loads nothing inline, so
/// the strict Content-Security-Policy of ``SandboxInboxRoutes`` applies.
enum InboxPage {
    /// `GET /sandbox/`.
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Dialtone sandbox inbox</title>
        <link rel="stylesheet" href="/sandbox/inbox.css">
        <script src="/sandbox/inbox.js" defer></script>
        </head>
        <body>
        <header>
        <h1>Dialtone sandbox inbox</h1>
        <p class="clock">Virtual clock: <time id="now">…</time> UTC</p>
        </header>
        <main>
        <div class="top">
        <section aria-labelledby="controls-title" class="controls">
        <h2 id="controls-title">Clock and reset</h2>
        <div class="buttons">
        <button type="button" class="advance" data-seconds="30">+30 s</button>
        <button type="button" class="advance" data-seconds="120" id="advance-120">+2 min</button>
        <button type="button" class="advance" data-seconds="300">+5 min</button>
        <button type="button" class="advance" data-seconds="600">+10 min</button>
        </div>
        <form id="advance-form">
        <label for="advance-seconds">Advance by seconds</label>
        <input id="advance-seconds" name="seconds" type="number" min="0" max="31622400" value="60"
          inputmode="numeric" required>
        <button type="submit">Advance</button>
        </form>
        <button type="button" id="reset" class="danger">Reset the sandbox</button>
        <p id="status" role="status" aria-live="polite"></p>
        </section>
        <section aria-labelledby="filter-title" class="filter">
        <h2 id="filter-title">Number</h2>
        <label for="number">Show messages and verifications for</label>
        <select id="number"><option value="">All numbers</option></select>
        </section>
        </div>
        <section aria-labelledby="messages-title">
        <h2 id="messages-title">Messages <span id="message-count" class="count"></span></h2>
        <p id="no-messages" class="empty">No messages yet. Start a PhoneMatch or iDenfy flow.</p>
        <ol id="messages" class="cards"></ol>
        </section>
        <section aria-labelledby="verifications-title">
        <h2 id="verifications-title">Verifications <span id="verification-count" class="count"></span></h2>
        <p class="note">Timelines come from this instance's memory; instances sharing a database show the
        same messages but only their own timelines. Codes appear only in the messages' text.</p>
        <ol id="verifications" class="cards"></ol>
        </section>
        <section aria-labelledby="magic-title">
        <h2 id="magic-title">Magic numbers</h2>
        <table>
        <thead><tr><th scope="col">Numbers</th><th scope="col">Effect</th></tr></thead>
        <tbody>
        <tr><td>+1 201 555 0100 – 0109</td><td>Delivery fails (PhoneMatch: FAILED TO SEND TO NUMBER;
        nothing is journaled)</td></tr>
        <tr><td>+1 201 555 0110 – 0119</td><td>The code is always 1234 (iDenfy) or 123456
        (PhoneMatch)</td></tr>
        <tr><td>+1 201 555 0120 – 0129</td><td>Delivery takes 2 seconds</td></tr>
        <tr><td>Any other number</td><td>Journaled here, with a random code</td></tr>
        </tbody>
        </table>
        <p class="note">iDenfy: an unverified request gets a call with the same code at 2:00 and a call
        with a new code at 5:00 on the virtual clock; advance the clock to see them.</p>
        </section>
        </main>
        </body>
        </html>

        """#

    /// `GET /sandbox/inbox.css`.
    static let style = #"""
        :root { color-scheme: light dark; --accent: #0b57d0; --muted: #5f6368; --line: #dadce0;
          --card: #ffffff; --page: #f6f7f9; --bad: #b3261e; --good: #146c2e; --warn: #8a5a00; }
        @media (prefers-color-scheme: dark) {
          :root { --accent: #8ab4f8; --muted: #b0b4ba; --line: #3c4043; --card: #202124; --page: #17181a;
            --bad: #f28b82; --good: #81c995; --warn: #fdd663; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          background: var(--page); }
        header, main { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
        header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between;
          gap: 0 1rem; }
        h1 { font-size: 1.4rem; margin: 1rem 0 0.25rem; }
        h2 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
        .clock { margin: 0.25rem 0; font-variant-numeric: tabular-nums; }
        .count, .note, .meta, .empty { color: var(--muted); font-size: 0.9rem; font-weight: normal; }
        .controls .buttons, form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center;
          margin-bottom: 0.5rem; }
        button, input, select { font: inherit; min-height: 2.5rem; padding: 0.25rem 0.75rem;
          border: 1px solid var(--line); border-radius: 0.4rem; background: var(--card); color: inherit; }
        button { cursor: pointer; border-color: var(--accent); color: var(--accent); }
        button.danger { border-color: var(--bad); color: var(--bad); }
        input { width: 8rem; }
        select { max-width: 100%; }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .filter label { display: block; margin-bottom: 0.25rem; }
        .cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
        .cards > li { background: var(--card); border: 1px solid var(--line); border-radius: 0.5rem;
          padding: 0.75rem 1rem; overflow-wrap: anywhere; }
        .head { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; }
        .badge { display: inline-block; padding: 0 0.5rem; border-radius: 1rem; font-size: 0.85rem;
          border: 1px solid currentColor; }
        .badge.call, .badge.pending { color: var(--warn); }
        .badge.sms, .badge.approved { color: var(--good); }
        .badge.rejected, .badge.locked, .badge.expired, .badge.delivery_failed { color: var(--bad); }
        .number { font-weight: 600; font-variant-numeric: tabular-nums; }
        .text { white-space: pre-wrap; margin: 0.5rem 0; font-size: 1.05rem; }
        .timeline { margin: 0.5rem 0 0; padding-left: 1.25rem; }
        .timeline time { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: 0.5rem; }
        table { border-collapse: collapse; width: 100%; background: var(--card); }
        th, td { text-align: left; padding: 0.4rem 0.6rem; border: 1px solid var(--line); vertical-align: top; }
        @media (min-width: 48rem) {
          .top { display: grid; grid-template-columns: 2fr 1fr; gap: 0 2rem; align-items: start; }
        }
        #status:empty { display: none; }
        .empty[hidden] { display: none; }
        @media (max-width: 30rem) {
          th, td { display: block; border-width: 0 0 1px; }
          thead { display: none; }
        }

        """#

    /// `GET /sandbox/inbox.js`.
    static let script = #"""
        "use strict";
        (function () {
          const POLL_MS = 500;
          let number = "";
          let messages = [];
          let listing = { now: "", verifications: [] };
          let shown = "";

          function element(tag, className, text) {
            const node = document.createElement(tag);
            if (className) node.className = className;
            if (text !== undefined && text !== null) node.textContent = String(text);
            return node;
          }

          function setStatus(text) {
            document.getElementById("status").textContent = text;
          }

          async function getJSON(path) {
            const response = await fetch(path, { cache: "no-store" });
            if (!response.ok) throw new Error(path + " answered " + response.status);
            return response.json();
          }

          async function post(path, body) {
            const init = { method: "POST" };
            if (body !== undefined) {
              init.headers = { "Content-Type": "application/json" };
              init.body = JSON.stringify(body);
            }
            const response = await fetch(path, init);
            const answer = await response.json().catch(function () { return {}; });
            if (!response.ok) throw new Error(answer.message || path + " answered " + response.status);
            return answer;
          }

          const encodings = { gsm7: "GSM-7", ucs2: "UCS-2" };

          function describe(entry) {
            switch (entry.event) {
              case "started": return "Started";
              case "sent": return entry.channel === "call" ? "Called (voice)" : "Sent by SMS";
              case "delivered": return "Delivered (" + entry.channel + ")";
              case "delivery_failed": return "Delivery failed (" + entry.channel + ")";
              case "escalated":
                return entry.step === 1 ? "Escalated: a call with the same code"
                  : "Escalated: a call with a new code (step " + entry.step + ")";
              case "approved": return "Check: right code, approved";
              case "rejected": return "Check refused: " + String(entry.reason).replace(/_/g, " ");
              case "expired": return "Expired";
              default: return entry.event;
            }
          }

          function renderNumbers() {
            const select = document.getElementById("number");
            const numbers = new Set();
            messages.forEach(function (m) { numbers.add(m.to); });
            listing.verifications.forEach(function (v) { numbers.add(v.to); });
            const sorted = Array.from(numbers).sort();
            const current = Array.from(select.options).slice(1).map(function (o) { return o.value; });
            if (current.join("\n") === sorted.join("\n")) return;
            while (select.options.length > 1) select.remove(1);
            sorted.forEach(function (value) {
              const option = element("option", null, value);
              option.value = value;
              select.appendChild(option);
            });
            select.value = sorted.indexOf(number) >= 0 ? number : "";
            number = select.value;
          }

          function renderMessages() {
            const list = document.getElementById("messages");
            const chosen = messages.filter(function (m) { return !number || m.to === number; }).reverse();
            list.replaceChildren();
            chosen.forEach(function (m) {
              const item = element("li", "message");
              item.dataset.channel = m.channel;
              item.dataset.verification = m.verification_id;
              const head = element("div", "head");
              head.appendChild(element("span", "badge " + m.channel, m.channel === "call" ? "Call" : "SMS"));
              head.appendChild(element("span", "number", m.to));
              const time = element("time", "meta", m.sent_at);
              head.appendChild(time);
              if (m.channel === "sms") {
                const parts = m.segments === 1 ? "1 segment" : m.segments + " segments";
                head.appendChild(element("span", "meta encoding", (encodings[m.encoding] || m.encoding) + " · "
                  + parts));
              }
              if (m.sender) head.appendChild(element("span", "meta", "from " + m.sender));
              item.appendChild(head);
              item.appendChild(element("p", "text", m.text));
              item.appendChild(element("p", "meta", "Verification " + m.verification_id));
              list.appendChild(item);
            });
            document.getElementById("message-count").textContent = "(" + chosen.length + ")";
            document.getElementById("no-messages").hidden = chosen.length > 0;
          }

          function renderVerifications() {
            const list = document.getElementById("verifications");
            const chosen = listing.verifications.filter(function (v) { return !number || v.to === number; });
            list.replaceChildren();
            chosen.forEach(function (v) {
              const item = element("li", "verification");
              item.dataset.state = v.state;
              item.dataset.id = v.id;
              const head = element("div", "head");
              head.appendChild(element("span", "badge state " + v.state, v.state.replace("_", " ")));
              head.appendChild(element("span", "number", v.to));
              head.appendChild(element("span", "meta", v.flow));
              head.appendChild(element("span", "meta", "attempts " + v.attempts + " of " + v.max_attempts));
              head.appendChild(element("span", "meta", "code valid until " + v.expires_at));
              item.appendChild(head);
              item.appendChild(element("p", "meta", v.id));
              const timeline = element("ol", "timeline");
              v.timeline.forEach(function (entry) {
                const line = element("li");
                line.dataset.event = entry.event;
                line.appendChild(element("time", null, entry.at));
                line.appendChild(document.createTextNode(describe(entry)));
                timeline.appendChild(line);
              });
              item.appendChild(timeline);
              list.appendChild(item);
            });
            document.getElementById("verification-count").textContent = "(" + chosen.length + ")";
          }

          function render() {
            const state = JSON.stringify([number, messages, listing]);
            if (state === shown) return;
            shown = state;
            document.getElementById("now").textContent = listing.now;
            renderNumbers();
            renderMessages();
            renderVerifications();
          }

          async function refresh() {
            try {
              const answers = await Promise.all([getJSON("/sandbox/messages"), getJSON("/sandbox/verifications")]);
              messages = answers[0];
              listing = answers[1];
              render();
              if (document.getElementById("status").dataset.offline) {
                delete document.getElementById("status").dataset.offline;
                setStatus("");
              }
            } catch (error) {
              document.getElementById("status").dataset.offline = "1";
              setStatus("Cannot reach the sandbox: " + error.message);
            }
          }

          async function poll() {
            await refresh();
            setTimeout(poll, POLL_MS);
          }

          async function advance(seconds) {
            try {
              const answer = await post("/sandbox/clock/advance", { seconds: seconds });
              setStatus("Clock advanced by " + seconds + " s to " + answer.now + "; " + answer.steps_run
                + (answer.steps_run === 1 ? " step" : " steps") + " ran.");
              await refresh();
            } catch (error) {
              setStatus("Could not advance the clock: " + error.message);
            }
          }

          document.addEventListener("DOMContentLoaded", function () {
            document.querySelectorAll("button.advance").forEach(function (button) {
              button.addEventListener("click", function () { advance(Number(button.dataset.seconds)); });
            });
            document.getElementById("advance-form").addEventListener("submit", function (event) {
              event.preventDefault();
              const field = document.getElementById("advance-seconds");
              advance(Math.max(0, Math.floor(Number(field.value) || 0)));
            });
            document.getElementById("reset").addEventListener("click", async function () {
              try {
                await post("/sandbox/reset");
                setStatus("The sandbox was reset.");
                await refresh();
              } catch (error) {
                setStatus("Could not reset: " + error.message);
              }
            });
            document.getElementById("number").addEventListener("change", function (event) {
              number = event.target.value;
              render();
            });
            poll();
          });
        })();

        """#
}
