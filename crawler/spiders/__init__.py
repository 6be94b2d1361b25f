"""Spiders of the clinic crawler."""
