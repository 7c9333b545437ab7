"""The page stage: bytes -> one lxml tree -> `ParsedPage` (decode, limits, parse, furniture)."""
