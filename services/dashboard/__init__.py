"""The dashboard service: shows deployments live in the browser and takes requests from people."""
