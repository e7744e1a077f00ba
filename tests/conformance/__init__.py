"""Tests of the conformance suite: it proves itself against the mock and its mutants."""
