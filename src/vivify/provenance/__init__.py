"""Provenance: C2PA Content Credentials, the invisible watermark and the manifest store."""
