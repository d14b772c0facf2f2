// The login page: posts the form to /api/v1/login and lands on the page asked for, or shows what the API said
// (a wrong name or password, too many failed logins and how long to wait) where a screen reader announces it.

const form = document.querySelector("form[data-login]");
const error = form.querySelector('[data-slot="error"]');
const button = form.querySelector('button[type="submit"]');

function show(message) {
  error.textContent = message;
  error.hidden = false;
  form.elements.password.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  if (!form.elements.name.value || !form.elements.password.value) {
    show("Enter your name and your password.");
    return;
  }
  button.disabled = true;
  try {
    const body = new URLSearchParams(new FormData(form));
    const answer = await fetch(form.action, { method: "POST", body, headers: { Accept: "application/json" } });
    if (answer.ok) {
      window.location.assign(form.dataset.next || "/");
      return;
    }
    let said = null;
    try {
      said = (await answer.json()).error;
    } catch {
      // no JSON: say the status
    }
    show(said ? `Sign-in refused: ${said}.` : `Sign-in failed (HTTP ${answer.status}): try again.`);
  } catch {
    show("The dashboard cannot be reached: check that it is running, then try again.");
  } finally {
    button.disabled = false;
  }
});
