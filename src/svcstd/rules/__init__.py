"""The rule language: rulesets as data, compiled once per run."""
