// Moves focus to the error summary (GOV.UK pattern), so a screen reader announces the
// problems first. Loaded straight after the summary by includes/form_error_summary.html:
// a file, not an inline script, because the Content-Security-Policy runs no inline script.
{
  const summary = document.querySelector("[data-error-summary]");
  summary?.focus();
  // A form posted from a page reached by the skip link posts to "...#main-content"; once
  // loaded, the browser moves focus to <main> for that fragment, after this ran: take it back.
  if (summary && location.hash) {
    window.addEventListener("load", () => setTimeout(() => summary.focus(), 0));
  }
}
