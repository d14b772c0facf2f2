"""The dashboard's HTTP front door: the FastAPI app, its middleware and its error shape."""
