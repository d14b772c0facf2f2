// The History page: server-rendered, each filtered view a URL (a GET form), so the page itself needs only the
// shell (live badge, user menu) and a tidy form.
import { tidy } from "./get_form.js";
import { live } from "./live.js";
import "./shell.js";

tidy(document.querySelector("form[data-history-form]"));
live.start();
