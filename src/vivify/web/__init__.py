"""The web app over the service: pages in `vivify.web.pages`, words in `vivify.web.i18n`."""
