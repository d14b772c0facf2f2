// The History page: server-rendered, each filtered view a URL (a GET form), so the page itself needs only the
// shell (live badge, user menu); the form leaves out empty fields so the URL keeps only what was asked.
import { live } from "./live.js";
import "./shell.js";

const form = document.querySelector("form[data-history-form]");
form?.addEventListener("submit", () => {
  for (const input of form.querySelectorAll("input, select")) {
    if (!input.value) input.disabled = true; // not sent: a shorter URL, the same filters
  }
});
window.addEventListener("pageshow", () => form?.querySelectorAll("[disabled]").forEach((i) => (i.disabled = false)));

live.start();
