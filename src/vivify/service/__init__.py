"""The service behind `vivify serve`: accounts, drafts rendered by jobs, stories that expire after
24 hours, privacy and verification, over HTTP (`vivify.service.app`). The logic is in
`vivify.service.core`; rows in `vivify.service.store`; files in `vivify.service.media`; the
worker pool in `vivify.service.jobs`."""
