// Moves focus to the error summary (GOV.UK pattern), so a screen reader announces the
// problems first. Loaded straight after the summary by includes/form_error_summary.html:
// a file, not an inline script, because the Content-Security-Policy runs no inline script.
document.querySelector("[data-error-summary]")?.focus();
