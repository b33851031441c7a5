"""Moderation: four gates (photo, prompt, video, publish), each explained and recorded."""
