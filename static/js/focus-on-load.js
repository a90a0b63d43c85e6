// Moves focus to the outcome of an action (a knowledge check's result), so a screen reader
// announces it first. A file, not an inline script: the Content-Security-Policy runs no inline script.
document.querySelector("[data-focus-on-load]")?.focus();
