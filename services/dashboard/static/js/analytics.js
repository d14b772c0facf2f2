// The Analytics page: server-rendered figures and charts, each range and scope a URL (a GET form), so the page
// needs only the shell (live badge, user menu) and a tidy form.
import { tidy } from "./get_form.js";
import { live } from "./live.js";
import "./shell.js";

tidy(document.querySelector("form[data-analytics-form]"));
live.start();
