// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Session time-out warning (WCAG 2.2.1): warn before the idle limit and offer a way to stay signed in.
const body = document.body;
const idle = Number(body.dataset.sessionIdle || 0);
const warnAhead = Number(body.dataset.sessionWarning || 120);
const dialog = document.getElementById("session-warning");
if (idle > 0 && dialog) {
  let warnTimer, endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => {
      dialog.hidden = false;
      document.getElementById("session-extend").focus();
    }, Math.max(idle - warnAhead, 1) * 1000);
    endTimer = setTimeout(() => {
      window.location.href = body.dataset.signInUrl + "?next=" + encodeURIComponent(window.location.pathname);
    }, idle * 1000);
  };
  dialog.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (response.ok) {
      dialog.hidden = true;
      schedule();
    } else {
      window.location.href = body.dataset.signInUrl;
    }
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
}
