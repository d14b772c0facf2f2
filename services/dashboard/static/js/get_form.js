// A GET form whose every view is a URL (History, Analytics): empty fields are left out when it is sent, so the URL
// keeps only what was asked, and given back when the page is shown again from the browser's history.
export function tidy(form) {
  form?.addEventListener("submit", () => {
    for (const input of form.querySelectorAll("input, select")) {
      if (!input.value) input.disabled = true; // not sent: a shorter URL, the same view
    }
  });
  window.addEventListener("pageshow", () => form?.querySelectorAll("[disabled]").forEach((i) => (i.disabled = false)));
}
