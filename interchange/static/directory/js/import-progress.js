// The listing import's progress page (interchange/templates/directory/import_job.html): asks the
// job's status every 1.5 s and updates the bar and the text; once the job has finished, reloads
// the page, which then shows the report. Without JavaScript the page refreshes itself instead.
(() => {
  "use strict";
  const section = document.querySelector("[data-import-status-url]");
  if (!section) return;
  const url = section.dataset.importStatusUrl;
  const bar = section.querySelector("progress");
  const percent = section.querySelector("[data-import-percent]");
  const summary = section.querySelector("[data-import-summary]");
  const wasStalled = section.querySelector("[role=alert]") !== null;
  let failures = 0;

  async function poll() {
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const status = await response.json();
      failures = 0;
      if (status.finished || status.stalled !== wasStalled) {
        window.location.reload();
        return;
      }
      bar.value = status.percent;
      bar.textContent = `${status.percent}%`;
      percent.textContent = `${status.percent}%`;
      if (summary.textContent !== status.summary) summary.textContent = status.summary;
    } catch (error) {
      failures += 1; // a restarting server: keep asking, more slowly
    }
    window.setTimeout(poll, failures ? Math.min(15000, 1500 * 2 ** failures) : 1500);
  }
  window.setTimeout(poll, 1500);
})();
