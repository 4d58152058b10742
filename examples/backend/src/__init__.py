"""Example backend application."""
