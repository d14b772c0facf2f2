"""The dashboard's pages: server-rendered HTML (Jinja2, templates/) over the same read model and sign-in as the API,
styled by the Tailwind-built static/app.css, kept live by the page scripts in static/js over /api/v1/live."""
