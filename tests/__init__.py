"""Tests for the mock-interview bot."""
